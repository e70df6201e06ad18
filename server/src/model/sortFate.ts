/**
 * Global sorts whose order nothing keeps. Catalyst's EliminateSorts (Spark 3.0+) already drops a
 * sort under a join or under an aggregate of order-irrelevant functions (min, max, count, sum and
 * avg of non-floating types), across projections and filters (and repartitions since 3.1), so
 * those cost nothing and are not reported here. What remains is a sort that really runs and is
 * then thrown away:
 * - `dropDuplicates(subset)` becomes an aggregate of `first(...)`, which keeps the sort, yet the
 *   row it keeps per key is whichever arrives first after the shuffle, not the first of the order;
 * - `groupBy(...).agg(collect_list / first / last …)`, `applyInPandas`, `mapGroups`: the sort
 *   runs, and the order inside each group after the shuffle is not guaranteed;
 * - a round-robin `repartition(n)` reshuffles the sorted rows, and nothing above it (a write, an
 *   action) lets the optimiser see that (Spark 3.3+ drops a global sort directly under
 *   `repartition(cols)` / `repartitionByRange`, and 3.4+ planned writes with `partitionBy` drop it too);
 * - a sorted DataFrame cached and then only joined or aggregated: the cached plan keeps the sort,
 *   which the optimiser cannot see through.
 */
import { SpanMap } from './spanMap';
import type { Expr } from '../syntax/ast';
import { spanContains } from '../syntax/spans';
import { spanKey } from './chains';
import { lineageWithHolders } from './partitioning';
import { children } from '../syntax/walk';
import { stepLinks } from './steps';
import type { Binding, ChainStep, SparkModel, Use } from './types';

export type DiscardedSort =
  | { kind: 'deduplicated'; sort: ChainStep; by: ChainStep }
  | { kind: 'ordered-aggregate'; sort: ChainStep; by: ChainStep; functions: string[] }
  | { kind: 'grouped-function'; sort: ChainStep; by: ChainStep }
  | { kind: 'repartitioned'; sort: ChainStep; by: ChainStep }
  | { kind: 'cached'; sort: ChainStep; by: ChainStep; holder: Binding; consumers: ChainStep[] };

const SORTS = new Set(['orderBy', 'sort']);
/** Steps that keep every row and its position: the sorted order passes through them. */
const ORDER_KEEPING = new Set([
  'select', 'selectExpr', 'withColumn', 'withColumns', 'withColumnRenamed', 'withColumnsRenamed', 'drop', 'filter', 'where',
  'alias', 'as', 'toDF', 'to', 'na', 'fill', 'fillna', 'dropna', 'replace', 'withMetadata', 'cache', 'persist', 'unpersist',
]);
/** Functions whose result depends on the rows' order or position: a projection using one observes the sort. */
const ORDER_OBSERVING_FUNCTIONS = new Set([
  'monotonically_increasing_id', 'spark_partition_id', 'row_number', 'rank', 'dense_rank', 'percent_rank', 'ntile', 'cume_dist',
  'lag', 'lead', 'over', 'rand', 'randn', 'uuid', 'shuffle', 'input_file_name', 'zipWithIndex',
]);
/** Aggregate functions whose result depends on the order of the rows they see. */
const ORDER_SENSITIVE_AGGREGATES = new Set(['collect_list', 'collect_set', 'first', 'last', 'first_value', 'last_value', 'array_agg']);
const WRITES = new Set(['write', 'writeTo']);
/** Actions that run a job over the rows (in any order). */
const ORDER_FREE_ACTIONS = new Set(['count', 'collect', 'collectAsList', 'toPandas', 'foreach', 'foreachPartition', 'toLocalIterator']);
const GROUPINGS = new Set(['groupBy', 'groupby', 'groupByKey', 'rollup', 'cube']);
/** Grouped operations that hand each group's rows to user code in whatever order they arrive. */
const GROUPED_FUNCTIONS = new Set(['applyInPandas', 'apply', 'mapGroups', 'flatMapGroups', 'mapGroupsWithState', 'flatMapGroupsWithState']);
/** Aggregations of a grouped value that do not depend on order. */
const ORDER_FREE_GROUPED = new Set(['count', 'sum', 'avg', 'mean', 'max', 'min']);

/** Every name a step's arguments call or mention, also inside f-strings, lambdas and SQL text. */
function mentionedNames(step: ChainStep): Set<string> {
  const names = new Set<string>();
  const visit = (expr: Expr): void => {
    if (expr.kind === 'name') names.add(expr.id);
    if (expr.kind === 'member') names.add(expr.property);
    if (expr.kind === 'literal' && typeof expr.value === 'string') for (const match of expr.value.matchAll(/\b(\w+)\s*\(/g)) names.add(match[1]!.toLowerCase());
    if (expr.kind === 'mapping') for (const entry of expr.entries) if (entry.value.kind === 'literal' && typeof entry.value.value === 'string') names.add(entry.value.value);
    for (const child of expr.kind === 'literal' ? expr.interpolations ?? [] : children(expr)) visit(child);
  };
  for (const arg of step.args ?? []) visit(arg.value);
  return names;
}

function keepsOrder(step: ChainStep): boolean {
  if (!ORDER_KEEPING.has(step.name)) return false;
  for (const name of mentionedNames(step)) if (ORDER_OBSERVING_FUNCTIONS.has(name)) return false;
  return true;
}

/** `dropDuplicates(["k"])`, Scala `dropDuplicates("k")`: a subset of columns (without one, Spark drops the sort). */
function deduplicatesOnSubset(step: ChainStep): boolean {
  if (step.name !== 'dropDuplicates' && step.name !== 'drop_duplicates') return false;
  const first = step.args?.[0]?.value;
  if (!first) return false;
  return !(first.kind === 'sequence' && first.items.length === 0) && !(first.kind === 'literal' && first.value === null);
}

/** `repartition(8)`: a round-robin shuffle (with columns it is a RepartitionByExpression, which drops a sort below it since Spark 3.3). */
function isRoundRobin(step: ChainStep): boolean {
  const args = step.args ?? [];
  return step.name === 'repartition' && args.length === 1 && args[0]!.value.kind === 'literal' && typeof args[0]!.value.value === 'number';
}

/** Within a chain, the step applied to each step's result. */
function nextSteps(model: SparkModel): SpanMap<ChainStep> {
  const next = new SpanMap<ChainStep>();
  for (const { step } of model.frameSteps) next.set({ start: step.span.start, end: step.tailSpan.start }, step);
  return next;
}

/**
 * A job runs on the repartitioned rows in the same chain (an action, or a write without
 * `partitionBy`) with nothing but order-keeping steps before it: no join, aggregation or sort
 * above the repartition that would let the optimiser drop the sort, and no planned-write sort.
 */
function endsInJobKeepingSort(step: ChainStep, next: SpanMap<ChainStep>): boolean {
  let current = next.get(step.span);
  while (current && keepsOrder(current)) current = next.get(current.span);
  if (!current) return false;
  if (ORDER_FREE_ACTIONS.has(current.name)) return true;
  if (!WRITES.has(current.name)) return false;
  for (let after = next.get(current.span); after; after = next.get(after.span)) if (after.name === 'partitionBy') return false;
  return true;
}

/** Rows of `binding` reach only one place: every other use is a cache call or a column reference. */
function flowsOnlyOnward(binding: Binding): boolean {
  return binding.uses.filter((use) => !ignorable(use)).length <= 1;
}

function ignorable(use: Use): boolean {
  return use.kind === 'cache' || use.kind === 'unpersist' || (use.kind === 'other' && !use.derived && !use.executed);
}

export function discardedSorts(model: SparkModel): DiscardedSort[] {
  const links = stepLinks(model);
  const found: DiscardedSort[] = [];
  const seen = new Set<ChainStep>();

  /** The global sort right before `step` (across order-keeping steps), if its rows go nowhere else. */
  const sortBefore = (step: ChainStep): ChainStep | undefined => {
    let current: ChainStep | undefined = step;
    for (let guard = 0; current && guard < 200; guard++) {
      const holder = links.startBinding(current);
      if (holder && !flowsOnlyOnward(holder)) return undefined;
      const previous = links.previous(current);
      if (!previous) return undefined;
      if (SORTS.has(previous.name)) return links.receiverKind(previous) === 'dataframe' ? previous : undefined;
      if (!keepsOrder(previous)) return undefined;
      current = previous;
    }
    return undefined;
  };
  const add = (entry: DiscardedSort) => {
    if (seen.has(entry.sort)) return;
    seen.add(entry.sort);
    found.push(entry);
  };

  const next = nextSteps(model);
  for (const { step, kind } of model.frameSteps) {
    if (kind === 'dataframe' && deduplicatesOnSubset(step)) {
      const sort = sortBefore(step);
      if (sort) add({ kind: 'deduplicated', sort, by: step });
      continue;
    }
    if (kind === 'dataframe' && isRoundRobin(step) && endsInJobKeepingSort(step, next)) {
      const sort = sortBefore(step);
      if (sort) add({ kind: 'repartitioned', sort, by: step });
      continue;
    }
    if (kind !== 'grouped') continue;
    let grouping = links.previous(step);
    while (grouping?.name === 'pivot') grouping = links.previous(grouping);
    if (!grouping || !GROUPINGS.has(grouping.name)) continue;
    const functions = step.name === 'agg' ? [...mentionedNames(step)].filter((n) => ORDER_SENSITIVE_AGGREGATES.has(n)) : [];
    const groupedFunction = GROUPED_FUNCTIONS.has(step.name);
    if (functions.length === 0 && !groupedFunction) continue;
    const sort = sortBefore(grouping);
    if (!sort) continue;
    add(groupedFunction ? { kind: 'grouped-function', sort, by: step } : { kind: 'ordered-aggregate', sort, by: step, functions });
  }
  for (const site of model.caches) {
    if (site.method !== 'cache' && site.method !== 'persist') continue;
    const holder = site.holder ?? site.target;
    if (!holder || holder.value.kind !== 'dataframe' || site.loops.length > 0) continue;
    const sort = sortEndingLineage(holder, links.receiverKind);
    const consumers = sort ? orderFreeConsumers(model, holder) : undefined;
    // Sorted data that is only written is sort-before-write's case.
    if (sort && consumers?.some((c) => !isWrite(c))) add({ kind: 'cached', sort, by: site.step, holder, consumers });
  }
  return found;
}

/** The sort a binding's value ends with (across order-keeping steps), if no other binding on the way is read elsewhere. */
function sortEndingLineage(holder: Binding, receiverKind: (step: ChainStep) => string | undefined): ChainStep | undefined {
  const lineage = lineageWithHolders(holder.value);
  for (let i = lineage.length - 1; i >= 0; i--) {
    const { step, holder: on } = lineage[i]!;
    if (on && on !== holder && !flowsOnlyOnward(on)) return undefined;
    if (SORTS.has(step.name)) return receiverKind(step) === 'dataframe' ? step : undefined;
    if (!keepsOrder(step)) return undefined;
  }
  return undefined;
}

/**
 * The joins, order-free aggregations and writes that read a binding, when nothing else does (no
 * action that shows rows, nothing we cannot follow). Undefined when something observes the order.
 */
function orderFreeConsumers(model: SparkModel, binding: Binding, seen = new Set<Binding>()): ChainStep[] | undefined {
  if (seen.has(binding)) return undefined;
  seen.add(binding);
  const chains = new Map(model.frameChains.filter((c) => c.rootBinding === binding).map((c) => [spanKey(c.chain.root.span), c.chain.steps]));
  const consumers: ChainStep[] = [];
  for (const use of binding.uses) {
    if (ignorable(use)) continue;
    // The other side of someone else's join (`users.join(ranked, ...)`, also inside `broadcast(ranked)`).
    const join = model.joins.find((j) => j.statement === use.statement && j.rightArgument && spanContains(j.rightArgument.value.span, use.span));
    if (join) {
      consumers.push(join.step);
      continue;
    }
    if (use.kind !== 'transform' && use.kind !== 'action' && use.kind !== 'write') return undefined;
    const steps = chains.get(spanKey(use.span));
    if (!steps) return undefined;
    const consumer = firstOrderFreeConsumer(steps);
    if (consumer === 'observed') return undefined;
    if (consumer) {
      consumers.push(consumer);
      continue;
    }
    // Only order-keeping steps: whoever reads the derived value decides.
    if (!use.derived || use.executed) return undefined;
    const onward = orderFreeConsumers(model, use.derived, seen);
    if (!onward) return undefined;
    consumers.push(...onward);
  }
  return consumers;
}

/** The consumer is a write (`df.write…`): the files get the sorted layout. */
export function isWrite(step: ChainStep): boolean {
  return WRITES.has(step.name);
}

function firstOrderFreeConsumer(steps: readonly ChainStep[]): ChainStep | 'observed' | undefined {
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    if (keepsOrder(step)) continue;
    if (WRITES.has(step.name) || step.name === 'join' || step.name === 'crossJoin' || step.name === 'joinWith' || step.name === 'count' || step.name === 'distinct') return step;
    if ((step.name === 'dropDuplicates' || step.name === 'drop_duplicates') && !deduplicatesOnSubset(step)) return step;
    if (GROUPINGS.has(step.name)) {
      const next = steps[i + 1];
      if (!next) return 'observed';
      if (ORDER_FREE_GROUPED.has(next.name)) return step;
      if (next.name === 'agg' && ![...mentionedNames(next)].some((n) => ORDER_SENSITIVE_AGGREGATES.has(n))) return step;
    }
    return 'observed';
  }
  return undefined;
}
