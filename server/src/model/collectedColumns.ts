/**
 * Columns a frame's earlier step built with `collect_list(...)`: `withColumn("items",
 * collect_list("item").over(w))` or `agg(collect_list("item").alias("items"))`, read later by name
 * (`array_distinct(col("items"))`). The step is looked for in the lineage of the frame the later
 * call is applied to, nearest first; a step that sets the column to anything else ends the search.
 */
import type { Expr, Span } from '../syntax/ast';
import { sparkFunctionName, type CallExpr } from './functionCalls';
import { within } from './loopDependence';
import { lineageWithHolders } from './partitioning';
import type { ChainStep, SparkModel } from './types';

export interface CollectedColumn {
  column: string;
  /** The `collect_list(...)` call that built it. */
  collect: CallExpr;
  /** Built over a window (`.over(w)`): one array per row. */
  window: boolean;
  /** The step that built it. */
  step: ChainStep;
}

/** The column a reference names: `"items"`, `col("items")`, `F.col("items")`, Scala `$"items"`. */
function referencedColumn(expr: Expr | undefined, model: SparkModel): string | undefined {
  if (!expr) return undefined;
  if (expr.kind === 'column') return expr.name;
  if (expr.kind === 'literal') return typeof expr.value === 'string' ? expr.value : undefined;
  if (expr.kind === 'call' && expr.args.length === 1 && sparkFunctionName(expr, ['col', 'column'], model)) return referencedColumn(expr.args[0]!.value, model);
  return undefined;
}

const unwrapOver = (expr: Expr): { inner: Expr; window: boolean } =>
  expr.kind === 'call' && expr.callee.kind === 'member' && expr.callee.property === 'over' ? { inner: expr.callee.object, window: true } : { inner: expr, window: false };

/** `e.alias("n")` / `e.as("n")` / `e.name("n")`: the name and the expression. */
function aliased(expr: Expr): { name: string; value: Expr } | undefined {
  if (expr.kind !== 'call' || expr.callee.kind !== 'member' || !['alias', 'as', 'name'].includes(expr.callee.property)) return undefined;
  const name = expr.args[0]?.value;
  return name?.kind === 'literal' && typeof name.value === 'string' ? { name: name.value, value: expr.callee.object } : undefined;
}

/** What a step sets `column` to: the expression, `'other'` when it sets it some way we do not read, undefined when it leaves it alone. */
function definition(step: ChainStep, column: string): Expr | 'other' | undefined {
  const args = step.args ?? [];
  if (step.name === 'withColumn') {
    const name = args[0]?.value;
    if (name?.kind === 'literal' && name.value === column) return args[1]?.value ?? 'other';
    return undefined;
  }
  if (step.name === 'agg' || step.name === 'select') {
    for (const arg of args) {
      const named = aliased(arg.value);
      if (named?.name === column) return named.value;
    }
    return undefined;
  }
  if (step.name === 'withColumnRenamed' || step.name === 'withColumns' || step.name === 'toDF' || step.name === 'selectExpr') return 'other';
  return undefined;
}

/** The `collect_list` column an expression inside a chain step reads by name, built by an earlier step of the same frame. */
export function collectedEarlier(model: SparkModel, reference: Expr, at: Span): CollectedColumn | undefined {
  const column = referencedColumn(reference, model);
  if (column === undefined) return undefined;
  const entry = model.frameChains.find(({ chain }) => chain.steps.some((step) => (step.args ?? []).some((arg) => within(at, arg.span))));
  if (!entry) return undefined;
  const index = entry.chain.steps.findIndex((step) => (step.args ?? []).some((arg) => within(at, arg.span)));
  const earlier = [...lineageWithHolders(entry.start).map((s) => s.step), ...entry.chain.steps.slice(0, index)].reverse();
  for (const step of earlier) {
    const defined = definition(step, column);
    if (defined === undefined) continue;
    if (defined === 'other') return undefined;
    const { inner, window } = unwrapOver(defined);
    if (inner.kind !== 'call' || sparkFunctionName(inner, ['collect_list'], model) !== 'collect_list') return undefined;
    return { column, collect: inner, window, step };
  }
  return undefined;
}
