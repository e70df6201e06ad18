import { isSinglePartition, lastPartitioningStep, type LineageStep } from '../../model/partitioning';
import { describeData } from '../describe';
import { rowBounds } from '../rowBounds';
import { stepRange } from '../spans';
import { BOTH_LANGUAGES, type Rule } from '../types';

export const singlePartitionWrite: Rule = {
  id: 'single-partition-write',
  defaultSeverity: 'warning',
  summary: 'coalesce(1)/repartition(1) before a write funnels all data through one task.',
  languages: BOTH_LANGUAGES,
  check({ model, settings, report }) {
    const reported = new Set<LineageStep['step']>();
    const boundOf = rowBounds(model, settings);
    for (const write of model.writes) {
      // Streaming micro-batches are usually small, and one file per batch is a common deliberate choice.
      if (write.step.name === 'writeStream') continue;
      const found = lastPartitioningStep(write.frame);
      if (!found) continue;
      const { step, holder } = found.lineage[found.index]!;
      if (!isSinglePartition(step) || reported.has(step)) continue;
      // Small data (literal rows, a global aggregate, a limit) is best written as one file.
      const bound = boundOf(write.frame);
      if (bound.size === 'small' && !bound.guess) continue;
      reported.add(step);
      const subject = describeData(holder ?? write.frame.sourceBinding);
      const cost = step.name === 'coalesce'
        ? 'coalesce(1) does not shuffle, so everything since the last shuffle (reading, parsing, filtering) also runs in that one task'
        : 'repartition(1) shuffles every row to one executor, which then writes them all';
      const terminal = write.terminal ?? write.step;
      const probablySmall = bound.size === 'small' || bound.size === 'reduced';
      const written = `${subject} is cut down to one partition by ${step.name}(1) before it is written (line ${terminal.nameSpan.start.line + 1})`;
      const fix = 'Let Spark write in parallel and control file size with the maxRecordsPerFile option or a repartition(n) sized to the data; keep one partition only for small outputs.';
      report({
        span: stepRange(step),
        ...(probablySmall ? { atMost: 'hint' as const } : {}),
        message: probablySmall
          ? `${written}. It is probably small (${bound.reason}), and one file may be the point; if it can be large, one task on one core writes all of it, and ${cost}. ${fix}`
          : `${written}: one task on one core writes all the output, and ${cost}. ${fix}`,
        related: [{ span: terminal.nameSpan, message: 'written here' }],
      });
    }
  },
};
