import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { discoverEventLogs, readEventLog, readEventLogSource } from '../../../server/src/history/eventlog';
import type { StageSummary, TaskTotals } from '../../../server/src/history/eventlog/types';
import { FEATURE_NAMES, foldsByApplication, learnedCorrection, stageSamples, type HistoryApplication } from '../../../server/src/report/predict';
import { REPO_ROOT } from '../helpers/fixtures';

const EXAMPLE_LOGS = path.join(REPO_ROOT, 'examples', 'eventlogs');
const feature = (name: string) => {
  const index = FEATURE_NAMES.indexOf(name);
  assert.ok(index >= 0, `no feature named ${name}`);
  return index;
};

/** A small LCG, independent of the code under test, for reproducible synthetic runs. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

function totals(values: Partial<TaskTotals>): TaskTotals {
  return { tasks: 0, succeededTasks: 0, failedTasks: 0, killedTasks: 0, tasksWithoutMetrics: 0, durationMs: 0, executorRunTimeMs: 0, jvmGcTimeMs: 0, shuffleReadBytes: 0, shuffleRemoteReadBytes: 0, shuffleLocalReadBytes: 0, shuffleWriteBytes: 0, inputBytes: 0, memorySpilledBytes: 0, diskSpilledBytes: 0, executorCpuTimeNs: 0, outputBytes: 0, ...values };
}

const CORES = 40;

/**
 * The law the synthetic runs follow: tasks run in waves over 40 cores, each task costs 40 ms plus
 * its share of the bytes at 20 MB/s. Many partitions on little data is overhead; few on much is slow tasks.
 */
function lawDurationMs(bytes: number, tasks: number): number {
  return Math.ceil(tasks / CORES) * (40 + bytes / tasks / 20_000);
}

interface SyntheticRun {
  index: number;
  partitions: number;
  stages?: number;
  memory?: string;
  /** Scales every stage's bytes (the target's small data). */
  bytesScale?: number;
}

/** Alternating scan stages (a task per 128 MB) and shuffle stages (a task per shuffle partition). */
function syntheticApp(run: SyntheticRun, random: () => number): HistoryApplication {
  const start = Date.UTC(2026, 0, 1) + run.index * 86_400_000;
  let clock = start + 1000;
  const stages: StageSummary[] = [];
  for (let s = 0; s < (run.stages ?? 30); s++) {
    const shuffle = s % 2 === 1;
    const bytes = Math.exp(16 + random() * 7) * (run.bytesScale ?? 1);
    const tasks = shuffle ? run.partitions : Math.max(1, Math.round(bytes / 128e6));
    const duration = lawDurationMs(bytes, tasks);
    stages.push({
      stageId: s,
      attemptId: 0,
      name: shuffle ? 'save at Job.scala:40' : 'parquet at Job.scala:20',
      numTasks: tasks,
      submissionTime: clock,
      completionTime: clock + duration,
      status: 'complete',
      jobIds: [0],
      tasks: totals({ tasks, inputBytes: shuffle ? 0 : bytes, shuffleReadBytes: shuffle ? bytes : 0 }),
      parentIds: [],
      rddCallSites: [],
      slowestTasks: [],
    });
    clock += duration + 50;
  }
  return {
    appKey: `synthetic-${run.index}`,
    name: `nightly-load-${run.index}`,
    startTime: start,
    endTime: clock,
    completed: true,
    sparkProperties: { 'spark.sql.shuffle.partitions': String(run.partitions), 'spark.executor.memory': run.memory ?? '8g' },
    executors: Array.from({ length: CORES / 4 }, (_, i) => ({ executorId: String(i), totalCores: 4, addedTime: start })),
    jobs: [{ jobId: 0, stageIds: stages.map((s) => s.stageId), properties: {} }],
    sqlExecutions: [],
    cachedRdds: [],
    stages,
    totals: totals({}),
  };
}

const PARTITION_CHOICES = [50, 100, 200, 400, 800, 1600, 3200];

function syntheticHistory(count: number, seed = 7): HistoryApplication[] {
  const random = lcg(seed);
  return Array.from({ length: count }, (_, index) => syntheticApp({ index, partitions: PARTITION_CHOICES[index % PARTITION_CHOICES.length]! }, random));
}

describe('report/predict: learned correction on one job\'s synthetic history', () => {
  it('is shown when the forest beats the bytes-only estimate on held-out runs of the job', () => {
    const history = syntheticHistory(21);
    const correction = learnedCorrection(history, history[3]!);
    assert.strictEqual(correction.runs, 21);
    assert.strictEqual(correction.samples, 21 * 30);
    assert.strictEqual(correction.folds, 5);
    assert.ok(correction.model!.r2 > 0.9, `forest R² ${correction.model!.r2}`);
    assert.ok(correction.model!.r2 > correction.baseline!.r2 + 0.2, `forest ${correction.model!.r2} vs baseline ${correction.baseline!.r2}`);
    assert.strictEqual(correction.shown, true, correction.reason);
    assert.match(correction.reason, /^shown: on 21 runs of this job the forest \(R² \d\.\d\d\) beats the bytes-only estimate/);
  });

  it('is not shown on durations that have nothing to do with the stages (shuffled)', () => {
    const history = syntheticHistory(21);
    const durations = history.flatMap((app) => app.stages.map((s) => s.completionTime! - s.submissionTime!));
    const random = lcg(99);
    for (let i = durations.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [durations[i], durations[j]] = [durations[j]!, durations[i]!];
    }
    let next = 0;
    for (const app of history) for (const stage of app.stages) stage.completionTime = stage.submissionTime! + durations[next++]!;
    const correction = learnedCorrection(history, history[0]!);
    assert.ok(correction.model!.r2 < 0.3, `R² on noise ${correction.model!.r2}`);
    assert.strictEqual(correction.shown, false);
    assert.match(correction.reason, /^not shown: .* does not beat/);
  });

  it('needs 3 runs of the job with 30 completed stages, and says what the history has', () => {
    const two = syntheticHistory(2);
    const refused = learnedCorrection(two, two[0]!);
    assert.strictEqual(refused.shown, false);
    assert.strictEqual(refused.model, undefined);
    assert.match(refused.reason, /needs at least 3 runs of this job with 30 completed stages; the history has 2 runs with 60 stages/);
  });

  it('adds the target when the history lacks it, counts each run once, and is deterministic', () => {
    const history = syntheticHistory(10);
    const target = syntheticApp({ index: 50, partitions: 400 }, lcg(11));
    assert.strictEqual(learnedCorrection(history, target).samples, 11 * 30);
    assert.strictEqual(learnedCorrection([...history, ...history, target], target).samples, 11 * 30);
    assert.deepStrictEqual(learnedCorrection(history, history[2]!), learnedCorrection(history, history[2]!));
  });

  it('keeps every application in one fold: never trained on in the fold that tests it', () => {
    const samples = stageSamples(syntheticHistory(13));
    for (const folds of [2, 5, 13, 40]) {
      const split = foldsByApplication(samples, folds, 42);
      assert.strictEqual(split.length, Math.min(folds, 13));
      const tested = split.flatMap((f) => f.test).sort((a, b) => a - b);
      assert.deepStrictEqual(tested, samples.map((_, i) => i), 'each sample is tested exactly once');
      for (const fold of split) {
        const testApps = new Set(fold.test.map((i) => samples[i]!.appKey));
        const trainApps = new Set(fold.train.map((i) => samples[i]!.appKey));
        for (const app of testApps) assert.ok(!trainApps.has(app), `${app} in both train and test`);
      }
    }
  });

  it('trains a 50-run × 40-stage history within the report budget', function () {
    this.timeout(30_000);
    const random = lcg(21);
    const history = Array.from({ length: 50 }, (_, index) => syntheticApp({ index, partitions: PARTITION_CHOICES[index % 7]!, stages: 40 }, random));
    learnedCorrection(history, history[0]!); // warm the JIT, as a running server would be
    const started = process.cpuUsage();
    const correction = learnedCorrection(history, history[1]!);
    const cpuMs = (process.cpuUsage(started).user + process.cpuUsage(started).system) / 1000;
    assert.strictEqual(correction.samples, 2000);
    // CPU time, not wall time: the test machine may be shared.
    assert.ok(cpuMs < 900, `${Math.round(cpuMs)} ms of CPU`);
  });
});

describe('report/predict: stage samples', () => {
  it('takes one sample per completed stage attempt with its wall time, as a second parse of the log finds', async () => {
    const file = path.join(EXAMPLE_LOGS, 'app-20261102020000-0001');
    const app = { ...(await readEventLog(file)).applications[0]!, appKey: file };
    const expected: number[] = [];
    let memory: string | undefined;
    let cores = 0;
    for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      const event = JSON.parse(line) as Record<string, unknown>;
      if (event.Event === 'SparkListenerEnvironmentUpdate') memory = (event['Spark Properties'] as Record<string, string>)['spark.executor.memory'];
      if (event.Event === 'SparkListenerExecutorAdded') cores += (event['Executor Info'] as { 'Total Cores': number })['Total Cores'];
      if (event.Event !== 'SparkListenerStageCompleted') continue;
      const info = event['Stage Info'] as Record<string, number | string | undefined>;
      if (info['Failure Reason'] === undefined) expected.push((info['Completion Time'] as number) - (info['Submission Time'] as number));
    }
    const samples = stageSamples([app]);
    assert.deepStrictEqual(samples.map((s) => s.durationMs), expected);
    assert.ok(samples.every((s) => s.features.length === FEATURE_NAMES.length && s.features.every(Number.isFinite)));
    assert.ok(samples.every((s) => s.job === 'daily-orders-etl' && s.appKey === file));
    assert.strictEqual(memory, '16g');
    assert.ok(samples.every((s) => s.features[feature('executor memory GB')] === 16));
    assert.ok(samples.every((s) => s.features[feature('executor cores')] === cores), `cores ${cores}`);
  });

  it("takes a query's own spark.sql.shuffle.partitions from its job properties, and leaves out failed and unfinished stages", () => {
    const base = syntheticHistory(1)[0]!;
    base.jobs = [{ jobId: 0, stageIds: [], properties: { 'spark.sql.shuffle.partitions': '2000' } }, { jobId: 1, stageIds: [], properties: {} }];
    base.stages[0]!.jobIds = [1];
    base.stages[1]!.status = 'failed';
    base.stages[2]!.status = 'active';
    base.stages[3]!.completionTime = undefined;
    const samples = stageSamples([base]);
    assert.strictEqual(samples.length, 30 - 3);
    assert.strictEqual(samples[0]!.features[feature('spark.sql.shuffle.partitions')], 50);
    assert.ok(samples.slice(1).every((s) => s.features[feature('spark.sql.shuffle.partitions')] === 2000));
  });
});

describe('report/predict: real event logs', () => {
  it('gives finite scores or a reason for the example jobs, trained on each job\'s own runs only', async function () {
    this.timeout(120_000);
    const logs: HistoryApplication[] = [];
    for (const source of (await discoverEventLogs(EXAMPLE_LOGS)).sources) {
      const summary = await readEventLogSource(source);
      summary.applications.forEach((app, i) => logs.push({ ...app, appKey: `${source.path}#${i}` }));
    }
    const daily = logs.filter((app) => /^daily-orders-etl-/.test(app.name ?? ''));
    assert.strictEqual(daily.length, 3);
    const correction = learnedCorrection(daily, daily[0]!);
    assert.strictEqual(correction.runs, 3);
    assert.ok(Number.isFinite(correction.model!.r2) && Number.isFinite(correction.baseline!.r2));
    const one = learnedCorrection([logs[0]!], logs[0]!);
    assert.strictEqual(one.shown, false);
    assert.match(one.reason, /the history has 1 run /);
  });
});
