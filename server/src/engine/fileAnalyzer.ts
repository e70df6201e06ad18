import type { Language } from '../syntax/ast';
import { lowerTree } from '../syntax/lower';
import type { SparkParsers } from '../syntax/parser';
import type { Finding } from '../rules/types';
import { analyzeLowered, type AnalysisOptions } from './analyze';
import { mightUseSpark } from './languages';
import { withLspLineBreaks } from './lineBreaks';

export interface FileAnalysis {
  findings: Finding[];
  syntaxErrors: number;
  skipped?: 'not-spark';
}

/** One-shot analysis of a whole file (CLI, tests): parse, lower, model, rules, then free the tree. */
export function analyzeFileText(parsers: SparkParsers, language: Language, source: string, options: AnalysisOptions): FileAnalysis {
  if (!mightUseSpark(source)) return { findings: [], syntaxErrors: 0, skipped: 'not-spark' };
  const text = withLspLineBreaks(source);
  const tree = parsers.parse(language, text);
  try {
    const lowered = lowerTree(language, tree.rootNode, text);
    const { findings } = analyzeLowered(lowered, text, options);
    return { findings, syntaxErrors: lowered.syntaxErrors.length };
  } finally {
    tree.delete();
  }
}
