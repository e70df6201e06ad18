import { BOTH_LANGUAGES, type Rule } from '../types';

export const rddOnDataframe: Rule = {
  id: 'rdd-on-dataframe',
  defaultSeverity: 'warning',
  summary: 'Dropping from a DataFrame to its RDD leaves the optimiser and serialises every row.',
  languages: BOTH_LANGUAGES,
  check() {
    // not written yet
  },
};
