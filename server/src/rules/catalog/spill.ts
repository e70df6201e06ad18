import { reportStages } from '../stageReport';
import { BOTH_LANGUAGES, type Rule } from '../types';

const ADVICE =
  'Spilling re-reads and re-writes data: give each task less data (more shuffle partitions, or AQE), more execution memory (spark.executor.memory, spark.memory.fraction), or fewer cores per executor.';

export const spill: Rule = {
  id: 'spill',
  defaultSeverity: 'warning',
  summary: 'A stage run here spilled data from memory to disk (measured).',
  languages: BOTH_LANGUAGES,
  scope: 'file',
  measured: true,
  check(context) {
    reportStages(context, 'spill', ADVICE);
  },
};
