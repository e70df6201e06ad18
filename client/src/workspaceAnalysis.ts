/** "Spark Advisor: Analyse Workspace": every Spark file's findings in the Problems panel, with progress. */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { AnalyzeWorkspaceRequest } from '../../shared/protocol';

export function registerWorkspaceAnalysis(ensureClient: () => Promise<LanguageClient>, output: vscode.LogOutputChannel): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('sparkAdvisor.analyzeWorkspace', () =>
      vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Spark Advisor: analysing the workspace' }, async () => {
        try {
          const client = await ensureClient();
          const result = await client.sendRequest(AnalyzeWorkspaceRequest, {});
          const skipped = result.skipped > 0 ? `, ${result.skipped} skipped` : '';
          void vscode.window.showInformationMessage(`Spark Advisor: ${result.files} Spark file${result.files === 1 ? '' : 's'} analysed, ${result.findings} finding${result.findings === 1 ? '' : 's'}${skipped}.`);
          // The findings arrive through the workspace diagnostic pull; show where they go.
          await vscode.commands.executeCommand('workbench.actions.view.problems');
          return result;
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          output.error(`Analyse Workspace failed: ${message}`);
          void vscode.window.showErrorMessage(`Spark Advisor: could not analyse the workspace: ${message}`);
          return undefined;
        }
      }),
    ),
  ];
}
