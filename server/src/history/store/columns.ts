/**
 * Column names for the figures that are stored as one column each. Keyed by the TypeScript field, so
 * a field added to TaskTotals or a new distribution on StageSummary fails to compile here until it
 * has a column (and a migration).
 */
import type { Distribution, StageSummary, TaskTotals } from '../eventlog/types';

export const TOTALS_COLUMNS: Record<keyof TaskTotals, { column: string; doc: string }> = {
  tasks: { column: 'tasks', doc: 'Task end events (every attempt, whatever its outcome).' },
  succeededTasks: { column: 'succeeded_tasks', doc: 'Task attempts that ended with Success.' },
  failedTasks: { column: 'failed_tasks', doc: 'Task attempts that failed (exception, lost executor, fetch failure, …).' },
  killedTasks: { column: 'killed_tasks', doc: 'Task attempts killed (speculation, TaskCommitDenied).' },
  tasksWithoutMetrics: { column: 'tasks_without_metrics', doc: 'Task end events without "Task Metrics" (they add 0 to the sums).' },
  durationMs: { column: 'duration_ms', doc: 'Sum of task Finish − Launch time, ms.' },
  executorRunTimeMs: { column: 'executor_run_time_ms', doc: 'Sum of Executor Run Time, ms.' },
  jvmGcTimeMs: { column: 'jvm_gc_time_ms', doc: 'Sum of JVM GC Time, ms.' },
  shuffleReadBytes: { column: 'shuffle_read_bytes', doc: 'Shuffle bytes read, remote + local.' },
  shuffleRemoteReadBytes: { column: 'shuffle_remote_read_bytes', doc: 'Shuffle bytes fetched from other executors.' },
  shuffleLocalReadBytes: { column: 'shuffle_local_read_bytes', doc: 'Shuffle bytes read from the same executor.' },
  shuffleWriteBytes: { column: 'shuffle_write_bytes', doc: 'Shuffle bytes written.' },
  inputBytes: { column: 'input_bytes', doc: 'Input Metrics "Bytes Read".' },
  memorySpilledBytes: { column: 'memory_spilled_bytes', doc: 'Memory Bytes Spilled (size in memory of what was spilled).' },
  diskSpilledBytes: { column: 'disk_spilled_bytes', doc: 'Disk Bytes Spilled (size on disk).' },
  executorCpuTimeNs: { column: 'executor_cpu_time_ns', doc: 'Sum of Executor CPU Time, ns (0 before Spark 2.1).' },
  outputBytes: { column: 'output_bytes', doc: 'Output Metrics "Bytes Written".' },
};

export const TOTALS_FIELDS = Object.keys(TOTALS_COLUMNS) as Array<keyof TaskTotals>;

/** The StageSummary fields that hold a Distribution. */
export type DistributionField = { [K in keyof StageSummary]-?: NonNullable<StageSummary[K]> extends Distribution ? K : never }[keyof StageSummary];

/** `stage_distributions.metric` for each distribution field. */
export const DISTRIBUTION_METRICS: Record<DistributionField, string> = {
  taskDuration: 'task_duration_ms',
  shuffleReadPerTask: 'shuffle_read_bytes',
  inputPerTask: 'input_bytes',
  spillPerTask: 'spill_bytes',
  gcPerTask: 'jvm_gc_time_ms',
};

export const DISTRIBUTION_FIELDS = Object.keys(DISTRIBUTION_METRICS) as DistributionField[];

/** Distribution fields other than the boolean `exact`, each stored in a column of the same name. */
export const DISTRIBUTION_NUMBERS = ['count', 'min', 'max', 'mean', 'p5', 'p25', 'p50', 'p75', 'p95'] as const satisfies ReadonlyArray<keyof Distribution>;
