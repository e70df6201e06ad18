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
  | 'incomplete-application'
  /** A rolling log's first part (events_1) is gone: the application's start is not in the log. */
  | 'missing-start'
  /** A field missing or of the wrong type, a number beyond 2^53, a time going backwards, a repeated task end. */
  | 'odd-value';

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
  /** ns, as Spark writes it (absent before 2.1: 0). */
  executorCpuTimeNs: number;
  outputBytes: number;
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
  /** Input bytes read per successful task. */
  inputPerTask?: Distribution;
  /** Memory + disk bytes spilled per successful task. */
  spillPerTask?: Distribution;
  /** JVM GC time (ms) per successful task. */
  gcPerTask?: Distribution;
  /** Stage Info "Parent IDs". */
  parentIds: number[];
  /** Distinct RDD Info "Callsite" values, in order of appearance, at most 8. */
  rddCallSites: string[];
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
  /** Job property `callSite.short` (e.g. "collect at /app/job.py:40"). */
  callSite?: string;
  /** Job property `spark.job.description`, when the code set one. */
  description?: string;
}

export interface ExecutorSummary {
  executorId: string;
  host?: string;
  totalCores?: number;
  addedTime?: number;
  removedTime?: number;
  removedReason?: string;
}

/** What a plan node is, for the rules and the report. */
export type PlanNodeKind = 'join' | 'exchange' | 'broadcast-exchange' | 'shuffle-read' | 'scan' | 'cache-scan' | 'aggregate' | 'sort' | 'python-udf' | 'write';

/**
 * One node of interest from the plan that ran (the last AQE update, else the ExecutionStart plan).
 * Other nodes (WholeStageCodegen, InputAdapter, Project, …) are not kept.
 */
export interface PlanNodeSummary {
  /** Pre-order index in the whole plan tree (root 0). */
  nodeIndex: number;
  /** Pre-order index of the nearest kept ancestor, or undefined at the top. */
  parentIndex?: number;
  /** e.g. SortMergeJoin, BroadcastHashJoin, ShuffledHashJoin, BroadcastNestedLoopJoin, CartesianProduct, Exchange, BroadcastExchange, AQEShuffleRead, FileScan parquet, InMemoryTableScan. */
  nodeName: string;
  kind: PlanNodeKind;
  /** Node's simpleString, cut to 1,000 characters. */
  simpleString: string;
  /**
   * Final metric values by metric name ("data size", "number of output rows", "spill size"…), from
   * the accumulators: sizes in bytes, timings in ms, counts. Only metrics that got a value.
   */
  metrics: Record<string, number>;
  /**
   * Joins only: bytes of each input side (left, right) as measured by the nearest exchange, query
   * stage or scan below it ("data size", "size of files read", "partition data size"); undefined if
   * no measurement was found on that side.
   */
  sideBytes?: [number | undefined, number | undefined];
  /** Joins only: rows of each input side where known. */
  sideRows?: [number | undefined, number | undefined];
  /** Joins only: "Inner", "LeftOuter", … parsed from simpleString when present. */
  joinType?: string;
  /**
   * Writes only (InsertIntoHadoopFsRelationCommand, SaveIntoDataSourceCommand, CreateDataSourceTableAsSelectCommand,
   * InsertIntoHiveTable, AppendData, OverwriteByExpression, …): the output path or table as written in the plan
   * (`file:/data/out`, `sales.orders_enriched`). PySpark writes carry no Python call site, so this is how they are
   * tied back to the `.write…` call in the code.
   */
  writeTarget?: string;
  /** Scans only: the input path(s) or table. */
  readTarget?: string;
  /**
   * Stages that ran this node: those whose accumulables reported one of its metrics, ascending (an
   * exchange is reported by the stage that writes its shuffle and the one that reads it). Absent
   * when no stage reported a metric of the node (or in stores imported before schema v3).
   */
  stageIds?: number[];
}

export interface SqlExecutionSummary {
  executionId: number;
  rootExecutionId?: number;
  /** "collect at /app/job.py:53", or the SQL text for spark.sql. Cut to 2,000 characters. */
  description?: string;
  /** Call stack of the action. Cut to 4,000 characters. */
  details?: string;
  startTime?: number;
  endTime?: number;
  /** Whether an SQLAdaptiveExecutionUpdate replaced the plan (AQE). */
  adaptive: boolean;
  /** Kept nodes of the plan that ran, in pre-order. */
  nodes: PlanNodeSummary[];
  /** Jobs whose property spark.sql.execution.id names this execution. */
  jobIds: number[];
}

/** An RDD (or cached DataFrame's InMemoryRelation) with a storage level, and who used it. */
export interface CachedRddSummary {
  rddId: number;
  name?: string;
  callSite?: string;
  /** e.g. "memory+disk deserialized". */
  storageLevel: string;
  numPartitions?: number;
  /** Largest reported over the stages (the cache fills as it is computed). */
  cachedPartitions: number;
  memoryBytes: number;
  diskBytes: number;
  /** Stage ids whose RDD Info lists this RDD, ascending. */
  stageIds: number[];
  /** Jobs of those stages, ascending: one job means the cache was never read again. */
  jobIds: number[];
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
  executors: ExecutorSummary[];
  jobs: JobSummary[];
  sqlExecutions: SqlExecutionSummary[];
  cachedRdds: CachedRddSummary[];
  /** Stage attempts in order of first appearance. */
  stages: StageSummary[];
  totals: TaskTotals;
}
