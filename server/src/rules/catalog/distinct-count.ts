import { stringLiterals } from '../../model/chains';
import { columnName } from '../../model/joins';
import { lineageSteps } from '../../model/flow';
import type { ActionSite, ChainStep, FunctionImports } from '../../model/types';
import { rowBounds } from '../rowBounds';
import { stepRange } from '../spans';
import { BOTH_LANGUAGES, type Rule } from '../types';
import { evidenceAt } from '../history';

const DEDUPLICATING = new Set(['distinct', 'dropDuplicates', 'drop_duplicates']);

/**
 * The de-duplicating step counted by this action: in the same chain, or as the whole value of a
 * binding that is used for nothing but this count (a distinct result kept for other work is fine).
 */
function countedDistinct(action: ActionSite): { step: ChainStep; before?: ChainStep; lineage: ChainStep[] } | undefined {
  const frame = action.frame;
  const steps = frame.steps;
  const last = steps.at(-1);
  if (last) return DEDUPLICATING.has(last.name) ? { step: last, before: steps.at(-2), lineage: lineageSteps(frame).slice(0, -1) } : undefined;
  const binding = frame.sourceBinding;
  const parentSteps = frame.parent?.steps ?? [];
  const parentLast = parentSteps.at(-1);
  if (!binding || !parentLast || !DEDUPLICATING.has(parentLast.name) || binding.uses.length !== 1) return undefined;
  return { step: parentLast, before: parentSteps.at(-2), lineage: lineageSteps(frame.parent).slice(0, -1) };
}

/** Steps that choose the columns: projections, a `spark.sql` query, aggregates, a typed Dataset's map to new values. */
const PROJECTIONS = new Set(['select', 'selectExpr', 'sql', 'agg', 'map', 'flatMap', 'mapPartitions']);

/**
 * `df.distinct().count()`, `df.dropDuplicates().count()` over a DataFrame that was never projected (no
 * `select`, `df[[...]]` or SQL query choosing columns): whole rows are compared. There is no cheaper count to suggest:
 * countDistinct over all columns leaves out every row holding a null, and both plans shuffle every distinct
 * row once.
 */
function countsWholeRows(counted: { step: ChainStep; lineage: ChainStep[] }, imports: FunctionImports): boolean {
  const subset = counted.step.args?.[0]?.value;
  if (subset && !(subset.kind === 'sequence' && subset.items.length === 0)) return false;
  return !counted.lineage.some((step) => PROJECTIONS.has(step.name) && !selectsEveryColumn(step, imports));
}

/** `select("*")`, `select(col("*"))`: a projection that keeps every column still compares whole rows. */
function selectsEveryColumn(step: ChainStep, imports: FunctionImports): boolean {
  const args = step.args ?? [];
  return step.name === 'select' && args.length > 0 && args.every((a) => columnName(a.value, imports) === '*');
}

/** The columns whose distinct values are counted, when the code names them. */
function countedColumns(step: ChainStep, before: ChainStep | undefined, imports: FunctionImports): string[] {
  if (step.name !== 'distinct') return (step.args ?? []).flatMap((a) => stringLiterals(a.value));
  if (before?.name !== 'select') return [];
  const names = (before.args ?? []).map((a) => columnName(a.value, imports));
  return names.every((n) => n !== undefined) ? (names as string[]) : [];
}

export const distinctCount: Rule = {
  id: 'distinct-count',
  defaultSeverity: 'information',
  summary: 'distinct().count() where countDistinct/approx_count_distinct would do.',
  languages: BOTH_LANGUAGES,
  check({ model, settings, history, report }) {
    const boundOf = rowBounds(model, settings);
    for (const action of model.actions) {
      if (action.name !== 'count' || action.frame.kind !== 'dataframe') continue;
      const counted = countedDistinct(action);
      if (!counted || countsWholeRows(counted, model.imports)) continue;
      // De-duplicating a handful of rows (literal rows, a small range) costs nothing.
      const bound = boundOf(action.frame);
      if (bound.size === 'small' && !bound.guess) continue;
      const columns = countedColumns(counted.step, counted.before, model.imports);
      const what = columns.length > 0 ? `the distinct values of ${columns.map((c) => `\`${c}\``).join(', ')}` : 'distinct rows';
      report({
        span: stepRange(counted.step),
        message: `\`${counted.step.name}(${counted.step.args?.length ? '…' : ''}).count()\` runs its own job just to count ${what}: it reads the input and shuffles every distinct key. Count in one aggregation instead, e.g. agg(countDistinct(...), ...) together with any other counts over the same data, or approx_count_distinct(...) when an estimate will do (both leave out nulls, which distinct() counts as a value).`,
        evidence: evidenceAt(history, counted.step.span),
      });
    }
  },
};
