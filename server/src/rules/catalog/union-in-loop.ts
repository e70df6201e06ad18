import { BOTH_LANGUAGES, type Rule } from '../types';

export const unionInLoop: Rule = {
  id: 'union-in-loop',
  defaultSeverity: 'warning',
  summary: 'union in a loop grows the plan with every iteration.',
  languages: BOTH_LANGUAGES,
  check() {
    // not written yet
  },
};
