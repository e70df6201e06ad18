import { lastPartitioningStep } from '../../model/partitioning';
import type { Binding, SparkModel } from '../../model/types';
import { replaceSpan } from '../fixSyntax';
import { stepRange } from '../spans';
import { BOTH_LANGUAGES, type Rule } from '../types';
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

export const sortBeforeWrite: Rule = {
  id: 'sort-before-write',
  defaultSeverity: 'warning',
  summary: 'A global sort right before a write costs a full shuffle for an order the files do not keep.',
  languages: BOTH_LANGUAGES,
  check({ model, report }) {
    const reported = new Set<unknown>();
    for (const write of model.writes) {
      // Streaming sinks such as console and memory show rows in order.
      if (write.frame.kind !== 'dataframe' || write.step.name === 'writeStream') continue;
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
