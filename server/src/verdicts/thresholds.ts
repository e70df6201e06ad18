/**
 * Every threshold of the verdicts on runs, in one place: when measured figures make a finding
 * (chosen after Dr. Elephant's and DataFlint's heuristics, biased towards silence: a history
 * finding must be worth a developer's look on its own), how a finding is graded by its share of
 * the run, when a simulated effect is worth a recommendation, and Spark's defaults the effect
 * models start from. The editor's rules, the CLI's JSON, the report and its recommendations all
 * read these.
 */
export const SKEW = {
  /** max/median of successful task duration (or shuffle read) at least this… */
  ratio: 5,
  /** …and the slowest task at least this long, so tiny stages with noise stay silent. */
  minMaxTaskMs: 30_000,
  /** For shuffle-read skew: the largest task read at least this much. */
  minMaxShuffleReadBytes: 128 * 1024 * 1024,
};

/** Spill below this (memory + disk, whole stage) is noise. */
export const SPILL_MIN_BYTES = 1024 * 1024;

export const GC = {
  /** GC time over executor run time. */
  fraction: 0.1,
  /** Stages with less run time than this (summed over tasks) are not worth tuning. */
  minRunTimeMs: 60_000,
};

export const PARTITIONS = {
  /** Spark's default for spark.sql.files.maxPartitionBytes (128 MiB). */
  targetBytes: 128 * 1024 * 1024,
  /** Tiny tasks: at least this many tasks… */
  tinyMinTasks: 200,
  /** …whose median task runs shorter than this… */
  tinyMedianMs: 100,
  /** …and reads less than this on average. */
  tinyMeanBytes: 4 * 1024 * 1024,
  /** Oversized: a task reading more than this many times the target. */
  oversizedFactor: 8,
};

/** A broadcast larger than this strains the driver, which collects it, and every executor. */
export const BROADCAST_TOO_LARGE_BYTES = 1024 * 1024 * 1024;

/** A shuffled join whose small side is below this (and this many times smaller than the other) should have been broadcast. */
export const BROADCAST_CANDIDATE = { defaultMaxBytes: 100 * 1024 * 1024, minSizeRatio: 10 };

/** A finding's grade from its stage's share of the run's wall time (or of its critical path). */
export const IMPACT = {
  /** At least this share: critical, whatever the rule. */
  critical: 0.2,
  /** Below this share a warning becomes information: it cannot move the run. */
  minor: 0.02,
};

/** A recommendation is made only when its simulated effect saves at least this… */
export const MIN_GAIN = {
  /** …share of the run's wall time (or of its cost, for a resizing)… */
  share: 0.02,
  /** …and this much wall time. */
  ms: 2_000,
};

/** Spark's defaults for the keys recommended here (Spark 3.x). */
export const SPARK_DEFAULTS = {
  memoryFraction: 0.6,
  shufflePartitions: 200,
  broadcastThresholdBytes: 10 * 1024 * 1024,
  executorMemoryMb: 1024,
};

export const EXECUTORS = {
  /** spark.dynamicAllocation.executorIdleTimeout's default: an idle executor is released only after this long. */
  idleTimeoutMs: 60_000,
  /** Dynamic allocation pays when releasing idle executors would have freed at least this share of the core time… */
  minIdleShare: 0.2,
  /** …and any resizing must free at least this much core time (1 core-hour), so that short runs stay silent. */
  minSavedCoreMs: 3_600_000,
  /** More executors: stages with at least this many waves of tasks… */
  minWaves: 3,
  /** …that kept at least this share of the cores busy… */
  highUtilisation: 0.8,
  /** …for at least this share of the run's wall time. */
  minWallShare: 0.25,
  /** Never suggest more than this many times the executors the run had: re-measure after each step. */
  maxGrowth: 2,
};

export const MEMORY = {
  /** spark.executor.memory grows by this factor per recommendation: a step, then measure again. */
  growth: 1.5,
  /**
   * Heaps above this collect slowly (long full GCs); beyond it, fewer cores per executor give each
   * task more memory instead.
   */
  maxExecutorMemoryMb: 64 * 1024,
};

export const BROADCAST = {
  /** A suggested broadcast threshold covers the largest measured small side with this headroom for growth. */
  headroom: 1.25,
};

/**
 * Constants of the effect models, used only where the run itself gives no measurement: each effect
 * that falls back on one lists it among its assumptions.
 */
export const EFFECT_DEFAULTS = {
  /** Fixed cost of one task when the run has no small tasks to measure it by, ms… */
  taskOverheadMs: 50,
  /** …and at most this much, whatever its smallest tasks took (they may still have done work). */
  maxTaskOverheadMs: 1_000,
  /** Spark's reserved system memory, taken off the heap before spark.memory.fraction applies. */
  reservedMemoryBytes: 300 * 1024 * 1024,
  /** Bytes a task spills and reads back per second when the run shows no spill throughput of its own. */
  spillBytesPerSecond: 100 * 1024 * 1024,
  /** In-memory size of shuffled rows over their serialized size, when no stage of the run spilled to say. */
  deserializedExpansion: 3,
  /** Network throughput of sending a broadcast to each executor, bytes per second. */
  broadcastBytesPerSecond: 100 * 1024 * 1024,
  /** AQE's defaults: advisory partition size, skewed-partition factor and threshold. */
  advisoryPartitionBytes: 64 * 1024 * 1024,
  minPartitionBytes: 1024 * 1024,
  skewedPartitionFactor: 5,
  skewedPartitionBytes: 256 * 1024 * 1024,
};
