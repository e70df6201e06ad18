/**
 * Commands that feed event-log history to the language server: import files/folders, import from
 * a Spark History Server, and the code lens's per-run view of a line.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { IMPORT_HISTORY_SERVER_REQUEST, IMPORT_REQUEST, type ImportResultMessage } from '../../server/src/protocol';

export { IMPORT_HISTORY_SERVER_REQUEST, IMPORT_REQUEST };

/** Logs the outcome and tells the user, without waiting for the notification to be dismissed. */
function showResult(result: ImportResultMessage, output: vscode.LogOutputChannel): void {
  output.info(`Import: ${result.summary}`);
  for (const line of result.details) output.warn(`  ${line}`);
  const show = result.details.length > 0 ? ['Show Details'] : [];
  const notify = result.errors > 0 ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  void notify(`Spark Advisor: ${result.summary}`, ...show).then((choice) => {
    if (choice === 'Show Details') output.show();
  });
}

export function registerHistoryCommands(ensureClient: () => Promise<LanguageClient>, output: vscode.LogOutputChannel): vscode.Disposable[] {
  const run = async (request: string, params: object) => {
    try {
      const client = await ensureClient();
      const result = await client.sendRequest<ImportResultMessage>(request, params);
      showResult(result, output);
      return result;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      output.error(`Import failed: ${message}`);
      void vscode.window.showErrorMessage(`Spark Advisor: import failed: ${message}`);
      return undefined;
    }
  };
  return [
    vscode.commands.registerCommand('sparkAdvisor.importEventLogs', async (...args: unknown[]) => {
      // Tests and other extensions pass paths; people pick them.
      let paths = args.flat().filter((a): a is string => typeof a === 'string');
      if (paths.length === 0) {
        const picked = await vscode.window.showOpenDialog({ canSelectFiles: true, canSelectFolders: true, canSelectMany: true, openLabel: 'Import', title: 'Spark event logs (files or folders)' });
        paths = (picked ?? []).map((uri) => uri.fsPath);
      }
      return paths.length > 0 ? run(IMPORT_REQUEST, { paths }) : undefined;
    }),
    vscode.commands.registerCommand('sparkAdvisor.importFromHistoryServer', async (given?: unknown) => {
      const url =
        typeof given === 'string'
          ? given
          : await vscode.window.showInputBox({
              title: 'Spark History Server',
              prompt: 'Address of the History Server; every application\'s logs are downloaded through its REST API.',
              placeHolder: 'http://history-server:18080',
              validateInput: (value) => (/^https?:\/\/\S+$/i.test(value.trim()) ? undefined : 'An http:// or https:// address'),
            });
      return url ? run(IMPORT_HISTORY_SERVER_REQUEST, { url: url.trim() }) : undefined;
    }),
    vscode.commands.registerCommand('sparkAdvisor.showLineHistory', async (uri: string, line: number) => {
      // The hover holds the per-run table; showing it where the lens is keeps one source of truth.
      const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri);
      if (!editor) return;
      const position = new vscode.Position(line, editor.document.lineAt(line).firstNonWhitespaceCharacterIndex);
      editor.selection = new vscode.Selection(position, position);
      await vscode.commands.executeCommand('editor.action.showHover');
    }),
  ];
}
