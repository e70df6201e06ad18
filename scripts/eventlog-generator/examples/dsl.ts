/** Short constructors for the example plans. */
import type { AggregateNode, CacheNode, Columns, ExchangeNode, FilterNode, JoinNode, PlanNode, ProjectNode, ScanNode, SortNode, Spill, StageDescription, WindowNode, WriteNode } from '../types';

export function fileScan(format: ScanNode['format'], path: string, columns: Columns, bytes: number, rows: number, extra: Partial<ScanNode> = {}): ScanNode {
  return { op: 'scan', format, path, columns, bytes: Math.round(bytes), rows: Math.round(rows), ...extra };
}

/** spark.table("db.t") of a Hive parquet table in the lake's warehouse. */
export function tableScan(table: string, columns: Columns, bytes: number, rows: number, extra: Partial<ScanNode> = {}): ScanNode {
  const [db, name] = table.split('.');
  return fileScan('parquet', `s3://acme-lake/warehouse/${db}.db/${name}`, columns, bytes, rows, { table, ...extra });
}

export function filter(condition: string, rows: number, child: PlanNode): FilterNode {
  return { op: 'filter', condition, rows: Math.round(rows), child };
}

export function project(columns: Columns, child: PlanNode): ProjectNode {
  return { op: 'project', columns, child };
}

export function exchange(partitioning: string, bytes: number, rows: number, child: PlanNode, extra: Partial<ExchangeNode> = {}): ExchangeNode {
  return { op: 'exchange', partitioning, bytes: Math.round(bytes), rows: Math.round(rows), child, ...extra };
}

export function sortMergeJoin(keys: Columns, joinType: JoinNode['joinType'], rows: number, left: PlanNode, right: PlanNode, extra: Partial<JoinNode> = {}): JoinNode {
  return { op: 'join', strategy: 'SortMergeJoin', joinType, leftKeys: keys, rightKeys: keys, rows: Math.round(rows), left, right, ...extra };
}

export function broadcastJoin(keys: Columns, joinType: JoinNode['joinType'], rows: number, left: PlanNode, right: PlanNode): JoinNode {
  return { op: 'join', strategy: 'BroadcastHashJoin', joinType, leftKeys: keys, rightKeys: keys, rows: Math.round(rows), left, right };
}

export function aggregate(mode: AggregateNode['mode'], keys: Columns, functions: string[], rows: number, child: PlanNode, spill?: Spill): AggregateNode {
  return { op: 'aggregate', mode, keys, functions, rows: Math.round(rows), child, ...(spill ? { spill } : {}) };
}

export function window(functions: string[], partitionBy: Columns, orderBy: Columns, child: PlanNode, spill?: Spill): WindowNode {
  return { op: 'window', functions, partitionBy, orderBy, child, ...(spill ? { spill } : {}) };
}

export function sort(orderBy: Columns, global: boolean, child: PlanNode, spill?: Spill): SortNode {
  return { op: 'sort', orderBy, global, child, ...(spill ? { spill } : {}) };
}

export function cache(columns: Columns, rows: number, memoryBytes: number, child: PlanNode, extra: Partial<CacheNode> = {}): CacheNode {
  return { op: 'cache', columns, rows: Math.round(rows), memoryBytes: Math.round(memoryBytes), child, ...extra };
}

export function write(spec: Omit<WriteNode, 'op'>): WriteNode {
  return { op: 'write', ...spec, bytes: Math.round(spec.bytes), rows: Math.round(spec.rows) };
}

/** A stage: `tasks` tasks of about `medianMs` (log-normal `spread`), plus anything else. */
export function stage(tasks: number, medianMs: number, extra: Omit<Partial<StageDescription>, 'tasks' | 'durationMs'> & { spread?: number } = {}): StageDescription {
  const { spread, ...rest } = extra;
  return { ...rest, tasks, durationMs: spread === undefined ? { median: Math.round(medianMs) } : { median: Math.round(medianMs), spread } };
}
