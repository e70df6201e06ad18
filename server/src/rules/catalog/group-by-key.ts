import { BOTH_LANGUAGES, type Rule } from '../types';

export const groupByKey: Rule = {
  id: 'group-by-key',
  defaultSeverity: 'warning',
  summary: 'RDD groupByKey followed by an aggregation shuffles every value.',
  languages: BOTH_LANGUAGES,
  check() {
    // not written yet
  },
};
