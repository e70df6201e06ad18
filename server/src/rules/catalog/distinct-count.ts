import { BOTH_LANGUAGES, type Rule } from '../types';

export const distinctCount: Rule = {
  id: 'distinct-count',
  defaultSeverity: 'information',
  summary: 'distinct().count() where countDistinct/approx_count_distinct would do.',
  languages: BOTH_LANGUAGES,
  check() {
    // not written yet
  },
};
