/**
 * The log `npm run bench:import` reads: one application of many SQL executions (a scan, a shuffle,
 * a sort-merge join with a small side, a write), sized so the plain log is at least `minBytes`.
 */
import type { ActionDescription, JobRunDescription, PlanNode } from '../../scripts/eventlog-generator';

const GB = 1024 ** 3;
const MB = 1024 ** 2;

/** The size of one step of a bench job: a scan shuffled into a sort-merge join with a small side, written. */
export interface BenchStep {
  /** Scala object and file of the job ("BenchJob"). */
  job: string;
  partitions: number;
  mapTasks: number;
  reduceTasks: number;
  scanBytes: number;
  shuffleBytes: number;
  /** The write partitioned by date (a sort before it). */
  partitionBy: boolean;
  /** Every n-th step's scan spills. */
  spillEvery?: number;
}

const IMPORT_STEP: BenchStep = { job: 'BenchJob', partitions: 300, mapTasks: 48, reduceTasks: 200, scanBytes: 6 * GB, shuffleBytes: 9 * GB, partitionBy: true };

/** Step `index` of a bench job: every 5th reduce has a skewed task, every 9th two failed tasks. */
export function benchAction(index: number, step: BenchStep = IMPORT_STEP): ActionDescription {
  const rows = 20_000_000 + index * 10_000;
  const hash = `hashpartitioning(id, ${step.partitions})`;
  const plan: PlanNode = {
    op: 'write',
    command: 'InsertIntoHadoopFsRelationCommand',
    format: 'parquet',
    path: `s3://bench-lake/marts/table_${index}`,
    mode: 'Overwrite',
    ...(step.partitionBy ? { partitionBy: ['event_date'] } : {}),
    columns: ['id', 'event_date', 'amount', 'name'],
    bytes: 2 * GB,
    rows,
    files: step.partitions,
    child: {
      op: 'join',
      strategy: 'SortMergeJoin',
      joinType: 'LeftOuter',
      leftKeys: ['id'],
      rightKeys: ['id'],
      rows,
      left: { op: 'exchange', partitioning: hash, bytes: step.shuffleBytes, rows, child: { op: 'filter', condition: '(isnotnull(id) AND (amount > 0.0))', rows, child: { op: 'scan', format: 'parquet', path: `s3://bench-lake/raw/events_${index % 7}`, columns: ['id', 'event_date', 'amount'], bytes: step.scanBytes, rows: rows * 1.1 } } },
      right: { op: 'exchange', partitioning: hash, bytes: 40 * MB, rows: 400_000, child: { op: 'scan', format: 'parquet', path: 's3://bench-lake/dim/names', table: 'dim.names', columns: ['id', 'name'], bytes: 25 * MB, rows: 400_000 } },
    },
  };
  const spills = step.spillEvery !== undefined && index % step.spillEvery === 0;
  return {
    callSite: `parquet at ${step.job}.scala:${100 + index}`,
    details: ['org.apache.spark.sql.DataFrameWriter.parquet(DataFrameWriter.scala:802)', `com.example.${step.job}$.main(${step.job}.scala:${100 + index})`],
    plan,
    stages: [
      { tasks: step.mapTasks, durationMs: { median: 9_000 }, ...(spills ? { spill: { memoryBytes: 3 * GB, diskBytes: GB } } : {}) },
      { tasks: 1, durationMs: { median: 1_200 } },
      { tasks: step.reduceTasks, durationMs: { median: 6_000 }, skew: index % 5 === 0 ? { tasks: 1, durationMs: 120_000 } : undefined, failedTasks: index % 9 === 0 ? 2 : 0 },
    ],
  };
}

/** About 1.4 MB of log per action. */
export function benchRun(actions: number): JobRunDescription {
  return {
    appId: 'app-20261101000000-0999',
    appName: 'import-bench',
    sparkVersion: '3.5.1',
    startTime: Date.UTC(2026, 10, 1),
    language: 'scala',
    entryPoint: 'com.example.BenchJob',
    executors: 20,
    coresPerExecutor: 4,
    executorMemory: '16g',
    sparkConf: { 'spark.sql.adaptive.enabled': 'true' },
    actions: Array.from({ length: actions }, (_, i) => benchAction(i)),
  };
}
