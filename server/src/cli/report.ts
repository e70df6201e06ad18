import * as path from 'path';
import type { Finding, Severity } from '../rules/types';

export interface FileResult {
  /** Absolute path. */
  file: string;
  findings: Finding[];
  /** The file's text, kept for files with findings (SARIF fingerprints hash the flagged line). */
  text?: string;
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
