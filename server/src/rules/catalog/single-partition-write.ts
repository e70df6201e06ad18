import { BOTH_LANGUAGES, type Rule } from '../types';

export const singlePartitionWrite: Rule = {
  id: 'single-partition-write',
  defaultSeverity: 'warning',
  summary: 'coalesce(1)/repartition(1) before a write funnels all data through one task.',
  languages: BOTH_LANGUAGES,
  check() {
    // not written yet
  },
};
