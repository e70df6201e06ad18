import { BOTH_LANGUAGES, type Rule } from '../types';

export const inferSchema: Rule = {
  id: 'infer-schema',
  defaultSeverity: 'information',
  summary: 'inferSchema reads the input an extra time to guess the schema.',
  languages: BOTH_LANGUAGES,
  check() {
    // not written yet
  },
};
