import type { Language, LoweredFile } from '../syntax/ast';
import { spanContains } from '../syntax/spans';
import { buildModelIncrementally, type IncrementalModel } from '../model/builder';
import type { FunctionContribution } from '../model/functionReuse';
import type { SparkModel } from '../model/types';
import type { ImportedFunctions } from '../model/importedFunctions';
import { EMPTY_HISTORY, NO_EVIDENCE, type EvidenceProvider, type FileHistory } from '../history/evidence';
import { historyQueryFor } from './historyQuery';
import { lineSpanner } from './lineSpans';
import { fixSyntaxFor } from '../rules/fixSyntax';
import { onFirstLine } from '../rules/spans';
import { weighAgainstRuns } from '../rules/contradictions';
import { ALL_RULES_LIST } from '../rules/registry';
import { isJupyterNotebook } from '../notebook/analysableText';
import { isDatabricksSource } from '../notebook/databricks';
import { lowerOf, type Finding, type Rule, type RuleContext } from '../rules/types';
import { fileRole, type FileRole } from './fileRole';
import type { AnalysisSettings, NonProductionFindings } from './settings';
import { findSuppressions, isSuppressed } from './suppressions';
import { firstLine, type DocumentText } from './documentText';
import { Interner } from '../common/interned';

export interface AnalysisOptions {
  settings: AnalysisSettings;
  evidence?: EvidenceProvider;
  /** Path of the file, for evidence look-ups. */
  file?: string;
  /** The path below the workspace folder (or the folder the CLI was given), `/`-separated: tells tests and examples apart. */
  relativePath?: string;
  /** Told when a rule throws; the other rules still run. Defaults to a line on stderr. */
  onRuleError?: (ruleId: string, error: unknown) => void;
  /** Called before each rule; may throw to abandon the analysis (a time budget). */
  checkpoint?: () => void;
  /** The workspace's other files (engine/workspace/workspaceIndex.ts): calls into them are resolved through their summaries. */
  workspace?: WorkspaceImports;
}

/** What the analysis of one file needs of the workspace index. */
export interface WorkspaceImports {
  importsFor(file: string, lowered: LoweredFile): ImportedFunctions;
  /** The file already lowered from this very text, when another file's calls into it had it read: parsed once, not twice. */
  loweredAlready(file: string, text: string): LoweredFile | undefined;
  /** Milliseconds spent so far reading other files and working out their summaries: not charged to the file's own time budget. */
  millisecondsSpent?(): number;
}

/** The functions `lowered` imports from other workspace files, when there is a workspace and the file has a path. */
export function importedFunctionsFor(lowered: LoweredFile, options: Pick<AnalysisOptions, 'workspace' | 'file'>): ImportedFunctions | undefined {
  return options.workspace && options.file ? options.workspace.importsFor(options.file, lowered) : undefined;
}

function logRuleError(ruleId: string, error: unknown): void {
  console.error(`spark-advisor: rule ${ruleId} failed: ${error instanceof Error ? error.stack : String(error)}`);
}

const PER_FUNCTION_RULES = ALL_RULES_LIST.filter((rule) => rule.scope !== 'file');
const FILE_WIDE_RULES = ALL_RULES_LIST.filter((rule) => rule.scope === 'file');

/** Findings of the per-function rules for one unchanged function, per analysis configuration. */
const findingsByFunction = new WeakMap<FunctionContribution, { signature: string; findings: Finding[] }>();

/** The analysis signatures met so far: each reused function's signature is compared with the new one per keystroke. */
const signatures = new Interner(64);

/** Runs `rules` over a model, with severity overrides applied; suppression comes later. */
function runRuleSet(rules: readonly Rule[], model: SparkModel, options: AnalysisOptions, history: FileHistory, lineSpan: RuleContext['lineSpan'], notebook: boolean): Finding[] {
  const findings: Finding[] = [];
  const settings = options.settings;
  // One object for every rule: memos keyed by it (smallData.ts) then hold across rules.
  const ruleSettings: RuleContext['settings'] = { smallTables: settings.smallTables, skewedKeys: settings.skewedKeys, skewedKeyValues: settings.skewedKeyValues, broadcastThresholdBytes: settings.broadcastThresholdBytes };
  for (const rule of rules) {
    options.checkpoint?.();
    const level = settings.rules[rule.id] ?? rule.defaultSeverity;
    if (level === 'off' || !rule.languages.includes(model.language)) continue;
    const context: RuleContext = {
      model,
      file: options.file ?? '',
      notebook,
      settings: ruleSettings,
      history,
      lineSpan,
      syntax: fixSyntaxFor(model.language),
      report({ atMost, ...partial }) {
        // A rule may pass `related: undefined` (an optional list it had none of): every reader expects an array.
        findings.push({ ...partial, evidence: partial.evidence ?? [], related: partial.related ?? [], fixes: partial.fixes ?? [], span: onFirstLine(partial.span, lineSpan), ruleId: rule.id, severity: lowerOf(level, atMost) });
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
function runRules(build: IncrementalModel, text: DocumentText, options: AnalysisOptions): { findings: Finding[]; history: FileHistory } {
  // A function's findings may weigh the file's configuration (a local session, a threshold set elsewhere).
  const fileFacts = `${JSON.stringify(build.whole.configs)}|${build.whole.createsSession}`;
  const notebook = (options.file !== undefined && isJupyterNotebook(options.file)) || isDatabricksSource(firstLine(text), build.whole.language);
  const signature = signatures.of(`${JSON.stringify(options.settings)}|${options.file ?? ''}|${notebook}|${(options.evidence ?? NO_EVIDENCE).version()}|${fileFacts}`);
  const remembered = build.reused.map((c) => findingsByFunction.get(c));
  const canReuse = remembered.every((r) => r?.signature === signature);

  const evidence = options.evidence ?? NO_EVIDENCE;
  const history = evidence === NO_EVIDENCE || options.file === undefined ? EMPTY_HISTORY : evidence.historyFor(historyQueryFor(build.whole, options.file));
  const lineSpan = lineSpanner(text);
  const freshPart = { ...build.fresh, configs: build.whole.configs, createsSession: build.whole.createsSession };
  const functionFindings = runRuleSet(PER_FUNCTION_RULES, canReuse ? freshPart : build.whole, options, history, lineSpan, notebook);
  for (const contribution of canReuse ? build.rebuilt : [...build.rebuilt, ...build.reused]) {
    findingsByFunction.set(contribution, { signature, findings: functionFindings.filter((f) => spanContains(contribution.fn.span, f.span)) });
  }
  const all = functionFindings.slice();
  // Plain loops: per keystroke these copy every finding of the file.
  if (canReuse) for (const r of remembered) for (const finding of r!.findings) all.push(finding);
  for (const finding of runRuleSet(FILE_WIDE_RULES, build.whole, options, history, lineSpan, notebook)) all.push(finding);

  const suppressions = findSuppressions(text, build.whole.language);
  const lowered = lowerOutsideProduction(all, fileRole(options.relativePath, text, build.whole.language), options.settings.testAndExampleFindings);
  const findings = weighAgainstRuns(lowered, history)
    .filter((f) => !isSuppressed(suppressions, f.ruleId, f.span.start.line))
    .sort((a, b) => a.span.start.line - b.span.start.line || a.span.start.character - b.span.start.character || a.ruleId.localeCompare(b.ruleId));
  return { findings, history };
}

/** A test asserting on fixture rows or a tutorial is not where performance is won: its findings become hints (or go). */
function lowerOutsideProduction(findings: Finding[], role: FileRole, choice: NonProductionFindings): Finding[] {
  if (role === 'production' || choice === 'unchanged') return findings;
  if (choice === 'off') return [];
  return findings.map((f) => (f.severity === 'hint' ? f : { ...f, severity: 'hint' }));
}

export interface Analysis {
  model: SparkModel;
  findings: Finding[];
  /** What past runs measured at this file's lines (for lenses and hovers). */
  history: FileHistory;
}

/** `text` is the document's (an open document passes its pieces: see documentText.ts). */
export function analyzeLowered(lowered: LoweredFile, text: DocumentText, options: AnalysisOptions): Analysis {
  return analyzeModel(buildModelIncrementally(lowered, options.checkpoint, importedFunctionsFor(lowered, options)), text, options);
}

/** The rules' half of analyzeLowered, for callers that build the model themselves (and yield in between). */
export function analyzeModel(build: IncrementalModel, text: DocumentText, options: AnalysisOptions): Analysis {
  return { model: build.whole, ...runRules(build, text, options) };
}

export type { Language };
