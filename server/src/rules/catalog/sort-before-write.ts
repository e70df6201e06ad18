import { lastPartitioningStep } from '../../model/partitioning';
import { rejectedStreamingSort } from '../../model/streamingSorts';
import type { Binding, SparkModel, WriteSite } from '../../model/types';
import { replaceSpan } from '../fixSyntax';
import { stepRange } from '../spans';
import { BOTH_LANGUAGES, type Rule, type RuleContext } from '../types';
import { describeData } from '../describe';

/**
 * Whether every job that reads the binding is a write (through derived bindings too): then no
 * consumer observes the global order and sortWithinPartitions changes nothing anyone sees.
 */
function onlyWritten(binding: Binding, model: SparkModel, seen = new Set<Binding>()): boolean {
  if (seen.has(binding)) return false;
  seen.add(binding);
  return binding.uses.every((use) => {
    if (use.kind === 'write' || use.kind === 'cache' || use.kind === 'unpersist') return true;
    if (use.kind !== 'transform' && use.kind !== 'other') return false;
    if (use.executed && model.actions.some((action) => action.statement === use.statement)) return false;
    return use.derived ? onlyWritten(use.derived, model, seen) : true;
  });
}

/**
 * A stream sorted where Spark does not allow it fails when the query starts. An aggregate sorted in
 * Complete mode is allowed (the console and memory sinks show it in order) and is not reported.
 */
function reportStreamingSort(model: SparkModel, write: WriteSite, report: RuleContext['report']): void {
  const rejected = rejectedStreamingSort(model, write);
  if (!rejected) return;
  const { sort, aggregated, mode } = rejected;
  const name = sort.step.name;
  const advice = aggregated
    ? `Spark sorts a streaming aggregate only in Complete output mode, not in ${mode} mode. Use outputMode("complete") if every trigger should re-emit the whole result table in order (a sort of all groups per trigger), or drop the sort.`
    : `Spark sorts a stream only after an aggregation in Complete output mode. Drop the sort, or order each micro-batch where it is written: foreachBatch with sortWithinPartitions(...) inside (no shuffle), or a sort in whatever reads the sink.`;
  report({
    span: stepRange(sort.step),
    message: `${describeData(sort.holder ?? write.frame.sourceBinding)} is sorted by ${name}(...) in a streaming query: Spark rejects the query when it starts (AnalysisException). ${advice}`,
    related: [{ span: write.step.nameSpan, message: 'the streaming write' }],
  });
}

export const sortBeforeWrite: Rule = {
  id: 'sort-before-write',
  defaultSeverity: 'warning',
  summary: 'A global sort right before a write costs a full shuffle for an order the files do not keep.',
  languages: BOTH_LANGUAGES,
  check({ model, report }) {
    const reported = new Set<unknown>();
    for (const write of model.writes) {
      if (write.step.name === 'writeStream') {
        reportStreamingSort(model, write, report);
        continue;
      }
      if (write.frame.kind !== 'dataframe') continue;
      const found = lastPartitioningStep(write.frame);
      if (!found) continue;
      const { step, holder } = found.lineage[found.index]!;
      if ((step.name !== 'orderBy' && step.name !== 'sort') || reported.has(step)) continue;
      const holders = new Set(found.lineage.slice(found.index).map((s) => s.holder).filter((h) => h !== undefined));
      if ([...holders].some((h) => !onlyWritten(h, model))) continue;
      reported.add(step);
      const terminal = write.terminal ?? write.step;
      report({
        span: stepRange(step),
        message: `${describeData(holder ?? write.frame.sourceBinding)} is globally sorted by ${step.name}(...) just before it is written (line ${terminal.nameSpan.start.line + 1}): the sort costs a sampling job and a full shuffle, and readers of the files get no global order back. Use sortWithinPartitions(...) to keep each file sorted without a shuffle, or drop the sort.`,
        fixes: [{ title: `Replace ${step.name} with sortWithinPartitions`, edits: [replaceSpan(step.nameSpan, 'sortWithinPartitions')], isPreferred: false }],
        related: [{ span: terminal.nameSpan, message: 'written here' }],
      });
    }
  },
};
