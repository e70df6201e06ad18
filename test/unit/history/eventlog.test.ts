/**
 * Event-log reading (lines → events → per-stage aggregates) on real logs from ../shared/eventlogs
 * (never copied into the repo). Every expected figure is computed here by a deliberately naive
 * reader: the whole decoded text, JSON.parse on each line, TaskEnd metrics summed directly.
 * Altered copies (cut, padded) are made in a temp dir.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as v8 from 'v8';
import * as vm from 'vm';
import { openDecodedStream } from '../../../server/src/history/decode';
import type { ApplicationSummary, EventLogSummary, TaskTotals } from '../../../server/src/history/eventlog';
import { foldEventLog, readEventLog } from '../../../server/src/history/eventlog';
import { emptyTotals } from '../../../server/src/history/eventlog/fold';
import { eventLogsDir } from '../helpers/sharedLogs';


const LOGS = eventLogsDir();
const log = (relative: string) => path.join(LOGS, relative);
const TRUNCATED = log('other/spark-rapids-tools/truncated_eventlog');
const MALFORMED = log('other/spark-rapids-tools/malformed_json_eventlog.zstd');
const KUBEFLOW = log('other/kubeflow/local-1776286786993.zstd');

/** Logs that must be there and must have tasks: Spark 1.2 to 4.1, plain and compressed. */
const REQUIRED = [
  'spark/local-1642039451826',
  'other/kubeflow/local-1776286786993.zstd',
  'other/sparklens/local-1532512550423',
  'other/dr-elephant/event_log_1',
  'spark/application_1538416563558_0014',
  'spark/application_1625351839633_843287',
  'spark/local-1422981759269',
  'spark/local-1430917381534',
  'other/spark-rapids-tools/spark2-eventlog.zstd',
  'other/spark-rapids-tools/join_missing_sql_end',
  'other/spark-rapids-tools/db_sim_eventlog/eventlog-2021-06-15--15-00.gz',
  'synthetic/local-1642039451826.lz4',
];

// ---------------------------------------------------------------------------------------------
// The naive reader: everything in memory, no shared code with the folder.

interface NaiveTotals {
  tasks: number;
  failed: number;
  killed: number;
  withoutMetrics: number;
  duration: number;
  run: number;
  gc: number;
  shuffleRead: number;
  shuffleWrite: number;
  input: number;
  memorySpilled: number;
  diskSpilled: number;
}

interface NaiveLog {
  lines: string[];
  badLines: number[];
  totals: NaiveTotals;
  /** `${stage}:${attempt}` → TaskEnd count. */
  stageTasks: Map<string, number>;
  /** `${stage}:${attempt}` → durations of successful tasks. */
  stageDurations: Map<string, number[]>;
  stageShuffleReads: Map<string, number[]>;
  /** `${stage}:${attempt}` → all task durations, any status. */
  stageAllDurations: Map<string, number[]>;
  appNames: string[];
}

async function decodedText(file: string): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of openDecodedStream(file) as AsyncIterable<Buffer>) parts.push(chunk);
  return Buffer.concat(parts).toString('utf8');
}

/* eslint-disable @typescript-eslint/no-explicit-any -- the naive reader walks raw JSON */
function naive(text: string): NaiveLog {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const totals: NaiveTotals = { tasks: 0, failed: 0, killed: 0, withoutMetrics: 0, duration: 0, run: 0, gc: 0, shuffleRead: 0, shuffleWrite: 0, input: 0, memorySpilled: 0, diskSpilled: 0 };
  const stageTasks = new Map<string, number>();
  const stageDurations = new Map<string, number[]>();
  const stageShuffleReads = new Map<string, number[]>();
  const stageAllDurations = new Map<string, number[]>();
  const push = (map: Map<string, number[]>, key: string, value: number) => map.set(key, [...(map.get(key) ?? []), value]);
  const badLines: number[] = [];
  const appNames: string[] = [];
  lines.forEach((line, index) => {
    let event: any;
    try {
      event = JSON.parse(line);
    } catch {
      badLines.push(index + 1);
      return;
    }
    if (event.Event === 'SparkListenerApplicationStart') appNames.push(event['App Name']);
    if (event.Event !== 'SparkListenerTaskEnd') return;
    const key = `${event['Stage ID']}:${event['Stage Attempt ID'] ?? 0}`;
    stageTasks.set(key, (stageTasks.get(key) ?? 0) + 1);
    const reason = event['Task End Reason'].Reason;
    const info = event['Task Info'];
    const killed = reason === 'TaskKilled' || reason === 'TaskCommitDenied' || info.Killed === true;
    totals.tasks++;
    if (killed) totals.killed++;
    else if (reason !== 'Success') totals.failed++;
    const duration = info['Finish Time'] - info['Launch Time'];
    totals.duration += duration;
    push(stageAllDurations, key, duration);
    const m = event['Task Metrics'];
    if (!m) {
      totals.withoutMetrics++;
      return;
    }
    const read = (m['Shuffle Read Metrics']?.['Remote Bytes Read'] ?? 0) + (m['Shuffle Read Metrics']?.['Local Bytes Read'] ?? 0);
    totals.run += m['Executor Run Time'];
    totals.gc += m['JVM GC Time'];
    totals.shuffleRead += read;
    totals.shuffleWrite += m['Shuffle Write Metrics']?.['Shuffle Bytes Written'] ?? 0;
    totals.input += m['Input Metrics']?.['Bytes Read'] ?? 0;
    totals.memorySpilled += m['Memory Bytes Spilled'];
    totals.diskSpilled += m['Disk Bytes Spilled'];
    if (reason === 'Success') {
      push(stageDurations, key, duration);
      push(stageShuffleReads, key, read);
    }
  });
  return { lines, badLines, totals, stageTasks, stageDurations, stageShuffleReads, stageAllDurations, appNames };
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/** Spark's taskSummary rule: nearest rank, sorted[min(floor(q·n), n−1)]. */
function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(Math.floor(q * sorted.length), sorted.length - 1)]!;
}

function asNaive(totals: TaskTotals): NaiveTotals {
  return {
    tasks: totals.tasks,
    failed: totals.failedTasks,
    killed: totals.killedTasks,
    withoutMetrics: totals.tasksWithoutMetrics,
    duration: totals.durationMs,
    run: totals.executorRunTimeMs,
    gc: totals.jvmGcTimeMs,
    shuffleRead: totals.shuffleReadBytes,
    shuffleWrite: totals.shuffleWriteBytes,
    input: totals.inputBytes,
    memorySpilled: totals.memorySpilledBytes,
    diskSpilled: totals.diskSpilledBytes,
  };
}

function sumTotals(apps: ApplicationSummary[], pick: (app: ApplicationSummary) => TaskTotals[]): NaiveTotals {
  const sum = asNaive(pick(apps[0]!)[0] ?? emptyTotals());
  for (const [i, app] of apps.entries()) {
    pick(app).forEach((totals, j) => {
      if (i === 0 && j === 0) return;
      const add = asNaive(totals);
      for (const key of Object.keys(sum) as Array<keyof NaiveTotals>) sum[key] += add[key];
    });
  }
  return sum;
}


/** Compares a folded summary with the naive reading of the same text. */
function assertMatchesNaive(summary: EventLogSummary, expected: NaiveLog, label: string): void {
  const apps = summary.applications;
  const appTotals = apps.length ? sumTotals(apps, (app) => [app.totals]) : asNaive(emptyTotals());
  assert.deepStrictEqual(appTotals, expected.totals, `${label}: application totals`);
  const stageTotals = apps.length && apps.some((app) => app.stages.length) ? sumTotals(apps, (app) => app.stages.map((stage) => stage.tasks)) : asNaive(emptyTotals());
  assert.deepStrictEqual(stageTotals, expected.totals, `${label}: stage totals add up to the application totals`);
  const stageTasks = new Map<string, number>();
  for (const app of apps) for (const stage of app.stages) if (stage.tasks.tasks > 0) stageTasks.set(`${stage.stageId}:${stage.attemptId}`, stage.tasks.tasks);
  assert.deepStrictEqual(stageTasks, expected.stageTasks, `${label}: tasks per stage attempt`);
  assert.deepStrictEqual(apps.filter((app) => app.name !== undefined).map((app) => app.name), expected.appNames, `${label}: applications`);

  for (const app of apps) {
    for (const stage of app.stages) {
      const key = `${stage.stageId}:${stage.attemptId}`;
      const durations = expected.stageDurations.get(key) ?? [];
      assert.strictEqual(stage.taskDuration?.count ?? 0, durations.length, `${label} stage ${key}: successful tasks`);
      if (durations.length > 512) {
        // Sampled: count, min and max stay exact; each quantile lies within 5% of its true rank.
        const d = stage.taskDuration!;
        assert.deepStrictEqual([d.exact, d.min, d.max], [false, Math.min(...durations), Math.max(...durations)], `${label} stage ${key}`);
        const sorted = [...durations].sort((a, b) => a - b);
        for (const [q, value] of [[0.05, d.p5], [0.25, d.p25], [0.5, d.p50], [0.75, d.p75], [0.95, d.p95]] as const) {
          const below = sorted.filter((x) => x < value).length / sorted.length;
          const atOrBelow = sorted.filter((x) => x <= value).length / sorted.length;
          assert.ok(below - 0.05 <= q && q <= atOrBelow + 0.05, `${label} stage ${key}: p${q * 100} = ${value} has rank ${below}..${atOrBelow}`);
        }
      } else if (durations.length > 0) {
        const d = stage.taskDuration!;
        assert.ok(d.exact, `${label} stage ${key}: a small stage has exact quantiles`);
        assert.deepStrictEqual(
          [d.min, d.p5, d.p25, d.p50, d.p75, d.p95, d.max],
          [Math.min(...durations), ...[0.05, 0.25, 0.5, 0.75, 0.95].map((q) => quantile(durations, q)), Math.max(...durations)],
          `${label} stage ${key}: task duration quantiles`,
        );
        const reads = expected.stageShuffleReads.get(key)!;
        assert.deepStrictEqual([stage.shuffleReadPerTask!.p50, stage.shuffleReadPerTask!.max], [quantile(reads, 0.5), Math.max(...reads)], `${label} stage ${key}: shuffle read quantiles`);
      }
      const slowest = [...(expected.stageAllDurations.get(key) ?? [])].sort((a, b) => b - a).slice(0, 5);
      assert.deepStrictEqual(
        stage.slowestTasks.map((task) => task.durationMs),
        slowest,
        `${label} stage ${key}: five slowest tasks`,
      );
    }
  }
}

function allLogFiles(dir: string = LOGS): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? allLogFiles(path.join(dir, entry.name)) : [path.join(dir, entry.name)]))
    .filter((file) => !/\.(md|tsv)$/.test(file))
    .sort();
}

// ---------------------------------------------------------------------------------------------

describe('event log reading: real logs', function () {
  let tmp = '';

  before(function () {
    const missing = REQUIRED.map(log).filter((file) => !fs.existsSync(file));
    if (missing.length > 0) {
      throw new Error(
        `\n\n*** The Spark event logs these tests read are missing. ***\n` +
          `Expected them in ${LOGS} (the shared/ folder beside the repo: ../shared/eventlogs).\n` +
          `Missing: ${missing.join(', ')}\n` +
          `Put the shared folder there, or set SPARK_ADVISOR_SHARED to where it is.\n`,
      );
    }
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'spark-advisor-eventlog-'));
  });

  after(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  const temp = (name: string, bytes: Uint8Array | string) => {
    const file = path.join(tmp, name);
    fs.writeFileSync(file, bytes);
    return file;
  };

  for (const relative of REQUIRED) {
    it(`${relative}: totals and per-stage figures equal a naive reading`, async () => {
      const file = log(relative);
      const expected = naive(await decodedText(file));
      const summary = await readEventLog(file);
      assert.ok(expected.totals.tasks > 0, `${relative} has no tasks`);
      // The .gz is the first rotation of a Databricks log: its ApplicationEnd is in the next file.
      const incomplete = relative.includes('db_sim_eventlog') ? [['incomplete-application', expected.lines.length]] : [];
      assert.deepStrictEqual(
        summary.warnings.map((w) => [w.kind, w.line]),
        incomplete,
        relative,
      );
      assert.strictEqual(summary.lines, expected.lines.length);
      assert.strictEqual(summary.events, expected.lines.length);
      assertMatchesNaive(summary, expected, relative);
    });
  }

  it('every log in shared/ imports, matches the naive reading, and warns only about incomplete applications or the bad line', async () => {
    const files = allLogFiles();
    assert.ok(files.length >= 40, `only ${files.length} logs`);
    for (const file of files) {
      const relative = path.relative(LOGS, file);
      const expected = naive(await decodedText(file));
      const summary = await readEventLog(file);
      assertMatchesNaive(summary, expected, relative);
      assert.deepStrictEqual(
        summary.warnings.filter((w) => w.kind === 'malformed-json').map((w) => w.line),
        expected.badLines,
        relative,
      );
      for (const warning of summary.warnings) {
        assert.strictEqual(warning.file, file);
        assert.ok(warning.kind === 'incomplete-application' || (file === MALFORMED && warning.kind === 'malformed-json'), `${relative}: ${warning.message}`);
      }
    }
  });

  it('anchors: a few figures checked by hand', async () => {
    const kubeflow = (await readEventLog(KUBEFLOW)).applications;
    assert.strictEqual(kubeflow.length, 1);
    const app = kubeflow[0]!;
    assert.deepStrictEqual([app.appId, app.name, app.sparkVersion, app.completed], ['local-1776286786993', 'shs-e2e-app1', '4.1.0', true]);
    assert.deepStrictEqual(
      [app.totals.tasks, app.totals.failedTasks, app.totals.killedTasks, app.totals.diskSpilledBytes, app.totals.memorySpilledBytes],
      [52, 11, 1, 74531722, 99613200],
    );
    assert.strictEqual(app.sparkProperties['spark.memory.fraction'] !== undefined, true);
    assert.ok(app.stages.some((stage) => /generate_events\.py:\d+/.test(stage.name ?? '')), 'a Python call site in a stage name');
    // Jobs carry the SQL execution id, and their stages know their job.
    const job = app.jobs.find((candidate) => candidate.sqlExecutionId !== undefined && candidate.stageIds.length > 0)!;
    assert.strictEqual(job.properties['spark.sql.execution.id'], String(job.sqlExecutionId));
    assert.ok(!('spark.app.name' in job.properties), 'job properties repeat no application property');
    const stage = app.stages.find((candidate) => candidate.stageId === job.stageIds[job.stageIds.length - 1]);
    if (stage) assert.ok(stage.jobIds.includes(job.jobId));

    const plain = (await readEventLog(log('spark/local-1642039451826'))).applications[0]!;
    assert.deepStrictEqual([plain.totals.tasks, plain.totals.executorRunTimeMs, plain.totals.shuffleReadBytes, plain.totals.jvmGcTimeMs], [35, 1929, 7540, 88]);
    assert.strictEqual(plain.sparkVersion, '3.3.0-SNAPSHOT');
    assert.ok(plain.stages.every((stage) => stage.status === 'complete' && stage.submissionTime! <= stage.completionTime!));

    // Spark 2.5-SNAPSHOT on YARN: executors lost, 8 failed tasks without "Task Metrics".
    const yarn = (await readEventLog(log('spark/application_1538416563558_0014'))).applications[0]!;
    assert.deepStrictEqual([yarn.totals.tasks, yarn.totals.failedTasks, yarn.totals.tasksWithoutMetrics, yarn.totals.executorRunTimeMs, yarn.totals.inputBytes], [35, 8, 8, 15789, 936]);
    const lost = yarn.stages.find((s) => s.stageId === 7)!;
    assert.ok(lost.tasks.failedTasks > 0 && lost.slowestTasks.some((task) => task.status === 'failed' && task.reason === 'ExecutorLostFailure'));

    // Spark 1.2: a failed stage (ExceptionFailure) with its failure reason.
    const failed = (await readEventLog(log('spark/local-1422981780767'))).applications[0]!;
    const stage2 = failed.stages.find((s) => s.stageId === 2)!;
    assert.deepStrictEqual([stage2.status, stage2.tasks.failedTasks], ['failed', 1]);
    assert.match(stage2.failureReason!, /^Job aborted due to stage failure: Task 3 in stage 2\.0 failed/);

    // Spark 1.2: no LogStart, Shuffle Read Metrics with remote bytes only, Input Metrics with "Data Read Method".
    const old = (await readEventLog(log('spark/local-1422981759269'))).applications[0]!;
    assert.deepStrictEqual([old.sparkVersion, old.totals.tasks, old.totals.inputBytes, old.totals.shuffleWriteBytes], [undefined, 33, 28000288, 13180]);

    // Application attempts.
    const attempt = (await readEventLog(log('spark/local-1430917381535_2'))).applications[0]!;
    assert.deepStrictEqual([attempt.appId, attempt.attemptId], ['local-1430917381535', '2']);
  });

  it('truncated_eventlog: a warning naming the file and the last line; stages left active', async () => {
    const summary = await readEventLog(TRUNCATED);
    const lines = naive(fs.readFileSync(TRUNCATED, 'utf8')).lines.length;
    assert.strictEqual(summary.warnings.length, 1);
    const [warning] = summary.warnings;
    assert.deepStrictEqual([warning!.file, warning!.line, warning!.kind], [TRUNCATED, lines, 'incomplete-application']);
    assert.match(warning!.message, /without SparkListenerApplicationEnd for application local-1622043423018.*2 stage attempts never completed/);
    const app = summary.applications[0]!;
    assert.strictEqual(app.completed, false);
    assert.deepStrictEqual(
      app.stages.map((stage) => stage.status),
      ['complete', 'active', 'active'],
    );
  });

  it('malformed_json_eventlog.zstd: the bad line is a warning with file and line; the rest is read', async () => {
    const summary = await readEventLog(MALFORMED);
    assert.strictEqual(summary.warnings.length, 1);
    const [warning] = summary.warnings;
    assert.deepStrictEqual([warning!.file, warning!.line, warning!.kind], [MALFORMED, 4, 'malformed-json']);
    assert.match(warning!.message, /malformed JSON/);
    assert.strictEqual(summary.events, summary.lines - 1);
    // The bad line was the environment update, so no Spark properties are known.
    assert.deepStrictEqual(summary.applications[0]!.sparkProperties, {});
    assert.strictEqual(summary.applications[0]!.totals.tasks, 217);
  });

  it('spark-events-broken__* and join_missing_sql_end import, with incomplete-application warnings at most', async () => {
    const files = [...fs.readdirSync(log('spark')).filter((name) => name.startsWith('spark-events-broken__')).map((name) => log(`spark/${name}`)), log('other/spark-rapids-tools/join_missing_sql_end')];
    assert.strictEqual(files.length, 5);
    const incomplete: string[] = [];
    for (const file of files) {
      const summary = await readEventLog(file);
      assert.strictEqual(summary.applications.length, 1, file);
      assert.ok(summary.warnings.every((w) => w.kind === 'incomplete-application' && w.file === file && w.line === summary.lines), file);
      if (summary.warnings.length) incomplete.push(path.basename(file));
      assert.strictEqual(summary.applications[0]!.completed, summary.warnings.length === 0, file);
    }
    // The attempts whose log lacks SparkListenerApplicationEnd.
    assert.deepStrictEqual(incomplete.sort(), ['spark-events-broken__last-attempt-incomplete__application_1656321732247_0006_2', 'spark-events-broken__previous-attempt-incomplete__application_1656321732247_0006_1']);
  });

  it('a cut last line of an .inprogress log is expected: no warning, noted as cutLastLine', async () => {
    const whole = fs.readFileSync(log('spark/local-1642039451826'));
    const lastNewline = whole.lastIndexOf(0x0a, whole.length - 2);
    const cut = whole.subarray(0, lastNewline + 21); // 20 bytes into the last line (ApplicationEnd)
    const expected = naive(cut.subarray(0, cut.lastIndexOf(0x0a) + 1).toString('utf8'));

    const inProgress = await readEventLog(temp('local-1642039451826.inprogress', cut));
    assert.deepStrictEqual(inProgress.warnings, []);
    assert.strictEqual(inProgress.cutLastLine, expected.lines.length + 1);
    assert.strictEqual(inProgress.lines, expected.lines.length + 1);
    assertMatchesNaive(inProgress, expected, 'cut .inprogress');
    assert.strictEqual(inProgress.applications[0]!.completed, false);

    // The same bytes in a finished log: the cut line is malformed, and the application incomplete.
    const finished = await readEventLog(temp('local-1642039451826-cut', cut));
    assert.deepStrictEqual(
      finished.warnings.map((w) => [w.kind, w.line]),
      [
        ['malformed-json', expected.lines.length + 1],
        ['incomplete-application', expected.lines.length + 1],
      ],
    );
    assert.match(finished.warnings[0]!.message, /no newline/);
  });

  it('a zstd .inprogress log cut inside a frame: the decoder cut is noted, the decoded lines are folded', async () => {
    const whole = fs.readFileSync(KUBEFLOW);
    const file = temp('local-1776286786993.zstd.inprogress', whole.subarray(0, Math.floor(whole.length * 0.6)));
    const text = await decodedText(file);
    const complete = text.slice(0, text.lastIndexOf('\n') + 1);
    const summary = await readEventLog(file);
    assert.ok(summary.decoderCut, 'decoder cut reported');
    assert.match(summary.decoderCut.reason, /file ends inside/);
    assert.deepStrictEqual(summary.warnings, []);
    // Spark flushes whole lines into each zstd frame, so the decoded prefix usually ends at a newline.
    assert.strictEqual(summary.cutLastLine, complete.length < text.length ? naive(complete).lines.length + 1 : undefined);
    assertMatchesNaive(summary, naive(complete), 'cut zstd');
    // Without .inprogress the cut is a decoding error (the decoder's), not a silent partial import.
    await assert.rejects(readEventLog(temp('local-1776286786993-cut.zstd', whole.subarray(0, Math.floor(whole.length * 0.6)))), /cannot decode zstd/);
  });

  it('lines over the limit are skipped with a warning each, never buffered', async () => {
    const file = log('other/kubeflow/local-1776286786993.zstd');
    const text = await decodedText(file);
    const limit = 20_000;
    const long = naive(text).lines.flatMap((line, index) => (Buffer.byteLength(line) > limit ? [index + 1] : []));
    assert.ok(long.length > 3, `${long.length} long lines`);
    const summary = await readEventLog(file, { maxLineBytes: limit });
    assert.deepStrictEqual(
      summary.warnings.map((w) => [w.kind, w.line]),
      long.map((line) => ['line-too-long', line]),
    );
    assert.strictEqual(summary.events, summary.lines - long.length);
    assert.match(summary.warnings[0]!.message, /line of \d+ bytes is longer than the 20000-byte limit/);
  });

  it('a line over 64 MiB (the default limit) is a warning, not a crash', async () => {
    const source = fs.readFileSync(log('other/sparklens/local-1532512550423'), 'utf8').split('\n');
    const file = path.join(tmp, 'huge-line');
    const fd = fs.openSync(file, 'w');
    try {
      fs.writeSync(fd, `${source.slice(0, 3).join('\n')}\n{"Event":"SparkListenerLogStart","padding":"`);
      const block = Buffer.alloc(1024 * 1024, 'x');
      for (let i = 0; i < 65; i++) fs.writeSync(fd, block);
      fs.writeSync(fd, `"}\n${source.slice(3).join('\n')}`);
    } finally {
      fs.closeSync(fd);
    }
    const summary = await readEventLog(file);
    assert.deepStrictEqual(
      summary.warnings.map((w) => [w.kind, w.line, w.file]),
      [['line-too-long', 4, file]],
    );
    assert.strictEqual(summary.applications[0]!.totals.tasks, 8);
  });

  it('the result does not depend on how the bytes are chunked, nor on chunk buffers being reused', async () => {
    const bytes = fs.readFileSync(TRUNCATED);
    const whole = await readEventLog(TRUNCATED);
    let seed = 7;
    // One buffer reused for every chunk, as a decoder may do: a line spanning chunks must be copied.
    const reused = Buffer.alloc(4001);
    async function* tiny(): AsyncGenerator<Buffer> {
      for (let at = 0; at < bytes.length; ) {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        const size = Math.min(1 + (seed % 4001), bytes.length - at);
        bytes.copy(reused, 0, at, at + size);
        yield reused.subarray(0, size);
        reused.fill(0x20);
        at += size;
      }
    }
    const chunked = await foldEventLog(tiny(), TRUNCATED);
    assert.deepStrictEqual(chunked, whole);
  });

  it('blank lines are skipped; a JSON line that is not an object is malformed; warnings are capped', async () => {
    const text = ['', '42', '[1]', 'null', '{"Event":"SomethingNew","x":1}', '  ', 'garbage', ''].join('\n');
    const summary = await foldEventLog([Buffer.from(text)], 'mem', { maxWarnings: 2 });
    assert.deepStrictEqual(
      summary.warnings.map((w) => [w.line, w.kind]),
      [
        [2, 'malformed-json'],
        [3, 'malformed-json'],
      ],
    );
    assert.strictEqual(summary.warningsDropped, 2);
    assert.strictEqual(summary.events, 1);
    assert.deepStrictEqual(summary.applications, []);
  });
});

describe('event log reading: bounded memory on a long synthetic log', () => {
  it('300 000 tasks in one stage: exact counts, sampled quantiles close to the truth, flat heap', async function () {
    this.timeout(120_000);
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const tasks = 300_000;
    // Durations 0..999 ms repeating (median 500 ms), one 10-second straggler.
    const durationOf = (i: number) => (i === 123_456 ? 10_000 : (i * 7919) % 1000);
    const heap: number[] = [];
    async function* lines(): AsyncGenerator<Buffer> {
      yield Buffer.from(
        '{"Event":"SparkListenerLogStart","Spark Version":"3.5.0"}\n' +
          '{"Event":"SparkListenerApplicationStart","App Name":"long","App ID":"app-1","Timestamp":0}\n' +
          '{"Event":"SparkListenerStageSubmitted","Stage Info":{"Stage ID":0,"Stage Attempt ID":0,"Stage Name":"map at Long.scala:1","Number of Tasks":300000}}\n',
      );
      let batch = '';
      for (let i = 0; i < tasks; i++) {
        const launch = 1_000_000 + i;
        batch +=
          `{"Event":"SparkListenerTaskEnd","Stage ID":0,"Stage Attempt ID":0,"Task End Reason":{"Reason":"Success"},` +
          `"Task Info":{"Task ID":${i},"Index":${i},"Attempt":0,"Launch Time":${launch},"Finish Time":${launch + durationOf(i)},"Failed":false,"Killed":false},` +
          `"Task Metrics":{"Executor Run Time":${durationOf(i)},"JVM GC Time":1,"Memory Bytes Spilled":0,"Disk Bytes Spilled":0,` +
          `"Shuffle Read Metrics":{"Remote Bytes Read":${i % 100},"Local Bytes Read":0},"Shuffle Write Metrics":{"Shuffle Bytes Written":2},"Input Metrics":{"Bytes Read":3}}}\n`;
        if (i % 1000 === 999) {
          yield Buffer.from(batch);
          batch = '';
        }
        if (i % 50_000 === 49_999) {
          gc();
          heap.push(process.memoryUsage().heapUsed);
        }
      }
      yield Buffer.from(batch + '{"Event":"SparkListenerApplicationEnd","Timestamp":1}\n');
    }
    const summary = await foldEventLog(lines(), 'synthetic');
    const stage = summary.applications[0]!.stages[0]!;
    assert.strictEqual(stage.tasks.tasks, tasks);
    assert.strictEqual(summary.applications[0]!.totals.shuffleWriteBytes, 2 * tasks);
    assert.strictEqual(stage.tasks.shuffleReadBytes, (tasks / 100) * ((99 * 100) / 2));
    const d = stage.taskDuration!;
    assert.deepStrictEqual([d.count, d.min, d.max, d.exact], [tasks, 0, 10_000, false]);
    assert.ok(Math.abs(d.p50 - 500) <= 50, `median ${d.p50}`);
    assert.ok(Math.abs(d.p95 - 950) <= 30, `p95 ${d.p95}`);
    assert.strictEqual(stage.slowestTasks.length, 5);
    assert.deepStrictEqual(stage.slowestTasks[0]!.taskId, 123_456);
    assert.deepStrictEqual(
      stage.slowestTasks.slice(1).map((task) => task.durationMs),
      [999, 999, 999, 999],
    );
    // Heap after 50k tasks vs after 300k tasks: the aggregates do not grow with the task count.
    const growth = heap[heap.length - 1]! - heap[0]!;
    if (process.env.SPARK_ADVISOR_VERBOSE) console.log(`heap (MB): ${heap.map((h) => (h / 1048576).toFixed(2)).join(', ')}`);
    assert.ok(growth < 4 * 1024 * 1024, `heap grew by ${(growth / 1048576).toFixed(1)} MB over ${tasks - 50_000} tasks (${heap.map((h) => (h / 1048576).toFixed(1)).join(', ')} MB)`);
  });
});
