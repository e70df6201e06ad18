import { BOTH_LANGUAGES, type Rule } from '../types';

export const windowWithoutPartition: Rule = {
  id: 'window-without-partition',
  defaultSeverity: 'warning',
  summary: 'A window without partitionBy moves all data into one partition.',
  languages: BOTH_LANGUAGES,
  check() {
    // not written yet
  },
};
