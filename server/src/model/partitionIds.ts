/**
 * Columns that hold `spark_partition_id()`. Grouping by one gives one row per partition (a few
 * hundred at most), the usual way to compute per-partition offsets and summaries; a window ordered
 * by one runs over such a summary. Columns that hold the input file's name (`input_file_name()`,
 * `_metadata.file_path`) are found the same way: grouping by one gives one row per file read.
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

/** `input_file_name()`, or a reference to the `_metadata.file_path` / `_metadata.file_name` column that replaces it. */
export function isInputFileValue(expr: Expr | undefined, imports: FunctionImports): boolean {
  if (expr?.kind === 'call' && expr.args.length === 0 && imports.isSparkFunction(expr.callee, 'input_file_name')) return true;
  const key = columnReferenceKey(expr, imports);
  return key === 'column:_metadata.file_path' || key === 'column:_metadata.file_name';
}

/** Which values a kind of column holds, and where the file's columns of that kind are remembered. */
interface FilledColumns {
  holds(expr: Expr | undefined, imports: FunctionImports): boolean;
  byModel: WeakMap<SparkModel, ReadonlySet<string>>;
  /** Per imports: each statement's column keys. */
  byImports: WeakMap<FunctionImports, WeakMap<Stmt, readonly string[]>>;
}

const PARTITION_IDS: FilledColumns = { holds: isPartitionIdCall, byModel: new WeakMap(), byImports: new WeakMap() };
const INPUT_FILES: FilledColumns = { holds: isInputFileValue, byModel: new WeakMap(), byImports: new WeakMap() };

/**
 * Keys of every column the file fills with spark_partition_id(): `withColumn(k, spark_partition_id())`
 * or `spark_partition_id().alias(k)` anywhere in the file (also on frames the model does not follow,
 * such as an attribute of `self`).
 */
export function partitionIdColumns(model: SparkModel): ReadonlySet<string> {
  return filledColumns(model, PARTITION_IDS);
}

/** Keys of every column the file fills with the input file's name, found as partitionIdColumns finds its columns. */
export function inputFileColumns(model: SparkModel): ReadonlySet<string> {
  return filledColumns(model, INPUT_FILES);
}

function filledColumns(model: SparkModel, kind: FilledColumns): ReadonlySet<string> {
  const cached = kind.byModel.get(model);
  if (cached) return cached;
  const imports = model.imports;
  let memo = kind.byImports.get(imports);
  if (!memo) kind.byImports.set(imports, (memo = new WeakMap()));
  const keys = new Set(perStatement(memo, model.statements, (statement) => filledKeysIn(statement, imports, kind)));
  kind.byModel.set(model, keys);
  return keys;
}

/** `spark_partition_id().alias(k)`: methods that name the column they are called on. */
const NAMING_METHODS: ReadonlySet<string> = new Set(['alias', 'as', 'name']);

function filledKeysIn(statement: Stmt, imports: FunctionImports, kind: FilledColumns): string[] {
  const keys: string[] = [];
  for (const expr of callsIn([statement])) {
    if (expr.callee.kind !== 'member') continue;
    const method = expr.callee.property;
    let named: Expr | undefined;
    if (method === 'withColumn' && kind.holds(argument(expr, 1, 'col'), imports)) named = argument(expr, 0, 'colName');
    else if (NAMING_METHODS.has(method) && kind.holds(expr.callee.object, imports)) named = expr.args[0]?.value;
    const key = columnReferenceKey(named, imports);
    if (key) keys.push(key);
  }
  return keys;
}

/** `groupBy(spark_partition_id())`, or grouping only by columns that hold it. */
export function groupsByPartition(step: ChainStep, model: SparkModel): boolean {
  return fewValueGrouping(step, model) === 'partition';
}

/**
 * What a grouping's every key is, when each holds few values by construction: `partition` when all
 * are partition ids (one group per partition), `file` when they are input file names, possibly beside
 * partition ids (a partition reads from one file or a few, so one group per file and partition at most
 * a few per file). Undefined when one key is anything else.
 */
export function fewValueGrouping(step: ChainStep, model: SparkModel): 'partition' | 'file' | undefined {
  const args = step.args ?? [];
  if (args.length === 0) return undefined;
  const partitions = partitionIdColumns(model);
  const files = inputFileColumns(model);
  let found: 'partition' | 'file' = 'partition';
  for (const { value } of args) {
    const key = columnReferenceKey(value, model.imports) ?? '';
    if (isPartitionIdCall(value, model.imports) || partitions.has(key)) continue;
    if (!isInputFileValue(value, model.imports) && !files.has(key)) return undefined;
    found = 'file';
  }
  return found;
}
