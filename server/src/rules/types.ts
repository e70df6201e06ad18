import type { Language, Span } from '../syntax/ast';
import type { SparkModel } from '../model/types';
import type { FileHistory, MeasuredEvidence } from '../history/evidence';
import type { FixSyntax } from './fixSyntax';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface TextEdit {
  range: Span;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** Shown first and applied by "fix all": only for fixes that cannot change results. */
  isPreferred: boolean;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  span: Span;
  fixes: Fix[];
  /** Measured figures from past runs that confirm or strengthen the finding. */
  evidence: MeasuredEvidence[];
  /** Other places that explain the finding (the cache call, the fillna that made the key skewed). */
  related: Array<{ span: Span; message: string }>;
}

/**
 * The most a finding deserves when its rule can tell it is worth less than the rule's level (a loop
 * over a collection of unknown length): a lower configured level still wins.
 */
export interface SeverityCap {
  atMost?: Severity;
}

const SEVERITY_RANK: Record<Severity, number> = { hint: 0, information: 1, warning: 2, error: 3 };

/** The configured level, lowered to the finding's cap when it has one. */
export function cappedSeverity(level: Severity, cap: Severity | undefined): Severity {
  return cap !== undefined && SEVERITY_RANK[cap] < SEVERITY_RANK[level] ? cap : level;
}

export interface RuleSettings {
  /** Globs of table names known to be small (`dim_*`). */
  smallTables: string[];
  /** Column names known to have hot values. */
  skewedKeys: string[];
  /** Measured small side of a shuffled join below which it should have been broadcast. */
  broadcastThresholdBytes: number;
}

export interface RuleContext {
  model: SparkModel;
  /** Path of the analysed file, for evidence look-ups. */
  file: string;
  settings: RuleSettings;
  /** What past runs measured at this file's lines (empty without imported event logs). */
  history: FileHistory;
  /** The non-blank text of a 0-based line, for findings placed by history alone; undefined past the end. */
  lineSpan(line: number): Span | undefined;
  syntax: FixSyntax;
  report(finding: Omit<Finding, 'ruleId' | 'severity' | 'evidence' | 'related' | 'fixes'> & Partial<Pick<Finding, 'evidence' | 'related' | 'fixes'>> & SeverityCap): void;
}

export interface Rule {
  id: string;
  defaultSeverity: Severity;
  /** One line for the rules table, hover and SARIF. */
  summary: string;
  languages: readonly Language[];
  /**
   * 'file' for rules that weigh facts from anywhere in the file (its configuration, whether it
   * builds the session). Other rules judge each function on its own, so their findings for an
   * unchanged function are reused between keystrokes.
   */
  scope?: 'file';
  /** Reports only from imported runs (event logs); tested on logs, not on annotated source fixtures. */
  measured?: true;
  check(context: RuleContext): void;
}

export const BOTH_LANGUAGES: readonly Language[] = ['python', 'scala'];
