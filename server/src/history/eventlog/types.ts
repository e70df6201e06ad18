/**
 * What reading one Spark event log yields: per application, its stage attempts with task
 * aggregates, and application totals. Plain data (JSON-serialisable), no methods.
 */

export interface EventLogOptions {
  /** A line longer than this is skipped with a warning (default 64 MiB). */
  maxLineBytes?: number;
  /** Task values kept per stage attempt for quantiles (reservoir size, default 512). */
  quantileSampleSize?: number;
  /** Slowest tasks kept per stage attempt (default 5). */
  slowestTasks?: number;
  /** Warnings kept; later ones are only counted in `warningsDropped` (default 200). */
  maxWarnings?: number;
  /** Passed to the decoder: accept an input cut inside a frame (default: only for `.inprogress`). */
  allowTruncatedEnd?: boolean;
}

export type EventLogWarningKind =
  /** The line is not JSON (or not a JSON object); it is skipped. */
  | 'malformed-json'
  /** The line is longer than `maxLineBytes`; it is skipped unread. */
  | 'line-too-long'
  /** The log ends without SparkListenerApplicationEnd in a file that is not `.inprogress`. */
  | 'incomplete-application';

export interface EventLogWarning {
  file: string;
  /** 1-based line number in the decoded log. */
  line: number;
  kind: EventLogWarningKind;
  message: string;
}

export interface EventLogSummary {
  file: string;
  /** Usually one; a new SparkListenerApplicationStart after one was seen starts another. */
  applications: ApplicationSummary[];
  warnings: EventLogWarning[];
  /** Warnings beyond `maxWarnings`, counted but not kept. */
  warningsDropped: number;
  /** Lines read (the last one counts even without a newline). */
  lines: number;
  /** Lines parsed as JSON objects. */
  events: number;
  bytesDecoded: number;
  /** Set when the decoder met a compressed input cut inside a frame (allowed for `.inprogress`). */
  decoderCut?: { offset: number; reason: string };
  /**
   * The 1-based number of a last line that had no newline and was not valid JSON, in a log still
   * being written (`.inprogress` or cut by the decoder): expected, skipped, not a warning.
   */
  cutLastLine?: number;
}

/** Sums over task end events; every TaskEnd counts, failed and killed attempts included. */
export interface TaskTotals {
  tasks: number;
  succeededTasks: number;
  failedTasks: number;
  killedTasks: number;
  /** TaskEnd events without "Task Metrics" (failed/killed tasks); they add 0 to the metric sums. */
  tasksWithoutMetrics: number;
  /** Finish Time − Launch Time, ms. */
  durationMs: number;
  executorRunTimeMs: number;
  jvmGcTimeMs: number;
  /** Remote + local. */
  shuffleReadBytes: number;
  shuffleRemoteReadBytes: number;
  shuffleLocalReadBytes: number;
  shuffleWriteBytes: number;
  inputBytes: number;
  memorySpilledBytes: number;
  diskSpilledBytes: number;
}

/**
 * A distribution over the SUCCESSFUL tasks of a stage attempt (as Spark's REST `taskSummary`).
 * count/min/max/mean are exact; quantiles are nearest-rank (`sorted[min(floor(q·n), n−1)]`, Spark's
 * rule) over a fixed-size uniform reservoir sample, hence exact while count ≤ the sample size.
 */
export interface Distribution {
  count: number;
  min: number;
  max: number;
  mean: number;
  p5: number;
  p25: number;
  p50: number;
  p75: number;
  p95: number;
  /** Whether the quantiles come from every value (count ≤ sample size). */
  exact: boolean;
}

export type TaskStatus = 'succeeded' | 'failed' | 'killed';

export interface TaskSample {
  taskId: number;
  index?: number;
  attempt?: number;
  executorId?: string;
  host?: string;
  status: TaskStatus;
  /** The Task End Reason's "Reason" (Success, ExceptionFailure, TaskKilled, …). */
  reason?: string;
  launchTime: number;
  durationMs: number;
  executorRunTimeMs?: number;
  jvmGcTimeMs?: number;
  shuffleReadBytes?: number;
  inputBytes?: number;
}

export type StageStatus = 'active' | 'complete' | 'failed';

export interface StageSummary {
  stageId: number;
  attemptId: number;
  name?: string;
  numTasks?: number;
  /** Stack of the call site (Stage Info "Details"). */
  details?: string;
  submissionTime?: number;
  completionTime?: number;
  failureReason?: string;
  /** active: submitted (or tasks seen) but no StageCompleted; failed: completed with a failure reason. */
  status: StageStatus;
  /** Jobs whose JobStart listed this stage. */
  jobIds: number[];
  tasks: TaskTotals;
  /** Task duration (Finish − Launch, ms) of successful tasks. */
  taskDuration?: Distribution;
  /** Shuffle bytes read (remote + local) per successful task. */
  shuffleReadPerTask?: Distribution;
  /** Slowest task attempts by duration, any status, slowest first. */
  slowestTasks: TaskSample[];
}

export interface JobSummary {
  jobId: number;
  submissionTime?: number;
  completionTime?: number;
  /** Job Result "Result" (JobSucceeded, JobFailed) once the job ended. */
  result?: string;
  stageIds: number[];
  /** Job property `spark.sql.execution.id`, as a number. */
  sqlExecutionId?: number;
  /** Job properties that differ from the application's Spark properties (local properties). */
  properties: Record<string, string>;
}

export interface ApplicationSummary {
  appId?: string;
  attemptId?: string;
  name?: string;
  user?: string;
  /** From SparkListenerLogStart (absent in Spark ≤ 1.2 logs). */
  sparkVersion?: string;
  startTime?: number;
  endTime?: number;
  /** Whether SparkListenerApplicationEnd was seen. */
  completed: boolean;
  sparkProperties: Record<string, string>;
  jobs: JobSummary[];
  /** Stage attempts in order of first appearance. */
  stages: StageSummary[];
  totals: TaskTotals;
}
