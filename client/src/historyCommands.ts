/**
 * Commands that feed event-log history to the language server: import files/folders, import from
 * a Spark History Server, and the code lens's per-run view of a statement.
 */
import { randomUUID } from 'crypto';
import * as vscode from 'vscode';
import { WorkDoneProgress, type LanguageClient, type WorkDoneProgressBegin, type WorkDoneProgressReport } from 'vscode-languageclient/node';
import { ImportEventLogsRequest, ImportFromHistoryServerRequest, LineHistoryRequest, type ImportResult } from '../../shared/protocol';

/** Logs the outcome and tells the user, without waiting for the notification to be dismissed. */
function showResult(result: ImportResult, output: vscode.LogOutputChannel): void {
  for (const line of result.details) output.warn(`  ${line}`);
  const show = result.details.length > 0 ? ['Show Details'] : [];
  const notify = result.errors > 0 ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  void notify(`Spark Advisor: ${result.summary}`, ...show).then((choice) => {
    if (choice === 'Show Details') output.show();
  });
}

/**
 * Runs an import in a progress notification with Cancel, shown at once (also while the server
 * starts). The server reports on our work-done token; Cancel cancels the request, which aborts the
 * import before anything is written.
 */
function importWithProgress(ensureClient: () => Promise<LanguageClient>, output: vscode.LogOutputChannel, title: string, send: (client: LanguageClient, workDoneToken: string, token: vscode.CancellationToken) => Promise<ImportResult>): Thenable<ImportResult | undefined> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
    progress.report({ message: 'starting…' });
    const cancelled: ImportResult = { summary: 'Import cancelled; the history store is unchanged.', details: [], applications: 0, errors: 0, cancelled: true };
    let subscription: vscode.Disposable | undefined;
    try {
      const client = await ensureClient();
      if (token.isCancellationRequested) return cancelled;
      const workDoneToken = randomUUID();
      let reported = 0;
      subscription = client.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
        if (value.kind === 'end') return;
        const step = value as WorkDoneProgressBegin | WorkDoneProgressReport;
        const percentage = step.percentage ?? reported;
        progress.report({ message: step.message, increment: Math.max(0, percentage - reported) });
        reported = Math.max(reported, percentage);
      });
      const result = await send(client, workDoneToken, token);
      if (result.cancelled) output.info(result.summary);
      showResult(result, output);
      return result;
    } catch (error) {
      if (token.isCancellationRequested) {
        output.info(cancelled.summary);
        void vscode.window.showInformationMessage(`Spark Advisor: ${cancelled.summary}`);
        return cancelled;
      }
      const message = error instanceof Error ? error.message : String(error);
      output.error(`Import failed: ${message}`);
      void vscode.window.showErrorMessage(`Spark Advisor: import failed: ${message}`);
      return undefined;
    } finally {
      subscription?.dispose();
    }
  });
}

export function registerHistoryCommands(ensureClient: () => Promise<LanguageClient>, output: vscode.LogOutputChannel, showReport: (appKey: string) => Thenable<unknown>): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('sparkAdvisor.importEventLogs', async (...args: unknown[]) => {
      // Tests and other extensions pass paths; people pick them.
      let paths = args.flat().filter((a): a is string => typeof a === 'string');
      if (paths.length === 0) {
        const picked = await vscode.window.showOpenDialog({ canSelectFiles: true, canSelectFolders: true, canSelectMany: true, openLabel: 'Import', title: 'Spark event logs (files or folders)', defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri });
        paths = (picked ?? []).map((uri) => uri.fsPath);
      }
      if (paths.length === 0) return undefined;
      return importWithProgress(ensureClient, output, 'Spark Advisor: importing event logs', (client, workDoneToken, token) => client.sendRequest(ImportEventLogsRequest, { paths, workDoneToken }, token));
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
      if (!url) return undefined;
      return importWithProgress(ensureClient, output, `Spark Advisor: importing from ${url.trim()}`, (client, workDoneToken, token) => client.sendRequest(ImportFromHistoryServerRequest, { url: url.trim(), workDoneToken }, token));
    }),
    // The lens's "show runs": one entry per run, newest first; picking one opens its report.
    vscode.commands.registerCommand('sparkAdvisor.showLineHistory', async (uri: unknown, line: unknown) => {
      if (typeof uri !== 'string' || typeof line !== 'number') return undefined;
      const client = await ensureClient();
      const { runs } = await client.sendRequest(LineHistoryRequest, { uri, line });
      if (runs.length === 0) return undefined;
      const picked = await vscode.window.showQuickPick(
        runs.map((run) => ({ label: run.label, description: run.figures, detail: run.trend ? `${run.trend} vs the run before` : undefined, appKey: run.appKey })),
        { title: `Spark Advisor: measured runs of line ${line + 1}`, placeHolder: 'Pick a run to open its performance report' },
      );
      return picked ? showReport(picked.appKey) : undefined;
    }),
  ];
}
