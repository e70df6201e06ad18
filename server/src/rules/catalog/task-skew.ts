import { reportStages } from '../stageReport';
import { BOTH_LANGUAGES, type Rule } from '../types';

export const taskSkew: Rule = {
  id: 'task-skew',
  defaultSeverity: 'warning',
  summary: 'A stage run here had a few tasks far slower or larger than the rest (measured).',
  languages: BOTH_LANGUAGES,
  scope: 'file',
  measured: true,
  check(context) {
    reportStages(context, 'task-skew', 'The stage waits for its slowest task: salt or pre-aggregate the hot keys, or enable spark.sql.adaptive.skewJoin.enabled for skewed joins.');
  },
};
