import { reportStages } from '../stageReport';
import { BOTH_LANGUAGES, type Rule } from '../types';

export const partitionSizing: Rule = {
  id: 'partition-sizing',
  defaultSeverity: 'information',
  summary: 'A stage run here had many tiny tasks or oversized partitions for a 128 MB target (measured).',
  languages: BOTH_LANGUAGES,
  scope: 'file',
  measured: true,
  check(context) {
    reportStages(context, 'partition-sizing', 'Size partitions near 128 MB: set spark.sql.shuffle.partitions from the data size, let AQE coalesce (spark.sql.adaptive.coalescePartitions.enabled), or repartition/coalesce before this step.');
  },
};
