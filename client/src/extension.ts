import * as path from 'path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { AnalysisStatus } from './analysisStatus';
import { registerHistoryCommands } from './historyCommands';
import { ReportPanels } from './reportPanel';
import { looksLikeSpark, SPARK_LANGUAGES } from './sparkDocuments';

let client: LanguageClient | undefined;

/**
 * Activation is cheap: the language server starts only when a Python or Scala document that
 * mentions Spark is open, so plain Python projects pay nothing.
 */
export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('Spark Advisor', { log: true });
  const status = new AnalysisStatus();
  context.subscriptions.push(output, status);

  let started: Promise<LanguageClient> | undefined;
  const start = (): Promise<LanguageClient> => {
    if (started) return started;
    const created = createClient(context, output);
    client = created;
    status.starting();
    created.onNotification('sparkAdvisor/analysisStatus', (params: { uri: string; durationMs: number; findings: number; notice?: string }) => status.analysed(params));
    started = created.start().then(
      () => {
        status.ready();
        return created;
      },
      (error: unknown) => {
        status.failed(String(error));
        output.error(`Spark Advisor's language server failed to start: ${String(error)}`);
        throw error;
      },
    );
    return started;
  };
  const startIfNeeded = (document: vscode.TextDocument) => {
    if (client || !SPARK_LANGUAGES.includes(document.languageId) || !looksLikeSpark(document.getText())) return;
    void start().catch(() => undefined);
  };

  context.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument(startIfNeeded),
    vscode.commands.registerCommand('sparkAdvisor.showOutput', () => output.show()),
    vscode.commands.registerCommand('sparkAdvisor.restartServer', async () => {
      if (client) await client.restart();
    }),
    // Importing needs the server even before a Spark file is open.
    ...registerHistoryCommands(start, output),
    new ReportPanels(context, start, output),
  );
  vscode.workspace.textDocuments.forEach(startIfNeeded);
}

function createClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: SPARK_LANGUAGES.flatMap((language) => [{ language, scheme: 'file' }, { language, scheme: 'untitled' }]),
    synchronize: {
      configurationSection: 'sparkAdvisor',
      // New or deleted source files change which file an event log's call site resolves to.
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{py,scala,java}', false, true, false),
    },
    initializationOptions: { storagePath: context.globalStorageUri.fsPath },
    // Hovers over measured lines link to the run's report; no other command may run from a hover.
    markdown: { isTrusted: { enabledCommands: ['sparkAdvisor.showReport'] } },
    outputChannel: output,
    diagnosticPullOptions: { onChange: true, onSave: true, onTabs: false },
  };
  return new LanguageClient('sparkAdvisor', 'Spark Advisor', serverOptions, clientOptions);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
