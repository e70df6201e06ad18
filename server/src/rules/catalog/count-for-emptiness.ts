import { BOTH_LANGUAGES, type Rule } from '../types';

export const countForEmptiness: Rule = {
  id: 'count-for-emptiness',
  defaultSeverity: 'warning',
  summary: 'count() compared with 0 scans everything to answer a yes/no question.',
  languages: BOTH_LANGUAGES,
  check() {
    // not written yet
  },
};
