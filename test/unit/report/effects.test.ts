/**
 * The effect models on runs small enough to work out by hand (every figure below is computed in the
 * comments from the run's own numbers), then on generated pairs of runs of one job that differ only
 * in one setting, where the second run is what the "cluster" did (scripts/eventlog-generator/
 * configurationPairs.ts, whose physics is written apart from the models).
 */
import * as assert from 'assert';
import type { ApplicationSummary, PlanNodeSummary, StageSummary } from '../../../server/src/history/eventlog/types';
import { emptyTotals } from '../../../server/src/history/eventlog/totals';
import { calibrate, heldBytes, spilledBytes, type Calibration } from '../../../server/src/report/effects/calibration';
import { modelChange } from '../../../server/src/report/effects/change';
import { replayEffect } from '../../../server/src/report/effects/effect';
import { adaptiveModel, broadcastModel, coresModel, memoryModel, partitionsModel } from '../../../server/src/report/effects/models';
import { resplitTasks, withoutTime } from '../../../server/src/report/effects/resplit';
import { Simulation } from '../../../server/src/report/simulate';
import { judgeApplication, type KeyedApplication } from '../../../server/src/verdicts';
import { measureAllPairs, type PairOutcome } from '../helpers/effectPairs';

const MB = 1024 * 1024;

interface StageSpec {
  id: number;
  parents?: number[];
  submitted: number;
  completed: number;
  /** Every successful task took this long… */
  taskMs: number;
  tasks: number;
  /** …or these (exact quantiles). */
  durations?: number[];
  inputBytes?: number;
  shuffleReadBytes?: number;
  shuffleWriteBytes?: number;
  memorySpilledBytes?: number;
  diskSpilledBytes?: number;
}

function distribution(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const at = (q: number) => sorted[Math.min(Math.floor(q * n), n - 1)]!;
  return { count: n, min: sorted[0]!, max: sorted[n - 1]!, mean: sorted.reduce((a, b) => a + b, 0) / n, p5: at(0.05), p25: at(0.25), p50: at(0.5), p75: at(0.75), p95: at(0.95), exact: true };
}

function stage(spec: StageSpec): StageSummary {
  const durations = spec.durations ?? new Array<number>(spec.tasks).fill(spec.taskMs);
  const n = durations.length;
  const spilled = (spec.memorySpilledBytes ?? 0) + (spec.diskSpilledBytes ?? 0);
  return {
    stageId: spec.id,
    attemptId: 0,
    name: `stage ${spec.id}`,
    numTasks: n,
    status: 'complete',
    submissionTime: spec.submitted,
    completionTime: spec.completed,
    jobIds: [0],
    parentIds: spec.parents ?? [],
    tasks: {
      ...emptyTotals(),
      tasks: n,
      succeededTasks: n,
      durationMs: durations.reduce((a, b) => a + b, 0),
      executorRunTimeMs: durations.reduce((a, b) => a + b, 0),
      inputBytes: spec.inputBytes ?? 0,
      shuffleReadBytes: spec.shuffleReadBytes ?? 0,
      shuffleWriteBytes: spec.shuffleWriteBytes ?? 0,
      memorySpilledBytes: spec.memorySpilledBytes ?? 0,
      diskSpilledBytes: spec.diskSpilledBytes ?? 0,
    },
    taskDuration: distribution(durations),
    ...(spilled > 0 ? { spillPerTask: distribution(new Array<number>(n).fill(spilled / n)) } : {}),
    ...(spec.shuffleReadBytes ? { shuffleReadPerTask: distribution(new Array<number>(n).fill(spec.shuffleReadBytes / n)) } : {}),
    rddCallSites: [],
    slowestTasks: [],
  };
}

/** One 2-core executor from the start; one job (0) of SQL execution 0 holding every stage. */
function run(stages: StageSummary[], options: { end?: number; properties?: Record<string, string>; nodes?: PlanNodeSummary[] } = {}): KeyedApplication {
  const app: ApplicationSummary = {
    appId: 'app-hand',
    name: 'hand-made',
    sparkVersion: '3.5.1',
    startTime: 0,
    endTime: options.end ?? 10_000,
    completed: true,
    sparkProperties: { 'spark.master': 'yarn', ...(options.properties ?? {}) },
    executors: [{ executorId: '1', totalCores: 2, addedTime: 0 }],
    jobs: [{ jobId: 0, stageIds: stages.map((s) => s.stageId), sqlExecutionId: 0, properties: {} }],
    sqlExecutions: [{ executionId: 0, adaptive: false, nodes: options.nodes ?? [], jobIds: [0] }],
    cachedRdds: [],
    stages,
    totals: emptyTotals(),
  };
  return { ...app, appKey: 'app-hand/' };
}

/** Hand-set calibration: overhead 20 ms, 500 ms per MB, 100 MB per task, spill files at 10 MB/s. */
function calibration(overrides: Partial<Calibration> = {}): Calibration {
  return {
    taskOverheadMs: 20,
    overheadMeasured: true,
    msPerByte: 500 / MB,
    spillBytesPerMs: (10 * MB) / 1000,
    spillMeasured: true,
    expansion: 2.5,
    expansionMeasured: true,
    memoryPerTaskBytes: 100 * MB,
    // (700 MB − 300 MB reserved) × 0.5 / 2 cores = 100 MB.
    executorMemoryBytes: 700 * MB,
    memoryFraction: 0.5,
    coresPerExecutor: 2,
    ...overrides,
  };
}

function context(app: KeyedApplication, overrides: Partial<Calibration> = {}) {
  return { app, simulation: Simulation.of(app)!, calibration: calibration(overrides) };
}

const sorted = (values: ArrayLike<number>) => Array.from(values).sort((a, b) => a - b);
const round = (values: ArrayLike<number>) => Array.from(values, (v) => Math.round(v * 1000) / 1000);

describe('effect models: runs worked out by hand', () => {
  it('re-splits a stage: merged tasks add their work and drop overheads, split tasks share it, a hot key stays whole', () => {
    // Four tasks of 100 ms with 10 ms overhead each: 90 ms of work apiece.
    assert.deepStrictEqual(Array.from(resplitTasks([100, 100, 100, 100], 2, 10)), [190, 190]);
    assert.deepStrictEqual(Array.from(resplitTasks([100, 100, 100, 100], 8, 10)), [55, 55, 55, 55, 55, 55, 55, 55]);
    // Median work 10 ms: a task may take 5 × 10 = 50 ms of evenly spread work; the rest of the hot one stays in its first piece.
    assert.deepStrictEqual(Array.from(resplitTasks([10, 10, 10, 1000], 8, 0)), [5, 5, 5, 5, 5, 5, 975, 25]);
    // Spill time removed from a stage, and spill time added, in proportion to the work.
    // 200 ms − 2·10 ms overhead − 80 ms + 20 ms = 120 ms of work: 60 ms each, + 10 ms.
    assert.deepStrictEqual(Array.from(resplitTasks([100, 100], 2, 10, { removeWorkMs: 80, addWorkMs: 20 })), [70, 70]);
    assert.deepStrictEqual(Array.from(withoutTime([300, 100], 200)), [150, 50]);
  });

  it('spills whole buffers: what a task held, from what it spilled and read; what it spills with other memory', () => {
    // Spilled one 100 MB buffer; read 60 MB that take 2.5× in memory: held 150 MB.
    assert.strictEqual(heldBytes(100 * MB, 100 * MB, 150 * MB), 150 * MB);
    // The bytes cannot say less than what was spilled, nor more than one more buffer.
    assert.strictEqual(heldBytes(100 * MB, 100 * MB, 50 * MB), 100 * MB);
    assert.strictEqual(heldBytes(100 * MB, 100 * MB, 500 * MB), 200 * MB);
    // Without bytes, the last buffer is half full.
    assert.strictEqual(heldBytes(100 * MB, 100 * MB), 150 * MB);
    assert.strictEqual(spilledBytes(150 * MB, 200 * MB), 0);
    // 300 MB through 100 MB buffers: on average all but half a buffer is spilled; at least one buffer.
    assert.strictEqual(spilledBytes(300 * MB, 100 * MB), 250 * MB);
    assert.strictEqual(spilledBytes(120 * MB, 100 * MB), 100 * MB);
  });

  it('calibrates from the run: overhead from its smallest tasks, rate from stages that did not spill, spill rate from those that did', () => {
    const app = run([
      // 4 tasks of 1 s reading 128 MB each; 8 tasks of 30 ms reading 1 MB each (small: their 5th percentile, 30 ms, is the overhead).
      stage({ id: 0, submitted: 0, completed: 2000, taskMs: 1000, tasks: 4, inputBytes: 512 * MB }),
      stage({ id: 1, parents: [0], submitted: 2000, completed: 2200, taskMs: 30, tasks: 8, shuffleReadBytes: 8 * MB }),
      // Spilled 40 MB to disk (100 MB from memory) over 2 tasks of 10 s reading 100 MB each.
      stage({ id: 2, submitted: 2200, completed: 12_200, taskMs: 10_000, tasks: 2, shuffleReadBytes: 200 * MB, memorySpilledBytes: 100 * MB, diskSpilledBytes: 40 * MB }),
    ], { end: 13_000, properties: { 'spark.executor.memory': '700m', 'spark.memory.fraction': '0.5', 'spark.executor.cores': '2' } });
    const c = calibrate(app);
    assert.strictEqual(c.taskOverheadMs, 30);
    assert.strictEqual(c.overheadMeasured, true);
    // Work beyond overheads over bytes of the stages without spill: (4000 − 4·30) + (240 − 8·30) ms over 520 MB.
    assert.ok(Math.abs(c.msPerByte * MB - 3880 / 520) < 1e-9, String(c.msPerByte * MB));
    // Stage 2: 20,000 ms − 2·30 ms − 200 MB at that rate leaves the spill's time, capped at half the stage's task time.
    const spillMs = Math.min(20_000 - 60 - 200 * (3880 / 520), 10_000);
    assert.ok(Math.abs(c.spillBytesPerMs - (40 * MB) / spillMs) < 1e-6);
    assert.strictEqual(c.expansion, 2.5);
    assert.strictEqual(c.memoryPerTaskBytes, 100 * MB);
  });

  it('shuffle partitions 8 → 2: tiny tasks merged, their overheads gone', () => {
    // Stage 1: 8 tasks of 1,000 ms reading 1 MB each (tiny): at 500 ms/MB, 500 ms of each is overhead.
    const app = run([stage({ id: 0, submitted: 1000, completed: 3000, taskMs: 1000, tasks: 4, inputBytes: 512 * MB }), stage({ id: 1, parents: [0], submitted: 3000, completed: 7000, taskMs: 1000, tasks: 8, shuffleReadBytes: 8 * MB })], { properties: { 'spark.sql.shuffle.partitions': '8' } });
    const ctx = context(app);
    const modelled = partitionsModel(ctx, [app.stages[1]!], 2);
    // 8,000 ms − 8 × 500 ms overhead = 4,000 ms of work: two tasks of 2,000 + 500 ms.
    assert.deepStrictEqual(Array.from(modelled.scenario.tasks!.get('1.0')!), [2500, 2500]);
    const effect = replayEffect(ctx.simulation, 10_000, modelled, { currency: '$' });
    // 4 waves of 1,000 ms on 2 cores → one wave of 2,500 ms.
    assert.strictEqual(effect.predictedDurationMs, 10_000 - 1500);
    assert.deepStrictEqual(effect.stages, [{ stageId: 1, attemptId: 0, beforeMs: 4000, afterMs: 2500 }]);
    assert.strictEqual(effect.expected, 'Expected: stage 1 −1.5 s, run 10 s → 8.5 s, core-hours −15%');
    // The same change as a setting goes through the same model (stages sized by the setting: 8 tasks reading a shuffle).
    assert.deepStrictEqual(modelChange(ctx, { key: 'spark.sql.shuffle.partitions', value: '2' })?.scenario.tasks?.get('1.0'), modelled.scenario.tasks!.get('1.0'));
  });

  // Two tasks of 10 s reading 60 MB each, each spilling one 100 MB buffer (40 MB on disk): held 150 MB.
  const spilling = () => run([stage({ id: 0, submitted: 0, completed: 10_000, taskMs: 10_000, tasks: 2, shuffleReadBytes: 120 * MB, memorySpilledBytes: 200 * MB, diskSpilledBytes: 80 * MB })], { end: 12_000, properties: { 'spark.sql.shuffle.partitions': '2' } });

  it('shuffle partitions 2 → 4: the spill goes (75 MB held per task fits 100 MB), the work is shared', () => {
    const ctx = context(spilling());
    const modelled = partitionsModel(ctx, [ctx.app.stages[0]!], 4);
    // Spill time: 80 MB at 10 MB/s = 8 s. Work: 20,000 − 2·20 − 8,000 = 11,960 ms → 2,990 ms per new task, + 20 ms.
    assert.deepStrictEqual(round(modelled.scenario.tasks!.get('0.0')!), [3010, 3010, 3010, 3010]);
    assert.strictEqual(replayEffect(ctx.simulation, 12_000, modelled, { currency: '$' }).predictedDurationMs, 12_000 - (10_000 - 6020));
  });

  it('shuffle partitions 2 → 1: one task holds 300 MB and spills 250 MB, 100 MB on disk, 10 s more', () => {
    const ctx = context(spilling());
    const modelled = partitionsModel(ctx, [ctx.app.stages[0]!], 1);
    // 20,000 − 2·20 − 8,000 + 10,000 = 21,960 ms of work, + 20 ms.
    assert.deepStrictEqual(round(modelled.scenario.tasks!.get('0.0')!), [21_980]);
  });

  it('executor memory 700 MB → 1100 MB: 200 MB per task holds the 150 MB, the 8 s of spill go', () => {
    const ctx = context(spilling());
    const modelled = memoryModel(ctx, { executorMemoryBytes: 1100 * MB });
    // 20 s of tasks less 8 s: each task keeps 60 %.
    assert.deepStrictEqual(Array.from(modelled.scenario.tasks!.get('0.0')!), [6000, 6000]);
    assert.strictEqual(replayEffect(ctx.simulation, 12_000, modelled, { currency: '$' }).predictedDurationMs, 8000);
    // memory.fraction 0.5 → 0.8 gives (700 − 300) × 0.8 / 2 = 160 MB per task: enough as well.
    assert.deepStrictEqual(Array.from(memoryModel(ctx, { memoryFraction: 0.8 }).scenario.tasks!.get('0.0')!), [6000, 6000]);
    // 125 MB per task does not hold 150 MB: one (bigger) buffer is still spilled, 25 % more bytes, 2 s more.
    assert.deepStrictEqual(Array.from(memoryModel(ctx, { executorMemoryBytes: 800 * MB }).scenario.tasks!.get('0.0')!), [11_000, 11_000]);
  });

  it('executor instances ×2: the same tasks on twice the cores', () => {
    const app = run([stage({ id: 0, submitted: 0, completed: 2000, taskMs: 1000, tasks: 4, inputBytes: 512 * MB })], { end: 3000 });
    const simulation = Simulation.of(app)!;
    assert.strictEqual(replayEffect(simulation, 3000, coresModel(2), { currency: '$' }).predictedDurationMs, 2000);
    assert.strictEqual(replayEffect(simulation, 3000, coresModel(2), { currency: '$', pricePerCoreHour: 1 }).expected, 'Expected: stage 0 −1 s, run 3 s → 2 s, cost +33%');
  });

  it('broadcast: the sorts and the large side\'s shuffle write and fetch wait go, the broadcast is added', () => {
    const nodes: PlanNodeSummary[] = [
      { nodeIndex: 0, nodeName: 'SortMergeJoin', kind: 'join', simpleString: 'SortMergeJoin [k], [k], Inner', metrics: {}, sideBytes: [1024 * MB, 10 * MB], joinType: 'Inner' },
      { nodeIndex: 1, parentIndex: 0, nodeName: 'Sort', kind: 'sort', simpleString: 'Sort', metrics: { 'sort time': 3000 } },
      { nodeIndex: 2, parentIndex: 1, nodeName: 'Exchange', kind: 'exchange', simpleString: 'Exchange', metrics: { 'shuffle write time': 2000, 'fetch wait time': 500, 'shuffle bytes written': 1024 * MB } },
      { nodeIndex: 3, parentIndex: 2, nodeName: 'Scan parquet', kind: 'scan', simpleString: 'FileScan', metrics: {} },
      { nodeIndex: 4, parentIndex: 0, nodeName: 'Sort', kind: 'sort', simpleString: 'Sort', metrics: { 'sort time': 100 } },
      { nodeIndex: 5, parentIndex: 4, nodeName: 'Exchange', kind: 'exchange', simpleString: 'Exchange', metrics: { 'shuffle write time': 10, 'fetch wait time': 5, 'shuffle bytes written': 10 * MB } },
      { nodeIndex: 6, parentIndex: 5, nodeName: 'Scan parquet', kind: 'scan', simpleString: 'FileScan', metrics: {} },
    ];
    const app = run(
      [
        stage({ id: 1, submitted: 500, completed: 1000, taskMs: 500, tasks: 1, shuffleWriteBytes: 10 * MB }),
        stage({ id: 0, submitted: 1000, completed: 5000, taskMs: 2000, tasks: 4, shuffleWriteBytes: 1024 * MB }),
        stage({ id: 2, parents: [0, 1], submitted: 5000, completed: 8600, taskMs: 1800, tasks: 4, shuffleReadBytes: 1034 * MB }),
      ],
      { nodes, properties: { 'spark.sql.autoBroadcastJoinThreshold': '-1' } },
    );
    const verdicts = judgeApplication(app);
    assert.strictEqual(verdicts.joins.length, 1);
    const ctx = context(app);
    const modelled = broadcastModel(ctx, verdicts.joins);
    // Map side: 8,000 ms less 2,000 ms of shuffle write; reduce side: 7,200 ms less 3,100 ms of sorts and 500 ms of fetch wait.
    assert.deepStrictEqual(Array.from(modelled.scenario.tasks!.get('0.0')!), [1500, 1500, 1500, 1500]);
    assert.deepStrictEqual(Array.from(modelled.scenario.tasks!.get('2.0')!), [900, 900, 900, 900]);
    // 10 MB collected and sent out to 1 executor (1 + log2(2) = 2 copies) at 100 MB/s.
    assert.strictEqual(modelled.scenario.extraDriverMs, 200);
    // Replayed: stage 0 4,000 → 3,000 ms, stage 2 3,600 → 1,800 ms, + 200 ms.
    assert.strictEqual(replayEffect(ctx.simulation, 10_000, modelled, { currency: '$' }).predictedDurationMs, 10_000 - 1000 - 1800 + 200);
    // As a threshold (broadcasts were off: -1): 16m takes the 10 MB side, 8m does not.
    assert.strictEqual(modelChange(ctx, { key: 'spark.sql.autoBroadcastJoinThreshold', value: '16m' })?.scenario.extraDriverMs, 200);
    assert.strictEqual(modelChange(ctx, { key: 'spark.sql.autoBroadcastJoinThreshold', value: '8m' })?.scenario.extraDriverMs, 0);
  });

  it('AQE: tiny partitions coalesced to the cores, a skewed task cut at 5× the median', () => {
    // 40 tasks of 30 ms reading 0.5 MB each (20 MB): the target is 20 MB / 2 cores = 10 MB, 2 partitions.
    const tiny = stage({ id: 0, submitted: 0, completed: 600, taskMs: 30, tasks: 40, shuffleReadBytes: 20 * MB });
    const skewed = stage({ id: 1, parents: [0], submitted: 600, completed: 2700, taskMs: 0, tasks: 10, durations: [...new Array<number>(9).fill(100), 2000], shuffleReadBytes: 100 * MB });
    const app = run([tiny, skewed], { end: 3000 });
    const ctx = context(app, { taskOverheadMs: 10, msPerByte: 20 / MB });
    const modelled = adaptiveModel(ctx, [tiny], [skewed]);
    // Overhead of a tiny task: 30 − 0.5 MB × 20 ms/MB = 20 ms. Work 1,200 − 40·20 = 400 ms: two tasks of 200 + 20 ms.
    assert.deepStrictEqual(round(modelled.scenario.tasks!.get('0.0')!), [220, 220]);
    // The 2,000 ms task over 5 × 100 ms: 4 pieces of 500 ms, each after the first paying 10 ms overhead.
    assert.deepStrictEqual(sorted(modelled.scenario.tasks!.get('1.0')!), [...new Array<number>(9).fill(100), 500, 510, 510, 510]);
  });
});

describe('effect models against generated pairs of runs', function () {
  this.timeout(300_000);
  let outcomes: PairOutcome[];
  before(async () => {
    outcomes = await measureAllPairs();
  });

  it('covers every modelled kind of change', () => {
    assert.deepStrictEqual(
      [...new Set(outcomes.map((o) => o.pair.change.key))].sort(),
      ['spark.executor.instances', 'spark.executor.memory', 'spark.memory.fraction', 'spark.sql.adaptive.enabled', 'spark.sql.adaptive.skewJoin.enabled', 'spark.sql.autoBroadcastJoinThreshold', 'spark.sql.shuffle.partitions'],
    );
  });

  it('each pair differs only in its setting', () => {
    for (const { pair, before, after } of outcomes) {
      const changed = Object.keys({ ...before.sparkProperties, ...after.sparkProperties }).filter((key) => !/^spark\.app\.(id|name|startTime|submitTime)$|^spark\.driver\.(host|port)$/.test(key) && before.sparkProperties[key] !== after.sparkProperties[key]);
      const expected = pair.change.key === 'spark.executor.instances' ? ['spark.executor.instances'] : [pair.change.key];
      assert.deepStrictEqual(changed, expected, pair.model);
      assert.strictEqual(before.name, after.name, pair.model);
    }
  });

  it('predicts the second run\'s wall time within 5 % and the change in the right direction, within a third of its size', () => {
    for (const outcome of outcomes) {
      const label = `${outcome.pair.model}: ${Math.round(outcome.observedBeforeMs)} ms → measured ${Math.round(outcome.observedAfterMs)} ms, predicted ${Math.round(outcome.predictedAfterMs)} ms`;
      assert.ok(outcome.error < 0.05, label);
      assert.ok(outcome.observedAfterMs < outcome.observedBeforeMs, `${label}: the pair should show a gain`);
      assert.ok(outcome.changeRatio > 0.67 && outcome.changeRatio < 1.5, `${label}: predicted/measured change ${outcome.changeRatio.toFixed(2)}`);
    }
  });
});
