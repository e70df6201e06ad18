/**
 * What the effect models take from the run itself: the fixed cost of one task (from its smallest
 * tasks), how fast its stages process bytes, how fast its spilling stages spilled, and how much
 * execution memory one task had. Constants are used only where the run gives nothing to measure.
 */
import { parseNumber, parseSize, settingOf } from '../recommend/settings';
import type { ApplicationSummary, StageSummary } from '../../history/eventlog/types';
import { EFFECT_DEFAULTS, PARTITIONS, SPARK_DEFAULTS } from '../../verdicts/thresholds';

export interface Calibration {
  /** Fixed cost of one task (scheduling, deserialisation, commit), ms. */
  taskOverheadMs: number;
  /** Whether taskOverheadMs came from the run's small tasks (else from EFFECT_DEFAULTS). */
  overheadMeasured: boolean;
  /** Task time per byte read (input + shuffle) of the run's stages that did not spill, ms. */
  msPerByte: number;
  /** Spilled bytes (to disk) written and read back per ms of task time. */
  spillBytesPerMs: number;
  /** Whether spillBytesPerMs came from the run (else from EFFECT_DEFAULTS). */
  spillMeasured: boolean;
  /** In-memory bytes per shuffled (serialized) byte. */
  expansion: number;
  /** Whether expansion came from the run's own spills (memory over disk bytes). */
  expansionMeasured: boolean;
  /** Execution + storage memory one task can use: (heap − 300 MB) × memory.fraction / cores. */
  memoryPerTaskBytes: number;
  executorMemoryBytes: number;
  memoryFraction: number;
  coresPerExecutor: number;
}

const bytesIn = (stage: StageSummary) => stage.tasks.inputBytes + stage.tasks.shuffleReadBytes;

function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Time the tasks of a stage spent spilling: what is left of their time after overhead and work at the run's non-spilling rate. */
export function spillTimeMs(stage: StageSummary, calibration: Pick<Calibration, 'spillBytesPerMs'>): number {
  const spilled = stage.tasks.diskSpilledBytes;
  if (spilled <= 0) return 0;
  // Bounded by half the stage's task time: a stage also does its work.
  return Math.min(spilled / calibration.spillBytesPerMs, stage.tasks.durationMs * 0.5);
}

export function calibrate(app: ApplicationSummary): Calibration {
  const completed = app.stages.filter((stage) => stage.status === 'complete' && stage.taskDuration && stage.taskDuration.count > 0);
  // The run's small tasks (stages of tiny partitions) are nearly all overhead; the fastest of them
  // (their 5th percentile) is what scheduling, deserialising and committing a task costs.
  const small = completed.filter((stage) => stage.taskDuration!.count >= 4 && bytesIn(stage) / stage.taskDuration!.count < PARTITIONS.tinyMeanBytes);
  const smallest = small.length > 0 ? Math.min(...small.map((stage) => stage.taskDuration!.p5)) : undefined;
  const taskOverheadMs = smallest !== undefined ? Math.min(EFFECT_DEFAULTS.maxTaskOverheadMs, Math.max(1, smallest)) : EFFECT_DEFAULTS.taskOverheadMs;

  // ms per byte of stages that did not spill, weighted by bytes: the run's processing rate.
  const plain = completed.filter((stage) => stage.tasks.diskSpilledBytes === 0 && bytesIn(stage) > 0);
  const plainBytes = plain.reduce((sum, stage) => sum + bytesIn(stage), 0);
  const plainWork = plain.reduce((sum, stage) => sum + Math.max(0, stage.tasks.durationMs - stage.tasks.tasks * taskOverheadMs), 0);
  const msPerByte = plainBytes > 0 ? plainWork / plainBytes : undefined;
  const rates: number[] = [];
  if (msPerByte !== undefined) {
    for (const stage of completed) {
      if (stage.tasks.diskSpilledBytes <= 0) continue;
      const spillMs = stage.tasks.durationMs - stage.tasks.tasks * taskOverheadMs - bytesIn(stage) * msPerByte;
      if (spillMs > 0) rates.push(stage.tasks.diskSpilledBytes / Math.min(spillMs, stage.tasks.durationMs * 0.5));
    }
  }
  const measuredRate = median(rates);
  const spilledMemory = completed.reduce((sum, stage) => sum + stage.tasks.memorySpilledBytes, 0);
  const spilledDisk = completed.reduce((sum, stage) => sum + stage.tasks.diskSpilledBytes, 0);

  const executorMemoryBytes = parseSize(settingOf(app, 'spark.executor.memory'), 'm') ?? SPARK_DEFAULTS.executorMemoryMb * 1024 * 1024;
  const memoryFraction = parseNumber(settingOf(app, 'spark.memory.fraction')) ?? SPARK_DEFAULTS.memoryFraction;
  const workers = app.executors.filter((executor) => executor.executorId !== 'driver');
  const coresPerExecutor = parseNumber(settingOf(app, 'spark.executor.cores')) ?? median(workers.flatMap((executor) => (executor.totalCores ? [executor.totalCores] : []))) ?? 1;
  return {
    taskOverheadMs,
    overheadMeasured: smallest !== undefined,
    msPerByte: msPerByte ?? 0,
    spillBytesPerMs: measuredRate ?? EFFECT_DEFAULTS.spillBytesPerSecond / 1000,
    spillMeasured: measuredRate !== undefined,
    expansion: spilledDisk > 0 && spilledMemory > spilledDisk ? spilledMemory / spilledDisk : EFFECT_DEFAULTS.deserializedExpansion,
    expansionMeasured: spilledDisk > 0 && spilledMemory > spilledDisk,
    memoryPerTaskBytes: memoryPerTask(executorMemoryBytes, memoryFraction, coresPerExecutor),
    executorMemoryBytes,
    memoryFraction,
    coresPerExecutor,
  };
}

/**
 * What a task held in memory, from the memory bytes it spilled: a sorter or aggregation buffer is
 * spilled whole each time it cannot grow, so a task that spilled k buffers of `memory` held k of
 * them plus a last, partly filled one. Where in that last buffer it ended, the bytes it read say
 * (`fromBytes`: its input times the in-memory expansion); without them, half full.
 */
export function heldBytes(spilledMemoryBytes: number, memory: number, fromBytes?: number): number {
  if (fromBytes === undefined || !(fromBytes > 0)) return spilledMemoryBytes + memory / 2;
  return Math.min(spilledMemoryBytes + memory, Math.max(spilledMemoryBytes, fromBytes));
}

/** Bytes one task of the stage read, on average: its shuffle read, else its input. */
export function bytesPerTask(stage: StageSummary): number {
  const tasks = Math.max(1, stage.tasks.succeededTasks || stage.tasks.tasks);
  return (stage.tasks.shuffleReadBytes > 0 ? stage.tasks.shuffleReadBytes : stage.tasks.inputBytes) / tasks;
}

/**
 * Memory bytes a task holding `held` spills with `memory` per task: none if it fits, else its full
 * buffers, at least one (on average all but half a buffer).
 */
export function spilledBytes(held: number, memory: number): number {
  if (held <= memory) return 0;
  return Math.max(memory, held - memory / 2);
}

export function memoryPerTask(executorMemoryBytes: number, fraction: number, cores: number): number {
  return (Math.max(0, executorMemoryBytes - EFFECT_DEFAULTS.reservedMemoryBytes) * fraction) / Math.max(1, cores);
}

/**
 * The fixed cost of one task of this stage. A stage of tiny partitions (under PARTITIONS.tinyMeanBytes
 * each) is overhead-bound: what its mean task took beyond its bytes at the run's rate is that cost.
 * Any other stage pays the run's overhead.
 */
export function stageOverheadMs(stage: StageSummary, calibration: Pick<Calibration, 'taskOverheadMs' | 'msPerByte'>): number {
  const tasks = Math.max(1, stage.tasks.succeededTasks);
  const bytesPerTask = bytesIn(stage) / tasks;
  if (bytesPerTask >= PARTITIONS.tinyMeanBytes || !stage.taskDuration) return calibration.taskOverheadMs;
  return Math.max(calibration.taskOverheadMs, stage.taskDuration.mean - bytesPerTask * calibration.msPerByte);
}
