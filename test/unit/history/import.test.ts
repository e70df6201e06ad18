/**
 * Importing event logs into the history store, on the real logs of ../shared/eventlogs. Expected
 * totals come from a naive second reading in this file: each file decoded whole, JSON.parse on each
 * line, TaskEnd metrics summed directly. Altered copies (cut, grown, renamed, enlarged) are made in
 * a temp dir; the crash test kills a real child process in the middle of an import.
 */
import * as assert from 'assert';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Database } from 'sql.js';
import { openDecodedStream } from '../../../server/src/history/decode';
import { discoverEventLogs } from '../../../server/src/history/eventlog';
import type { EventLogSource } from '../../../server/src/history/eventlog';
import { importEventLogs } from '../../../server/src/history/import';
import type { ImportProgress, ImportReport } from '../../../server/src/history/import';
import { HistoryStore } from '../../../server/src/history/store';
import type { StoredApplication } from '../../../server/src/history/store';
import { TABLES } from '../../../server/src/history/store/schema';
import { loadSqlite } from '../../../server/src/history/store/sqlite';
import { REPO_ROOT } from '../helpers/fixtures';
import { eventLogsDir } from '../helpers/sharedLogs';

const LOGS = eventLogsDir();
const log = (relative: string) => path.join(LOGS, relative);
const CHILD = path.join(REPO_ROOT, 'out/test/unit/history/importCrashChild.js');

// ---------------------------------------------------------------------------------------------
// The naive reader.

interface NaiveApp {
  appId?: string;
  attemptId?: string;
  started: boolean;
  ended: boolean;
  tasks: number;
  executorRunTimeMs: number;
  executorCpuTimeNs: number;
  shuffleReadBytes: number;
  shuffleWriteBytes: number;
  inputBytes: number;
  outputBytes: number;
  memorySpilledBytes: number;
  diskSpilledBytes: number;
}

async function decodedLines(file: string): Promise<string[]> {
  const parts: Buffer[] = [];
  for await (const chunk of openDecodedStream(file) as AsyncIterable<Buffer>) parts.push(chunk);
  const lines = Buffer.concat(parts).toString('utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- the naive reader walks raw JSON */
/** Applications of the files read in order, split where a second ApplicationStart appears. */
async function naiveApps(files: string[]): Promise<NaiveApp[]> {
  const apps: NaiveApp[] = [];
  const fresh = (): NaiveApp => ({ started: false, ended: false, tasks: 0, executorRunTimeMs: 0, executorCpuTimeNs: 0, shuffleReadBytes: 0, shuffleWriteBytes: 0, inputBytes: 0, outputBytes: 0, memorySpilledBytes: 0, diskSpilledBytes: 0 });
  let current: NaiveApp | undefined;
  const app = () => current ?? (apps.push((current = fresh())), current);
  for (const file of files) {
    for (const line of await decodedLines(file)) {
      let event: any;
      try {
        event = JSON.parse(line);
      } catch {
        continue;
      }
      const type = String(event?.Event ?? '').replace('org.apache.spark.scheduler.', '');
      if (type === 'SparkListenerApplicationStart') {
        if (app().started) apps.push((current = fresh()));
        current!.started = true;
        current!.appId = event['App ID'];
        current!.attemptId = event['App Attempt ID'];
      } else if (type === 'SparkListenerApplicationEnd') {
        app().ended = true;
      } else if (type === 'SparkListenerTaskEnd') {
        const target = app();
        target.tasks++;
        const m = event['Task Metrics'];
        if (!m) continue;
        target.executorRunTimeMs += m['Executor Run Time'] ?? 0;
        target.executorCpuTimeNs += m['Executor CPU Time'] ?? 0;
        target.shuffleReadBytes += (m['Shuffle Read Metrics']?.['Remote Bytes Read'] ?? 0) + (m['Shuffle Read Metrics']?.['Local Bytes Read'] ?? 0);
        target.shuffleWriteBytes += m['Shuffle Write Metrics']?.['Shuffle Bytes Written'] ?? 0;
        target.inputBytes += m['Input Metrics']?.['Bytes Read'] ?? 0;
        target.outputBytes += m['Output Metrics']?.['Bytes Written'] ?? 0;
        target.memorySpilledBytes += m['Memory Bytes Spilled'] ?? 0;
        target.diskSpilledBytes += m['Disk Bytes Spilled'] ?? 0;
      }
    }
  }
  return apps;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

function storedFigures(app: StoredApplication): Omit<NaiveApp, 'appId' | 'attemptId' | 'started' | 'ended'> {
  const t = app.totals;
  return {
    tasks: t.tasks,
    executorRunTimeMs: t.executorRunTimeMs,
    executorCpuTimeNs: t.executorCpuTimeNs,
    shuffleReadBytes: t.shuffleReadBytes,
    shuffleWriteBytes: t.shuffleWriteBytes,
    inputBytes: t.inputBytes,
    outputBytes: t.outputBytes,
    memorySpilledBytes: t.memorySpilledBytes,
    diskSpilledBytes: t.diskSpilledBytes,
  };
}

function naiveFigures(app: NaiveApp): ReturnType<typeof storedFigures> {
  const { appId: _id, attemptId: _attempt, started: _started, ended: _ended, ...figures } = app;
  return figures;
}

async function rowCounts(file: string): Promise<Record<string, number>> {
  const SQL = await loadSqlite();
  const db: Database = new SQL.Database(fs.readFileSync(file));
  const counts = Object.fromEntries(TABLES.map((table) => [table.name, Number(db.exec(`SELECT count(*) FROM ${table.name}`)[0]!.values[0]![0])]));
  db.close();
  return counts;
}

/** The lines of a real log, for building altered copies. */
const sparkLines = () => fs.readFileSync(log('spark/local-1642039451826'), 'utf8').split('\n').filter((line) => line !== '');

// ---------------------------------------------------------------------------------------------

describe('event log import', function () {
  this.timeout(180_000);
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'spark-advisor-import-'));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  describe('every shared log', () => {
    let storeFile: string;
    let report: ImportReport;
    let sources: EventLogSource[];
    let dir: string;
    const progress: ImportProgress[] = [];
    before(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spark-advisor-import-all-'));
      storeFile = path.join(dir, 'history.sqlite');
      sources = (await discoverEventLogs(LOGS)).sources;
      const store = await HistoryStore.open({ file: storeFile });
      report = await importEventLogs([LOGS], store, { onProgress: (p) => progress.push(p) });
      store.close();
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('imports them all without errors, reporting what it read', () => {
      assert.deepStrictEqual(report.errors, []);
      assert.strictEqual(report.sources, sources.length);
      assert.ok(sources.length >= 40, `${sources.length} logs found`);
      assert.strictEqual(report.unchanged, 0);
      assert.ok(progress.length > 0);
      const total = sources.reduce((sum, source) => sum + source.bytes, 0);
      const wrong = progress.find((p) => p.bytesTotal !== total || p.bytesDone > total);
      assert.strictEqual(wrong, undefined, `total ${total}`);
      assert.ok(progress.every((p, i) => i === 0 || p.bytesDone >= progress[i - 1]!.bytesDone), 'progress never goes back');
      assert.strictEqual(progress.at(-1)!.bytesDone, total);
    });

    it('stores, per application, the totals a naive reading of its log gives', async () => {
      const store = await HistoryStore.open({ file: storeFile });
      const stored = store.applications();
      const expectedKeys = new Set<string>();
      let compared = 0;
      let folded = 0;
      for (const source of sources) {
        const apps = await naiveApps(source.files);
        folded += apps.length;
        for (const app of apps) if (app.started) expectedKeys.add(`${app.appId}/${app.attemptId ?? ''}`);
        for (const row of stored.filter((candidate) => candidate.sourcePath === source.path)) {
          const naive = apps.find((app) => app.appId === row.appId && app.attemptId === row.attemptId);
          assert.ok(naive, `${source.path}: ${row.appKey} is in the log`);
          assert.deepStrictEqual(storedFigures(row), naiveFigures(naive), `${source.path}: ${row.appKey}`);
          assert.strictEqual(row.completed, naive.ended, `${source.path}: ${row.appKey} completed`);
          compared++;
        }
      }
      assert.strictEqual(compared, stored.length);
      assert.deepStrictEqual(new Set(stored.map((row) => row.appKey)), expectedKeys, 'one stored application per application id and attempt');
      assert.ok(stored.some((row) => row.totals.diskSpilledBytes > 50e6), 'the kubeflow spill is there');
      assert.ok(stored.some((row) => row.totals.inputBytes > 0) && stored.some((row) => row.totals.executorCpuTimeNs > 0));
      assert.strictEqual(report.applications, folded, 'every application read counts, also those a later log of the same application replaced');
      assert.strictEqual(report.tasks, (await Promise.all(sources.map((source) => naiveApps(source.files)))).flat().reduce((sum, app) => sum + app.tasks, 0));
      store.close();
    });

    it('imports the broken logs with warnings that name file and line', async () => {
      const malformed = log('other/spark-rapids-tools/malformed_json_eventlog.zstd');
      const badLine = (await decodedLines(malformed)).findIndex((line) => {
        try {
          JSON.parse(line);
          return false;
        } catch {
          return true;
        }
      });
      assert.ok(badLine >= 0);
      assert.ok(
        report.warnings.some((w) => w.file === malformed && w.kind === 'malformed-json' && w.line === badLine + 1),
        `a malformed-json warning for ${malformed}:${badLine + 1}`,
      );
      const truncated = log('other/spark-rapids-tools/truncated_eventlog');
      assert.ok(report.warnings.some((w) => w.file === truncated));
      const store = await HistoryStore.open({ file: storeFile });
      const paths = new Set(store.applications().map((row) => row.sourcePath));
      for (const broken of [truncated, malformed, log('other/spark-rapids-tools/join_missing_sql_end')]) assert.ok(paths.has(broken), `${broken} imported`);
      for (const name of fs.readdirSync(log('spark')).filter((file) => file.startsWith('spark-events-broken__'))) {
        const file = log(`spark/${name}`);
        const ended = (await naiveApps([file])).every((app) => app.ended);
        assert.ok(store.source(file), `${name} imported`);
        if (!ended) assert.ok(report.warnings.some((w) => w.file === file && w.kind === 'incomplete-application'), `${name}: incomplete-application warning`);
      }
      assert.deepStrictEqual(store.source(truncated)?.warnings, report.warnings.filter((w) => w.file === truncated), 'warnings are kept with the source');
      store.close();
    });

    it('changes nothing when the same logs are imported again', async () => {
      const bytes = fs.readFileSync(storeFile);
      const mtime = fs.statSync(storeFile).mtimeMs;
      const counts = await rowCounts(storeFile);
      const store = await HistoryStore.open({ file: storeFile });
      const revision = store.revision();
      const again = await importEventLogs([LOGS], store);
      assert.strictEqual(again.unchanged, again.sources);
      assert.strictEqual(again.sources, report.sources);
      assert.deepStrictEqual([again.applications, again.stages, again.tasks, again.removed, again.errors.length], [0, 0, 0, 0, 0]);
      assert.strictEqual(store.revision(), revision);
      store.close();
      assert.ok(fs.readFileSync(storeFile).equals(bytes), 'the store file is byte for byte the same');
      assert.strictEqual(fs.statSync(storeFile).mtimeMs, mtime, 'not even rewritten');
      assert.deepStrictEqual(await rowCounts(storeFile), counts);
    });
  });

  it('replaces a log that grows, then is renamed when done, without duplicating its application', async () => {
    const lines = sparkLines();
    const half = Math.floor(lines.length / 2);
    const running = path.join(tmp, 'logs', 'local-1642039451826.inprogress');
    fs.mkdirSync(path.dirname(running));
    fs.writeFileSync(running, lines.slice(0, half).join('\n') + '\n');
    const store = await HistoryStore.open({ file: path.join(tmp, 'store.sqlite') });
    const logs = path.join(tmp, 'logs');

    const first = await importEventLogs([logs], store);
    const expectHalf = (await naiveApps([running]))[0]!;
    assert.deepStrictEqual(store.applications().map((row) => [row.sourcePath, row.completed, row.totals.tasks]), [[running, false, expectHalf.tasks]]);
    assert.strictEqual(first.applications, 1);

    fs.appendFileSync(running, lines.slice(half).join('\n') + '\n');
    const grown = await importEventLogs([logs], store);
    assert.deepStrictEqual([grown.unchanged, grown.applications], [0, 1]);
    const expectWhole = (await naiveApps([running]))[0]!;
    assert.ok(expectWhole.tasks > expectHalf.tasks);
    assert.deepStrictEqual(store.applications().map((row) => [row.sourcePath, row.completed, row.totals.tasks]), [[running, true, expectWhole.tasks]]);

    const finished = path.join(logs, 'local-1642039451826');
    fs.renameSync(running, finished);
    const renamed = await importEventLogs([logs], store);
    assert.deepStrictEqual([renamed.applications, renamed.removed], [1, 1]);
    assert.deepStrictEqual(store.applications().map((row) => [row.appKey, row.sourcePath, row.completed, row.totals.tasks]), [['local-1642039451826/', finished, true, expectWhole.tasks]]);
    assert.deepStrictEqual(store.sourcePaths(), [finished]);
    store.close();
    const counts = await rowCounts(path.join(tmp, 'store.sqlite'));
    assert.strictEqual(counts['applications'], 1);
    assert.strictEqual(counts['sources'], 1);
  });

  it('reports a log that fails to decode and keeps what was stored from it; other logs still import', async () => {
    const logs = path.join(tmp, 'logs');
    fs.mkdirSync(logs);
    const zstd = path.join(logs, 'local-1776286786993.zstd');
    const whole = fs.readFileSync(log('other/kubeflow/local-1776286786993.zstd'));
    fs.writeFileSync(zstd, whole);
    const file = path.join(tmp, 'store.sqlite');
    const store = await HistoryStore.open({ file });
    await importEventLogs([logs], store);
    const before = store.application('local-1776286786993/');
    const revision = store.revision();
    assert.ok(before && before.totals.tasks > 0);

    // Cut inside a zstd frame, and not `.inprogress`: a decoding error.
    fs.writeFileSync(zstd, whole.subarray(0, Math.floor(whole.length * 0.6)));
    fs.copyFileSync(log('spark/local-1426533911241'), path.join(logs, 'local-1426533911241'));
    const report = await importEventLogs([logs], store);
    assert.strictEqual(report.errors.length, 1);
    assert.strictEqual(report.errors[0]!.file, zstd);
    assert.ok(report.errors[0]!.message.length > 0);
    assert.strictEqual(report.applications, 1, 'the good log was imported');
    assert.deepStrictEqual(store.application('local-1776286786993/'), before, 'the failed read changed nothing');
    assert.strictEqual(store.revision(), revision + 1, 'only the good log was written');
    store.close();
    const reopened = await HistoryStore.open({ file });
    assert.deepStrictEqual(reopened.applications().map((row) => row.appKey).sort(), ['local-1426533911241/1', 'local-1776286786993/']);
    reopened.close();
  });

  it('reports paths that do not exist, and stores the call sites the caller maps', async () => {
    const store = await HistoryStore.open({});
    const missing = path.join(tmp, 'no-such-folder');
    const spark = log('spark/local-1642039451826');
    const report = await importEventLogs([missing, spark], store, {
      mapCallSites: (app) => app.stages.map((stage) => ({ stageId: stage.stageId, attemptId: stage.attemptId, path: 'shell.scala', line: stage.stageId + 1, origin: 'test', rank: 0 })),
    });
    assert.ok(report.errors.some((error) => error.file === missing) || report.skipped.some((skip) => skip.path === missing), 'the missing path is reported');
    const stages = store.application('local-1642039451826/')!.stages;
    assert.deepStrictEqual(
      store.callSites().map((site) => [site.appKey, site.stageId, site.line]),
      stages.map((stage) => ['local-1642039451826/', stage.stageId, stage.stageId + 1]).sort((a, b) => Number(a[1]) - Number(b[1])),
    );
    store.close();
  });

  it('stops on abort: the log being read is not written, the ones before are kept and saved', async () => {
    const logs = path.join(tmp, 'logs');
    fs.mkdirSync(logs);
    for (const name of ['local-1426533911241', 'local-1642039451826', 'application_1538416563558_0014']) fs.copyFileSync(log(`spark/${name}`), path.join(logs, name));
    const file = path.join(tmp, 'store.sqlite');
    const store = await HistoryStore.open({ file });
    const controller = new AbortController();
    const order: string[] = [];
    const bytesOf = (p: string) => fs.statSync(p).size;
    await assert.rejects(
      importEventLogs([logs], store, {
        signal: controller.signal,
        onProgress: (p) => {
          if (!order.includes(p.file)) order.push(p.file);
          // Abort once the second log has started: midway if the reader reports progress inside a file.
          if (order.length === 2 && p.bytesDone > bytesOf(order[0]!)) controller.abort();
          if (order.length === 3) controller.abort();
        },
      }),
      (error: Error) => error.name === 'AbortError',
    );
    assert.ok(order.length >= 2, 'the import got to the second log');
    assert.deepStrictEqual(store.sourcePaths(), [order[0]]);
    store.close();
    const reopened = await HistoryStore.open({ file });
    assert.deepStrictEqual(reopened.sourcePaths(), [order[0]], 'the first log was saved before rejecting');
    reopened.close();
  });

  it('with discardOnAbort (the editor\'s Cancel), an abort after some logs were read leaves the store exactly as it was', async () => {
    const logs = path.join(tmp, 'logs-discard');
    fs.mkdirSync(logs);
    for (const name of ['local-1426533911241', 'local-1642039451826', 'application_1538416563558_0014']) fs.copyFileSync(log(`spark/${name}`), path.join(logs, name));
    const file = path.join(tmp, 'store-discard.sqlite');
    const seeded = await HistoryStore.open({ file });
    await importEventLogs([log('other/kubeflow/local-1776286786993.zstd')], seeded);
    const before = fs.readFileSync(file);
    const controller = new AbortController();
    const order: string[] = [];
    await assert.rejects(
      importEventLogs([logs], seeded, {
        signal: controller.signal,
        discardOnAbort: true,
        onProgress: (p) => {
          if (!order.includes(p.file)) order.push(p.file);
          if (order.length === 3) controller.abort();
        },
      }),
      (error: Error) => error.name === 'AbortError',
    );
    assert.strictEqual(order.length, 3, 'two logs were read completely before the abort');
    assert.deepStrictEqual(seeded.applications().map((row) => row.appKey), ['local-1776286786993/'], 'nothing of the aborted import in memory');
    assert.ok(fs.readFileSync(file).equals(before), 'the file is byte for byte as before');
    seeded.close();
  });

  it('leaves the saved store intact when the importing process is killed midway', async function () {
    this.timeout(240_000);
    // A ~30 MB log: the real tasks of local-1642039451826 repeated with new task ids before its end.
    const lines = sparkLines();
    const taskEnds = lines.filter((line) => line.includes('"Event":"SparkListenerTaskEnd"'));
    const endAt = lines.findIndex((line) => line.includes('"Event":"SparkListenerApplicationEnd"'));
    const big = path.join(tmp, 'logs', 'local-1642039451826');
    fs.mkdirSync(path.dirname(big));
    const out = fs.openSync(big, 'w');
    fs.writeSync(out, lines.slice(0, endAt).join('\n') + '\n');
    let taskId = 1_000_000;
    let written = 0;
    while (written < 30 * 1024 * 1024) {
      const chunk: string[] = [];
      for (const line of taskEnds) {
        const event = JSON.parse(line) as { 'Task Info': { 'Task ID': number } };
        event['Task Info']['Task ID'] = taskId++;
        chunk.push(JSON.stringify(event));
      }
      const text = chunk.join('\n') + '\n';
      fs.writeSync(out, text);
      written += Buffer.byteLength(text);
    }
    fs.writeSync(out, lines.slice(endAt).join('\n') + '\n');
    fs.closeSync(out);

    const file = path.join(tmp, 'store.sqlite');
    const seed = await HistoryStore.open({ file });
    await importEventLogs([log('spark/local-1426533911241')], seed);
    seed.close();
    const before = fs.readFileSync(file);

    const child = spawn(process.execPath, [CHILD, file, big], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let killedAt: string | undefined;
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
    child.stdout.on('data', (data: Buffer) => {
      stdout += data.toString();
      if (killedAt) return;
      const midway = stdout.split('\n').find((line) => {
        const [word, done, total] = line.split(' ');
        return word === 'progress' && Number(done) > 0 && Number(done) < Number(total);
      });
      if (midway) {
        killedAt = midway;
        process.kill(child.pid!, 'SIGKILL');
      }
    });
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('exit', (c, s) => resolve([c, s])));
    assert.ok(killedAt, `the child reported no progress midway (exit ${code}, ${signal}): ${stdout.slice(-500)} ${stderr.slice(-2000)}`);
    assert.strictEqual(signal, 'SIGKILL');
    assert.ok(!stdout.includes('done'), 'killed before the import finished');

    assert.ok(fs.readFileSync(file).equals(before), 'the store file is the one saved before');
    // As if the kill had come during a save: a half-written temporary of the dead child.
    const temporary = `${file}.tmp-${child.pid}`;
    fs.writeFileSync(temporary, before.subarray(0, Math.floor(before.length / 2)));
    const store = await HistoryStore.open({ file });
    assert.deepStrictEqual(store.applications().map((row) => row.appKey), ['local-1426533911241/1']);
    assert.ok(!fs.existsSync(temporary), 'the dead child\'s temporary is removed, not read');
    // The next import finishes the job.
    const report = await importEventLogs([big], store);
    assert.strictEqual(report.applications, 1);
    const expected = (await naiveApps([big]))[0]!;
    assert.strictEqual(store.application('local-1642039451826/')!.totals.tasks, expected.tasks);
    store.close();
  });
});

