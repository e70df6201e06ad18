import * as path from 'path';
import type { NotebookCell, NotebookKind } from '../notebook/cells';
import type { Finding, Severity } from '../rules/types';
import type { Span } from '../syntax/ast';

/** A notebook's cells, to place findings in them; spans of its findings are in the notebook's text. */
export interface NotebookLayout {
  kind: NotebookKind;
  cells: NotebookCell[];
  /** The .ipynb file's own text (JSON), kept when something is placed in it. */
  fileText?: string;
}

export interface FileResult {
  /** Absolute path. */
  file: string;
  findings: Finding[];
  /**
   * The analysed text (a notebook's code cells), kept for files with findings or a syntax error
   * (SARIF fingerprints hash the flagged line).
   */
  text?: string;
  /** Read but not parsed: nothing in it uses Spark. */
  notSpark?: true;
  notebook?: NotebookLayout;
  /** The first syntax error: the analysis of the file is partial. */
  syntaxError?: Span;
}

export interface SkippedFile {
  file: string;
  reason: string;
}

/** What a `check` run found, before formatting. */
export interface Report {
  /** Paths in the output are relative to this folder. */
  cwd: string;
  /** Every analysed file (with or without findings), sorted by path. */
  files: FileResult[];
  skipped: SkippedFile[];
}

/** Files that did not parse cleanly, in path order. */
export function partiallyAnalysed(report: Report): Array<FileResult & { syntaxError: Span }> {
  return report.files.filter((result): result is FileResult & { syntaxError: Span } => result.syntaxError !== undefined);
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };

/** Keeps the findings at `minimum` severity or above (`warning` keeps errors and warnings). */
export function filterReport(report: Report, minimum: Severity): Report {
  return {
    ...report,
    files: report.files.map((result) => ({ ...result, findings: result.findings.filter((f) => RANK[f.severity] <= RANK[minimum]) })),
  };
}

export function countBySeverity(files: readonly FileResult[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const result of files) for (const finding of result.findings) counts[finding.severity]++;
  return counts;
}

/**
 * 1 when any finding is shown, or, with a warning budget, when there are errors or more
 * non-error findings than the budget; else 0.
 */
export function exitCodeFor(report: Report, maxWarnings?: number): 0 | 1 {
  const counts = countBySeverity(report.files);
  const nonErrors = counts.warning + counts.information + counts.hint;
  if (counts.error > 0) return 1;
  return nonErrors > (maxWarnings ?? 0) ? 1 : 0;
}

/** Relative to cwd in the platform's form (text output); absolute when on another drive. */
export function displayPath(cwd: string, file: string): string {
  const relative = path.relative(cwd, file);
  return relative === '' ? path.basename(file) : path.isAbsolute(relative) ? file : relative;
}

/** Relative to cwd with forward slashes (JSON, SARIF). */
export function portablePath(cwd: string, file: string): string {
  return displayPath(cwd, file).split(path.sep).join('/');
}

/** The 0-based line's text, without its line break. */
export function lineText(text: string | undefined, line: number): string {
  if (text === undefined) return '';
  let start = 0;
  for (let i = 0; i < line; i++) {
    const next = text.indexOf('\n', start);
    if (next < 0) return '';
    start = next + 1;
  }
  const end = text.indexOf('\n', start);
  return text.slice(start, end < 0 ? text.length : end).replace(/\r$/, '');
}
