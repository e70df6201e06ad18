/**
 * What the event-log generator is asked for: one Spark application run described as its actions
 * (SQL executions or plain RDD jobs), each with the physical plan that ran and the figures of its
 * stages. Sizes are bytes, times milliseconds. The generator derives everything else (task ids,
 * RDD chains, accumulators, timestamps) deterministically from `seed`.
 */

export interface JobRunDescription {
  appId: string;
  appName: string;
  /** Decides the JSON shapes written (3.4 adds rootExecutionId, 3.5 jobTags, …). */
  sparkVersion: string;
  /** Epoch ms of SparkListenerApplicationStart. */
  startTime: number;
  user?: string;
  language: 'python' | 'scala';
  /** PySpark: the script path as the cluster sees it (`/opt/jobs/pyspark/job.py`); Scala: the main class. */
  entryPoint: string;
  executors: number;
  coresPerExecutor: number;
  /** As in spark.executor.memory, e.g. "16g". */
  executorMemory: string;
  /** Written to SparkListenerEnvironmentUpdate "Spark Properties" (on top of the generated basics). */
  sparkConf: Record<string, string>;
  /** Session settings changed at run time (`spark.conf.set`): every SQL execution's `modifiedConfigs`. */
  sessionConf?: Record<string, string>;
  actions: ActionDescription[];
  /** PRNG seed; default: a hash of appId. */
  seed?: number;
}

export interface ActionDescription {
  /** Stage name as Spark writes it: "collect at /opt/jobs/pyspark/report.py:118", "save at NativeMethodAccessorImpl.java:0". */
  callSite: string;
  /** Stack frames (JVM, innermost first) for Stage Info "Details" and the SQL execution's details. */
  details?: string[];
  /** SQL execution description; default: callSite. */
  description?: string;
  /** The physical plan that ran; absent for a plain RDD job. */
  plan?: PlanNode;
  /**
   * One entry per stage the plan (or RDD job) runs, in execution order: each exchange's or broadcast's
   * producing side in post-order (left before right), then the final stage. `planStages(plan)` says how
   * many a plan needs.
   */
  stages: StageDescription[];
  /**
   * Name AQE shuffle query stages "$anonfun$withThreadLocalCaptured$1 at FutureTask.java:266", as
   * stages started on SQLExecution's helper threads are (always so for broadcasts, unless a PySpark
   * call site is set); they are tied to the action only by the job property spark.sql.execution.id.
   */
  aqeHelperThreadStages?: boolean;
  /** Driver time before the action's first job (planning, listing files), ms. Default 1,500. */
  driverTimeMs?: number;
  /**
   * The application stopped before this action ran (an earlier stage aborted the job): its stages are
   * submitted and at once cancelled "because SparkContext was shut down", and its job fails.
   */
  cancelled?: boolean;
}

/** Column names as they appear in plan strings (the generator adds the `#id` suffixes). */
export type Columns = string[];

export type PlanNode =
  | ScanNode
  | LocalTableScanNode
  | JdbcScanNode
  | RddScanNode
  | CacheNode
  | FilterNode
  | ProjectNode
  | ExchangeNode
  | BroadcastNode
  | JoinNode
  | AggregateNode
  | WindowNode
  | SortNode
  | PythonUdfNode
  | CoalesceNode
  | LimitNode
  | WriteNode;

/** File scan (parquet/delta/csv/json/orc): task-side rows, driver-side files and bytes. */
export interface ScanNode {
  op: 'scan';
  format: 'parquet' | 'delta' | 'csv' | 'json' | 'orc';
  /** Directory or file read, as the code names it. */
  path: string;
  /** Catalog table when read with spark.table(...), e.g. "risk.blocked_customers". */
  table?: string;
  columns: Columns;
  /** "size of files read": also the stage's input bytes. */
  bytes: number;
  rows: number;
  files?: number;
  pushedFilters?: string[];
}

/** createDataFrame / Seq(...).toDF: rows shipped from the driver. */
export interface LocalTableScanNode {
  op: 'local';
  columns: Columns;
  rows: number;
  /** Size of the rows (for the exchange above, if any). */
  bytes: number;
}

export interface JdbcScanNode {
  op: 'jdbc';
  table: string;
  columns: Columns;
  rows: number;
  bytes: number;
}

/**
 * An RDD turned into a DataFrame (`rdd.toDF`). `rddStages` is how many RDD shuffle stages run
 * before it (their StageDescriptions come first, named by their own `name`); `rddCallSites` are the
 * RDDs' call sites, listed in the consuming stage's RDD Info.
 */
export interface RddScanNode {
  op: 'rdd';
  columns: Columns;
  rows: number;
  rddStages?: number;
  rddCallSites?: string[];
}

/** `.cache()`d data read through InMemoryTableScan; `child` is the cached plan. */
export interface CacheNode {
  op: 'cache';
  columns: Columns;
  rows: number;
  /** In-memory size of the cached partitions. */
  memoryBytes: number;
  diskBytes?: number;
  /** Partitions of the cached RDD (default: tasks of the stage that builds it). */
  partitions?: number;
  /** Already built by an earlier action: the child plan is shown but does not run again. */
  materialized?: boolean;
  /** Name of the cached RDD (default: derived from the child plan). */
  rddName?: string;
  /** Call site of the action that built it (default: this action's). */
  builtBy?: string;
  child: PlanNode;
}

export interface FilterNode {
  op: 'filter';
  condition: string;
  rows: number;
  child: PlanNode;
}

export interface ProjectNode {
  op: 'project';
  columns: Columns;
  child: PlanNode;
}

/** A shuffle: the child runs in its own stage and writes; the parent's stage reads. */
export interface ExchangeNode {
  op: 'exchange';
  /** e.g. "hashpartitioning(customer_id, 200)", "SinglePartition", "rangepartitioning(ts ASC NULLS FIRST, 200)". */
  partitioning: string;
  /** "data size" (rows as serialized in memory): what a reader takes as the size of this input. */
  bytes: number;
  rows: number;
  /** Shuffle bytes written/read (compressed); default 45 % of `bytes`. */
  shuffleBytes?: number;
  /** AQE split this many skewed partitions (skew join): the read shows "coalesced and skewed". */
  skewedPartitions?: number;
  child: PlanNode;
}

/** BroadcastExchange: the child runs as its own job (collect), the rows go to every executor. */
export interface BroadcastNode {
  op: 'broadcast';
  bytes: number;
  rows: number;
  child: PlanNode;
}

export interface JoinNode {
  op: 'join';
  strategy: 'SortMergeJoin' | 'BroadcastHashJoin' | 'ShuffledHashJoin' | 'BroadcastNestedLoopJoin';
  joinType: 'Inner' | 'LeftOuter' | 'RightOuter' | 'FullOuter' | 'LeftSemi' | 'LeftAnti';
  leftKeys: Columns;
  rightKeys: Columns;
  rows: number;
  /** SortMergeJoin "spill size" (memory bytes spilled), with its disk size. */
  spill?: Spill;
  left: PlanNode;
  right: PlanNode;
}

export interface AggregateNode {
  op: 'aggregate';
  keys: Columns;
  /** e.g. ["sum(gross_amount_usd)", "count(distinct order_id)"]; the partial side prefixes partial_. */
  functions: string[];
  mode: 'partial' | 'final' | 'complete';
  rows: number;
  spill?: Spill;
  child: PlanNode;
}

export interface WindowNode {
  op: 'window';
  /** e.g. "row_number()", "lag(ts, 1, null)". */
  functions: string[];
  partitionBy: Columns;
  orderBy: Columns;
  spill?: Spill;
  child: PlanNode;
}

export interface SortNode {
  op: 'sort';
  orderBy: Columns;
  /** Global sort (orderBy) vs. within partitions. */
  global: boolean;
  spill?: Spill;
  child: PlanNode;
}

export interface PythonUdfNode {
  op: 'python-udf';
  udfs: string[];
  rows: number;
  child: PlanNode;
}

export interface CoalesceNode {
  op: 'coalesce';
  partitions: number;
  child: PlanNode;
}

/** limit(n) feeding a collect/toPandas: TakeOrderedAndProject when sorted, else CollectLimit. */
export interface LimitNode {
  op: 'limit';
  limit: number;
  orderBy?: Columns;
  columns: Columns;
  child: PlanNode;
}

/**
 * The write at the root of a write action. InsertIntoHadoopFsRelationCommand (parquet/csv/json/orc
 * by path) has the query as its child; SaveIntoDataSourceCommand (Delta `.save(path)`) is a command
 * execution of its own and the query runs as a nested SQL execution (rootExecutionId = the command's).
 */
export interface WriteNode {
  op: 'write';
  command: 'InsertIntoHadoopFsRelationCommand' | 'SaveIntoDataSourceCommand';
  format: 'parquet' | 'delta' | 'csv' | 'json' | 'orc';
  path: string;
  mode: 'Overwrite' | 'Append' | 'ErrorIfExists' | 'Ignore';
  partitionBy?: Columns;
  /** Writer options in the order the code sets them (path is added by the writer). */
  options?: Record<string, string>;
  columns: Columns;
  /** "written output" and the stage's output bytes. */
  bytes: number;
  rows: number;
  files: number;
  child: PlanNode;
}

export interface Spill {
  /** Memory Bytes Spilled (deserialized size), also the SQL "spill size". */
  memoryBytes: number;
  diskBytes: number;
}

export interface StageDescription {
  /** Successful task count (partitions). */
  tasks: number;
  /** Task durations (Finish − Launch) of the ordinary tasks: log-normal around `median`. */
  durationMs: { median: number; /** log-normal sigma, default 0.25 */ spread?: number };
  /** A few hot tasks: each takes about `durationMs` and gets `bytes` of the stage's main input (shuffle read, else input). */
  skew?: { tasks: number; durationMs: number; bytes?: number };
  /** JVM GC time as a share of executor run time; default about 0.03. */
  gcFraction?: number;
  /**
   * Figures beyond what the plan puts in this stage (for RDD code, or stages without a plan):
   * added to the plan-derived totals.
   */
  inputBytes?: number;
  inputRecords?: number;
  shuffleReadBytes?: number;
  shuffleReadRecords?: number;
  shuffleWriteBytes?: number;
  shuffleWriteRecords?: number;
  outputBytes?: number;
  outputRecords?: number;
  spill?: Spill;
  /** Task attempts failing with an exception before a successful retry on another executor. */
  failedTasks?: number;
  /**
   * One task fails spark.task.maxFailures (4) times with this error, each time on another executor,
   * and the stage aborts its job: "Job aborted due to stage failure: … most recent failure: Lost task …".
   */
  abort?: { exception: string; message: string; stack?: Array<[string, string, string, number]> };
  /**
   * The first attempt loses an executor's shuffle output: `completedTasks` succeed, `fetchFailedTasks`
   * end with FetchFailed, the attempt fails; the parent stage re-runs `parentTasksRerun` tasks and
   * attempt 1 runs the remaining partitions.
   */
  fetchFailure?: { completedTasks: number; fetchFailedTasks: number; parentTasksRerun: number };
  /** Stage name; default: the action's call site (or the helper-thread name). */
  name?: string;
  /** Stack frames for "Details"; default: the action's. */
  details?: string[];
  /** Extra RDD Info call sites (RDD code inside the stage). */
  rddCallSites?: string[];
}
