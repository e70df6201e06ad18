import type { Language, LoweredFile } from '../syntax/ast';
import { spanContains } from '../syntax/spans';
import { buildModelIncrementally, type IncrementalModel } from '../model/builder';
import type { FunctionContribution } from '../model/functionReuse';
import type { SparkModel } from '../model/types';
import { NO_EVIDENCE, type EvidenceProvider } from '../history/evidence';
import { fixSyntaxFor } from '../rules/fixSyntax';
import { ALL_RULES_LIST } from '../rules/registry';
import type { Finding, Rule, RuleContext } from '../rules/types';
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

/** Findings of the per-function rules for one unchanged function, per analysis configuration. */
const findingsByFunction = new WeakMap<FunctionContribution, { signature: string; findings: Finding[] }>();

/** Runs `rules` over a model, with severity overrides applied; suppression comes later. */
function runRuleSet(rules: readonly Rule[], model: SparkModel, options: AnalysisOptions): Finding[] {
  const findings: Finding[] = [];
  const settings = options.settings;
  for (const rule of rules) {
    const level = settings.rules[rule.id] ?? rule.defaultSeverity;
    if (level === 'off' || !rule.languages.includes(model.language)) continue;
    const context: RuleContext = {
      model,
      file: options.file ?? '',
      settings: { smallTables: settings.smallTables, skewedKeys: settings.skewedKeys },
      evidence: options.evidence ?? NO_EVIDENCE,
      syntax: fixSyntaxFor(model.language),
      report(partial) {
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
  return findings;
}

/**
 * Runs every enabled rule. Per-function rules run only over what was built afresh when every
 * reused function still has its findings for this configuration; file-wide rules always see all.
 */
function runRules(build: IncrementalModel, text: string, options: AnalysisOptions): Finding[] {
  const signature = `${JSON.stringify(options.settings)}|${options.file ?? ''}|${(options.evidence ?? NO_EVIDENCE).version()}`;
  const remembered = build.reused.map((c) => findingsByFunction.get(c));
  const canReuse = remembered.every((r) => r?.signature === signature);
  const perFunction = ALL_RULES_LIST.filter((rule) => rule.scope !== 'file');
  const fileWide = ALL_RULES_LIST.filter((rule) => rule.scope === 'file');

  const functionFindings = runRuleSet(perFunction, canReuse ? build.fresh : build.whole, options);
  for (const contribution of canReuse ? build.rebuilt : [...build.rebuilt, ...build.reused]) {
    findingsByFunction.set(contribution, { signature, findings: functionFindings.filter((f) => spanContains(contribution.fn.span, f.span)) });
  }
  const all = [...functionFindings, ...(canReuse ? remembered.flatMap((r) => r!.findings) : []), ...runRuleSet(fileWide, build.whole, options)];

  const suppressions = findSuppressions(text, build.whole.language);
  return all
    .filter((f) => !isSuppressed(suppressions, f.ruleId, f.span.start.line))
    .sort((a, b) => a.span.start.line - b.span.start.line || a.span.start.character - b.span.start.character || a.ruleId.localeCompare(b.ruleId));
}

export function analyzeLowered(lowered: LoweredFile, text: string, options: AnalysisOptions): { model: SparkModel; findings: Finding[] } {
  const build = buildModelIncrementally(lowered);
  return { model: build.whole, findings: runRules(build, text, options) };
}

export type { Language };
