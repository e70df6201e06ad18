/**
 * Task attempts of a stage and their figures. A stage's totals (what its plan nodes and its
 * description put in it) are split over all of its successful task attempts, including re-runs, so
 * that task metrics sum exactly to the stage figures and every SQL metric ends at its chosen value.
 */
import type { PlanMetric, SlotFigures, StageSlot } from './planNodes';
import { Rng, splitTotal } from './random';
import type { StageDescription } from './types';

export type TaskOutcome = 'success' | 'exception' | 'fetch-failed' | 'abort';

export interface TaskRun {
  partition: number;
  /** Task attempt number ("Attempt"): 1 for the retry after an exception. */
  attempt: number;
  outcome: TaskOutcome;
  durationMs: number;
  /** A hot (skewed) partition. */
  hot: boolean;
  /** Share of the stage's data (successful attempts only). */
  weight: number;
  figures: SlotFigures;
  /** Task-side SQL metric updates (fixed-value metrics; run-time shares are added when timed). */
  sql: Map<PlanMetric, number>;
}

/** One attempt of one stage: which partitions it runs and how they end. */
export interface StageAttemptPlan {
  slot: StageSlot;
  description: StageDescription;
  attemptId: number;
  /** "Number of Tasks" in its Stage Info. */
  numTasks: number;
  runs: TaskRun[];
  /** Set when the attempt fails (FetchFailed). */
  failed: boolean;
  /** Set on a parent's re-run of lost map outputs: the failed attempt that needed it. */
  rerunOf?: StageAttemptPlan;
}

const FIGURE_KEYS: Array<keyof SlotFigures> = [
  'inputBytes',
  'inputRecords',
  'shuffleReadBytes',
  'shuffleReadRecords',
  'shuffleWriteBytes',
  'shuffleWriteRecords',
  'outputBytes',
  'outputRecords',
  'memorySpilledBytes',
  'diskSpilledBytes',
];

function zeroFigures(): SlotFigures {
  const figures = {} as SlotFigures;
  for (const key of FIGURE_KEYS) figures[key] = 0;
  return figures;
}

/** The slot's plan figures plus the description's own. */
export function stageTotals(slot: StageSlot, description: StageDescription): SlotFigures {
  const totals = { ...slot.figures };
  totals.inputBytes += description.inputBytes ?? 0;
  totals.inputRecords += description.inputRecords ?? 0;
  totals.shuffleReadBytes += description.shuffleReadBytes ?? 0;
  totals.shuffleReadRecords += description.shuffleReadRecords ?? 0;
  totals.shuffleWriteBytes += description.shuffleWriteBytes ?? 0;
  totals.shuffleWriteRecords += description.shuffleWriteRecords ?? 0;
  totals.outputBytes += description.outputBytes ?? 0;
  totals.outputRecords += description.outputRecords ?? 0;
  totals.memorySpilledBytes += description.spill?.memoryBytes ?? 0;
  totals.diskSpilledBytes += description.spill?.diskBytes ?? 0;
  return totals;
}

function pickDistinct(rng: Rng, candidates: number[], count: number): number[] {
  const pool = [...candidates];
  const picked: number[] = [];
  for (let i = 0; i < count && pool.length > 0; i++) picked.push(pool.splice(Math.floor(rng.next() * pool.length), 1)[0]!);
  return picked.sort((a, b) => a - b);
}

/**
 * Successful runs over `partitions` plus `failedTasks` exception attempts, with durations whose
 * nearest-rank median (Spark's quantile rule) over the successful runs is exactly the described median.
 */
function attemptRuns(rng: Rng, description: StageDescription, partitions: number[], hotPartitions: Set<number>, failedTasks: number): TaskRun[] {
  const spread = description.durationMs.spread ?? 0.25;
  const median = description.durationMs.median;
  const runs: TaskRun[] = [];
  let hotSeen = 0;
  for (const partition of partitions) {
    const hot = hotPartitions.has(partition);
    const z = rng.normal();
    let duration: number;
    let weight: number;
    if (hot) {
      const share = hotSeen === 0 ? 1 : rng.between(0.82, 0.97);
      hotSeen++;
      duration = description.skew!.durationMs * share;
      weight = share;
    } else {
      duration = median * Math.exp(spread * z);
      weight = Math.exp(spread * 0.8 * z + 0.05 * rng.normal());
    }
    runs.push({ partition, attempt: 0, outcome: 'success', durationMs: duration, hot, weight, figures: zeroFigures(), sql: new Map() });
  }
  exactMedian(runs, median);
  for (const partition of pickDistinct(rng, partitions, failedTasks)) {
    const retry = runs.find((run) => run.partition === partition)!;
    retry.attempt = 1;
    runs.push({ partition, attempt: 0, outcome: 'exception', durationMs: Math.max(1, Math.round(median * rng.between(0.3, 0.9))), hot: false, weight: 0, figures: zeroFigures(), sql: new Map() });
  }
  return runs;
}

function exactMedian(runs: TaskRun[], median: number): void {
  const normal = runs.filter((run) => !run.hot);
  if (normal.length === 0) {
    for (const run of runs) run.durationMs = Math.max(1, Math.round(run.durationMs));
    return;
  }
  const sorted = [...runs].sort((a, b) => a.durationMs - b.durationMs);
  const atRank = sorted[Math.min(Math.floor(0.5 * sorted.length), sorted.length - 1)]!;
  const scale = atRank.hot ? 1 : median / atRank.durationMs;
  for (const run of normal) run.durationMs = Math.max(1, Math.round(run.durationMs * scale));
  for (const run of runs) if (run.hot) run.durationMs = Math.round(run.durationMs);
  if (!atRank.hot) atRank.durationMs = median;
}

/**
 * All attempts a described stage runs: one, or with a fetch failure the failed attempt, the parent's
 * re-run and the second attempt. Returned in execution order.
 */
export function planStageAttempts(rng: Rng, slot: StageSlot, description: StageDescription, parent: { slot: StageSlot; description: StageDescription; nextAttempt: number } | undefined): StageAttemptPlan[] {
  const all = Array.from({ length: description.tasks }, (_, i) => i);
  const hot = new Set(description.skew ? pickDistinct(rng, all, description.skew.tasks) : []);
  const failure = description.fetchFailure;
  if (description.abort) {
    // The last partition fails four times; the others ran to the end before the job was aborted.
    const failing = all[all.length - 1]!;
    const runs = attemptRuns(rng, description, all.slice(0, -1), hot, 0);
    for (let attempt = 0; attempt < 4; attempt++) runs.push({ partition: failing, attempt, outcome: 'abort', durationMs: Math.max(1, Math.round(description.durationMs.median * rng.between(0.4, 0.9))), hot: false, weight: 0, figures: zeroFigures(), sql: new Map() });
    return [{ slot, description, attemptId: 0, numTasks: description.tasks, runs, failed: true }];
  }
  if (!failure) {
    return [{ slot, description, attemptId: 0, numTasks: description.tasks, runs: attemptRuns(rng, description, all, hot, description.failedTasks ?? 0), failed: false }];
  }
  if (!parent) throw new Error(`stage "${slot.label}": fetchFailure needs a parent stage whose shuffle output is lost`);
  if (failure.completedTasks + failure.fetchFailedTasks > description.tasks) {
    throw new Error(`stage "${slot.label}": fetchFailure has ${failure.completedTasks} completed + ${failure.fetchFailedTasks} failed tasks, more than its ${description.tasks} tasks`);
  }
  const completed = all.slice(0, failure.completedTasks);
  const first: StageAttemptPlan = { slot, description, attemptId: 0, numTasks: description.tasks, runs: attemptRuns(rng, description, completed, hot, 0), failed: true };
  for (const partition of all.slice(failure.completedTasks, failure.completedTasks + failure.fetchFailedTasks)) {
    first.runs.push({ partition, attempt: 0, outcome: 'fetch-failed', durationMs: Math.max(1, Math.round(description.durationMs.median * rng.between(0.05, 0.3))), hot: false, weight: 0, figures: zeroFigures(), sql: new Map() });
  }
  const parentPartitions = pickDistinct(rng, Array.from({ length: parent.description.tasks }, (_, i) => i), failure.parentTasksRerun);
  const rerun: StageAttemptPlan = {
    slot: parent.slot,
    description: parent.description,
    attemptId: parent.nextAttempt,
    numTasks: parentPartitions.length,
    runs: attemptRuns(rng, parent.description, parentPartitions, new Set(), 0),
    failed: false,
  };
  const remaining = all.slice(failure.completedTasks);
  const second: StageAttemptPlan = { slot, description, attemptId: 1, numTasks: remaining.length, runs: attemptRuns(rng, description, remaining, hot, description.failedTasks ?? 0), failed: false };
  rerun.rerunOf = first;
  return [first, rerun, second];
}

/**
 * Splits a slot's totals and fixed-value SQL metrics over its successful runs (all attempts): skewed
 * runs get `skew.bytes` of the main input each, the rest shares the remainder by weight.
 */
export function assignFigures(slot: StageSlot, description: StageDescription, attempts: StageAttemptPlan[]): void {
  const runs = attempts.flatMap((attempt) => attempt.runs).filter((run) => run.outcome === 'success');
  if (runs.length === 0) return;
  const totals = stageTotals(slot, description);
  const mainKey: keyof SlotFigures | undefined = totals.shuffleReadBytes > 0 ? 'shuffleReadBytes' : totals.inputBytes > 0 ? 'inputBytes' : undefined;
  let weights = runs.map((run) => run.weight);
  const skewBytes = description.skew?.bytes;
  if (mainKey && skewBytes !== undefined) {
    const hotRuns = runs.filter((run) => run.hot);
    const hotTotal = hotRuns.reduce((sum, run) => sum + Math.round(skewBytes * run.weight), 0);
    const rest = totals[mainKey] - hotTotal;
    if (rest < 0) throw new Error(`stage "${slot.label}": ${hotRuns.length} skewed task(s) of ${skewBytes} bytes exceed the stage's ${mainKey} of ${totals[mainKey]}`);
    const normalRuns = runs.filter((run) => !run.hot);
    const normalParts = splitTotal(rest, normalRuns.map((run) => run.weight));
    const main = new Map<TaskRun, number>();
    normalRuns.forEach((run, i) => main.set(run, normalParts[i]!));
    for (const run of hotRuns) main.set(run, Math.round(skewBytes * run.weight));
    weights = runs.map((run) => main.get(run)!);
  } else if (description.skew) {
    const factor = description.skew.durationMs / description.durationMs.median;
    weights = runs.map((run) => (run.hot ? run.weight * factor : run.weight));
  }
  for (const key of FIGURE_KEYS) {
    const parts = splitTotal(totals[key], weights);
    runs.forEach((run, i) => (run.figures[key] = parts[i]!));
  }
  for (const metric of slot.metrics) {
    if (metric.value === undefined || metric.runTimeShare !== undefined) continue;
    if (metric.metricType === 'average') {
      for (const run of runs) run.sql.set(metric, metric.value);
      continue;
    }
    const parts = splitTotal(metric.value, weights);
    runs.forEach((run, i) => {
      if (parts[i]! !== 0 || metric.metricType === 'sum') run.sql.set(metric, parts[i]!);
    });
  }
}
