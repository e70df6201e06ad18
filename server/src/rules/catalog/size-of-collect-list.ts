import { collectedEarlier } from '../../model/collectedColumns';
import { sparkFunctionCalls, sparkFunctionName, type CallExpr } from '../../model/functionCalls';
import type { Expr, Span, SparkModel } from '../../model/types';
import { replaceSpan } from '../fixSyntax';
import { BOTH_LANGUAGES, type Rule, type RuleContext, type TextEdit } from '../types';

const COLLECTING = ['collect_list', 'collect_set'];

/** An array aggregate as written: `collect_list(x)`, `collect_set(x)`, `array_distinct(collect_list(x))`, each maybe `.over(w)`. */
interface Collected {
  /** The collect_list / collect_set call. */
  collect: CallExpr;
  /** Only the distinct values are kept (collect_set, or array_distinct around collect_list). */
  distinct: boolean;
  /** The `array_distinct(...)` around collect_list, if any. */
  arrayDistinct?: CallExpr;
  /** `.over(w)`: one array per row, over its window frame. */
  window: boolean;
  /** `array_distinct(collect_set(x))`: the set is distinct already. */
  redundant?: boolean;
}

function overWindow(expr: Expr): Expr | undefined {
  return expr.kind === 'call' && expr.callee.kind === 'member' && expr.callee.property === 'over' ? expr.callee.object : undefined;
}

function collected(expr: Expr | undefined, model: SparkModel): Collected | undefined {
  if (!expr) return undefined;
  const windowed = overWindow(expr);
  const inner = windowed ?? expr;
  const name = sparkFunctionName(inner, [...COLLECTING, 'array_distinct'], model);
  if (!name || inner.kind !== 'call') return undefined;
  if (name !== 'array_distinct') return { collect: inner, distinct: name === 'collect_set', window: windowed !== undefined };
  const list = inner.args[0]?.value;
  const set = list && (overWindow(list) ?? list);
  if (set?.kind === 'call' && sparkFunctionName(set, ['collect_set'], model) === 'collect_set') return { collect: set, distinct: true, arrayDistinct: inner, window: set !== list, redundant: true };
  if (sparkFunctionName(list ?? inner, ['collect_list'], model) !== 'collect_list' || list?.kind !== 'call') return undefined;
  return { collect: list, distinct: true, arrayDistinct: inner, window: false };
}

function between(start: Span['start'], end: Span['end']): Span {
  return { start, end };
}

/** Deletes what wraps the collect call (`size(`, `array_distinct(` and their closing parentheses) and renames the collect call. */
function unwrap(outer: CallExpr, found: Collected, callee: string, ending: Span['end']): TextEdit[] {
  const edits = [replaceSpan(between(outer.span.start, found.collect.span.start), ''), replaceSpan(found.collect.callee.span, callee)];
  if (found.arrayDistinct && found.arrayDistinct !== outer) edits.push(replaceSpan(between(found.collect.span.end, found.arrayDistinct.span.end), ''));
  edits.push(replaceSpan(between(ending, outer.span.end), ''));
  return edits;
}

function withImport(context: RuleContext, name: string): { callee: string; edits: TextEdit[] } {
  const { callee, importEdit } = context.syntax.sparkFunction(name, context.model.imports);
  return { callee, edits: importEdit ? [importEdit] : [] };
}

/** `withColumn("items", collect_list("item").over(w))`, then `withColumn("items", array_distinct(col("items")))`: the same pair in two steps. */
function reportDistinctOfEarlierList(context: RuleContext, call: CallExpr): void {
  const earlier = collectedEarlier(context.model, call.args[0]!.value, call.span);
  if (!earlier) return;
  const { callee } = context.syntax.sparkFunction('collect_set', context.model.imports);
  const line = earlier.collect.span.start.line + 1;
  context.report({
    span: call.span,
    message: `array_distinct drops the duplicates of \`${earlier.column}\`, which collect_list gathered on line ${line}: build it with ${callee}(…) there and drop this step. ${earlier.window ? 'Over a window every row gets its own array of its frame, duplicates included, and this step makes a second pass over each.' : 'Partial arrays go through the shuffle with all their duplicates before this step drops them.'} collect_set keeps only distinct values while it aggregates; neither keeps a meaningful order.`,
    atMost: 'information',
    related: [{ span: earlier.collect.span, message: `\`${earlier.column}\` is built here, duplicates included` }],
  });
}

export const sizeOfCollectList: Rule = {
  id: 'size-of-collect-list',
  defaultSeverity: 'warning',
  summary: 'size(collect_list(x)) builds and shuffles arrays only to count them; count(x) / countDistinct(x) keep a counter.',
  languages: BOTH_LANGUAGES,
  // It walks every statement, not only the functions built afresh: run it over the whole file.
  scope: 'file',
  check(context) {
    const { model, report } = context;
    const inside = new Set<CallExpr>();
    for (const { name, call } of sparkFunctionCalls(model, ['size', 'array_distinct'])) {
      if (inside.has(call)) continue;
      const found = name === 'size' ? collected(call.args[0]?.value, model) : collected(call, model);
      if (!found && name === 'array_distinct' && call.args.length === 1) {
        reportDistinctOfEarlierList(context, call);
        continue;
      }
      // `size(array_distinct(collect_set(x)))`: the array_distinct is reported on its own.
      if (!found || (found.redundant && name === 'size')) continue;
      if (found.arrayDistinct) inside.add(found.arrayDistinct);
      const what = found.arrayDistinct ? 'array_distinct(collect_list(…))' : `${found.distinct ? 'collect_set' : 'collect_list'}(…)`;
      if (found.redundant) {
        const kept = call.args[0]!.value.span;
        report({
          span: call.span,
          message: `array_distinct(collect_set(…)) de-duplicates an array that collect_set already made distinct: a second pass over every ${found.window ? "row's array (one per row over the window)" : "group's array"} that changes nothing. Drop the array_distinct.`,
          atMost: 'information',
          fixes: [{ title: 'Remove the array_distinct(…)', edits: [replaceSpan(between(call.span.start, kept.start), ''), replaceSpan(between(kept.end, call.span.end), '')], isPreferred: true }],
        });
        continue;
      }
      if (name === 'array_distinct') {
        const { callee, edits } = withImport(context, 'collect_set');
        report({
          span: call.span,
          message: `array_distinct(collect_list(…)) gathers every value of the group, duplicates included, before dropping them: partial arrays go through the shuffle with all their duplicates. collect_set(…) keeps only distinct values while it aggregates, on both sides of the shuffle. Neither keeps a meaningful order.`,
          atMost: 'information',
          fixes: [{ title: 'Replace with collect_set(…)', edits: [...edits, ...unwrap(call, found, callee, found.collect.span.end)], isPreferred: true }],
        });
        continue;
      }
      // COUNT(DISTINCT) is not allowed over a window: size(collect_set(x)).over(w) is the usual way to get it.
      if (found.distinct && found.window) continue;
      const replacement = found.distinct ? 'countDistinct' : 'count';
      const { callee, edits } = withImport(context, replacement);
      const where = found.window
        ? 'Over a window every row gets its own array of its frame (a running frame makes that quadratic in the partition size)'
        : 'Every value of each group is gathered into an array, and the partial arrays go through the shuffle';
      report({
        span: call.span,
        message: `size(${what}) only counts the ${found.distinct ? 'distinct ' : ''}values. ${where}, just to take their length. ${replacement}(…) gives the same number (both skip nulls) ${found.distinct ? 'from an aggregation of (group, value) pairs, with no arrays' : 'with a single counter per group'}.`,
        fixes: [{ title: `Replace with ${replacement}(…)`, edits: [...edits, ...unwrap(call, found, callee, call.args[0]!.value.span.end)], isPreferred: true }],
      });
    }
  },
};
