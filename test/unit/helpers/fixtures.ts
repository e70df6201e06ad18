import * as fs from 'fs';
import * as path from 'path';
import type { Language } from '../../../server/src/syntax/ast';
import { ruleById } from '../../../server/src/rules/registry';
import type { Finding, TextEdit } from '../../../server/src/rules/types';

export const REPO_ROOT = path.resolve(__dirname, '../../../..');
export const RULE_FIXTURES = path.join(REPO_ROOT, 'test/fixtures/rules');

export interface ExpectedFinding {
  line: number; // 0-based
  rule: string;
  /** `# expect: cross-join (hint)`: the severity the finding must have. */
  severity?: string;
}

/**
 * Fixture files mark each expected finding at the end of the line where it starts:
 * `# expect: missing-broadcast` / `// expect: needless-cache, cache-without-unpersist`; a severity in
 * brackets (`# expect: cross-join (hint)`) is checked too.
 * A `settings:` comment on the first lines gives analysis settings as JSON.
 */
export function readExpectations(text: string, language: Language): { expected: ExpectedFinding[]; settings: unknown } {
  const prefix = language === 'python' ? '#' : '//';
  const expected: ExpectedFinding[] = [];
  let settings: unknown = {};
  text.split(/\r?\n/).forEach((line, index) => {
    const comment = line.lastIndexOf(prefix);
    if (comment < 0) return;
    const body = line.slice(comment + prefix.length).trim();
    const expect = /^expect:\s*(.+)$/.exec(body);
    if (expect) {
      for (const mark of expect[1]!.split(',')) {
        const [, rule, severity] = /^\s*([\w-]+)\s*(?:\((\w+)\))?\s*$/.exec(mark) ?? [undefined, mark.trim()];
        expected.push({ line: index, rule: rule!, ...(severity ? { severity } : {}) });
      }
    }
    const configured = /^settings:\s*(\{.*\})\s*$/.exec(body);
    if (configured) settings = JSON.parse(configured[1]!);
  });
  return { expected, settings };
}

/** For comparison with `# expect:` marks: the finding's line and rule, and whether its rule lowered it to a hint. */
export function describedFinding(finding: Finding): { line: number; rule: string; hint: boolean } {
  const lowered = finding.severity === 'hint' && ruleById(finding.ruleId)?.defaultSeverity !== 'hint';
  return { line: finding.span.start.line, rule: finding.ruleId, hint: lowered };
}

export function fixtureFiles(dir: string = RULE_FIXTURES): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? fixtureFiles(path.join(dir, entry.name)) : [path.join(dir, entry.name)]))
    .filter((file) => /\.(py|scala)$/.test(file) && !/\.fixed\.(py|scala)$/.test(file))
    .sort();
}

export function languageOf(file: string): Language {
  return file.endsWith('.py') ? 'python' : 'scala';
}

/** An `# expect:` mark in the terms of describedFinding: a `(hint)` mark on a rule that warns by default means it was lowered. */
export function describedExpectation(expected: ExpectedFinding): { line: number; rule: string; hint: boolean } {
  return { line: expected.line, rule: expected.rule, hint: expected.severity === 'hint' && ruleById(expected.rule)?.defaultSeverity !== 'hint' };
}

export function describeFindings(findings: Array<{ line: number; rule: string; hint?: boolean }>): string[] {
  return findings.map((f) => `${f.line + 1}: ${f.rule}${f.hint ? ' (hint)' : ''}`).sort();
}

function offsetAt(text: string, position: { line: number; character: number }): number {
  let offset = 0;
  for (let line = 0; line < position.line; line++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return offset + position.character;
}

/** Applies non-overlapping edits (as an editor would: all positions refer to the original text). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const located = edits.map((edit) => ({ start: offsetAt(text, edit.range.start), end: offsetAt(text, edit.range.end), text: edit.newText }));
  located.sort((a, b) => b.start - a.start || b.end - a.end);
  let result = text;
  for (const edit of located) result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  return result;
}

export function firstFixEdits(findings: Finding[]): TextEdit[] {
  return findings.flatMap((finding) => finding.fixes[0]?.edits ?? []);
}
