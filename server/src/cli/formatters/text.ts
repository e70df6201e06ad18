import { plainText } from '../../report/render/escape';
import type { Severity } from '../../rules/types';
import { listedEvidence } from '../../rules/listedEvidence';
import type { Position } from '../../syntax/ast';
import { placerFor, type Placement } from '../placement';
import { countBySeverity, displayPath, partiallyAnalysed, type Report } from '../report';

/**
 * ESLint's "stylish" layout: a header per file, aligned rows, one summary line; then the files
 * whose analysis is partial. A notebook's rows say `cell 3:4:5` (cell, line in it, column), as
 * ruff and nbqa do.
 */
export interface TextOptions {
  color: boolean;
  /** Leave out the list of files that did not parse cleanly (--quiet). */
  errorsOnly?: boolean;
}

const LABEL: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'info', hint: 'hint' };
const SEVERITY_COLOR: Record<Severity, string> = { error: '31', warning: '33', information: '36', hint: '90' };

type Paint = (code: string, text: string) => string;

export function formatText(report: Report, options: TextOptions): string {
  const paint: Paint = options.color ? (code, text) => `\u001b[${code}m${text}\u001b[0m` : (_code, text) => text;
  let output = '';
  for (const result of report.files) {
    if (result.findings.length === 0) continue;
    const placer = placerFor(result);
    const rows = result.findings.map((finding) => ({
      ...lineAndColumn(placer.place(finding.span)),
      severity: finding.severity,
      message: oneLine(placer.message(finding.message)),
      ruleId: finding.ruleId,
      evidence: listedEvidence(finding).map((e) => oneLine(`${e.run}: ${e.summary}`)),
    }));
    const width = (pick: (row: (typeof rows)[number]) => string) => Math.max(...rows.map((row) => pick(row).length));
    const lineWidth = width((r) => r.line);
    const columnWidth = width((r) => r.column);
    const severityWidth = width((r) => LABEL[r.severity]);
    const messageWidth = width((r) => r.message);
    output += `\n${paint('4', plainText(displayPath(report.cwd, result.file)))}\n`;
    for (const row of rows) {
      const position = paint('2', `${row.line.padStart(lineWidth)}:${row.column}`) + ' '.repeat(columnWidth - row.column.length);
      const severity = paint(SEVERITY_COLOR[row.severity], LABEL[row.severity]) + ' '.repeat(severityWidth - LABEL[row.severity].length);
      output += `  ${position}  ${severity}  ${row.message.padEnd(messageWidth)}  ${paint('2', row.ruleId)}\n`;
      const indent = ' '.repeat(lineWidth + columnWidth + severityWidth + 7);
      for (const evidence of row.evidence) output += `${indent}${paint('2', `measured: ${evidence}`)}\n`;
    }
  }
  const counts = countBySeverity(report.files);
  const total = counts.error + counts.warning + counts.information + counts.hint;
  if (total > 0) {
    const summary =
      `\u2716 ${plural(total, 'problem')} (${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ` +
      `${plural(counts.information, 'info')}, ${plural(counts.hint, 'hint')})`;
    output += `\n${paint(counts.error > 0 ? '1;31' : '1;33', summary)}\n`;
  }
  return options.errorsOnly ? output : output + partialAnalyses(report, paint);
}

/** `12` and `5`, or in a notebook `cell 3:4` and `5`. */
function lineAndColumn({ file, cell }: Placement): { line: string; column: string } {
  const start: Position = cell ? cell.span.start : file.start;
  return { line: `${cell ? `cell ${cell.index}:` : ''}${start.line + 1}`, column: String(start.character + 1) };
}

/** "2 files do not parse cleanly …" and where each one's first syntax error is. */
function partialAnalyses(report: Report, paint: Paint): string {
  const partial = partiallyAnalysed(report);
  if (partial.length === 0) return '';
  const heading = `\u2139 ${plural(partial.length, 'file')} did not parse cleanly: the analysis of ${partial.length === 1 ? 'it' : 'each'} is partial and findings may be missing`;
  const rows = partial.map((result) => {
    const { line, column } = lineAndColumn(placerFor(result).place(result.syntaxError));
    return `  ${plainText(displayPath(report.cwd, result.file))}:${line}:${column}  ${paint('2', 'syntax error')}\n`;
  });
  return `\n${paint('1;36', heading)}\n${rows.join('')}`;
}

/**
 * Messages quote the code (table names, paths, string literals) and paths come from the file
 * system: no control character may reach the terminal (escape sequences, fake lines).
 */
function oneLine(text: string): string {
  return plainText(text.replace(/\s*\r?\n\s*/g, ' '));
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
