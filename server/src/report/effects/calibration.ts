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
  /** Task time per byte read (input + shuffle) of the run's stages that did not spill, ms. */
  msPerByte: number;
  /** Spilled bytes (to disk) written and read back per ms of task time. */
  spillBytesPerMs: number;
  /** Whether spillBytesPerMs came from the run (else from EFFECT_DEFAULTS). */
  spillMeasured: boolean;
  /** In-memory bytes per shuffled (serialized) byte. */
  expansion: number;
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
  const taskOverheadMs = Math.max(1, median(completed.filter((stage) => stage.taskDuration!.count >= 4).map((stage) => stage.taskDuration!.p5)) ?? median(completed.map((stage) => stage.taskDuration!.min)) ?? 50);

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
    msPerByte: msPerByte ?? 0,
    spillBytesPerMs: measuredRate ?? EFFECT_DEFAULTS.spillBytesPerSecond / 1000,
    spillMeasured: measuredRate !== undefined,
    expansion: spilledDisk > 0 && spilledMemory > spilledDisk ? spilledMemory / spilledDisk : EFFECT_DEFAULTS.deserializedExpansion,
    memoryPerTaskBytes: memoryPerTask(executorMemoryBytes, memoryFraction, coresPerExecutor),
    executorMemoryBytes,
    memoryFraction,
    coresPerExecutor,
  };
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
