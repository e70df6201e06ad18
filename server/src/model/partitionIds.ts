/**
 * Columns that hold `spark_partition_id()`. Grouping by one gives one row per partition (a few
 * hundred at most), the usual way to compute per-partition offsets and summaries; a window ordered
 * by one runs over such a summary.
 */
import type { Expr } from '../syntax/ast';
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

/** `spark_partition_id().alias("pid")` / `.as("pid")` / `.name("pid")` anywhere in `expr`: the alias keys. */
function aliasedPartitionIds(expr: Expr, imports: FunctionImports, out: Set<string>): void {
  if (expr.kind === 'call' && expr.callee.kind === 'member' && ['alias', 'as', 'name'].includes(expr.callee.property)) {
    if (isPartitionIdCall(expr.callee.object, imports)) {
      const key = columnReferenceKey(expr.args[0]?.value, imports);
      if (key) out.add(key);
    }
  }
  if (expr.kind === 'call') {
    aliasedPartitionIds(expr.callee, imports, out);
    for (const arg of expr.args) aliasedPartitionIds(arg.value, imports, out);
  } else if (expr.kind === 'member') {
    aliasedPartitionIds(expr.object, imports, out);
  } else if (expr.kind === 'sequence') {
    for (const item of expr.items) aliasedPartitionIds(item, imports, out);
  }
}

/** Keys of every column the file fills with spark_partition_id(): `withColumn(k, spark_partition_id())` or an alias in a select. */
export function partitionIdColumns(model: SparkModel): ReadonlySet<string> {
  const cached = cache.get(model);
  if (cached) return cached;
  const keys = new Set<string>();
  for (const { step } of model.frameSteps) {
    if (step.name === 'withColumn' && isPartitionIdCall(argument(step, 1, 'col'), model.imports)) {
      const key = columnReferenceKey(argument(step, 0, 'colName'), model.imports);
      if (key) keys.add(key);
    }
    for (const arg of step.args ?? []) aliasedPartitionIds(arg.value, model.imports, keys);
  }
  cache.set(model, keys);
  return keys;
}

const cache = new WeakMap<SparkModel, ReadonlySet<string>>();

/** `groupBy(spark_partition_id())`, or grouping only by columns that hold it. */
export function groupsByPartition(step: ChainStep, model: SparkModel): boolean {
  const args = step.args ?? [];
  if (args.length === 0) return false;
  const keys = partitionIdColumns(model);
  return args.every((a) => isPartitionIdCall(a.value, model.imports) || keys.has(columnReferenceKey(a.value, model.imports) ?? ''));
}
