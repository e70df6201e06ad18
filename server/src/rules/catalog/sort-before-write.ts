import { BOTH_LANGUAGES, type Rule } from '../types';

export const sortBeforeWrite: Rule = {
  id: 'sort-before-write',
  defaultSeverity: 'warning',
  summary: 'A global sort right before a write costs a full shuffle for an order the files do not keep.',
  languages: BOTH_LANGUAGES,
  check() {
    // not written yet
  },
};
