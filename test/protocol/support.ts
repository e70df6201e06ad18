// Shared pieces of the protocol tests: fixtures, settings that isolate one rule, comparisons.
import * as fs from 'fs';
import * as path from 'path';
import type { CodeAction, Command, Diagnostic } from 'vscode-languageserver-protocol';
import { ALL_RULES_LIST } from '../../server/src/rules/registry';
import { REPO_ROOT, type Settings } from './lspClient';

export const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'rules');

export function fixture(relativePath: string): string {
  return fs.readFileSync(path.join(FIXTURES, relativePath), 'utf8');
}

/**
 * Settings with every rule but `ruleIds` turned off. Other rules are being written in parallel;
 * tests about one rule's output (exact fixed text, "the diagnostic is gone") must not change when
 * another rule starts reporting something on the same document.
 */
export function onlyRules(...ruleIds: string[]): Settings {
  const rules: Record<string, string> = {};
  for (const rule of ALL_RULES_LIST) if (!ruleIds.includes(rule.id)) rules[rule.id] = 'off';
  return { rules };
}

export function withCode(diagnostics: Diagnostic[], code: string): Diagnostic[] {
  return diagnostics.filter((d) => d.code === code);
}

export function isCodeAction(action: CodeAction | Command): action is CodeAction {
  return typeof (action as Command).command !== 'string';
}

export function codeActions(actions: Array<CodeAction | Command>): CodeAction[] {
  for (const action of actions) if (!isCodeAction(action)) throw new Error(`expected CodeAction literals, got a Command: ${JSON.stringify(action)}`);
  return actions as CodeAction[];
}

export function actionTitled(actions: CodeAction[], title: string | RegExp): CodeAction {
  const found = actions.filter((a) => (typeof title === 'string' ? a.title === title : title.test(a.title)));
  if (found.length !== 1) throw new Error(`expected one action titled ${title}, got ${found.length} among ${JSON.stringify(actions.map((a) => a.title))}`);
  return found[0]!;
}

/** Diagnostics as comparable values: the document URI inside related information is replaced by a placeholder. */
export function comparable(diagnostics: Diagnostic[], uri: string): unknown[] {
  return diagnostics.map((d) => JSON.parse(JSON.stringify(d).split(JSON.stringify(uri).slice(1, -1)).join('<uri>')));
}

/** `lines` of `replacement` (0-based, inclusive) spliced into `text` line for line. */
export function withLinesFrom(text: string, replacement: string, first: number, last: number): string {
  const lines = text.split('\n');
  const replacementLines = replacement.split('\n');
  for (let line = first; line <= last; line++) lines[line] = replacementLines[line]!;
  return lines.join('\n');
}

/** Mulberry32: a small seeded PRNG, so a failing random sequence can be replayed with its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Markdown backslash escapes undone, so a hover's text can be compared with a diagnostic's message. */
export function unescapeMarkdown(markdown: string): string {
  return markdown.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

export async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await work();
  return { result, ms: performance.now() - started };
}
