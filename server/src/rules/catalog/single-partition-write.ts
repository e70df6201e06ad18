import { isSinglePartition, lastPartitioningStep, type LineageStep } from '../../model/partitioning';
import type { FrameValue } from '../../model/types';
import { describeData } from '../describe';
import { knownSmall as knownSmallHint } from '../smallData';
import { stepRange } from '../spans';
import { BOTH_LANGUAGES, type Rule, type RuleSettings } from '../types';

const GROUPINGS = new Set(['groupBy', 'groupby', 'rollup', 'cube']);

/** Data known to be small, where one file is the sensible output. */
function knownSmall(frame: FrameValue, settings: RuleSettings): boolean {
  return knownSmallHint(frame, settings) !== undefined;
}

/** `df.agg(...)` / `df.groupBy().agg(...)`: one row, whatever the input size. */
function globalAggregate(lineage: LineageStep[], before: number): boolean {
  const step = lineage[before]?.step;
  if (step?.name === 'describe' || step?.name === 'summary') return true;
  if (step?.name !== 'agg') return false;
  const grouping = lineage[before - 1]?.step;
  return !grouping || !GROUPINGS.has(grouping.name) || (grouping.args ?? []).length === 0;
}

export const singlePartitionWrite: Rule = {
  id: 'single-partition-write',
  defaultSeverity: 'warning',
  summary: 'coalesce(1)/repartition(1) before a write funnels all data through one task.',
  languages: BOTH_LANGUAGES,
  check({ model, settings, report }) {
    const reported = new Set<LineageStep['step']>();
    for (const write of model.writes) {
      // Streaming micro-batches are usually small, and one file per batch is a common deliberate choice.
      if (write.step.name === 'writeStream') continue;
      const found = lastPartitioningStep(write.frame);
      if (!found) continue;
      const { step, holder } = found.lineage[found.index]!;
      if (!isSinglePartition(step) || reported.has(step)) continue;
      if (knownSmall(write.frame, settings) || globalAggregate(found.lineage, found.index - 1)) continue;
      reported.add(step);
      const subject = describeData(holder ?? write.frame.sourceBinding);
      const cost = step.name === 'coalesce'
        ? 'coalesce(1) does not shuffle, so everything since the last shuffle (reading, parsing, filtering) also runs in that one task'
        : 'repartition(1) shuffles every row to one executor, which then writes them all';
      const terminal = write.terminal ?? write.step;
      report({
        span: stepRange(step),
        message: `${subject} is cut down to one partition by ${step.name}(1) before it is written (line ${terminal.nameSpan.start.line + 1}): one task on one core writes all the output, and ${cost}. Let Spark write in parallel and control file size with the maxRecordsPerFile option or a repartition(n) sized to the data; keep one partition only for small outputs.`,
        related: [{ span: terminal.nameSpan, message: 'written here' }],
      });
    }
  },
};
