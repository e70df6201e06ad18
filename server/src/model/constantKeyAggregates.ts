/**
 * `df.withColumn("all", lit(1)).groupBy("all").agg(...)`: an aggregate grouped only by columns that
 * hold one constant on every row has exactly one row. Spark does not see it: its estimate of a
 * grouped aggregate is as large as its input, so a join with it is a sort-merge join (both sides
 * shuffled, and on that constant key the whole other side goes to one task) unless it is broadcast.
 *
 * Only constants count. A groupBy on an ordinary column (a tenant, a label, a partition key) may
 * have few or many groups; the code does not say, so it is not called small here.
 */
import { argument } from './chains';
import { generatorIn } from './generators';
import { constantFills } from './keyFills';
import { columnName } from './joins';
import { singleColumnName, type NameConstants } from './nameConstants';
import type { ChainStep, Expr, FrameValue, FunctionImports, KeyFill, SizeHint } from './types';

const GROUPINGS = new Set(['groupBy', 'groupby']);
/** Results of grouped data with one row per group. */
const PER_GROUP = new Set(['agg', 'count', 'sum', 'avg', 'mean', 'max', 'min']);
/** Steps after the aggregate that keep its row count or lower it. */
const KEEPS_FEW_ROWS = new Set([
  'select', 'selectExpr', 'filter', 'where', 'withColumn', 'withColumns', 'withColumnRenamed', 'withColumnsRenamed', 'drop', 'alias', 'as',
  'toDF', 'distinct', 'dropDuplicates', 'drop_duplicates', 'orderBy', 'sort', 'cache', 'persist', 'hint', 'limit', 'coalesce', 'repartition',
  'localCheckpoint', 'checkpoint', 'sortWithinPartitions',
]);

/** The one-row aggregate `value` is, with why, or undefined. */
export function constantKeyAggregate(value: FrameValue | undefined, imports: FunctionImports, names: NameConstants | undefined): SizeHint | undefined {
  for (let current = value; current; current = current.parent) {
    const steps = current.steps;
    for (let i = steps.length - 1; i >= 0; i--) {
      const step = steps[i]!;
      const before = steps[i - 1];
      if (PER_GROUP.has(step.name) && before && GROUPINGS.has(before.name)) {
        return groupedByConstants(before, { ...current, steps: steps.slice(0, i - 1) }, imports, names);
      }
      // `select(explode(...))` makes rows.
      if (!KEEPS_FEW_ROWS.has(step.name) || generatorIn(step, imports)) return undefined;
    }
    if (current.kind !== 'dataframe' || !current.parent) return undefined;
  }
  return undefined;
}

function groupedByConstants(grouping: ChainStep, input: FrameValue, imports: FunctionImports, names: NameConstants | undefined): SizeHint | undefined {
  const keys = groupingColumns(grouping, imports, names);
  // No keys is a global aggregate, which Spark itself estimates at one row and broadcasts.
  if (!keys || keys.length === 0) return undefined;
  const fills = constantFills(input, imports, names);
  const constants: KeyFill[] = [];
  for (const key of keys) {
    const fill = fills.get(key.toLowerCase());
    if (!fill?.everyRow) return undefined;
    constants.push(fill);
  }
  return { kind: 'constant-keys', keys, fills: constants.map((f) => f.span), span: grouping.span };
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
