/**
 * Pairs of runs of one job that differ only in one setting, for checking the advisor's effect models
 * against what the "cluster" did. The task times of both runs come from the physics below (a fixed
 * cost per task, a processing rate, Spark's unified-memory rule for how much a task may hold, and
 * spilling whole buffers when it holds more): the generator's ground truth, written independently of
 * the advisor's models, which only see the event log of the first run.
 *
 *   for (const pair of configurationPairs()) {
 *     writeEventLog(pair.before, …); writeEventLog(pair.after, …);   // pair.change: key, from, to
 *   }
 */
import { hashString } from './random';
import type { JobRunDescription, PlanNode, StageDescription } from './types';

const MB = 1024 ** 2;

/** How the generated cluster turns bytes into task time. */
export const PHYSICS = {
  /** Scheduling, deserialising and committing one task, ms. */
  taskOverheadMs: 40,
  /** Reading, decoding and aggregating one MB (input or shuffle), ms per core. */
  msPerMb: 25,
  /** Rows held in memory take this many times their shuffled (serialized) size. */
  expansion: 2.5,
  /** Writing a spill file and reading it back, MB of spill file per second per task. */
  spillMbPerSecond: 80,
  /** Spark's reserved system memory, MB. */
  reservedMb: 300,
  /** Driver time to collect, build and send a broadcast of one MB, ms. */
  broadcastMsPerMb: 25,
};

/** The settings a pair varies; anything not given is Spark's default. */
export interface PairSettings {
  executors: number;
  coresPerExecutor: number;
  executorMemoryMb: number;
  memoryFraction?: number;
  shufflePartitions?: number;
  broadcastThresholdMb?: number;
  adaptive?: boolean;
  skewJoin?: boolean;
}

export interface ConfigurationPair {
  /** Which effect model the pair checks: "shuffle partitions (tiny tasks)", "executor memory", … */
  model: string;
  change: { key: string; from: string; to: string };
  before: JobRunDescription;
  after: JobRunDescription;
}

/** Execution memory one task may hold: (heap − reserved) × memory.fraction / cores. */
export function memoryPerTaskMb(settings: PairSettings): number {
  return ((settings.executorMemoryMb - PHYSICS.reservedMb) * (settings.memoryFraction ?? 0.6)) / settings.coresPerExecutor;
}

/**
 * What a task that aggregates or sorts `shuffledMb` spills: each time its buffer fills, the whole
 * buffer is sorted and written out (Spark's ExternalSorter / UnsafeExternalSorter), so a partition
 * 2.2× the memory spills two full buffers.
 */
export function spillOf(shuffledMb: number, settings: PairSettings): { memoryMb: number; diskMb: number; ms: number } {
  const heldMb = shuffledMb * PHYSICS.expansion;
  const bufferMb = memoryPerTaskMb(settings);
  const buffers = heldMb > bufferMb ? Math.floor(heldMb / bufferMb) : 0;
  const memoryMb = buffers * bufferMb;
  const diskMb = memoryMb / PHYSICS.expansion;
  return { memoryMb, diskMb, ms: ((2 * diskMb) / PHYSICS.spillMbPerSecond) * 1000 };
}

/** A task reading `mb` and spilling what it must. */
function taskMs(mb: number, settings: PairSettings, spills: boolean): number {
  return PHYSICS.taskOverheadMs + mb * PHYSICS.msPerMb + (spills ? spillOf(mb, settings).ms : 0);
}

const ORDER_COLUMNS = ['order_id', 'customer_id', 'amount', 'currency', 'order_ts'];
const SCRIPT = '/opt/jobs/pyspark/orders_rollup.py';

/** A run of job `name` (the `runIndex`-th, one day apart) with these settings and actions; `platformConf` says where it ran. */
export function description(name: string, runIndex: number, settings: PairSettings, actions: JobRunDescription['actions'], platformConf: Record<string, string> = {}): JobRunDescription {
  const sparkConf: Record<string, string> = { ...platformConf, 'spark.sql.adaptive.enabled': String(settings.adaptive ?? false) };
  if (settings.memoryFraction !== undefined) sparkConf['spark.memory.fraction'] = String(settings.memoryFraction);
  if (settings.shufflePartitions !== undefined) sparkConf['spark.sql.shuffle.partitions'] = String(settings.shufflePartitions);
  if (settings.broadcastThresholdMb !== undefined) sparkConf['spark.sql.autoBroadcastJoinThreshold'] = `${settings.broadcastThresholdMb}m`;
  if (settings.skewJoin !== undefined) sparkConf['spark.sql.adaptive.skewJoin.enabled'] = String(settings.skewJoin);
  const day = 1 + runIndex;
  return {
    appId: `app-202612${String(day).padStart(2, '0')}020000-${name.replace(/[^a-z]/g, '').slice(0, 6)}`,
    appName: name,
    sparkVersion: '3.5.1',
    startTime: Date.UTC(2026, 11, day, 2, 0, 0),
    user: 'etl',
    language: 'python',
    entryPoint: SCRIPT,
    executors: settings.executors,
    coresPerExecutor: settings.coresPerExecutor,
    executorMemory: `${settings.executorMemoryMb}m`,
    sparkConf,
    actions,
    // Both runs of a pair draw the same random figures (executor start-up, jitter) until they differ.
    seed: hashString(name),
  };
}

/** The parquet write at the root of each job's plan. */
function parquetWrite(path: string, columns: string[], mb: number, rows: number, files: number, child: PlanNode): PlanNode {
  return { op: 'write', command: 'InsertIntoHadoopFsRelationCommand', format: 'parquet', path, mode: 'Overwrite', columns, bytes: Math.round(mb * MB), rows, files, child };
}

const scan = (mb: number, path = 's3://lake/raw/orders'): PlanNode => ({ op: 'scan', format: 'parquet', path, columns: ORDER_COLUMNS, bytes: Math.round(mb * MB), rows: Math.round(mb * 9_000), files: Math.max(1, Math.round(mb / 128)) });

/**
 * orders_rollup.py: scan `inputMb` of orders in 128 MB splits, aggregate by customer through a
 * shuffle of `shuffleMb` into the configured partitions, write the result.
 */
export function rollup(settings: PairSettings, inputMb: number, shuffleMb: number): JobRunDescription['actions'] {
  const partitions = settings.shufflePartitions ?? 200;
  const mapTasks = Math.ceil(inputMb / 128);
  const readTasks = settings.adaptive ? coalescedPartitions(shuffleMb, partitions, settings.executors * settings.coresPerExecutor) : partitions;
  const perPartitionMb = shuffleMb / readTasks;
  const spill = spillOf(perPartitionMb, settings);
  const rows = Math.round(shuffleMb * 4_000);
  const plan = parquetWrite('s3://lake/marts/customer_totals', ['customer_id', 'total'], shuffleMb * 0.2, Math.round(rows / 4), partitions, {
    op: 'aggregate',
    mode: 'final',
    keys: ['customer_id'],
    functions: ['sum(amount)'],
    rows: Math.round(rows / 4),
    child: { op: 'exchange', partitioning: `hashpartitioning(customer_id, ${partitions})`, bytes: Math.round(shuffleMb * 2.2 * MB), shuffleBytes: Math.round(shuffleMb * MB), rows, child: { op: 'aggregate', mode: 'partial', keys: ['customer_id'], functions: ['partial_sum(amount)'], rows, child: scan(inputMb) } },
  });
  const reduce: StageDescription = {
    tasks: readTasks,
    durationMs: { median: Math.round(taskMs(perPartitionMb, settings, true)), spread: 0.12 },
    ...(spill.memoryMb > 0 ? { spill: { memoryBytes: Math.round(spill.memoryMb * MB * readTasks), diskBytes: Math.round(spill.diskMb * MB * readTasks) } } : {}),
  };
  return [
    {
      callSite: 'parquet at NativeMethodAccessorImpl.java:0',
      details: ['org.apache.spark.sql.DataFrameWriter.parquet(DataFrameWriter.scala:802)'],
      description: 'orders_rollup: customer totals',
      plan,
      stages: [{ tasks: mapTasks, durationMs: { median: Math.round(taskMs(inputMb / mapTasks, settings, false)), spread: 0.12 } }, reduce],
      driverTimeMs: 2_000,
    },
  ];
}

/**
 * AQE's coalescing with parallelismFirst (Spark 3.2+ default): a target of the total over the cores
 * (at least 1 MB, at most the 64 MB advisory size), filled by packing neighbouring partitions.
 */
function coalescedPartitions(shuffleMb: number, partitions: number, cores: number): number {
  const targetMb = Math.min(64, Math.max(1, shuffleMb / cores));
  const perPartition = Math.max(1, Math.floor(targetMb / (shuffleMb / partitions)));
  return Math.ceil(partitions / perPartition);
}

/**
 * orders_enriched.py: orders (`factMb`) joined with customers (`dimMb`) on customer_id and written.
 * Sort-merge: both sides shuffled into `partitions` and sorted (the generator's plan gives each Sort
 * 15 % and the fetch 1 % of the reduce task's run time), the merge itself the rest. Broadcast: the
 * customers are collected and sent out by the driver, and every orders task probes them: the merge
 * work without the sorts, the fetch or the shuffle write.
 */
function enrich(settings: PairSettings, factMb: number, dimMb: number, broadcast: boolean): JobRunDescription['actions'] {
  const partitions = settings.shufflePartitions ?? 200;
  const mapTasks = Math.ceil(factMb / 128);
  const shuffleMb = factMb * 0.5;
  // The reduce task of the sort-merge join: fetch 1 %, two sorts of 15 % each, merging 69 %.
  const mergeMs = (shuffleMb / partitions) * PHYSICS.msPerMb;
  const reduceRunMs = mergeMs / 0.69;
  const customers = scan(dimMb, 's3://lake/dim/customers');
  const orders = scan(factMb);
  const rows = Math.round(factMb * 9_000);
  const join = (left: PlanNode, right: PlanNode): PlanNode => ({ op: 'join', strategy: broadcast ? 'BroadcastHashJoin' : 'SortMergeJoin', joinType: 'Inner', leftKeys: ['customer_id'], rightKeys: ['customer_id'], rows, left, right });
  const hash = (mb: number, child: PlanNode): PlanNode => ({ op: 'exchange', partitioning: `hashpartitioning(customer_id, ${partitions})`, bytes: Math.round(mb * 2 * MB), shuffleBytes: Math.round(mb * MB), rows: Math.round(mb * 9_000), child });
  const joined = broadcast ? join(orders, { op: 'broadcast', bytes: Math.round(dimMb * 1.2 * MB), rows: Math.round(dimMb * 9_000), child: customers }) : join(hash(shuffleMb, orders), hash(dimMb * 0.5, customers));
  const plan = parquetWrite('s3://lake/curated/orders_enriched', [...ORDER_COLUMNS, 'segment'], factMb * 0.6, rows, broadcast ? mapTasks : partitions, joined);
  const scanMs = (factMb / mapTasks) * PHYSICS.msPerMb;
  // Shuffle write time as the generator's task metrics give it (9.5 ns per byte).
  const writeMs = ((shuffleMb / mapTasks) * MB * 9.5) / 1e6;
  const dimTask: StageDescription = { tasks: 1, durationMs: { median: Math.round(PHYSICS.taskOverheadMs + dimMb * PHYSICS.msPerMb) } };
  const stages: StageDescription[] = broadcast
    ? [dimTask, { tasks: mapTasks, durationMs: { median: Math.round(PHYSICS.taskOverheadMs + scanMs + (mergeMs * partitions) / mapTasks), spread: 0.12 } }]
    : [
        { tasks: mapTasks, durationMs: { median: Math.round(PHYSICS.taskOverheadMs + scanMs + writeMs), spread: 0.12 } },
        dimTask,
        { tasks: partitions, durationMs: { median: Math.round(PHYSICS.taskOverheadMs + reduceRunMs), spread: 0.12 } },
      ];
  const broadcastMs = broadcast ? dimMb * PHYSICS.broadcastMsPerMb : 0;
  return [{ callSite: 'parquet at NativeMethodAccessorImpl.java:0', description: 'orders_enriched', plan, stages, driverTimeMs: 2_000 + broadcastMs }];
}

/**
 * A join whose reduce side has `hot` partitions far larger than the rest. With AQE's skew join each
 * is split into pieces of the advisory size (64 MB), no smaller than the median partition.
 */
function skewedJoin(settings: PairSettings, hot: number, hotMb: number): JobRunDescription['actions'] {
  const partitions = settings.shufflePartitions ?? 200;
  const factMb = 12 * 1024;
  const mapTasks = Math.ceil(factMb / 128);
  const shuffleMb = factMb * 0.5;
  const normalMb = (shuffleMb - hot * hotMb) / (partitions - hot);
  const split = settings.adaptive === true && settings.skewJoin !== false;
  const pieceMb = Math.max(64, normalMb);
  const pieces = split ? Math.ceil(hotMb / pieceMb) : 1;
  const hotTaskMs = PHYSICS.taskOverheadMs + (hotMb / pieces) * PHYSICS.msPerMb;
  const hash = (mb: number, child: PlanNode, skewed?: number): PlanNode => ({ op: 'exchange', partitioning: `hashpartitioning(account_id, ${partitions})`, bytes: Math.round(mb * 2 * MB), shuffleBytes: Math.round(mb * MB), rows: Math.round(mb * 9_000), child, ...(skewed ? { skewedPartitions: skewed } : {}) });
  const rows = Math.round(factMb * 9_000);
  const join: PlanNode = { op: 'join', strategy: 'SortMergeJoin', joinType: 'Inner', leftKeys: ['account_id'], rightKeys: ['account_id'], rows, left: hash(shuffleMb, scan(factMb), split ? hot : undefined), right: hash(300, scan(600, 's3://lake/dim/accounts')) };
  const plan = parquetWrite('s3://lake/curated/sessions_by_account', ['account_id', 'sessions'], factMb * 0.3, rows, partitions, join);
  return [
    {
      callSite: 'parquet at NativeMethodAccessorImpl.java:0',
      description: 'sessions_by_account',
      plan,
      stages: [
        { tasks: mapTasks, durationMs: { median: Math.round(PHYSICS.taskOverheadMs + 128 * PHYSICS.msPerMb), spread: 0.12 } },
        { tasks: 5, durationMs: { median: Math.round(PHYSICS.taskOverheadMs + 120 * PHYSICS.msPerMb), spread: 0.12 } },
        {
          tasks: partitions - hot + hot * pieces,
          durationMs: { median: Math.round(PHYSICS.taskOverheadMs + normalMb * PHYSICS.msPerMb), spread: 0.12 },
          skew: { tasks: hot * pieces, durationMs: Math.round(hotTaskMs), bytes: Math.round((hotMb / pieces) * MB) },
        },
      ],
      driverTimeMs: 2_000,
    },
  ];
}

const CLUSTER: PairSettings = { executors: 8, coresPerExecutor: 4, executorMemoryMb: 8192 };

function pair(model: string, key: string, from: string, to: string, name: string, index: number, build: (settings: PairSettings) => JobRunDescription['actions'], before: PairSettings, after: PairSettings): ConfigurationPair {
  return { model, change: { key, from, to }, before: description(name, index, before, build(before)), after: description(name, index + 1, after, build(after)) };
}

/** One pair per effect model (and two for shuffle partitions: fewer and more). */
export function configurationPairs(): ConfigurationPair[] {
  const spilling: PairSettings = { ...CLUSTER, executorMemoryMb: 4096 };
  const aqeOn: PairSettings = { ...CLUSTER, adaptive: true, skewJoin: false };
  return [
    pair('shuffle partitions: tiny tasks merged', 'spark.sql.shuffle.partitions', '2000', '32', 'orders-rollup-small', 0, (s) => rollup(s, 4096, 600), { ...CLUSTER, shufflePartitions: 2000 }, { ...CLUSTER, shufflePartitions: 32 }),
    pair('shuffle partitions: spilling partitions split', 'spark.sql.shuffle.partitions', '200', '400', 'orders-rollup-large', 2, (s) => rollup(s, 96 * 1024, 48 * 1024), { ...spilling, shufflePartitions: 200 }, { ...spilling, shufflePartitions: 400 }),
    pair('executor memory: spill removed', 'spark.executor.memory', '4096m', '6144m', 'orders-rollup-memory', 4, (s) => rollup(s, 96 * 1024, 48 * 1024), spilling, { ...spilling, executorMemoryMb: 6144 }),
    pair('memory fraction: spill removed', 'spark.memory.fraction', '0.2', '0.6', 'orders-rollup-fraction', 6, (s) => rollup(s, 96 * 1024, 48 * 1024), { ...CLUSTER, memoryFraction: 0.2 }, { ...CLUSTER, memoryFraction: 0.6 }),
    pair('executor instances: more cores', 'spark.executor.instances', '8', '16', 'orders-rollup-wide', 8, (s) => rollup(s, 120 * 1024, 8 * 1024), CLUSTER, { ...CLUSTER, executors: 16 }),
    pair('broadcast threshold: sort-merge join broadcast', 'spark.sql.autoBroadcastJoinThreshold', '10m', '64m', 'orders-enriched', 10, (s) => enrich(s, 24 * 1024, 40, (s.broadcastThresholdMb ?? 10) > 40), { ...CLUSTER, broadcastThresholdMb: 10 }, { ...CLUSTER, broadcastThresholdMb: 64 }),
    pair('AQE: tiny partitions coalesced', 'spark.sql.adaptive.enabled', 'false', 'true', 'orders-rollup-aqe', 12, (s) => rollup(s, 4096, 600), { ...CLUSTER, shufflePartitions: 2000 }, { ...CLUSTER, shufflePartitions: 2000, adaptive: true }),
    pair('AQE skew join: hot partitions split', 'spark.sql.adaptive.skewJoin.enabled', 'false', 'true', 'sessions-by-account', 14, (s) => skewedJoin(s, 3, 1500), aqeOn, { ...aqeOn, skewJoin: true }),
  ];
}
