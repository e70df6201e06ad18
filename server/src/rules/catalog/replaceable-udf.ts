import { BOTH_LANGUAGES, type Rule } from '../types';

export const replaceableUdf: Rule = {
  id: 'replaceable-udf',
  defaultSeverity: 'warning',
  summary: 'A UDF does what a built-in Spark function does.',
  languages: BOTH_LANGUAGES,
  check() {
    // not written yet
  },
};
