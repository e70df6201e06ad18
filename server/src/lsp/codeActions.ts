import { CodeActionKind, type CodeAction, type Diagnostic, type Range, type TextEdit } from 'vscode-languageserver';
import type { Finding } from '../rules/types';
import type { Language } from '../syntax/ast';
import { comparePositions } from '../syntax/spans';
import { sameRange, toDiagnostic } from './diagnostics';
import { disableForFile, disableForLine } from './suppressionEdits';
import { Commands } from '../../../shared/protocol';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.sparkAdvisor`;

function overlaps(a: Range, b: Range): boolean {
  return comparePositions(a.start, b.end) <= 0 && comparePositions(b.start, a.end) <= 0;
}

function edit(uri: string, edits: TextEdit[]) {
  return { changes: { [uri]: edits } };
}

/** Quick fixes and "disable" actions for the findings under the cursor or selection. */
export function quickFixes(uri: string, text: string, language: Language, findings: Finding[], range: Range, contextDiagnostics: Diagnostic[]): CodeAction[] {
  const lines = text.split(/\r?\n/);
  const actions: CodeAction[] = [];
  const relevant = findings.filter((f) => overlaps(f.span, range) || contextDiagnostics.some((d) => d.code === f.ruleId && sameRange(d.range, f.span)));
  for (const finding of relevant) {
    const diagnostic = contextDiagnostics.find((d) => d.code === finding.ruleId && sameRange(d.range, finding.span)) ?? toDiagnostic(finding, uri);
    for (const fix of finding.fixes) {
      actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: fix.isPreferred, edit: edit(uri, fix.edits) });
    }
    const line = finding.span.start.line;
    const lineEdit = disableForLine(lines[line] ?? '', line, finding.ruleId, language);
    if (lineEdit) actions.push({ title: `Disable ${finding.ruleId} for this line`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: edit(uri, [lineEdit]) });
    actions.push({ title: `Disable ${finding.ruleId} for this file`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: edit(uri, [disableForFile(text, finding.ruleId, language)]) });
  }
  // One per rule, last, as ESLint does: opens the rule's page rendered, read-only.
  for (const ruleId of new Set(relevant.map((finding) => finding.ruleId))) {
    const title = `Show documentation for ${ruleId}`;
    actions.push({ title, kind: CodeActionKind.QuickFix, command: { title, command: Commands.showRuleDocumentation, arguments: [ruleId] } });
  }
  return actions;
}

/** `source.fixAll.sparkAdvisor`: every preferred fix whose edits do not collide with one already taken. */
export function fixAll(uri: string, findings: Finding[]): CodeAction | undefined {
  const taken: TextEdit[] = [];
  for (const finding of findings) {
    const fix = finding.fixes.find((f) => f.isPreferred);
    if (!fix) continue;
    if (fix.edits.some((e) => taken.some((t) => overlaps(e.range, t.range)))) continue;
    taken.push(...fix.edits);
  }
  if (taken.length === 0) return undefined;
  return { title: 'Fix all safe Spark Advisor findings', kind: FIX_ALL_KIND, edit: edit(uri, taken) };
}
