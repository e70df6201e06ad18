import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import { ruleDocUri } from '../engine/ruleDocs';
import { ruleById } from '../rules/registry';
import type { Finding } from '../rules/types';
import type { FileHistory } from '../history/evidence';
import { lineHistories, runTable } from '../history/lineHistory';
import { comparePositions } from '../syntax/spans';

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (ch) => `\\${ch}`);
}

/** The per-run table of the line under the cursor, when stages ran there. */
export function lineHistoryMarkdown(history: FileHistory, line: number): string | undefined {
  const entry = lineHistories(history).find((candidate) => candidate.line === line);
  if (!entry) return undefined;
  const latest = entry.runs[entry.runs.length - 1]!;
  const link = `[Open the performance report of ${escapeMarkdown(latest.run.label)}](command:sparkAdvisor.showReport?${encodeURIComponent(JSON.stringify([latest.run.appKey]))})`;
  return `**Spark Advisor · measured at this line**\n\n${runTable(entry, escapeMarkdown)}\n\n${link}`;
}

/** Explains the findings under the cursor (what, why, the measured evidence, the rule's page) and what ran on that line. */
export function hoverFor(findings: Finding[], position: Position, history?: FileHistory): Hover | undefined {
  const here = findings.filter((f) => comparePositions(f.span.start, position) <= 0 && comparePositions(position, f.span.end) <= 0);
  const measured = history ? lineHistoryMarkdown(history, position.line) : undefined;
  if (here.length === 0) return measured ? { contents: { kind: MarkupKind.Markdown, value: measured } } : undefined;
  const sections = here.map((finding) => {
    const rule = ruleById(finding.ruleId);
    const lines = [`**Spark Advisor · ${finding.ruleId}** (${finding.severity})`, '', escapeMarkdown(finding.message)];
    if (rule) lines.push('', `_${escapeMarkdown(rule.summary)}_`);
    for (const evidence of finding.evidence) lines.push('', `- ${escapeMarkdown(evidence.run)}: ${escapeMarkdown(evidence.summary)}`);
    if (finding.fixes.length > 0) lines.push('', `Quick fix: ${escapeMarkdown(finding.fixes[0]!.title)}`);
    lines.push('', `[Rule documentation](${ruleDocUri(finding.ruleId)})`);
    return lines.join('\n');
  });
  if (measured) sections.push(measured);
  return { contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') }, range: here[0]!.span };
}
