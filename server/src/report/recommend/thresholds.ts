/**
 * Spark's defaults, and when a measured figure makes a configuration change worth recommending. The
 * per-stage judgements (skew, spill, GC, partition sizes, broadcast candidates) are the history
 * rules' own (rules/historyThresholds.ts); these only cover what is judged over the whole run.
 */

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
