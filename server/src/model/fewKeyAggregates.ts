/**
 * Aggregates the code shows to be small although Spark estimates them as large as their input (a
 * grouped aggregate's estimate is its input's, so a join with it is a sort-merge join unless it is
 * broadcast):
 * - grouped only by columns that hold one constant on every row
 *   (`df.withColumn("all", lit(1)).groupBy("all").agg(...)`): exactly one row;
 * - grouped only by keys of an inner or semi join with a small DataFrame
 *   (`events.join(countries, "code").groupBy("code")`): at most one row per row of that side;
 * - grouped only by the partition id or the input file's name (`groupBy(spark_partition_id())`,
 *   per-file header and trailer bounds): one row per partition or per file read.
 *
 * A groupBy on an ordinary column (a tenant, a label, a partition key) may have few or many groups;
 * the code does not say, so it is not called small here. Global aggregates are left out: Spark
 * estimates them at one row and broadcasts them by itself.
 */
import { argument } from './chains';
import { generatorIn } from './generators';
import { constantFills, fillPaths } from './keyFills';
import { joinKeySets } from './joinKeyNames';
import { columnName } from './joins';
import { compatible, singleColumnName, type NameConstants } from './nameConstants';
import type { ChainStep, Expr, FrameValue, FunctionImports, JoinSite, KeyFill, SizeHint } from './types';

export interface AggregateContext {
  imports: FunctionImports;
  names?: NameConstants;
  /** The join a step of a lineage is, if it is one. */
  joinAt(step: ChainStep): JoinSite | undefined;
  /** Why a DataFrame is small, if it is known to be. */
  smallHint(value: FrameValue): SizeHint | undefined;
  /** Whether every key of a groupBy holds few values by construction: the partition id, or the input file's name. */
  fewValueGrouping?(grouping: ChainStep): 'partition' | 'file' | undefined;
}

const GROUPINGS = new Set(['groupBy', 'groupby']);
/** Results of grouped data with one row per group. */
const PER_GROUP = new Set(['agg', 'count', 'sum', 'avg', 'mean', 'max', 'min']);
/** Steps after the aggregate that keep its row count or lower it. */
const KEEPS_FEW_ROWS = new Set([
  'select', 'selectExpr', 'filter', 'where', 'withColumn', 'withColumns', 'withColumnRenamed', 'withColumnsRenamed', 'drop', 'alias', 'as',
  'toDF', 'distinct', 'dropDuplicates', 'drop_duplicates', 'orderBy', 'sort', 'cache', 'persist', 'hint', 'limit', 'coalesce', 'repartition',
  'localCheckpoint', 'checkpoint', 'sortWithinPartitions',
]);
/** Steps between a join and the groupBy that keep the key columns' values as the join left them. */
const KEEPS_KEY_VALUES = new Set(['filter', 'where', 'drop', 'cache', 'persist', 'repartition', 'coalesce', 'distinct', 'dropDuplicates', 'drop_duplicates', 'orderBy', 'sort', 'hint', 'alias', 'as', 'sortWithinPartitions']);

/**
 * Lineages whose walk ended on their own steps (a step that makes rows, a source before any
 * aggregate), with the imports that walk read: that ending depends on nothing else, and the values
 * of unchanged functions are the same objects from keystroke to keystroke, so each join of the
 * file is not walked again per keystroke.
 */
const endedOnOwnSteps = new WeakMap<FrameValue, FunctionImports>();
/** What aggregateIn returns when its walk ended on the lineage's own steps. */
const OWN_STEPS = 'own-steps';

/** The small aggregate `value` is, with why, or undefined. */
export function fewKeyAggregate(value: FrameValue | undefined, context: AggregateContext): SizeHint | undefined {
  if (!value || endedOnOwnSteps.get(value) === context.imports) return undefined;
  const found = aggregateIn(value, context);
  if (found !== OWN_STEPS) return found;
  endedOnOwnSteps.set(value, context.imports);
  return undefined;
}

function aggregateIn(value: FrameValue, context: AggregateContext): SizeHint | undefined | typeof OWN_STEPS {
  for (let current: FrameValue | undefined = value; current; current = current.parent) {
    const steps = current.steps;
    for (let i = steps.length - 1; i >= 0; i--) {
      const step = steps[i]!;
      const before = steps[i - 1];
      if (PER_GROUP.has(step.name) && before && GROUPINGS.has(before.name)) {
        const keys = groupingColumns(before, context.imports, context.names);
        // Keys that are expressions (`groupBy(spark_partition_id())`) have no column name to show.
        const per = context.fewValueGrouping?.(before);
        if (per) return { kind: 'few-value-keys', keys: keys ?? [], per, span: before.span };
        const input = { ...current, steps: steps.slice(0, i - 1) };
        // Keys held in names set differently in each branch (`key = "__all__"` in one, a real column in the other).
        if (!keys) return groupedByConstantsOnAWay(before, input, context);
        // No keys is a global aggregate, which Spark itself estimates at one row and broadcasts.
        if (keys.length === 0) return undefined;
        return groupedByConstants(keys, before, input, context) ?? groupedBySmallSideKeys(keys, before, input, context) ?? groupedByConstantsOnAWay(before, input, context);
      }
      // `select(explode(...))` makes rows.
      if (!KEEPS_FEW_ROWS.has(step.name) || generatorIn(step, context.imports)) return OWN_STEPS;
    }
    if (current.kind !== 'dataframe' || !current.parent) return OWN_STEPS;
  }
  return OWN_STEPS;
}

function groupedByConstants(keys: string[], grouping: ChainStep, input: FrameValue, context: AggregateContext): SizeHint | undefined {
  const fills = constantFills(input, context.imports, context.names);
  const constants: KeyFill[] = [];
  for (const key of keys) {
    const fill = fills.get(key.toLowerCase());
    if (!fill?.everyRow) return undefined;
    constants.push(fill);
  }
  return { kind: 'constant-keys', keys, fills: constants.map((f) => f.span), span: grouping.span };
}

/**
 * `if no_key: key = "__all__"; df = df.withColumn(key, lit(0))` then `df.groupBy(key)`: on the way
 * where the key's name holds a column that way fills with one constant, the aggregate has one row.
 * The hint says which assignment that way runs.
 */
function groupedByConstantsOnAWay(grouping: ChainStep, input: FrameValue, context: AggregateContext): SizeHint | undefined {
  const names = context.names;
  const args = grouping.args ?? [];
  if (!names || args.length === 0) return undefined;
  const condition: Expr = args.length === 1 ? args[0]!.value : { kind: 'sequence', items: args.map((a) => a.value), span: grouping.span };
  const sets = joinKeySets(condition, context.imports, names).filter((set) => set.keys.some((key) => key.variable));
  if (sets.length === 0) return undefined;
  for (const path of fillPaths(input, context.imports, names)) {
    for (const set of sets) {
      if (!compatible(path.conditions, set.conditions) || !set.keys.every((key) => path.fills.get(key.column)?.everyRow)) continue;
      const variable = set.keys.find((key) => key.variable && key.variable.candidate.conditions.length > 0)?.variable;
      return {
        kind: 'constant-keys', keys: set.keys.map((key) => key.variable?.candidate.text ?? key.column), fills: set.keys.map((key) => path.fills.get(key.column)!.span), span: grouping.span,
        ...(variable ? { when: variable.candidate.span } : {}),
      };
    }
  }
  return undefined;
}

/** `events.join(small, "k")…groupBy("k")`: after an inner or semi join every `k` is one of the small side's. */
function groupedBySmallSideKeys(keys: string[], grouping: ChainStep, input: FrameValue, context: AggregateContext): SizeHint | undefined {
  const wanted = keys.map((k) => k.toLowerCase());
  for (let current: FrameValue | undefined = input; current; current = current.parent) {
    for (let i = current.steps.length - 1; i >= 0; i--) {
      const step = current.steps[i]!;
      const join = context.joinAt(step);
      if (join) {
        const how = (join.how ?? 'inner').toLowerCase().replace(/_/g, '');
        const small = join.right && ['inner', 'leftsemi', 'semi'].includes(how) ? context.smallHint(join.right) : undefined;
        const joinKeys = new Set(join.keys.map((k) => k.toLowerCase()));
        if (!small || !wanted.every((k) => joinKeys.has(k))) return undefined;
        return { kind: 'small-side-keys', keys, inner: small, span: grouping.span };
      }
      if (!KEEPS_KEY_VALUES.has(step.name) && !(step.name === 'withColumn' && !assignsKey(step, wanted, context))) return undefined;
    }
    if (current.kind !== 'dataframe') return undefined;
  }
  return undefined;
}

/** `withColumn(k, …)` replaces one of the keys (or a column whose name the code does not show). */
function assignsKey(step: ChainStep, keys: readonly string[], context: AggregateContext): boolean {
  const name = singleColumnName(argument(step, 0, 'colName'), context.names);
  return name === undefined || keys.includes(name.toLowerCase());
}

/** The columns a groupBy names, or undefined when one is not a plain column (an expression, an unknown name). */
function groupingColumns(step: ChainStep, imports: FunctionImports, names: NameConstants | undefined): string[] | undefined {
  const args = step.args ?? [];
  const only = argument(step, 0);
  const items: Expr[] = args.length === 1 && only?.kind === 'sequence' ? only.items : args.map((a) => a.value);
  const columns: string[] = [];
  for (const item of items) {
    const column = singleColumnName(item, names) ?? (item.kind === 'name' ? undefined : columnName(item, imports));
    if (column === undefined) return undefined;
    columns.push(column);
  }
  return columns;
}
