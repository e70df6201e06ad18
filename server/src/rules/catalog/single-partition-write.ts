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
      const terminal = write.terminal ?? write.step;
      const written = `${subject} is cut down to one partition by ${step.name}(1) before it is written (line ${terminal.nameSpan.start.line + 1})`;
      const related = [{ span: terminal.nameSpan, message: 'written here' }];
      // coalesce(1) over data that grows with the input pulls the reading and every narrow step
      // before it into one task, whatever the output is for: that is the anti-pattern.
      if (step.name === 'coalesce' && bound.size === 'unbounded') {
        report({
          span: stepRange(step),
          message: `${written}. ${bound.reason[0]!.toUpperCase()}${bound.reason.slice(1)}, and coalesce(1) does not shuffle, so everything since the last shuffle (reading, parsing, filtering) runs in that one task too. If one file is the point, use repartition(1) instead, which keeps that work parallel and funnels only the finished rows into the single writer; otherwise let Spark write in parallel and control file size with the maxRecordsPerFile option or a repartition(n) sized to the data.`,
          related,
        });
        continue;
      }
      // repartition(1) keeps the upstream parallel and only the write runs in one task: the usual
      // way to get one file. Its cost, like that of coalesce(1) over data of unknown size, is the
      // size of the output, which the code does not show.
      const probablySmall = bound.size === 'small' || bound.size === 'reduced';
      const why = probablySmall
        ? `It is probably small (${bound.reason}), and one file may be the point`
        : step.name === 'repartition'
          ? 'repartition(1) keeps the work before it parallel, so one file is probably the point'
          : 'How large it is does not show in this code, and one file may be the point';
      const cost = step.name === 'coalesce'
        ? 'everything since the last shuffle (reading, parsing, filtering) also runs in that one task, since coalesce(1) does not shuffle'
        : 'one task on one core writes all of it';
      report({
        span: stepRange(step),
        atMost: 'hint',
        message: `${written}. ${why}; if it can be large, ${cost}. Let Spark write in parallel and control file size with the maxRecordsPerFile option or a repartition(n) sized to the data.`,
        related,
      });
    }
  },
};
