/**
 * Rule pages, rendered and read-only: the shipped `docs/` Markdown is served under its own URI
 * scheme (a read-only document) and opened in VS Code's Markdown preview, so "Show documentation"
 * and the diagnostics' rule links never open the installed file for editing.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { Commands } from '../../shared/protocol';

export const DOCS_SCHEME = 'spark-advisor-docs';

/** `spark-advisor-docs:/rules/missing-broadcast.md` → the shipped docs/rules/missing-broadcast.md; nothing outside docs/. */
class DocsProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly docsRoot: string) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const file = path.resolve(this.docsRoot, `.${path.posix.normalize(uri.path)}`);
    if (!file.startsWith(this.docsRoot + path.sep) || !file.endsWith('.md')) return `No such page: ${uri.path}`;
    try {
      return new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(file)));
    } catch {
      return `No such page: ${uri.path}`;
    }
  }
}

export function ruleDocumentUri(ruleId: string): vscode.Uri {
  return vscode.Uri.from({ scheme: DOCS_SCHEME, path: `/rules/${ruleId.replace(/[^\w-]/g, '')}.md` });
}

export function registerRuleDocumentation(context: vscode.ExtensionContext): vscode.Disposable[] {
  const docsRoot = path.join(context.extensionPath, 'docs');
  return [
    vscode.workspace.registerTextDocumentContentProvider(DOCS_SCHEME, new DocsProvider(docsRoot)),
    vscode.commands.registerCommand(Commands.showRuleDocumentation, async (ruleId: unknown) => {
      if (typeof ruleId !== 'string' || ruleId.length === 0) return;
      await vscode.commands.executeCommand('markdown.showPreviewToSide', ruleDocumentUri(ruleId));
    }),
  ];
}
