import type { Language, LoweredFile } from '../syntax/ast';
import { buildSparkModel } from '../model/builder';
import type { SparkModel } from '../model/types';
import { NO_EVIDENCE, type EvidenceProvider } from '../history/evidence';
import { fixSyntaxFor } from '../rules/fixSyntax';
import { ALL_RULES_LIST, ruleById } from '../rules/registry';
import type { Finding, RuleContext } from '../rules/types';
import type { AnalysisSettings } from './settings';
import { findSuppressions, isSuppressed } from './suppressions';

export interface AnalysisOptions {
  settings: AnalysisSettings;
  evidence?: EvidenceProvider;
  /** Path of the file, for evidence look-ups. */
  file?: string;
  /** Told when a rule throws; the other rules still run. Defaults to a line on stderr. */
  onRuleError?: (ruleId: string, error: unknown) => void;
}

function logRuleError(ruleId: string, error: unknown): void {
  console.error(`spark-advisor: rule ${ruleId} failed: ${error instanceof Error ? error.stack : String(error)}`);
}

/** Runs every enabled rule over a model; applies severity overrides and suppression comments. */
export function runRules(model: SparkModel, text: string, options: AnalysisOptions): Finding[] {
  const findings: Finding[] = [];
  const suppressions = findSuppressions(text, model.language);
  const settings = options.settings;
  for (const rule of ALL_RULES_LIST) {
    const level = settings.rules[rule.id] ?? rule.defaultSeverity;
    if (level === 'off' || !rule.languages.includes(model.language)) continue;
    const context: RuleContext = {
      model,
      file: options.file ?? '',
      settings: { smallTables: settings.smallTables, skewedKeys: settings.skewedKeys },
      evidence: options.evidence ?? NO_EVIDENCE,
      syntax: fixSyntaxFor(model.language),
      report(partial) {
        if (isSuppressed(suppressions, rule.id, partial.span.start.line)) return;
        findings.push({ evidence: [], related: [], fixes: [], ...partial, ruleId: rule.id, severity: level });
      },
    };
    try {
      rule.check(context);
    } catch (error) {
      // One faulty rule must not take the others' findings (or the server) down with it.
      (options.onRuleError ?? logRuleError)(rule.id, error);
    }
  }
  return findings.sort((a, b) => a.span.start.line - b.span.start.line || a.span.start.character - b.span.start.character || a.ruleId.localeCompare(b.ruleId));
}

export function analyzeLowered(lowered: LoweredFile, text: string, options: AnalysisOptions): { model: SparkModel; findings: Finding[] } {
  const model = buildSparkModel(lowered);
  return { model, findings: runRules(model, text, options) };
}

export function isKnownRule(id: string): boolean {
  return ruleById(id) !== undefined;
}

export type { Language };
