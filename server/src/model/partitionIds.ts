/**
 * Columns that hold `spark_partition_id()`. Grouping by one gives one row per partition (a few
 * hundred at most), the usual way to compute per-partition offsets and summaries; a window ordered
 * by one runs over such a summary.
 */
import type { Expr, Stmt } from '../syntax/ast';
import { callsIn, perStatement } from '../syntax/walk';
import { argument } from './chains';
import type { ChainStep, FunctionImports, SparkModel } from './types';

/** `spark_partition_id()` / `F.spark_partition_id()`. */
export function isPartitionIdCall(expr: Expr | undefined, imports: FunctionImports): boolean {
  return expr?.kind === 'call' && expr.args.length === 0 && imports.isSparkFunction(expr.callee, 'spark_partition_id');
}

/**
 * How the code refers to a column, as a key that matches its other references: `"pid"`, `col("pid")`
 * and `$"pid"` are `"pid"`; a constant holding the name (`PID_COLUMN`, `Helper.PID`) is that constant.
 */
export function columnReferenceKey(expr: Expr | undefined, imports: FunctionImports): string | undefined {
  if (!expr) return undefined;
  if (expr.kind === 'column') return `column:${expr.name}`;
  if (expr.kind === 'literal') return typeof expr.value === 'string' ? `column:${expr.value}` : undefined;
  if (expr.kind === 'name') return `constant:${expr.id}`;
  if (expr.kind === 'member' && expr.object.kind === 'name') return `constant:${expr.object.id}.${expr.property}`;
  if (expr.kind === 'call' && expr.args.length === 1 && (imports.isSparkFunction(expr.callee, 'col') || imports.isSparkFunction(expr.callee, 'column') || (expr.callee.kind === 'name' && expr.callee.id === 'col'))) {
    return columnReferenceKey(expr.args[0]!.value, imports);
  }
  return undefined;
}

/**
 * Keys of every column the file fills with spark_partition_id(): `withColumn(k, spark_partition_id())`
 * or `spark_partition_id().alias(k)` anywhere in the file (also on frames the model does not follow,
 * such as an attribute of `self`).
 */
export function partitionIdColumns(model: SparkModel): ReadonlySet<string> {
  const cached = cache.get(model);
  if (cached) return cached;
  const imports = model.imports;
  let memo = keysByImports.get(imports);
  if (!memo) keysByImports.set(imports, (memo = new WeakMap()));
  const keys = new Set(perStatement(memo, model.statements, (statement) => partitionIdKeysIn(statement, imports)));
  cache.set(model, keys);
  return keys;
}

function partitionIdKeysIn(statement: Stmt, imports: FunctionImports): string[] {
  const keys: string[] = [];
  for (const expr of callsIn([statement])) {
    if (expr.callee.kind !== 'member') continue;
    const method = expr.callee.property;
    let named: Expr | undefined;
    if (method === 'withColumn' && isPartitionIdCall(argument(expr, 1, 'col'), imports)) named = argument(expr, 0, 'colName');
    else if (['alias', 'as', 'name'].includes(method) && isPartitionIdCall(expr.callee.object, imports)) named = expr.args[0]?.value;
    const key = columnReferenceKey(named, imports);
    if (key) keys.push(key);
  }
  return keys;
}

const cache = new WeakMap<SparkModel, ReadonlySet<string>>();
/** Per imports: each statement's partition-id column keys. */
const keysByImports = new WeakMap<FunctionImports, WeakMap<Stmt, readonly string[]>>();

/** `groupBy(spark_partition_id())`, or grouping only by columns that hold it. */
export function groupsByPartition(step: ChainStep, model: SparkModel): boolean {
  const args = step.args ?? [];
  if (args.length === 0) return false;
  const keys = partitionIdColumns(model);
  return args.every((a) => isPartitionIdCall(a.value, model.imports) || keys.has(columnReferenceKey(a.value, model.imports) ?? ''));
}
