import { stringLiterals } from '../../model/chains';
import { columnName } from '../../model/joins';
import { stepLinks, type StepLinks } from '../../model/steps';
import type { ChainStep, FunctionImports } from '../../model/types';
import { replaceSpan } from '../fixSyntax';
import { stepRange } from '../spans';
import { BOTH_LANGUAGES, type Rule } from '../types';

const DEDUPLICATING = new Set(['distinct', 'dropDuplicates', 'drop_duplicates']);
/** Steps that keep rows unique: they drop or reorder rows, never duplicate them or drop columns. */
const KEEPS_UNIQUE = new Set(['filter', 'where', 'orderBy', 'sort', 'sortWithinPartitions', 'cache', 'persist', 'alias', 'as', 'hint']);
/** What a grouped dataset can be aggregated with: each gives one row per group. */
const GROUPED_AGGREGATIONS = new Set(['agg', 'count', 'sum', 'avg', 'mean', 'max', 'min']);
const GROUPINGS = new Set(['groupBy', 'groupby']);

/** The groupBy whose aggregation `step` follows (through steps that keep rows unique), if the code shows one. */
function groupingBefore(step: ChainStep, links: StepLinks): ChainStep | undefined {
  let current = links.previous(step);
  while (current && KEEPS_UNIQUE.has(current.name)) current = links.previous(current);
  if (!current || !GROUPED_AGGREGATIONS.has(current.name) || links.receiverKind(current) !== 'grouped') return undefined;
  const grouping = links.previous(current);
  return grouping && GROUPINGS.has(grouping.name) ? grouping : undefined;
}

/** The grouping keys as column names, or undefined when one is an expression the code does not name. */
function keyNames(grouping: ChainStep, imports: FunctionImports): string[] | undefined {
  const names: string[] = [];
  for (const arg of grouping.args ?? []) {
    const literal = stringLiterals(arg.value);
    const name = literal.length > 0 ? literal : [columnName(arg.value, imports)];
    if (name.some((n) => n === undefined)) return undefined;
    names.push(...(name as string[]));
  }
  return names;
}

export const redundantDistinct: Rule = {
  id: 'redundant-distinct',
  defaultSeverity: 'hint',
  summary: 'distinct()/dropDuplicates() right after groupBy(keys).agg(...): the rows are already unique by the keys.',
  languages: BOTH_LANGUAGES,
  check({ model, report }) {
    const links = stepLinks(model);
    for (const { step, kind } of model.frameSteps) {
      if (kind !== 'dataframe' || !DEDUPLICATING.has(step.name)) continue;
      const grouping = groupingBefore(step, links);
      if (!grouping) continue;
      const subset = (step.args ?? []).flatMap((a) => stringLiterals(a.value));
      if (step.name !== 'distinct' && (step.args ?? []).length > 0) {
        // dropDuplicates(cols) is redundant only when cols include every grouping key.
        const keys = keyNames(grouping, model.imports);
        if (!keys || subset.length === 0 || !keys.every((k) => subset.includes(k))) continue;
      }
      report({
        span: stepRange(step),
        message: `The rows are already unique: ${grouping.name}(…) on line ${grouping.nameSpan.start.line + 1} gives one row per group, so this ${step.name}(${step.args?.length ? '…' : ''}) removes nothing. It still plans one more aggregation over all the columns (no extra shuffle, since the data is already partitioned by the keys). Remove it.`,
        fixes: [{ title: `Remove ${step.name}(…)`, edits: [replaceSpan(step.tailSpan, '')], isPreferred: true }],
      });
    }
  },
};
