/**
 * Physical plan nodes as Spark's SparkPlanInfo shows them (nodeName, simpleString, metrics), and the
 * stage slots a plan runs in. The shapes follow Spark 3.4/3.5 (`[plan_id=…]`, WriteFiles,
 * "avg hash probes per key"); metric names and types are Spark's own.
 */

export type MetricType = 'sum' | 'size' | 'timing' | 'nsTiming' | 'average';

/** One SQL metric: its accumulator, who updates it, and the value it must end with. */
export interface PlanMetric {
  name: string;
  metricType: MetricType;
  accumulatorId: number;
  /** The slot whose tasks update it, 'driver' (SparkListenerDriverAccumUpdates), or undefined: never updated. */
  slot?: StageSlot | 'driver';
  /** Final value (bytes, rows, ms; ns for nsTiming). */
  value?: number;
  /** Timings: this share of the slot's executor run time (ms) instead of a fixed value. */
  runTimeShare?: number;
  /** Values known only once the stages are described (e.g. AQE partition counts). */
  resolve?: () => number;
}

export interface PhysicalNode {
  nodeName: string;
  simpleString: string;
  children: PhysicalNode[];
  metrics: PlanMetric[];
  metadata: Record<string, string>;
  /** Lines of the formatted explain's detail block (Output, Arguments, …). */
  details: string[];
  /** Whether the operator can sit inside a WholeStageCodegen stage. */
  codegen: boolean;
  /** Children that always start a new codegen stage (SortMergeJoin's inputs). */
  codegenBoundary?: boolean;
  /** AQE wraps this node in a query stage in the final plan. */
  queryStage?: 'shuffle' | 'broadcast' | 'table-cache';
  /** Exchange read by the parent through AQEShuffleRead in the final plan: the reading stage, bytes, planned partitions. */
  aqeRead?: { readSlot: StageSlot; dataSize: number; partitions: number; skewedPartitions?: number };
  slot?: StageSlot;
  /** Set by the codegen pass: the WholeStageCodegen stage this operator runs in. */
  codegenId?: number;
}

export type SlotKind = 'shuffle-map' | 'result' | 'broadcast' | 'rdd-map';

/** Figures a plan puts into one stage (summed over all of its successful task attempts). */
export interface SlotFigures {
  inputBytes: number;
  inputRecords: number;
  shuffleReadBytes: number;
  shuffleReadRecords: number;
  shuffleWriteBytes: number;
  shuffleWriteRecords: number;
  outputBytes: number;
  outputRecords: number;
  memorySpilledBytes: number;
  diskSpilledBytes: number;
}

/** One stage a plan runs: an exchange's or broadcast's producing side, an RDD shuffle, or the final stage. */
export interface StageSlot {
  /** Position in execution order (set when the slot's subtree is complete). */
  index: number;
  kind: SlotKind;
  /** What the stage computes, for messages and docs: "Exchange hashpartitioning(customer_id, 200)". */
  label: string;
  parents: StageSlot[];
  figures: SlotFigures;
  /** Metrics updated by this stage's tasks. */
  metrics: PlanMetric[];
  /** Cached RDD built in this stage. */
  cache?: { rddName: string; memoryBytes: number; diskBytes: number; partitions?: number; callSite?: string };
  /** Cached RDD read (already materialized) in this stage. */
  cacheRead?: { rddName: string; memoryBytes: number; diskBytes: number; partitions?: number; callSite?: string };
  /** Call sites of user RDDs computed in this stage. */
  rddCallSites: string[];
  /** Operator names for the RDD Info scopes ("Exchange", "WholeStageCodegen (2)", "FileScan"…). */
  scopes: string[];
  /** Tasks of the stage as described (set by the generator; AQE partition counts come from it). */
  tasks?: number;
}

export function emptyFigures(): SlotFigures {
  return {
    inputBytes: 0,
    inputRecords: 0,
    shuffleReadBytes: 0,
    shuffleReadRecords: 0,
    shuffleWriteBytes: 0,
    shuffleWriteRecords: 0,
    outputBytes: 0,
    outputRecords: 0,
    memorySpilledBytes: 0,
    diskSpilledBytes: 0,
  };
}

/** A guess at the Spark SQL type of a column from its name, for ReadSchema strings. */
export function columnType(column: string): string {
  if (/(^|_)(ts|at|time|timestamp)$/.test(column)) return 'timestamp';
  if (/(^|_)date$/.test(column)) return 'date';
  if (/^is_|converted$/.test(column)) return 'boolean';
  if (/(amount|usd|revenue|value|rate|price|salary|discount)/.test(column)) return 'double';
  if (/(count|quantity|number|events|orders|clicks|impressions|conversions|units|seq|index|line_number)$/.test(column)) return 'bigint';
  return 'string';
}
