import type { Language, LoweredFile, Span } from '../syntax/ast';
import { lowerTree } from '../syntax/lower';
import type { SparkParsers } from '../syntax/parser';
import type { Finding } from '../rules/types';
import { EMPTY_HISTORY, type FileHistory } from '../history/evidence';
import { analyzeLowered, type AnalysisOptions } from './analyze';
import { mightUseSpark } from './languages';
import { withLspLineBreaks } from './lineBreaks';

export interface FileAnalysis {
  findings: Finding[];
  /** What past runs measured at the file's lines, stages placed on their cause. */
  history: FileHistory;
  syntaxErrors: number;
  /** The first place that does not parse: what follows it may be analysed only in part. */
  firstSyntaxError?: Span;
  skipped?: 'not-spark';
}

export interface FileAnalysisOptions extends AnalysisOptions {
  /** The file is Spark code whatever its text says (a Databricks notebook has a session predefined). */
  sparkImplied?: boolean;
}

/** One-shot analysis of a whole file (CLI, tests): parse, lower, model, rules, then free the tree. */
export function analyzeFileText(parsers: SparkParsers, language: Language, source: string, options: FileAnalysisOptions): FileAnalysis {
  if (!options.sparkImplied && !mightUseSpark(source)) return { findings: [], history: EMPTY_HISTORY, syntaxErrors: 0, skipped: 'not-spark' };
  const text = withLspLineBreaks(source);
  const already = options.file === undefined ? undefined : options.workspace?.loweredAlready(options.file, text);
  if (already) return analysisOf(already, text, options);
  const tree = parsers.parse(language, text);
  try {
    return analysisOf(lowerTree(language, tree.rootNode, text), text, options);
  } finally {
    tree.delete();
  }
}

function analysisOf(lowered: LoweredFile, text: string, options: FileAnalysisOptions): FileAnalysis {
  const { findings, history } = analyzeLowered(lowered, text, options);
  const firstSyntaxError = firstSpan(lowered.syntaxErrors);
  return { findings, history, syntaxErrors: lowered.syntaxErrors.length, ...(firstSyntaxError ? { firstSyntaxError } : {}) };
}

/** The span that starts first (error recovery does not always list them in order). */
export function firstSpan(spans: readonly Span[]): Span | undefined {
  let first: Span | undefined;
  for (const span of spans) {
    if (!first || span.start.line < first.start.line || (span.start.line === first.start.line && span.start.character < first.start.character)) first = span;
  }
  return first;
}

/** The information diagnostic at a file's first syntax error, in the editor and the CLI alike. */
export const PARTIAL_ANALYSIS = {
  code: 'partial-analysis',
  message: 'Spark Advisor cannot parse this part of the file (a syntax error, or syntax its parser does not support), so its analysis of the file is partial: findings may be missing.',
} as const;
