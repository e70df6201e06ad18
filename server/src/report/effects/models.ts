/**
 * The effect models: each turns a configuration change into a scenario of the run's replay (other
 * task durations for the stages it touches, other cores, more driver time), from the run's own
 * measurements (calibration.ts). What a model had to assume is returned with it.
 */
import { isRapids } from '../../common/platform';
import { stageKey } from '../../common/runs';
import { formatBytes } from '../../common/format';
import type { ApplicationSummary, PlanNodeSummary, StageSummary } from '../../history/eventlog/types';
import type { JoinMeasurement } from '../../verdicts';
import { EFFECT_DEFAULTS } from '../../verdicts/thresholds';
import type { Scenario, Simulation } from '../simulate';
import { bytesPerTask, heldBytes, memoryPerTask, spilledBytes, spillTimeMs, stageOverheadMs, type Calibration } from './calibration';
import { resplitTasks, withoutTime } from './resplit';

export interface ModelledChange {
  scenario: Scenario;
  /** What the model took as given where the run had no measurement. */
  assumptions: string[];
}

/** What every effect model reads: the run, its replay and what its measurements say. */
export interface EffectContext {
  app: ApplicationSummary;
  simulation: Simulation;
  calibration: Calibration;
}

function overheadAssumption(calibration: Calibration): string {
  return calibration.overheadMeasured ? `per-task overhead ${Math.round(calibration.taskOverheadMs)} ms (the run's smallest tasks)` : `per-task overhead ${EFFECT_DEFAULTS.taskOverheadMs} ms (no small tasks in this run to measure it by)`;
}

function spillAssumption(calibration: Calibration): string[] {
  return calibration.spillMeasured ? [] : [`spill written and read back at ${formatBytes(EFFECT_DEFAULTS.spillBytesPerSecond)}/s per task (no spill throughput measurable in this run)`];
}

/**
 * Shuffle partitions N → M for the stages the setting sized: their measured work re-split over M
 * tasks (hot keys stay whole), each task paying the run's per-task overhead; spill recomputed from
 * what each partition holds in memory against the memory per task.
 */
export function partitionsModel({ app, simulation, calibration }: EffectContext, stages: readonly StageSummary[], partitions: number): ModelledChange {
  const tasks = new Map<string, Float64Array>();
  let spills = false;
  const memory = calibration.memoryPerTaskBytes;
  // A RAPIDS run's spill is GPU memory, whose size per task the log does not give: its spill time is re-split with the work.
  if (isRapids(app.sparkProperties)) {
    for (const stage of stages) {
      const durations = simulation.taskDurations(stageKey(stage));
      if (durations && durations.length > 0) tasks.set(stageKey(stage), resplitTasks(durations, partitions, stageOverheadMs(stage, calibration)));
    }
    return { scenario: { tasks }, assumptions: [overheadAssumption(calibration), 'GPU memory per task unknown: spill time shared out with the work'] };
  }
  for (const stage of stages) {
    const durations = simulation.taskDurations(stageKey(stage));
    if (!durations || durations.length === 0) continue;
    const n = stage.numTasks ?? durations.length;
    const oldSpillMs = spillTimeMs(stage, calibration);
    const spilledPerTask = stage.tasks.memorySpilledBytes / Math.max(1, stage.tasks.tasks);
    const fromBytes = bytesPerTask(stage) * calibration.expansion;
    const held = spilledPerTask > 0 ? heldBytes(spilledPerTask, memory, fromBytes) : fromBytes;
    const newSpilledMemory = spilledBytes((held * n) / partitions, memory) * partitions;
    const newSpillMs = newSpilledMemory / calibration.expansion / calibration.spillBytesPerMs;
    if (oldSpillMs > 0 || newSpillMs > 0) spills = true;
    tasks.set(stageKey(stage), resplitTasks(durations, partitions, stageOverheadMs(stage, calibration), { removeWorkMs: oldSpillMs, addWorkMs: newSpillMs }));
  }
  return { scenario: { tasks }, assumptions: [overheadAssumption(calibration), ...(spills ? [...spillAssumption(calibration), heldAssumption(calibration)] : [])] };
}

/**
 * Another memory per task (spark.executor.memory, spark.memory.fraction or cores per executor): what
 * each spilling task held is recovered from what it spilled (over the stage's spill quantiles), its
 * spill recomputed with the new memory, and its spill time with it. GC time is left as it was.
 */
export function memoryModel({ app, simulation, calibration }: EffectContext, change: { executorMemoryBytes?: number; memoryFraction?: number; coresPerExecutor?: number }): ModelledChange {
  const before = calibration.memoryPerTaskBytes;
  const after = memoryPerTask(change.executorMemoryBytes ?? calibration.executorMemoryBytes, change.memoryFraction ?? calibration.memoryFraction, change.coresPerExecutor ?? calibration.coresPerExecutor);
  const tasks = new Map<string, Float64Array>();
  for (const stage of app.stages) {
    if (stage.tasks.diskSpilledBytes <= 0) continue;
    const durations = simulation.taskDurations(stageKey(stage));
    if (!durations) continue;
    const perTask = stage.tasks.memorySpilledBytes / Math.max(1, stage.tasks.tasks);
    const spread = stage.spillPerTask;
    // Memory spilled per task at the stage's spill quantiles (spillPerTask counts memory and disk bytes).
    const points = spread && spread.max > 0 ? [spread.p5, spread.p25, spread.p50, spread.p75, spread.p95, spread.max].map((q) => (q * perTask) / Math.max(spread.mean, 1)) : [perTask];
    // What the task at each quantile read, taken in proportion to what it spilled.
    const meanHeld = bytesPerTask(stage) * calibration.expansion;
    const spilledBefore = points.reduce((sum, q) => sum + q, 0);
    const spilledAfter = points.reduce((sum, q) => sum + (q > 0 ? spilledBytes(heldBytes(q, before, (meanHeld * q) / Math.max(perTask, 1)), after) : 0), 0);
    const saved = spillTimeMs(stage, calibration) * (1 - spilledAfter / Math.max(1, spilledBefore));
    if (saved !== 0) tasks.set(stageKey(stage), withoutTime(durations, saved));
  }
  return { scenario: { tasks }, assumptions: [`memory per task ${formatBytes(before)} → ${formatBytes(after)} ((heap − 300 MB) × spark.memory.fraction / cores)`, heldAssumption(calibration), 'GC time unchanged', ...spillAssumption(calibration)] };
}

function heldAssumption(calibration: Calibration): string {
  return `a task spills its whole buffer each time it fills; held in memory, shuffled rows take ${calibration.expansion.toFixed(1)}× their size${calibration.expansionMeasured ? ' (memory over disk bytes spilled in this run)' : ''}`;
}

/** Executor cores × factor (instances, or dynamic allocation's ceiling): the Sparklens replay. */
export function coresModel(factor: number): ModelledChange {
  return { scenario: { coresFactor: factor }, assumptions: ['task durations unchanged on more or fewer executors'] };
}

function children(nodes: readonly PlanNodeSummary[], parent: number): PlanNodeSummary[] {
  return nodes.filter((node) => node.parentIndex === parent);
}

function subtree(nodes: readonly PlanNodeSummary[], root: PlanNodeSummary): PlanNodeSummary[] {
  const found: PlanNodeSummary[] = [];
  const walk = (node: PlanNodeSummary) => {
    found.push(node);
    for (const child of children(nodes, node.nodeIndex)) walk(child);
  };
  walk(root);
  return found;
}

const metric = (nodes: readonly PlanNodeSummary[], kind: PlanNodeSummary['kind'], name: string) => nodes.filter((node) => node.kind === kind).reduce((sum, node) => sum + (node.metrics[name] ?? 0), 0);

/**
 * Driver time of a broadcast: collecting the small side, then sending it out. Spark's torrent
 * broadcast lets executors fetch blocks from each other, so the copies that leave the driver grow
 * with the log of the executors rather than with their number.
 */
export function broadcastMs(bytes: number, executors: number): number {
  return (bytes * (1 + Math.log2(executors + 1))) / (EFFECT_DEFAULTS.broadcastBytesPerSecond / 1000);
}

/**
 * A measured sort-merge join with a small side becomes a broadcast hash join: the sorts of both
 * sides and the large side's shuffle (its write time on the map side, its fetch wait on the reduce
 * side, from the plan's own metrics) go; collecting the small side and sending it to every executor
 * is added as driver time.
 */
export function broadcastModel({ app, simulation }: EffectContext, joins: readonly JoinMeasurement[]): ModelledChange {
  const removeByStage = new Map<string, number>();
  let extraDriverMs = 0;
  const executors = Math.max(1, app.executors.filter((executor) => executor.executorId !== 'driver').length);
  for (const join of joins) {
    const execution = app.sqlExecutions.find((candidate) => candidate.executionId === join.executionId);
    const node = execution?.nodes.find((candidate) => candidate.nodeIndex === join.nodeIndex);
    if (!execution || !node) continue;
    const sides = children(execution.nodes, node.nodeIndex);
    const large = sides[join.smallSide === 'right' ? 0 : 1];
    if (!large) continue;
    const largeNodes = subtree(execution.nodes, large);
    const exchange = largeNodes.find((candidate) => candidate.kind === 'exchange');
    const sortMs = sides.reduce((sum, side) => sum + (side.kind === 'sort' ? (side.metrics['sort time'] ?? 0) : metric(subtree(execution.nodes, side).slice(0, 2), 'sort', 'sort time')), 0);
    const writeMs = exchange?.metrics['shuffle write time'] ?? 0;
    const fetchMs = exchange?.metrics['fetch wait time'] ?? 0;
    const stages = app.stages.filter((stage) => stage.jobIds.some((jobId) => execution.jobIds.includes(jobId)) && stage.status === 'complete');
    const reduce = stages.filter((stage) => stage.tasks.shuffleReadBytes > 0).sort((a, b) => b.tasks.shuffleReadBytes - a.tasks.shuffleReadBytes)[0];
    const written = exchange?.metrics['shuffle bytes written'];
    const map = written !== undefined ? stages.filter((stage) => stage.tasks.shuffleWriteBytes > 0).sort((a, b) => Math.abs(a.tasks.shuffleWriteBytes - written) - Math.abs(b.tasks.shuffleWriteBytes - written))[0] : undefined;
    if (reduce) removeByStage.set(stageKey(reduce), (removeByStage.get(stageKey(reduce)) ?? 0) + sortMs + fetchMs);
    if (map && map !== reduce) removeByStage.set(stageKey(map), (removeByStage.get(stageKey(map)) ?? 0) + writeMs);
    extraDriverMs += broadcastMs(join.smallBytes, executors);
  }
  const tasks = new Map<string, Float64Array>();
  for (const [key, removeMs] of removeByStage) {
    const durations = simulation.taskDurations(key);
    if (durations && removeMs > 0) tasks.set(key, withoutTime(durations, removeMs));
  }
  return {
    scenario: { tasks, extraDriverMs },
    assumptions: [`sort, shuffle write and fetch wait times from the plan's metrics removed; the small side collected by the driver and sent to ${executors} executors (torrent broadcast: about log2(executors + 1) copies leave the driver) at ${formatBytes(EFFECT_DEFAULTS.broadcastBytesPerSecond)}/s`],
  };
}

/**
 * Adaptive execution: shuffle stages of tiny partitions coalesced to the advisory size (64 MB),
 * and, with skew join, the largest tasks of skewed shuffled joins split so that none exceeds
 * spark.sql.adaptive.skewJoin.skewedPartitionFactor × the median.
 */
export function adaptiveModel({ simulation, calibration }: EffectContext, coalesce: readonly StageSummary[], skewed: readonly StageSummary[]): ModelledChange {
  const tasks = new Map<string, Float64Array>();
  for (const stage of coalesce) {
    const durations = simulation.taskDurations(stageKey(stage));
    if (!durations) continue;
    // spark.sql.adaptive.coalescePartitions.parallelismFirst (the default): no fewer partitions than
    // cores, none smaller than minPartitionSize (1 MB), never above the advisory size.
    const targetBytes = Math.min(EFFECT_DEFAULTS.advisoryPartitionBytes, Math.max(stage.tasks.shuffleReadBytes / simulation.observedCores, EFFECT_DEFAULTS.minPartitionBytes));
    const count = Math.max(1, Math.ceil(stage.tasks.shuffleReadBytes / targetBytes));
    if (count < durations.length) tasks.set(stageKey(stage), resplitTasks(durations, count, stageOverheadMs(stage, calibration)));
  }
  for (const stage of skewed) {
    const durations = tasks.get(stageKey(stage)) ?? simulation.taskDurations(stageKey(stage));
    if (!durations || durations.length === 0) continue;
    const sorted = Float64Array.from(durations).sort();
    const cap = EFFECT_DEFAULTS.skewedPartitionFactor * Math.max(sorted[Math.floor(sorted.length / 2)]!, calibration.taskOverheadMs);
    const split: number[] = [];
    for (const d of durations) {
      if (d <= cap) {
        split.push(d);
        continue;
      }
      const pieces = Math.ceil(d / cap);
      for (let i = 0; i < pieces; i++) split.push(d / pieces + (i > 0 ? calibration.taskOverheadMs : 0));
    }
    tasks.set(stageKey(stage), Float64Array.from(split));
  }
  return {
    scenario: { tasks },
    assumptions: [`AQE's defaults: ${formatBytes(EFFECT_DEFAULTS.advisoryPartitionBytes)} advisory partitions, skewed partitions split at ${EFFECT_DEFAULTS.skewedPartitionFactor}× the median`, overheadAssumption(calibration)],
  };
}
