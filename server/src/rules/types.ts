import type { Language, Span } from '../syntax/ast';
import type { SparkModel } from '../model/types';
import type { FileHistory, MeasuredEvidence } from '../history/evidence';
import type { FixSyntax } from './fixSyntax';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

const SEVERITY_RANK: Record<Severity, number> = { hint: 0, information: 1, warning: 2, error: 3 };

/** The lower of two severities. */
export function lowerOf(a: Severity, b: Severity | undefined): Severity {
  return b !== undefined && SEVERITY_RANK[b] < SEVERITY_RANK[a] ? b : a;
}

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

export interface RuleSettings {
  /** Globs of table names known to be small (`dim_*`). */
  smallTables: string[];
  /** Column names known to have hot values. */
  skewedKeys: string[];
  /** Dominant values declared for some of those keys, by lower-cased key (`{"locale": ["en-US"]}`). */
  skewedKeyValues?: Record<string, string[]>;
  /** Measured small side of a shuffled join below which it should have been broadcast. */
  broadcastThresholdBytes: number;
}

export interface RuleContext {
  model: SparkModel;
  /** Path of the analysed file, for evidence look-ups. */
  file: string;
  /** The file is a notebook (Jupyter, or a Databricks source): what its cells print is its output. */
  notebook: boolean;
  settings: RuleSettings;
  /** What past runs measured at this file's lines (empty without imported event logs). */
  history: FileHistory;
  /** The non-blank text of a 0-based line, for findings placed by history alone; undefined past the end. */
  lineSpan(line: number): Span | undefined;
  syntax: FixSyntax;
  /**
   * `atMost` lowers this one finding (never raises it above the rule's configured level): a finding
   * that rests on a guess, or is right but low-value on this code, is a hint.
   */
  report(finding: Omit<Finding, 'ruleId' | 'severity' | 'evidence' | 'related' | 'fixes'> & Partial<Pick<Finding, 'evidence' | 'related' | 'fixes'>> & { atMost?: Severity }): void;
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
