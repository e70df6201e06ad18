import { argument } from '../../model/chains';
import { derivedPerPart, type FunctionContribution } from '../../model/functionReuse';
import { partitioningFates } from '../../model/partitioning';
import { usesStreams } from '../../model/streaming';
import type { ChainStep, SparkModel } from '../../model/types';
import { stepRange } from '../spans';
import { BOTH_LANGUAGES, type Rule } from '../types';

const literalCountsPerPart = new WeakMap<FunctionContribution, ReadonlyArray<{ step: ChainStep; n: number }>>();

function literalRepartitions(steps: SparkModel['frameSteps']): Array<{ step: ChainStep; n: number }> {
  return steps.flatMap(({ step, kind }) => {
    const count = kind === 'dataframe' && step.name === 'repartition' ? argument(step, 0, 'numPartitions') : undefined;
    // repartition(1) is single-partition-write's business.
    return count?.kind === 'literal' && typeof count.value === 'number' && count.value > 1 ? [{ step, n: count.value }] : [];
  });
}

export const hardcodedRepartition: Rule = {
  id: 'hardcoded-repartition',
  defaultSeverity: 'information',
  summary: 'repartition(n) with a literal n: a full shuffle to a partition count that AQE cannot adjust and that goes stale as data grows.',
  languages: BOTH_LANGUAGES,
  scope: 'file',
  check({ model, report }) {
    // A stream's partitioning is a per-micro-batch choice; AQE does not apply to streaming queries.
    if (usesStreams(model)) return;
    const literalCounts = derivedPerPart(model, 'frameSteps', literalCountsPerPart, literalRepartitions);
    // The fates follow every lineage of the file: only worth it when there is a literal count to judge.
    if (literalCounts.length === 0) return;
    const fates = partitioningFates(model);
    for (const { step, n } of literalCounts) {
      const { fate, next } = fates.get(step) ?? { fate: 'other' };
      // A literal count right before a write sizes the output files: deliberate, and what the files need.
      // A value handed to a function right after (`saveHive(df.repartition(200), …)`) is usually on its way to one.
      if (fate === 'written' || fate === 'passed-on') continue;
      const byColumns = (step.args ?? []).length > 1;
      if (fate === 'reshuffled' && next && !byColumns) {
        report({
          span: stepRange(step),
          message: `repartition(${n}) shuffles every row for nothing: the ${next.name}(…) that follows (line ${next.nameSpan.start.line + 1}) shuffles them again by its own keys, so this shuffle's partitioning is thrown away. Remove it; if it was meant to spread slow per-row work, put that work between the two.`,
          related: [{ span: next.nameSpan, message: 'shuffles again here' }],
        });
        continue;
      }
      report({
        span: stepRange(step),
        message: `repartition(${n}${byColumns ? ', …' : ''}) fixes the partition count at ${n} whatever the size of the data on the day: adaptive query execution does not coalesce a repartition with an explicit number, and the count goes stale as the data grows or shrinks. ${byColumns ? 'Repartition by the columns alone (AQE then sizes the partitions)' : 'Let AQE pick the shuffle partitions, or derive the count from the input size'} unless ${n} was measured for this data.`,
        atMost: 'hint',
      });
    }
  },
};
