import { BOTH_LANGUAGES, type Rule } from '../types';

export const actionInLoop: Rule = {
  id: 'action-in-loop',
  defaultSeverity: 'warning',
  summary: 'An action inside a loop runs a Spark job per iteration over the same data.',
  languages: BOTH_LANGUAGES,
  check() {
    // not written yet
  },
};
