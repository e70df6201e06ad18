import { discardedSorts, isWrite, type DiscardedSort } from '../../model/sortFate';
import { replaceSpan } from '../fixSyntax';
import { stepRange } from '../spans';
import { BOTH_LANGUAGES, type Fix, type Rule } from '../types';

const COST = 'the sort still runs (a sampling job and a full range shuffle)';

function message(found: DiscardedSort, python: boolean): string {
  const sort = `${found.sort.name}(...)`;
  switch (found.kind) {
    case 'deduplicated': {
      const window = python
        ? '`F.row_number().over(Window.partitionBy(<keys>).orderBy(<order>))` and keep rank 1'
        : '`row_number().over(Window.partitionBy(<keys>).orderBy(<order>))` and keep rank 1';
      return `${found.by.name}(...) after this global ${sort} does not keep the first row of each key in this order: Spark runs it as an aggregation of first(...) over a shuffle, and which row reaches it first is not defined (it changes with partitioning and task timing). Meanwhile ${COST} for nothing. To keep the first or latest row per key, rank within the key: ${window}, or aggregate with max_by/min_by (SQL since Spark 3.0, functions since 3.3).`;
    }
    case 'ordered-aggregate': {
      const listed = found.functions.join(', ');
      if (found.functions.every((f) => f === 'collect_set')) {
        return `collect_set has no order, yet this global ${sort} before the groupBy keeps running (Spark removes a sort only under order-free aggregations): a sampling job and a full range shuffle for nothing. Drop the sort.`;
      }
      return `${listed} after this global ${sort}: ${COST}, but each group's rows reach the aggregation in the order the groupBy shuffle delivers them, not this one, so the result of ${listed} is not guaranteed to follow it. Order inside the aggregation instead: array_sort(collect_list(struct(<order>, <value>))) for an ordered list, max_by/min_by for the first or last value.`;
    }
    case 'grouped-function':
      return `${found.by.name}(...) after this global ${sort}: ${COST}, but each group's rows reach the function in the order the grouping shuffle delivers them, not this one. Sort inside the function (${python ? '`pdf.sort_values(...)`' : '`flatMapSortedGroups` since Spark 3.4, or sort the group\'s rows'}) and drop the global sort.`;
    case 'repartitioned':
      return `${found.by.name}(...) reshuffles the rows right after this global ${sort}, so the order is lost: the sort's sampling job and full range shuffle are wasted. Drop the sort, or sort after repartitioning (sortWithinPartitions(...) for sorted files).`;
    case 'cached': {
      const lines = [...new Set(found.consumers.map((c) => c.nameSpan.start.line + 1))];
      return `\`${found.holder.name}\` is cached sorted by ${sort}, and then only joined, aggregated or written (line${lines.length > 1 ? 's' : ''} ${lines.join(', ')}), which keep no order. The optimiser drops such a sort only when it can see the join or aggregation above it, not through a cache: filling the cache runs a sampling job and a full range shuffle for nothing. Drop the sort.`;
    }
  }
}

function removeSortFix(found: DiscardedSort): Fix[] {
  if (found.kind !== 'repartitioned' && found.kind !== 'cached') return [];
  // Joins and aggregations read the same rows either way; written files would lose their sorted layout.
  const preferred = found.kind === 'repartitioned' || !found.consumers.some(isWrite);
  return [{ title: `Remove the ${found.sort.name}(...) call`, edits: [replaceSpan(found.sort.tailSpan, '')], isPreferred: preferred }];
}

export const discardedSort: Rule = {
  id: 'discarded-sort',
  defaultSeverity: 'warning',
  summary: 'A global sort whose order what follows throws away (dropDuplicates, collect_list, repartition, a cache only joined).',
  languages: BOTH_LANGUAGES,
  check({ model, report }) {
    for (const found of discardedSorts(model)) {
      report({
        span: stepRange(found.sort),
        message: message(found, model.language === 'python'),
        fixes: removeSortFix(found),
        related: [{ span: stepRange(found.by), message: found.kind === 'cached' ? 'cached here' : 'the order is lost here' }],
      });
    }
  },
};
