import type { Severity } from '../../rules/types';

export interface ListedRule {
  id: string;
  defaultSeverity: Severity;
  summary: string;
}

/** `spark-advisor rules`: one aligned line per rule. */
export function formatRulesList(rules: readonly ListedRule[]): string {
  const idWidth = Math.max(...rules.map((rule) => rule.id.length));
  const severityWidth = Math.max(...rules.map((rule) => rule.defaultSeverity.length));
  return rules.map((rule) => `${rule.id.padEnd(idWidth)}  ${rule.defaultSeverity.padEnd(severityWidth)}  ${rule.summary}\n`).join('');
}
