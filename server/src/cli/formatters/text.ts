import type { Severity } from '../../rules/types';
import { listedEvidence } from '../../rules/listedEvidence';
import { countBySeverity, displayPath, type Report } from '../report';

/** ESLint's "stylish" layout: a header per file, aligned rows, one summary line. */
export interface TextOptions {
  color: boolean;
}

const LABEL: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'info', hint: 'hint' };
const SEVERITY_COLOR: Record<Severity, string> = { error: '31', warning: '33', information: '36', hint: '90' };

type Paint = (code: string, text: string) => string;

export function formatText(report: Report, options: TextOptions): string {
  const paint: Paint = options.color ? (code, text) => `\u001b[${code}m${text}\u001b[0m` : (_code, text) => text;
  let output = '';
  for (const result of report.files) {
    if (result.findings.length === 0) continue;
    const rows = result.findings.map((finding) => ({
      line: String(finding.span.start.line + 1),
      column: String(finding.span.start.character + 1),
      severity: finding.severity,
      message: finding.message.replace(/\s*\r?\n\s*/g, ' '),
      ruleId: finding.ruleId,
      evidence: listedEvidence(finding).map((e) => `${e.run}: ${e.summary}`.replace(/\s*\r?\n\s*/g, ' ')),
    }));
    const width = (pick: (row: (typeof rows)[number]) => string) => Math.max(...rows.map((row) => pick(row).length));
    const lineWidth = width((r) => r.line);
    const columnWidth = width((r) => r.column);
    const severityWidth = width((r) => LABEL[r.severity]);
    const messageWidth = width((r) => r.message);
    output += `\n${paint('4', displayPath(report.cwd, result.file))}\n`;
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
  if (total === 0) return output;
  const summary =
    `\u2716 ${plural(total, 'problem')} (${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ` +
    `${plural(counts.information, 'info')}, ${plural(counts.hint, 'hint')})`;
  return `${output}\n${paint(counts.error > 0 ? '1;31' : '1;33', summary)}\n`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
