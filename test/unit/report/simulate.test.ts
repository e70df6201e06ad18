import * as assert from 'assert';
import * as path from 'path';
import * as readline from 'readline';
import { openDecodedStream } from '../../../server/src/history/decode';
import { discoverEventLogs, readEventLogSource, type ApplicationSummary, type EventLogSource, type StageSummary, type TaskTotals } from '../../../server/src/history/eventlog';
import { DEFAULT_CORE_FACTORS, observedCores, Simulation, simulateClusterSizes, simulateDuration, timeBreakdown } from '../../../server/src/report/simulate';
import { coreTimeline, phaseSlotSteps } from '../../../server/src/report/simulate/capacity';
import { defaultExecutorCores } from '../../../server/src/report/simulate/observedCores';
import { replayPhase } from '../../../server/src/report/simulate/replay';
import { buildRunModel } from '../../../server/src/report/simulate/runModel';
import { generalReplayDuration } from '../helpers/generalReplay';
import { sortedDurationsFromDistribution } from '../../../server/src/report/simulate/taskDurations';
import { REPO_ROOT } from '../helpers/fixtures';
import { eventLogsDir } from '../helpers/sharedLogs';
import { emptyTotals } from '../../../server/src/history/eventlog/totals';

function totals(tasks: number, succeeded: number, durationMs: number): TaskTotals {
  return { ...emptyTotals(), tasks, succeededTasks: succeeded, failedTasks: tasks - succeeded, durationMs, executorRunTimeMs: durationMs };
}

/** A stage attempt whose successful tasks took exactly `durations` (few enough for exact quantiles). */
function stage(options: { id: number; attempt?: number; parents?: number[]; jobs: number[]; submitted: number; completed: number; durations: number[]; failedMs?: number[] }): StageSummary {
  const sorted = [...options.durations].sort((a, b) => a - b);
  const n = sorted.length;
  const at = (q: number) => sorted[Math.min(Math.floor(q * n), n - 1)]!;
  const failed = options.failedMs ?? [];
  const successfulMs = sorted.reduce((a, b) => a + b, 0);
  return {
    stageId: options.id,
    attemptId: options.attempt ?? 0,
    status: failed.length > 0 ? 'failed' : 'complete',
    submissionTime: options.submitted,
    completionTime: options.completed,
    jobIds: options.jobs,
    parentIds: options.parents ?? [],
    tasks: totals(n + failed.length, n, successfulMs + failed.reduce((a, b) => a + b, 0)),
    taskDuration: n === 0 ? undefined : { count: n, min: sorted[0]!, max: sorted[n - 1]!, mean: successfulMs / n, p5: at(0.05), p25: at(0.25), p50: at(0.5), p75: at(0.75), p95: at(0.95), exact: true },
    rddCallSites: [],
    slowestTasks: [],
  };
}

function application(options: { start: number; end: number; stages: StageSummary[]; executors?: ApplicationSummary['executors']; master?: string }): ApplicationSummary {
  return {
    appId: 'app-test',
    startTime: options.start,
    endTime: options.end,
    completed: true,
    sparkProperties: options.master ? { 'spark.master': options.master } : {},
    executors: options.executors ?? [],
    jobs: [],
    sqlExecutions: [],
    cachedRdds: [],
    stages: options.stages,
    totals: totals(0, 0, 0),
  };
}

describe('report simulation: hand-made runs', () => {
  // One 2-core executor. Stage 0 (tasks 100, 300 ms) runs 100–400, stage 1 (child of 0, three
  // tasks of 50 ms) runs 410–520; the app lasts 0–1000, so driver time = 1000 − 300 − 110 = 590.
  const chain = application({
    start: 0,
    end: 1000,
    executors: [{ executorId: '1', totalCores: 2, addedTime: 0 }],
    stages: [stage({ id: 0, jobs: [0], submitted: 100, completed: 400, durations: [100, 300] }), stage({ id: 1, parents: [0], jobs: [0], submitted: 410, completed: 520, durations: [50, 50, 50] })],
  });

  it('a chain of two stages: driver time, critical path, ideal time and replays worked out by hand', () => {
    assert.strictEqual(observedCores(chain), 2);
    const breakdown = timeBreakdown(chain, 2);
    assert.strictEqual(breakdown.driverTimeMs, 590);
    assert.strictEqual(breakdown.executorTimeMs, 410);
    // Unlimited slots: each stage lasts its slowest task: 590 + 300 + 50.
    assert.strictEqual(breakdown.criticalPathMs, 940);
    // 550 ms of tasks over 2 slots.
    assert.strictEqual(breakdown.idealTimeMs, 590 + 550 / 2);
    // 2 slots: stage 0 in parallel (300), stage 1 as 2 + 1 tasks (100).
    assert.strictEqual(simulateDuration(chain, 2), 590 + 300 + 100);
    // 1 slot: everything in sequence.
    assert.strictEqual(simulateDuration(chain, 1), 590 + 400 + 150);
    // 3 slots: stage 1 in one wave.
    assert.strictEqual(simulateDuration(chain, 3), 590 + 300 + 50);
    assert.strictEqual(simulateDuration(chain, 1000), breakdown.criticalPathMs);
  });

  it('two parallel stages share the slots in FIFO order (job, then stage id) before their child', () => {
    // Stages 0 (4 × 100 ms) and 1 (2 × 300 ms) are submitted together at 100; stage 2 (child of
    // both, 1 × 50 ms) runs 610–660. Driver time = 1000 − 500 − 50 = 450.
    const parallel = application({
      start: 0,
      end: 1000,
      executors: [{ executorId: '1', totalCores: 2, addedTime: 0 }],
      stages: [
        stage({ id: 0, jobs: [0], submitted: 100, completed: 300, durations: [100, 100, 100, 100] }),
        stage({ id: 1, jobs: [0], submitted: 100, completed: 600, durations: [300, 300] }),
        stage({ id: 2, parents: [0, 1], jobs: [0], submitted: 610, completed: 660, durations: [50] }),
      ],
    });
    assert.strictEqual(timeBreakdown(parallel, 2).driverTimeMs, 450);
    // 2 slots: stage 0 in two waves (0–200), then stage 1 (200–500); then stage 2 (50).
    assert.strictEqual(simulateDuration(parallel, 2), 450 + 500 + 50);
    // 4 slots: stage 0 takes all four at 0; stage 1 starts when two free at 100 → 400.
    assert.strictEqual(simulateDuration(parallel, 4), 450 + 400 + 50);
    // 6 slots: everything at once: 300.
    assert.strictEqual(simulateDuration(parallel, 6), 450 + 300 + 50);
    assert.strictEqual(timeBreakdown(parallel, 2).criticalPathMs, 450 + 300 + 50);
    const whatIf = simulateClusterSizes(parallel)!;
    assert.strictEqual(whatIf.observedCores, 2);
    assert.strictEqual(whatIf.observedDurationMs, 1000);
    assert.strictEqual(whatIf.modelError, 0);
    assert.deepStrictEqual(
      whatIf.simulated.map((point) => point.cores),
      [0.25, 0.315, 0.397, 0.5, 0.63, 0.794, 1, 1.26, 1.587, 2, 2.52, 3.17, 4].map((f) => Math.max(1, Math.round(2 * f))),
    );
  });

  it('a retried stage waits for the failed attempt and its observed delay; failed task time holds a slot', () => {
    // Stage 0 attempt 0 fails (tasks 100, 100 and a failed one of 40 ms), attempt 1 is submitted 50
    // ms after (one task of 100), while stage 5 (job 1, one task of 400) runs alongside: one phase 0–420.
    const retried = application({
      start: 0,
      end: 500,
      executors: [{ executorId: '1', totalCores: 1, addedTime: 0 }],
      stages: [
        stage({ id: 0, jobs: [0], submitted: 0, completed: 250, durations: [100, 100], failedMs: [40] }),
        stage({ id: 5, jobs: [1], submitted: 0, completed: 420, durations: [400] }),
        stage({ id: 0, attempt: 1, jobs: [0], submitted: 300, completed: 400, durations: [100] }),
      ],
    });
    // 1 slot: attempt 0 first (job 0): 0–240; attempt 1 ready at 240 + 50 = 290, but stage 5 took
    // the slot at 240 → 640; then attempt 1 → 740. Driver time 500 − 420 = 80.
    assert.strictEqual(simulateDuration(retried, 1), 80 + 740);
    // Unlimited: attempt 0 ends at 100, attempt 1 runs 150–250, stage 5 0–400.
    assert.strictEqual(timeBreakdown(retried, 1).criticalPathMs, 80 + 400);
  });

  it('slots follow the executors alive: a stage submitted before any executor waits for one', () => {
    // Stage 0 (2 × 100 ms) submitted at 0, the only executor (2 cores) registers at 300.
    const late = application({ start: 0, end: 500, executors: [{ executorId: '1', totalCores: 2, addedTime: 300 }], stages: [stage({ id: 0, jobs: [0], submitted: 0, completed: 400, durations: [100, 100] })] });
    assert.strictEqual(simulateDuration(late, 2), 100 + 400);
    // 4 cores would not help the wait: 300 + 100.
    assert.strictEqual(simulateDuration(late, 4), 100 + 400);
    // The critical path assumes executors are there: 100 + 100.
    assert.strictEqual(timeBreakdown(late, 2).criticalPathMs, 200);
  });

  it('observed cores: busiest moment while stages ran, local masters, old logs', () => {
    const stages = [stage({ id: 0, jobs: [0], submitted: 100, completed: 400, durations: [100, 300] })];
    // Executor 2 replaces 1 at 200 (removal first at equal times); executor 3 joins after the last stage.
    const dynamic = application({
      start: 0,
      end: 1000,
      stages,
      executors: [
        { executorId: '1', totalCores: 4, addedTime: 0, removedTime: 200 },
        { executorId: '2', totalCores: 4, addedTime: 200 },
        { executorId: '3', totalCores: 8, addedTime: 500 },
      ],
    });
    assert.strictEqual(observedCores(dynamic), 4);
    assert.strictEqual(observedCores(application({ start: 0, end: 1000, stages, master: 'local[*]', executors: [{ executorId: 'driver', totalCores: 12, addedTime: 0 }] })), 12);
    assert.strictEqual(observedCores(application({ start: 0, end: 1000, stages, master: 'local[3]' })), 3);
    assert.strictEqual(observedCores(application({ start: 0, end: 1000, stages, master: 'local[2,4]' })), 2);
    assert.strictEqual(observedCores(application({ start: 0, end: 1000, stages, master: 'local-cluster[2,3,1024]' })), 6);
    assert.strictEqual(observedCores(application({ start: 0, end: 1000, stages, master: 'local' })), 1);
    // No executor, local[*] unresolved: 400 ms of tasks in a 300 ms stage → at least 2 slots.
    assert.strictEqual(observedCores(application({ start: 0, end: 1000, stages, master: 'local[*]' })), 2);
  });

  it('no what-if without completed stages or without an end', () => {
    assert.strictEqual(simulateClusterSizes(application({ start: 0, end: 1000, stages: [] })), null);
    const running = application({ start: 0, end: 1000, stages: [stage({ id: 0, jobs: [0], submitted: 100, completed: 400, durations: [100] })] });
    assert.strictEqual(simulateClusterSizes({ ...running, endTime: undefined, completed: false }), null);
    assert.deepStrictEqual(timeBreakdown(application({ start: 0, end: 1000, stages: [] }), 4), { driverTimeMs: 1000, executorTimeMs: 0, criticalPathMs: 1000, idealTimeMs: 1000 });
  });
});

describe('report simulation: task durations rebuilt from a summary', () => {
  it('exactly count values through the quantiles, min, max and slowest tasks, summing to count × mean', () => {
    const distribution = { count: 200, min: 10, max: 412_000, mean: 11_000, p5: 6000, p25: 8000, p50: 9000, p75: 10_000, p95: 12_000, exact: false };
    const values = sortedDurationsFromDistribution(distribution, [412_000, 30_000]);
    assert.strictEqual(values.length, 200);
    for (let i = 1; i < values.length; i++) assert.ok(values[i]! >= values[i - 1]!, `sorted at ${i}`);
    assert.strictEqual(values[0], 10);
    assert.strictEqual(values[199], 412_000);
    assert.strictEqual(values[198], 30_000);
    // Nearest-rank: the q-quantile is the value at floor(q · 200).
    assert.strictEqual(values[10], 6000);
    assert.strictEqual(values[50], 8000);
    assert.strictEqual(values[100], 9000);
    assert.strictEqual(values[150], 10_000);
    assert.strictEqual(values[190], 12_000);
    const sum = values.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(sum - 200 * 11_000) < 1e-6, `sum ${sum}`);
  });

  it('when the anchors cannot reach the mean, values go as far as they may and no further', () => {
    // Mean above what any values between the anchors allow: all interior values at their upper anchor.
    const values = sortedDurationsFromDistribution({ count: 5, min: 1, max: 10, mean: 100, p5: 1, p25: 2, p50: 3, p75: 4, p95: 10, exact: true });
    assert.deepStrictEqual(values, [1, 2, 3, 4, 10]);
  });
});

/** Start and end timestamps of each application in a log, read straight from the JSON lines. */
async function rawApplicationTimes(source: EventLogSource): Promise<Array<{ start?: number; end?: number }>> {
  const apps: Array<{ start?: number; end?: number }> = [];
  for (const file of source.files) {
    const lines = readline.createInterface({ input: openDecodedStream(file, { allowTruncatedEnd: true }), crlfDelay: Infinity });
    for await (const line of lines) {
      if (!line.includes('SparkListenerApplication')) continue;
      let event: { Event?: string; Timestamp?: number };
      try {
        event = JSON.parse(line);
      } catch {
        continue;
      }
      if (event.Event === 'SparkListenerApplicationStart') apps.push({ start: event.Timestamp });
      else if (event.Event === 'SparkListenerApplicationEnd' && apps.length > 0) apps[apps.length - 1]!.end = event.Timestamp;
    }
  }
  return apps;
}

interface LoggedRun {
  name: string;
  shared: boolean;
  app: ApplicationSummary;
  rawDurationMs: number | null;
}

async function loggedRuns(): Promise<LoggedRun[]> {
  const runs: LoggedRun[] = [];
  for (const [dir, shared] of [
    [eventLogsDir(), true],
    [path.join(REPO_ROOT, 'examples', 'eventlogs'), false],
  ] as const) {
    const { sources } = await discoverEventLogs(dir);
    for (const source of sources) {
      let summary;
      try {
        summary = await readEventLogSource(source);
      } catch {
        continue; // Logs the reader rejects (corrupt on purpose) have nothing to simulate.
      }
      const raw = await rawApplicationTimes(source);
      summary.applications.forEach((app, i) => {
        const times = raw[i];
        const rawDurationMs = times?.start !== undefined && times.end !== undefined ? times.end - times.start : null;
        runs.push({ name: path.relative(dir, source.path), shared, app, rawDurationMs });
      });
    }
  }
  return runs;
}

/**
 * Bound on |simulated − observed| / observed at the observed size. What the replay cannot see is
 * time between tasks that no task duration records: delay scheduling (locality wait, 3 s per stage
 * by default), executors registering, task launch and result fetching. Across the shared logs that
 * stays near 10 % (worst: a RAPIDS run whose tasks waited seconds for newly registered executors);
 * the generated examples have none of it.
 */
const SHARED_ERROR_BOUND = 0.15;
const EXAMPLE_ERROR_BOUND = 0.05;

describe('report simulation: real event logs', function () {
  this.timeout(120_000);
  let runs: LoggedRun[] = [];
  before(async () => {
    runs = await loggedRuns();
  });

  it('the replay at the observed size is close to the observed wall time (ApplicationEnd − ApplicationStart)', () => {
    const errors: Array<{ name: string; error: number; bound: number }> = [];
    for (const run of runs) {
      const whatIf = simulateClusterSizes(run.app);
      const hasStages = run.app.stages.some((s) => s.submissionTime !== undefined && s.completionTime !== undefined);
      if (run.rawDurationMs === null || run.rawDurationMs <= 0 || !hasStages) {
        assert.strictEqual(whatIf, null, `${run.name}: no wall time or no completed stage, no what-if`);
        continue;
      }
      assert.ok(whatIf, `${run.name}: a what-if`);
      assert.strictEqual(whatIf.observedDurationMs, run.rawDurationMs, run.name);
      const error = Math.abs(simulateDuration(run.app, whatIf.observedCores) - run.rawDurationMs) / run.rawDurationMs;
      assert.ok(Math.abs(error - whatIf.modelError) < 1e-9, `${run.name}: modelError ${whatIf.modelError} vs ${error}`);
      errors.push({ name: run.name, error, bound: run.shared ? SHARED_ERROR_BOUND : EXAMPLE_ERROR_BOUND });
    }
    assert.ok(errors.length >= 40, `simulated ${errors.length} runs`);
    const worst = [...errors].sort((a, b) => b.error - a.error).slice(0, 5);
    console.log(`      worst model errors: ${worst.map((e) => `${e.name} ${(e.error * 100).toFixed(1)} %`).join(', ')}`);
    for (const e of errors) assert.ok(e.error <= e.bound, `${e.name}: model error ${(e.error * 100).toFixed(1)} % > ${e.bound * 100} %`);
  });

  it('its shortcuts give exactly what the general replay gives: every size of the what-if, unlimited cores, and a changed stage', () => {
    let compared = 0;
    for (const run of runs) {
      const simulation = Simulation.of(run.app);
      if (!simulation) continue;
      for (const scale of [...DEFAULT_CORE_FACTORS, Number.POSITIVE_INFINITY]) {
        const general = generalReplayDuration(run.app, scale)!;
        assert.ok(Math.abs(simulation.duration(simulation.observedCores * scale) - general) < 1e-6, `${run.name} at ${scale}×: ${simulation.duration(simulation.observedCores * scale)} vs ${general}`);
        compared++;
      }
      // A changed stage at the observed size: only its phase is replayed again; the others keep their baseline time.
      const stage = simulation.model.phases.flatMap((phase) => phase.stages).find((s) => s.taskDurations.length > 1);
      if (!stage) continue;
      const halved = Float64Array.from(stage.taskDurations, (d) => d / 2);
      const changed = simulation.replay({ tasks: new Map([[stage.key, halved]]) }).durationMs;
      const longWay = buildRunModel(run.app)!;
      let expected = longWay.driverTimeMs;
      for (const phase of longWay.phases) {
        const replayed = { ...phase, stages: phase.stages.map((s) => (s.key === stage.key ? { ...s, taskDurations: halved } : s)) };
        expected += replayPhase(replayed, phaseSlotSteps(coreTimeline(run.app, defaultExecutorCores(run.app)) ?? [{ time: Number.NEGATIVE_INFINITY, cores: simulation.observedCores }], phase, 1, simulation.taskCpus, simulation.observedCores));
      }
      assert.ok(Math.abs(changed - expected) < 1e-6, `${run.name}, stage ${stage.key} halved: ${changed} vs ${expected}`);
    }
    assert.ok(compared >= 40 * 14, `${compared} replays compared`);
  });

  it('more cores are never slower; the replay never beats the critical path or the ideal time', () => {
    for (const run of runs) {
      const whatIf = simulateClusterSizes(run.app);
      if (!whatIf) continue;
      const points = whatIf.simulated;
      assert.strictEqual(points.length, 13);
      for (let i = 1; i < points.length; i++) {
        assert.ok(points[i]!.cores >= points[i - 1]!.cores, `${run.name}: sizes ascend`);
        assert.ok(points[i]!.durationMs <= points[i - 1]!.durationMs + 1e-6, `${run.name}: ${points[i]!.cores} cores slower than ${points[i - 1]!.cores}`);
      }
      for (const point of points) {
        const breakdown = timeBreakdown(run.app, point.cores);
        assert.ok(breakdown.criticalPathMs <= point.durationMs + 1e-6, `${run.name} at ${point.cores}: critical path ${breakdown.criticalPathMs} > ${point.durationMs}`);
        assert.ok(breakdown.idealTimeMs <= point.durationMs + 1e-6, `${run.name} at ${point.cores}: ideal ${breakdown.idealTimeMs} > ${point.durationMs}`);
        assert.ok(breakdown.driverTimeMs <= breakdown.idealTimeMs && breakdown.driverTimeMs <= breakdown.criticalPathMs, `${run.name}: driver time is part of both bounds`);
      }
    }
  });

  it('driver + executor time is the wall time; at very many cores the replay is the critical path', () => {
    let equalChecked = 0;
    for (const run of runs) {
      const whatIf = simulateClusterSizes(run.app);
      if (!whatIf) continue;
      const cores = whatIf.observedCores;
      const breakdown = timeBreakdown(run.app, cores);
      assert.ok(breakdown.driverTimeMs >= 0 && breakdown.executorTimeMs >= 0, run.name);
      assert.strictEqual(breakdown.driverTimeMs + breakdown.executorTimeMs, whatIf.observedDurationMs, run.name);
      const huge = simulateDuration(run.app, 1_000_000);
      assert.ok(huge >= breakdown.criticalPathMs - 1e-6, run.name);
      // Equal when an executor was alive whenever a stage ran: no waiting for one at any size.
      const workers = run.app.executors.filter((e) => e.executorId !== 'driver');
      const firstStage = Math.min(...run.app.stages.map((s) => s.submissionTime ?? Infinity));
      const lastStage = Math.max(...run.app.stages.map((s) => s.completionTime ?? -Infinity));
      const alwaysAlive = workers.length === 0 || workers.some((e) => (e.addedTime ?? -Infinity) <= firstStage && (e.removedTime ?? Infinity) >= lastStage);
      if (alwaysAlive) {
        assert.ok(Math.abs(huge - breakdown.criticalPathMs) < 1e-6, `${run.name}: ${huge} vs critical path ${breakdown.criticalPathMs}`);
        equalChecked++;
      }
    }
    assert.ok(equalChecked >= 30, `checked ${equalChecked} runs`);
  });
});
