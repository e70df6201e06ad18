import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';

export const SOURCE = 'spark-advisor';

export function workspaceFile(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, ...relative.split('/'));
}

export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

export function describe(diagnostics: readonly vscode.Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.range.start.line + 1}: ${typeof d.code === 'object' ? d.code.value : d.code}`).sort();
}

/** Resolves when the document's Spark Advisor diagnostics satisfy `predicate` (event-driven, no sleeps). */
export function waitForDiagnostics(uri: vscode.Uri, predicate: (d: vscode.Diagnostic[]) => boolean, what: string, timeoutMs = 60_000): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const current = ours(uri);
      if (!predicate(current)) return false;
      subscription.dispose();
      clearTimeout(timer);
      resolve(current);
      return true;
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; diagnostics now: ${JSON.stringify(describe(ours(uri)))}`));
    }, timeoutMs);
    check();
  });
}

export async function open(relative: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceFile(relative));
  return vscode.window.showTextDocument(document);
}

export async function codeActions(uri: vscode.Uri, range: vscode.Range, kind?: string): Promise<vscode.CodeAction[]> {
  return (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, kind)) ?? [];
}

export async function apply(action: vscode.CodeAction): Promise<void> {
  if (!action.edit) throw new Error(`code action "${action.title}" has no edit`);
  if (!(await vscode.workspace.applyEdit(action.edit))) throw new Error(`could not apply "${action.title}"`);
}

/** Expected findings of the examples workspace (the same oracle the unit tests use). */
export function expectedFindings(relative: string): string[] {
  const oracle = path.resolve(__dirname, '../../../../test/fixtures/examples-expected.json');
  const all = (JSON.parse(fs.readFileSync(oracle, 'utf8')) as { findings: Array<{ file: string; line: number; rule: string }> }).findings;
  return all.filter((f) => f.file === relative).map((f) => `${f.line}: ${f.rule}`).sort();
}

/**
 * Asks the harness (runInCodeServer.mjs) to take a screenshot of the page now. The extension host
 * cannot reach the page; the harness listens on a loopback URL it passes down as E2E_SCREENSHOT_URL.
 * Only when SPARK_ADVISOR_SCREENSHOTS names a folder (`npm run screenshots`).
 */
export async function screenshot(file: string): Promise<void> {
  const folder = process.env.SPARK_ADVISOR_SCREENSHOTS;
  const hook = process.env.E2E_SCREENSHOT_URL;
  if (!folder || !hook) return;
  const name = file;
  const response = await fetch(`${hook}?path=${encodeURIComponent(path.resolve(folder, name))}`);
  if (!response.ok) throw new Error(`screenshot ${name} failed: ${response.status} ${await response.text()}`);
}

/** The loopback endpoint of the code-server harness (runInCodeServer.mjs) next to its screenshot hook. */
function harnessEndpoint(name: string): URL {
  const hook = process.env.E2E_SCREENSHOT_URL;
  if (!hook) throw new Error('webview checks need the code-server harness (E2E_SCREENSHOT_URL is not set)');
  return new URL(name, hook);
}

/** The text of every webview rendered in the page (the report's document, among others). */
export async function webviewTexts(): Promise<string[]> {
  const response = await fetch(harnessEndpoint('/webview-text'));
  if (!response.ok) throw new Error(`webview text: ${response.status} ${await response.text()}`);
  return (await response.json()) as string[];
}

/** Clicks the first element matching `selector` inside a webview, as a user would. */
export async function webviewClick(selector: string): Promise<void> {
  const url = harnessEndpoint('/webview-click');
  url.searchParams.set('selector', selector);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`webview click ${selector}: ${response.status} ${await response.text()}`);
}

/** The contrast report of every webview whose text contains `contains` (see test/e2e/contrast.mjs). */
export interface ContrastReport {
  theme: string;
  checked: number;
  failures: Array<{ text: string; selector: string; color: string; background: string; ratio: number; minimum: number }>;
}

export async function webviewContrast(contains: string): Promise<ContrastReport[]> {
  const url = harnessEndpoint('/webview-contrast');
  url.searchParams.set('contains', contains);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`webview contrast: ${response.status} ${await response.text()}`);
  return (await response.json()) as ContrastReport[];
}

/** The text of the workbench's elements matching `selector` (notifications, hovers): what the user sees. */
export async function pageTexts(selector: string): Promise<string[]> {
  const url = harnessEndpoint('/page-texts');
  url.searchParams.set('selector', selector);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`page texts ${selector}: ${response.status} ${await response.text()}`);
  return (await response.json()) as string[];
}

/** Polls `probe` every `everyMs` until it returns a value other than undefined (or throws after `timeoutMs`). */
export async function eventually<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 30_000, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
