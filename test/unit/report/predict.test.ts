import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { discoverEventLogs, readEventLog, readEventLogSource } from '../../../server/src/history/eventlog';
import type { ApplicationSummary, StageSummary, TaskTotals } from '../../../server/src/history/eventlog/types';
import { FEATURE_NAMES, foldsByApplication, predictRuntime, similarRuns, stageSamples, type HistoryApplication } from '../../../server/src/report/predict';
import { REPO_ROOT } from '../helpers/fixtures';
import { eventLogsDir } from '../helpers/sharedLogs';

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

function totalStageTime(app: ApplicationSummary): number {
  return app.stages.reduce((sum, s) => sum + (s.completionTime! - s.submissionTime!), 0);
}

describe('report/predict: runtime model on synthetic history', () => {
  it('learns a duration law of bytes and partitions far better than the bytes-only baseline', () => {
    const history = syntheticHistory(21);
    const report = predictRuntime(history, history[3]!);
    assert.strictEqual(report.available, true, report.reason);
    assert.strictEqual(report.samples, 21 * 30);
    assert.strictEqual(report.folds, 5);
    assert.ok(report.model!.r2 > 0.9, `forest R² ${report.model!.r2}`);
    assert.ok(Number.isFinite(report.baseline!.r2) && Number.isFinite(report.baseline!.maeMs), 'baseline scored');
    assert.ok(report.model!.r2 > report.baseline!.r2 + 0.2, `forest ${report.model!.r2} vs baseline ${report.baseline!.r2}`);
    assert.ok(report.model!.maeMs < report.baseline!.maeMs);
    assert.strictEqual(report.lowConfidence, false, report.reason);
  });

  it('scores a history whose durations were shuffled (no relation to the stages) as low confidence', () => {
    const history = syntheticHistory(21);
    const durations = history.flatMap((app) => app.stages.map((s) => s.completionTime! - s.submissionTime!));
    const random = lcg(99);
    for (let i = durations.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [durations[i], durations[j]] = [durations[j]!, durations[i]!];
    }
    let next = 0;
    for (const app of history) for (const stage of app.stages) stage.completionTime = stage.submissionTime! + durations[next++]!;

    const report = predictRuntime(history, history[0]!);
    assert.strictEqual(report.available, true);
    assert.ok(report.model!.r2 < 0.3, `R² on noise ${report.model!.r2}`);
    assert.strictEqual(report.lowConfidence, true);
    assert.match(report.reason!, /Low confidence: .*R² -?\d\.\d\d is below 0\.5/);
    assert.ok(Number.isFinite(report.baseline!.r2));
  });

  it('predicts that halving 3,200 partitions over little data saves time, and measures "current" from the stages', () => {
    const history = syntheticHistory(21);
    const target = syntheticApp({ index: 100, partitions: 3200, bytesScale: 0.05 }, lcg(5));
    const report = predictRuntime([...history, target], target);
    assert.strictEqual(report.available, true, report.reason);
    const halve = report.effects.find((e) => e.change === 'spark.sql.shuffle.partitions 3200 → 1600');
    assert.ok(halve, `effects: ${report.effects.map((e) => e.change).join('; ')}`);
    assert.strictEqual(halve.currentDurationMs, totalStageTime(target));
    assert.ok(halve.predictedDurationMs < halve.currentDurationMs * 0.9, `${halve.predictedDurationMs} vs ${halve.currentDurationMs}`);
    const doubled = report.effects.find((e) => e.change === 'spark.sql.shuffle.partitions 3200 → 6400')!;
    assert.ok(doubled.predictedDurationMs >= halve.predictedDurationMs);
    // Memory was 8g in every run: the model cannot know its effect, and says so instead of guessing.
    assert.ok(!report.effects.some((e) => e.change.startsWith('spark.executor.memory')));
    assert.match(report.reason!, /Not predicted: spark\.executor\.memory had the same value in every run/);
  });

  it('predicts an executor-memory change once the history has varied it', () => {
    const random = lcg(3);
    const history = Array.from({ length: 12 }, (_, index) => syntheticApp({ index, partitions: 200, memory: index % 2 === 0 ? '8g' : '16g' }, random));
    const report = predictRuntime(history, history[0]!);
    const memory = report.effects.find((e) => e.change.startsWith('spark.executor.memory'));
    assert.ok(memory, report.reason);
    assert.strictEqual(memory.change, 'spark.executor.memory 8g → 16g');
    assert.ok(Number.isFinite(memory.predictedDurationMs) && memory.predictedDurationMs >= 0);
  });

  it('refuses with a reason below 30 stage samples or 3 applications, and is low-confidence below 10 applications', () => {
    const twoApps = syntheticHistory(2);
    const refused = predictRuntime(twoApps, twoApps[0]!);
    assert.strictEqual(refused.available, false);
    assert.strictEqual(refused.samples, 60);
    assert.deepStrictEqual(refused.effects, []);
    assert.match(refused.reason!, /60 completed stages from 2 applications; it needs at least 30 stages from 3 applications/);

    const random = lcg(1);
    const tiny = Array.from({ length: 3 }, (_, index) => syntheticApp({ index, partitions: 100, stages: 9 }, random));
    const tooFew = predictRuntime(tiny, tiny[0]!);
    assert.strictEqual(tooFew.available, false);
    assert.match(tooFew.reason!, /27 completed stages from 3 applications/);
    assert.strictEqual(predictRuntime(tiny, tiny[0]!, { minSamples: 20 }).available, true);

    const eight = syntheticHistory(8);
    const few = predictRuntime(eight, eight[0]!);
    assert.strictEqual(few.available, true);
    assert.strictEqual(few.lowConfidence, true);
    assert.match(few.reason!, /only 8 applications in the history \(fewer than 10\)/);
  });

  it('adds the target when the history lacks it, and counts each run once', () => {
    const history = syntheticHistory(10);
    const target = syntheticApp({ index: 50, partitions: 400 }, lcg(11));
    assert.strictEqual(predictRuntime(history, target).samples, 11 * 30);
    assert.strictEqual(predictRuntime([...history, ...history, target], target).samples, 11 * 30);
  });

  it('is deterministic for a seed', () => {
    const history = syntheticHistory(12);
    assert.deepStrictEqual(predictRuntime(history, history[2]!), predictRuntime(history, history[2]!));
    assert.deepStrictEqual(predictRuntime(history, history[2]!, { seed: 9 }), predictRuntime(history, history[2]!, { seed: 9 }));
  });

  it('keeps every application in one fold: never trained on in the fold that tests it', () => {
    const samples = stageSamples(syntheticHistory(13));
    for (const folds of [2, 5, 13, 40]) {
      const split = foldsByApplication(samples, folds, 42);
      assert.strictEqual(split.length, Math.min(folds, 13));
      const tested = split.flatMap((f) => f.test).sort((a, b) => a - b);
      assert.deepStrictEqual(tested, samples.map((_, i) => i), 'each sample is tested exactly once');
      for (const fold of split) {
        assert.strictEqual(fold.train.length + fold.test.length, samples.length);
        const testApps = new Set(fold.test.map((i) => samples[i]!.appKey));
        const trainApps = new Set(fold.train.map((i) => samples[i]!.appKey));
        assert.ok(testApps.size > 0);
        for (const app of testApps) assert.ok(!trainApps.has(app), `${app} in both train and test`);
      }
    }
  });

  it('trains a 50-run × 40-stage history within the report budget', function () {
    this.timeout(30_000);
    const random = lcg(21);
    const history = Array.from({ length: 50 }, (_, index) => syntheticApp({ index, partitions: PARTITION_CHOICES[index % 7]!, stages: 40 }, random));
    predictRuntime(history, history[0]!); // warm the JIT, as a running server would be
    const started = process.cpuUsage();
    const report = predictRuntime(history, history[1]!);
    const cpuMs = (process.cpuUsage(started).user + process.cpuUsage(started).system) / 1000;
    assert.strictEqual(report.samples, 2000);
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
  let logs: HistoryApplication[] = [];
  before(async function () {
    this.timeout(120_000);
    for (const folder of [EXAMPLE_LOGS, eventLogsDir()]) {
      for (const source of (await discoverEventLogs(folder)).sources) {
        const summary = await readEventLogSource(source);
        summary.applications.forEach((app, i) => logs.push({ ...app, appKey: `${source.path}#${i}` }));
      }
    }
    assert.ok(logs.length > 40, `only ${logs.length} applications read`);
  });
  after(() => {
    logs = [];
  });
  const examples = () => logs.filter((app) => app.appKey.startsWith(EXAMPLE_LOGS));

  it('gives finite scores or a reason for every kind of target, never throws, and repeats itself', function () {
    this.timeout(60_000);
    const shared = logs.filter((app) => !app.appKey.startsWith(EXAMPLE_LOGS));
    const noStage = shared.find((app) => stageSamples([app]).length === 0);
    const noExecutors = shared.find((app) => app.executors.length === 0 && app.stages.length > 0);
    assert.ok(noStage && noExecutors, 'the shared logs hold a run without completed stages and a Spark 1.2 run without executor events');
    const targets = [...examples(), noStage, noExecutors, ...shared.filter((_, i) => i % 6 === 0)];
    for (const target of targets) {
      const report = predictRuntime(logs, target);
      if (!report.available) {
        assert.ok(report.reason && report.reason.length > 0);
        continue;
      }
      for (const score of [report.model!, report.baseline!]) assert.ok(Number.isFinite(score.r2) && Number.isFinite(score.maeMs), `${target.appKey}: ${JSON.stringify(score)}`);
      for (const effect of report.effects) assert.ok(Number.isFinite(effect.currentDurationMs) && Number.isFinite(effect.predictedDurationMs) && effect.predictedDurationMs >= 0, JSON.stringify(effect));
      if (!stageSamples([target]).length) assert.match(report.reason!, /no completed stage/);
    }
    const marketing = examples().find((app) => app.name === 'marketing-weekly-report')!;
    assert.deepStrictEqual(predictRuntime(logs, marketing), predictRuntime(logs, marketing));
  });

  it('on the example runs alone: 12 applications, finite cross-validated scores, the 2000-partition setting tried', () => {
    const history = examples();
    const marketing = history.find((app) => app.name === 'marketing-weekly-report')!;
    const report = predictRuntime(history, marketing);
    assert.strictEqual(report.available, true, report.reason);
    assert.strictEqual(report.samples, history.reduce((n, app) => n + app.stages.filter((s) => s.status === 'complete' && s.submissionTime !== undefined && s.completionTime !== undefined).length, 0));
    assert.ok(Number.isFinite(report.model!.r2) && Number.isFinite(report.baseline!.r2));
    assert.ok(report.effects.some((e) => e.change.startsWith('spark.sql.shuffle.partitions 2000 → ')), report.effects.map((e) => e.change).join('; '));
    assert.deepStrictEqual(report, predictRuntime(history, marketing));
  });

  it('refuses one run alone', () => {
    const one = examples()[0]!;
    const report = predictRuntime([one], one);
    assert.strictEqual(report.available, false);
    assert.match(report.reason!, /1 application;/);
  });

  it('ranks the other daily-orders-etl runs above every other job for a daily-orders-etl target', () => {
    const history = examples();
    const target = history.find((app) => app.name === 'daily-orders-etl-2026-11-02')!;
    const siblings = history.filter((app) => /^daily-orders-etl-\d{4}-\d{2}-\d{2}$/.test(app.name ?? '') && app !== target).map((app) => app.appKey);
    assert.strictEqual(siblings.length, 2);
    const similar = similarRuns(history, target, 20);
    assert.strictEqual(similar.length, history.length - 1, 'every other run, the target left out');
    assert.ok(!similar.some((run) => run.appKey === target.appKey));
    assert.deepStrictEqual(similar.slice(0, 2).map((run) => run.appKey).sort(), [...siblings].sort());
    assert.ok(similar[1]!.similarity > similar[2]!.similarity);
    for (const run of similar.slice(0, 2)) assert.match(run.reason, /^same job, .*same stage shape/);
    assert.ok(similar.slice(2).every((run) => /^other job/.test(run.reason)));
    for (let i = 1; i < similar.length; i++) assert.ok(similar[i - 1]!.similarity >= similar[i]!.similarity);
    assert.ok(similar.every((run) => run.similarity >= 0 && run.similarity <= 1));
    assert.strictEqual(similarRuns(history, target, 3).length, 3);
    assert.strictEqual(similarRuns(history, target).length, 5);
  });

  it('labels similar runs with name and date and gives their wall time', () => {
    const history = examples();
    const target = history.find((app) => app.name === 'sessionize-clickstream')!;
    const [first] = similarRuns(history, target, 1);
    const twin = history.find((app) => app.name === 'sessionize-clickstream' && app !== target)!;
    assert.strictEqual(first!.appKey, twin.appKey);
    assert.strictEqual(first!.label, `sessionize-clickstream (${new Date(twin.startTime!).toISOString().slice(0, 10)})`);
    assert.strictEqual(first!.durationMs, twin.endTime! - twin.startTime!);
  });
});
