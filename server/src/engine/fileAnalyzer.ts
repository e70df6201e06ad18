import type { Language } from '../syntax/ast';
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
  skipped?: 'not-spark';
}

/** One-shot analysis of a whole file (CLI, tests): parse, lower, model, rules, then free the tree. */
export function analyzeFileText(parsers: SparkParsers, language: Language, source: string, options: AnalysisOptions): FileAnalysis {
  if (!mightUseSpark(source)) return { findings: [], history: EMPTY_HISTORY, syntaxErrors: 0, skipped: 'not-spark' };
  const text = withLspLineBreaks(source);
  const tree = parsers.parse(language, text);
  try {
    const lowered = lowerTree(language, tree.rootNode, text);
    const { findings, history } = analyzeLowered(lowered, text, options);
    return { findings, history, syntaxErrors: lowered.syntaxErrors.length };
  } finally {
    tree.delete();
  }
}
