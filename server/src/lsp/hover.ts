import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import { ruleDocUri } from '../engine/ruleDocs';
import { ruleById } from '../rules/registry';
import type { Finding } from '../rules/types';
import { comparePositions } from '../syntax/spans';

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (ch) => `\\${ch}`);
}

/** Explains the findings under the cursor: what, why, the measured evidence, and the rule's page. */
export function hoverFor(findings: Finding[], position: Position): Hover | undefined {
  const here = findings.filter((f) => comparePositions(f.span.start, position) <= 0 && comparePositions(position, f.span.end) <= 0);
  if (here.length === 0) return undefined;
  const sections = here.map((finding) => {
    const rule = ruleById(finding.ruleId);
    const lines = [`**Spark Advisor · ${finding.ruleId}** (${finding.severity})`, '', escapeMarkdown(finding.message)];
    if (rule) lines.push('', `_${escapeMarkdown(rule.summary)}_`);
    for (const evidence of finding.evidence) lines.push('', `- ${escapeMarkdown(evidence.run)}: ${escapeMarkdown(evidence.summary)}`);
    if (finding.fixes.length > 0) lines.push('', `Quick fix: ${escapeMarkdown(finding.fixes[0]!.title)}`);
    lines.push('', `[Rule documentation](${ruleDocUri(finding.ruleId)})`);
    return lines.join('\n');
  });
  return { contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') }, range: here[0]!.span };
}
