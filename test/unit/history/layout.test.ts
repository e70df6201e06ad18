/**
 * Event-log layouts (single file, rolling folder, Databricks rotations, Spark ≤ 1.2 folder): finding
 * them under a path, and reading each as one log. Real logs from ../shared/eventlogs; altered
 * layouts (in progress, compacted, legacy, nested) are built in a temp dir from copies of them.
 * Expected figures come from a naive reading here: files decoded whole, JSON.parse on each line.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { openDecodedStream } from '../../../server/src/history/decode';
import type { EventLogSource } from '../../../server/src/history/eventlog';
import { discoverEventLogs, foldEventLog, readEventLog, readEventLogSource } from '../../../server/src/history/eventlog';
import { eventLogsDir } from '../helpers/sharedLogs';

const LOGS = eventLogsDir();
const log = (relative: string) => path.join(LOGS, relative);
const RAPIDS_ROLLING = log('other/spark-rapids-tools/eventlog_v2_local-1623876083964');
const KUBEFLOW_ROLLING = log('other/kubeflow/eventlog_v2_spark-bcec39f6201b42b9925124595baad260');
const DATABRICKS = log('other/spark-rapids-tools/db_sim_eventlog');

async function decoded(file: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of openDecodedStream(file) as AsyncIterable<Buffer>) parts.push(chunk);
  return Buffer.concat(parts);
}

/* eslint-disable @typescript-eslint/no-explicit-any -- the naive reader walks raw JSON */
interface NaiveTotals {
  events: number;
  tasks: number;
  runTime: number;
  shuffleRead: number;
  appEnds: number;
}

function naiveTotals(text: string): NaiveTotals {
  const totals: NaiveTotals = { events: 0, tasks: 0, runTime: 0, shuffleRead: 0, appEnds: 0 };
  for (const line of text.split('\n')) {
    let event: any;
    try {
      event = JSON.parse(line);
    } catch {
      continue;
    }
    totals.events++;
    if (event.Event === 'SparkListenerApplicationEnd') totals.appEnds++;
    if (event.Event !== 'SparkListenerTaskEnd') continue;
    totals.tasks++;
    const metrics = event['Task Metrics'];
    totals.runTime += metrics?.['Executor Run Time'] ?? 0;
    totals.shuffleRead += (metrics?.['Shuffle Read Metrics']?.['Remote Bytes Read'] ?? 0) + (metrics?.['Shuffle Read Metrics']?.['Local Bytes Read'] ?? 0);
  }
  return totals;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

function foldedTotals(summary: { events: number; applications: Array<{ completed: boolean; totals: { tasks: number; executorRunTimeMs: number; shuffleReadBytes: number } }> }): NaiveTotals {
  const apps = summary.applications;
  return {
    events: summary.events,
    tasks: apps.reduce((sum, app) => sum + app.totals.tasks, 0),
    runTime: apps.reduce((sum, app) => sum + app.totals.executorRunTimeMs, 0),
    shuffleRead: apps.reduce((sum, app) => sum + app.totals.shuffleReadBytes, 0),
    appEnds: apps.filter((app) => app.completed).length,
  };
}

/**
 * Where the logs under `dir` are, by the layout rules written out plainly: a folder named
 * eventlog_v2_* or holding a file `eventlog` is one log; any other file but the docs is one log.
 */
function expectedSourcePaths(dir: string): string[] {
  const entries = fs.readdirSync(dir, { withFileTypes: true });
  if (path.basename(dir).startsWith('eventlog_v2_') || entries.some((entry) => entry.isFile() && entry.name === 'eventlog')) {
    return [dir, ...entries.filter((entry) => entry.isDirectory()).flatMap((entry) => expectedSourcePaths(path.join(dir, entry.name)))];
  }
  return entries.flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return expectedSourcePaths(full);
    return /\.(md|tsv)$/.test(entry.name) ? [] : [full];
  });
}

describe('event log layouts', function () {
  this.timeout(60_000);
  let tmp = '';

  before(() => {
    for (const dir of [RAPIDS_ROLLING, KUBEFLOW_ROLLING, DATABRICKS]) {
      if (!fs.existsSync(dir)) throw new Error(`The shared event logs are missing (expected ${dir}); set SPARK_ADVISOR_SHARED to the shared folder.`);
    }
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'spark-advisor-layout-'));
  });

  after(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  /** A fresh folder under the temp dir with the given files (name → bytes or a path to copy). */
  const folder = (relative: string, files: Record<string, string | Buffer>) => {
    const dir = path.join(tmp, relative);
    fs.mkdirSync(dir, { recursive: true });
    for (const [name, content] of Object.entries(files)) {
      const target = path.join(dir, name);
      if (typeof content === 'string' && fs.existsSync(content)) fs.copyFileSync(content, target);
      else fs.writeFileSync(target, content);
    }
    return dir;
  };

  it('the whole shared folder: every log found exactly once, in its layout; the docs skipped', async () => {
    const { sources, skipped } = await discoverEventLogs(LOGS);
    const paths = sources.map((source) => source.path);
    assert.strictEqual(new Set(paths).size, paths.length, 'no log twice');
    assert.deepStrictEqual([...paths].sort(), expectedSourcePaths(LOGS).sort());
    assert.ok(paths.length >= 45, `${paths.length} logs`);
    assert.deepStrictEqual(
      skipped.map((entry) => path.relative(LOGS, entry.path)),
      ['README.md', 'SOURCES.tsv'],
    );
    const layoutOf = (dir: string) => sources.find((source) => source.path === dir)?.layout;
    assert.deepStrictEqual([layoutOf(RAPIDS_ROLLING), layoutOf(KUBEFLOW_ROLLING), layoutOf(DATABRICKS)], ['rolling', 'rolling', 'databricks']);
    // No file of a multi-file log is also a log of its own.
    const members = sources.filter((source) => source.layout !== 'single').flatMap((source) => source.files);
    assert.ok(members.every((file) => !paths.includes(file)));
    for (const source of sources) {
      const stats = source.files.map((file) => fs.statSync(file));
      assert.strictEqual(source.bytes, stats.reduce((sum, stat) => sum + stat.size, 0), source.path);
      assert.strictEqual(source.mtimeMs, Math.max(...stats.map((stat) => stat.mtimeMs)), source.path);
      assert.strictEqual(source.inProgress, false, source.path);
    }
  });

  it('rolling folders: the parts in index order, folded as one log equal to their concatenation', async () => {
    for (const dir of [RAPIDS_ROLLING, KUBEFLOW_ROLLING]) {
      const [source] = (await discoverEventLogs(dir)).sources;
      const parts = fs
        .readdirSync(dir)
        .filter((name) => name.startsWith('events_'))
        .sort((a, b) => Number(a.split('_')[1]) - Number(b.split('_')[1]))
        .map((name) => path.join(dir, name));
      assert.deepStrictEqual([source!.layout, source!.path, source!.files], ['rolling', dir, parts]);
      const whole = Buffer.concat(await Promise.all(parts.map(decoded)));
      const summary = await readEventLogSource(source!);
      assert.strictEqual(summary.file, dir);
      assert.deepStrictEqual(summary.warnings, []);
      assert.deepStrictEqual(foldedTotals(summary), naiveTotals(whole.toString('utf8')));
      assert.strictEqual(summary.applications.length, 1, 'one application across the parts');
      // Folding the concatenated text gives the same applications, figure for figure.
      assert.deepStrictEqual(summary.applications, (await foldEventLog([whole], 'concatenated')).applications);
    }
    const rapids = (await readEventLogSource((await discoverEventLogs(RAPIDS_ROLLING)).sources[0]!)).applications[0]!;
    assert.ok(rapids.completed && rapids.totals.tasks > 1000 && rapids.sqlExecutions.length === 1, 'the second part completes what the first began');
  });

  it('db_sim_eventlog: the rotation is read before the current file, and the totals are those of both', async () => {
    const [source] = (await discoverEventLogs(DATABRICKS)).sources;
    const rotation = path.join(DATABRICKS, 'eventlog-2021-06-15--15-00.gz');
    const current = path.join(DATABRICKS, 'eventlog');
    assert.deepStrictEqual([source!.layout, source!.files], ['databricks', [rotation, current]]);
    const rotationText = (await decoded(rotation)).toString('utf8');
    const currentText = (await decoded(current)).toString('utf8');
    // The order matters: the application starts in the rotation and ends in the current file.
    assert.match(rotationText.slice(0, 200), /SparkListenerLogStart/);
    assert.ok(naiveTotals(currentText).appEnds === 1 && naiveTotals(rotationText).appEnds === 0);
    const summary = await readEventLogSource(source!);
    assert.deepStrictEqual(summary.warnings, [], 'no incomplete-application warning once both files are read');
    const expected = naiveTotals(rotationText + currentText);
    assert.deepStrictEqual(foldedTotals(summary), expected);
    assert.strictEqual(summary.lines, rotationText.split('\n').filter(Boolean).length + currentText.split('\n').filter(Boolean).length);
    const app = summary.applications[0]!;
    assert.deepStrictEqual([app.completed, app.sqlExecutions.length, app.sqlExecutions[0]!.endTime !== undefined], [true, 1, true], 'the execution started in the rotation ends in the current file');
  });

  it('rotations in date order whatever the listing order, several of them', async () => {
    const dir = folder('databricks-order', {
      'eventlog-2021-06-15--16-00.gz': Buffer.alloc(0),
      eventlog: Buffer.alloc(0),
      'eventlog-2021-06-14--23-00.gz': Buffer.alloc(0),
      'eventlog-2021-06-15--09-30.gz': Buffer.alloc(0),
    });
    const [source] = (await discoverEventLogs(dir)).sources;
    assert.deepStrictEqual(
      source!.files.map((file) => path.basename(file)),
      ['eventlog-2021-06-14--23-00.gz', 'eventlog-2021-06-15--09-30.gz', 'eventlog-2021-06-15--16-00.gz', 'eventlog'],
    );
  });

  it('in progress: .inprogress single files, rolling folders with appstatus_*.inprogress, legacy folders without APPLICATION_COMPLETE', async () => {
    const rollingParts = fs.readdirSync(RAPIDS_ROLLING).filter((name) => name.startsWith('events_'));
    const lastPart = fs.readFileSync(path.join(RAPIDS_ROLLING, rollingParts[1]!));
    const live = folder('progress/eventlog_v2_local-1623876083964', {
      [rollingParts[0]!]: path.join(RAPIDS_ROLLING, rollingParts[0]!),
      // Spark is still writing the last part: it ends inside a zstd frame.
      [rollingParts[1]!]: lastPart.subarray(0, Math.floor(lastPart.length / 2)),
      'appstatus_local-1623876083964.inprogress': Buffer.alloc(0),
    });
    folder('progress', { 'local-1642039451826.inprogress': log('spark/local-1642039451826') });
    const legacy = folder('progress/local-1422981759269', { EVENT_LOG_1: log('spark/local-1422981759269__EVENT_LOG_1'), 'SPARK_VERSION_1.2.0': '' });
    const { sources } = await discoverEventLogs(path.join(tmp, 'progress'));
    assert.deepStrictEqual(
      sources.map((source) => [path.relative(tmp, source.path), source.layout, source.inProgress]),
      [
        ['progress/eventlog_v2_local-1623876083964', 'rolling', true],
        ['progress/local-1422981759269', 'legacy-dir', true],
        ['progress/local-1642039451826.inprogress', 'single', true],
      ],
    );
    // The cut last part of a live rolling log is expected: folded up to the cut, no warning.
    const summary = await readEventLogSource(sources[0]!);
    assert.deepStrictEqual(summary.warnings, []);
    assert.ok(summary.decoderCut, 'the cut is noted');
    assert.strictEqual(summary.applications[0]!.completed, false);
    assert.ok(summary.applications[0]!.totals.tasks > 0);

    // Finished: appstatus renamed, APPLICATION_COMPLETE written.
    fs.renameSync(path.join(live, 'appstatus_local-1623876083964.inprogress'), path.join(live, 'appstatus_local-1623876083964'));
    fs.writeFileSync(path.join(legacy, 'APPLICATION_COMPLETE'), '');
    const done = (await discoverEventLogs(path.join(tmp, 'progress'))).sources;
    assert.deepStrictEqual(
      done.map((source) => source.inProgress),
      [false, false, true],
    );
    // A cut part in a finished log is a decoding error naming the file.
    await assert.rejects(readEventLogSource(done[0]!), (error: Error) => error.message.includes(rollingParts[1]!) && /cannot decode zstd/.test(error.message));
  });

  it('Spark ≤ 1.2 folders: EVENT_LOG_1 read as the log, compressed when a COMPRESSION_CODEC_ marker says so', async () => {
    const plain = folder('legacy/local-1422981759269', { EVENT_LOG_1: log('spark/local-1422981759269__EVENT_LOG_1'), 'SPARK_VERSION_1.2.0': '', APPLICATION_COMPLETE: '' });
    const lzf = folder('legacy/local-1642039451826', { EVENT_LOG_1: log('synthetic/local-1642039451826.lzf'), 'COMPRESSION_CODEC_org.apache.spark.io.LZFCompressionCodec': '', APPLICATION_COMPLETE: '' });
    const { sources, skipped } = await discoverEventLogs(path.join(tmp, 'legacy'));
    assert.deepStrictEqual(skipped, []);
    assert.deepStrictEqual(
      sources.map((source) => [source.path, source.layout, source.files]),
      [
        [plain, 'legacy-dir', [path.join(plain, 'EVENT_LOG_1')]],
        [lzf, 'legacy-dir', [path.join(lzf, 'EVENT_LOG_1')]],
      ],
    );
    const [fromPlain, fromLzf] = await Promise.all(sources.map((source) => readEventLogSource(source)));
    assert.deepStrictEqual(fromPlain!.applications, (await readEventLog(log('spark/local-1422981759269__EVENT_LOG_1'))).applications);
    assert.deepStrictEqual(fromLzf!.applications, (await readEventLog(log('spark/local-1642039451826'))).applications);
    assert.deepStrictEqual(foldedTotals(fromLzf!), naiveTotals(fs.readFileSync(log('spark/local-1642039451826'), 'utf8')));
  });

  it('compacted rolling logs: the last .compact part and the parts after it; a missing part is an error naming it', async () => {
    const parts = fs.readdirSync(RAPIDS_ROLLING).filter((name) => name.startsWith('events_')).sort();
    // events_1 stands in for a compacted events_1 (what compaction keeps of it is the same here).
    const compacted = folder('compact/eventlog_v2_local-1623876083964', {
      [parts[0]!]: path.join(RAPIDS_ROLLING, parts[0]!),
      [`${parts[0]!}.compact`]: path.join(RAPIDS_ROLLING, parts[0]!),
      [parts[1]!]: path.join(RAPIDS_ROLLING, parts[1]!),
      'appstatus_local-1623876083964': '',
      'notes.txt': 'not a log',
    });
    const found = await discoverEventLogs(compacted);
    assert.deepStrictEqual(
      found.sources[0]!.files.map((file) => path.basename(file)),
      [`${parts[0]!}.compact`, parts[1]!],
    );
    assert.deepStrictEqual(found.skipped, [{ path: path.join(compacted, 'notes.txt'), reason: 'not part of the rolling event log it is in' }]);
    const summary = await readEventLogSource(found.sources[0]!);
    assert.deepStrictEqual(summary.applications, (await readEventLogSource((await discoverEventLogs(RAPIDS_ROLLING)).sources[0]!)).applications);

    const gap = folder('gap/eventlog_v2_local-1623876083964', {
      [parts[0]!]: path.join(RAPIDS_ROLLING, parts[0]!),
      [parts[1]!.replace('events_2_', 'events_4_')]: path.join(RAPIDS_ROLLING, parts[1]!),
      'appstatus_local-1623876083964': '',
    });
    const [gapSource] = (await discoverEventLogs(gap)).sources;
    await assert.rejects(readEventLogSource(gapSource!), /eventlog_v2_local-1623876083964 is missing events_2, events_3/);
  });

  it('a rolling folder whose part indices are a billion apart fails that log with the gap counted, without allocating by index', async () => {
    const first = `events_1_local-1623876083964`;
    const dir = folder('huge-gap/eventlog_v2_local-1623876083964', {
      [first]: path.join(RAPIDS_ROLLING, fs.readdirSync(RAPIDS_ROLLING).filter((name) => name.startsWith('events_1_'))[0]!),
      'events_1000000000_local-1623876083964': '{"Event":"SparkListenerLogStart","Spark Version":"3.1.1"}\n',
    });
    const [source] = (await discoverEventLogs(dir)).sources;
    await assert.rejects(readEventLogSource(source!), (error: Error) => {
      assert.match(error.message, /eventlog_v2_local-1623876083964 is missing events_2, events_3, events_4, events_5, events_6 and 999,999,993 more \(has 1, 1000000000\)/);
      return true;
    });
  });

  it('a rolling folder with two parts of one number (events_1_… and events_01_…) fails that log naming both, rather than folding one twice', async () => {
    const part = path.join(RAPIDS_ROLLING, fs.readdirSync(RAPIDS_ROLLING).filter((name) => name.startsWith('events_1_'))[0]!);
    const dir = folder('same-number/eventlog_v2_local-1623876083964', { 'events_1_local-1623876083964': part, 'events_01_local-1623876083964': part });
    const [source] = (await discoverEventLogs(dir)).sources;
    await assert.rejects(readEventLogSource(source!), (error: Error) => {
      assert.match(error.message, /eventlog_v2_local-1623876083964 has two parts numbered 1: events_01_local-1623876083964 and events_1_local-1623876083964/);
      return true;
    });
  });

  it('a rolling folder without events_1 is read with a warning that the application start is missing', async () => {
    const parts = fs.readdirSync(RAPIDS_ROLLING).filter((name) => name.startsWith('events_')).sort();
    const dir = folder('no-start/eventlog_v2_local-1623876083964', { [parts[1]!]: path.join(RAPIDS_ROLLING, parts[1]!), 'appstatus_local-1623876083964': '' });
    const summary = await readEventLogSource((await discoverEventLogs(dir)).sources[0]!);
    const missing = summary.warnings.filter((warning) => warning.kind === 'missing-start');
    assert.strictEqual(missing.length, 1);
    assert.deepStrictEqual([path.basename(missing[0]!.file), missing[0]!.line], [parts[1]!, 1]);
    assert.match(missing[0]!.message, /has no events_1 part .*application's start \(id, name, configuration\)/);
  });

  it('warnings name the file of the source they come from, and the line within that file', async () => {
    const first = fs.readFileSync(path.join(KUBEFLOW_ROLLING, 'events_1_spark-bcec39f6201b42b9925124595baad260'), 'utf8').split('\n');
    const split = 8;
    const dir = folder('warn/eventlog_v2_spark-bcec39f6201b42b9925124595baad260', {
      'events_1_spark-bcec39f6201b42b9925124595baad260': first.slice(0, split).join('\n') + '\n',
      'events_2_spark-bcec39f6201b42b9925124595baad260': ['{"Event":"SparkListenerLogStart"', ...first.slice(split)].join('\n'),
      'appstatus_spark-bcec39f6201b42b9925124595baad260': '',
    });
    const summary = await readEventLogSource((await discoverEventLogs(dir)).sources[0]!);
    assert.deepStrictEqual(
      summary.warnings.map((warning) => [path.basename(warning.file), warning.line, warning.kind]),
      [['events_2_spark-bcec39f6201b42b9925124595baad260', 1, 'malformed-json']],
    );
    assert.strictEqual(summary.applications[0]!.totals.tasks, naiveTotals(first.join('\n')).tasks);
  });

  it('search rules: dot folders and node_modules ignored, at most 6 folders deep, unknown files skipped with a reason', async () => {
    const root = path.join(tmp, 'search');
    const app = log('other/sparklens/local-1532512550423');
    folder('search/.cache', { 'app-1': app });
    folder('search/node_modules/pkg', { 'app-2': app });
    folder('search/a/b/c/d/e/f', { 'app-3': app }); // 6 folders below the root: searched
    folder('search/a/b/c/d/e/f/g', { 'app-4': app }); // 7: not
    folder('search', { 'notes.txt': 'hello', 'spark-defaults.conf': 'x', '.hidden-app-5': app, 'renamed-log': app, 'app-6.bak': app });
    const { sources, skipped } = await discoverEventLogs(root);
    assert.deepStrictEqual(
      sources.map((source) => path.relative(root, source.path)),
      ['a/b/c/d/e/f/app-3', 'renamed-log'],
    );
    assert.deepStrictEqual(
      skipped.map((entry) => path.relative(root, entry.path)),
      ['a/b/c/d/e/f/g', 'app-6.bak', 'notes.txt', 'spark-defaults.conf'],
    );
    assert.ok(skipped.every((entry) => entry.reason.length > 10));
    assert.match(skipped[0]!.reason, /6 folders deep/);
  });

  it('links to folders already searched (loops) and second links to one log are skipped: each log found once, at once', async () => {
    const root = path.join(tmp, 'loops');
    const app = log('other/sparklens/local-1532512550423');
    folder('loops/logs', { 'app-1': app });
    // Eight links back to the folder would be 8^6 folders to search without the check.
    for (let i = 0; i < 8; i++) fs.symlinkSync('.', path.join(root, 'logs', `up-${i}`));
    fs.symlinkSync('app-1', path.join(root, 'logs', 'app-1-again'));
    const started = Date.now();
    const { sources, skipped } = await discoverEventLogs(root);
    assert.ok(Date.now() - started < 5000, `${Date.now() - started} ms`);
    assert.deepStrictEqual(sources.map((source) => path.relative(root, source.path)), ['logs/app-1']);
    assert.deepStrictEqual(
      skipped.map((entry) => [path.relative(root, entry.path), entry.reason]),
      [['logs/app-1-again', 'the same file as logs/app-1'.replace('logs/app-1', path.join(root, 'logs', 'app-1'))], ...Array.from({ length: 8 }, (_, i) => [`logs/up-${i}`, `the same folder as ${path.join(root, 'logs')}`])],
    );
  });

  it('a file given by path is always a source; one that is no log fails when read, naming the file', async () => {
    const readme = log('README.md');
    const { sources, skipped } = await discoverEventLogs(readme);
    assert.deepStrictEqual([sources.map((source) => [source.path, source.layout, source.files]), skipped], [[[readme, 'single', [readme]]], []]);
    await assert.rejects(readEventLogSource(sources[0]!), (error: Error) => error.message.includes(readme) && /unknown codec/.test(error.message));
    await assert.rejects(discoverEventLogs(path.join(tmp, 'nowhere')), /cannot read event logs at .*nowhere: no such file or folder/);
  });

  it('progress is reported in raw file bytes up to source.bytes; an abort rejects with AbortError', async () => {
    const [source] = (await discoverEventLogs(DATABRICKS)).sources;
    const seen: number[] = [];
    await readEventLogSource(source!, { onBytes: (bytes) => seen.push(bytes) });
    assert.ok(seen.length > 5, `${seen.length} progress reports`);
    assert.ok(seen.every((bytes, i) => i === 0 || bytes >= seen[i - 1]!), 'never goes back');
    assert.strictEqual(seen[seen.length - 1], source!.bytes);

    const before = new AbortController();
    before.abort();
    await assert.rejects(readEventLogSource(source!, { signal: before.signal }), { name: 'AbortError' });

    const during = new AbortController();
    let reports = 0;
    const started = Date.now();
    await assert.rejects(
      readEventLogSource(source!, {
        signal: during.signal,
        onBytes: () => {
          if (++reports === 2) during.abort();
        },
      }),
      { name: 'AbortError' },
    );
    assert.strictEqual(reports, 2, 'nothing read after the abort');
    assert.ok(Date.now() - started < 5000);
  });

  it('several attempts of one application are separate sources', async () => {
    const { sources } = await discoverEventLogs(log('spark'));
    const attempts = sources.filter((source: EventLogSource) => /local-1430917381535_\d$/.test(source.path));
    assert.strictEqual(attempts.length, 2);
    const apps = await Promise.all(attempts.map(async (source) => (await readEventLogSource(source)).applications.map((app) => [app.appId, app.attemptId])));
    assert.deepStrictEqual(apps, [[['local-1430917381535', '1']], [['local-1430917381535', '2']]]);
  });
});
