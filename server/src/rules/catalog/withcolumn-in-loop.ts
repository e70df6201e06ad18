import { BOTH_LANGUAGES, type Rule } from '../types';

export const withcolumnInLoop: Rule = {
  id: 'withcolumn-in-loop',
  defaultSeverity: 'warning',
  summary: 'withColumn in a loop grows the query plan with every iteration.',
  languages: BOTH_LANGUAGES,
  check() {
    // not written yet
  },
};
