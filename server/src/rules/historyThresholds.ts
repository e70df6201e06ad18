/**
 * When measured figures make a finding. Chosen after Dr. Elephant's and DataFlint's heuristics,
 * biased towards silence: a history finding must be worth a developer's look on its own.
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
