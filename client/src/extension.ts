import * as path from 'path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { AnalysisStatusNotification, Commands } from '../../shared/protocol';
import { mightUseSpark, SPARK_LANGUAGES } from '../../shared/sparkFiles';
import { AnalysisStatus } from './analysisStatus';
import { registerHistoryCommands } from './historyCommands';
import { ReportPanels } from './reportPanel';
import { registerRuleDocumentation } from './ruleDocumentation';
import { registerWorkspaceAnalysis } from './workspaceAnalysis';

let client: LanguageClient | undefined;

/** What the extension offers other extensions and its end-to-end tests. */
export interface SparkAdvisorApi {
  /** The language status item's text for the active editor. */
  statusText(): string;
  /** The history store file. */
  storeFile: string;
}

/**
 * Activation is cheap: the language server starts only when a Python or Scala document that
 * mentions Spark is open (or a command needs it), so plain Python projects pay nothing.
 */
export function activate(context: vscode.ExtensionContext): SparkAdvisorApi {
  const output = vscode.window.createOutputChannel('Spark Advisor', { log: true });
  const status = new AnalysisStatus();
  context.subscriptions.push(output, status);
  const version = (context.extension.packageJSON as { version?: string }).version ?? '?';
  output.info(`Spark Advisor ${version} activated in ${vscode.env.appName} ${vscode.version}; the language server starts with the first Spark file.`);

  let started: Promise<LanguageClient> | undefined;
  const start = (): Promise<LanguageClient> => {
    if (started) return started;
    const created = createClient(context, output);
    client = created;
    status.starting();
    const since = Date.now();
    created.onNotification(AnalysisStatusNotification, (params) => status.analysed(params));
    started = created.start().then(
      () => {
        status.ready();
        output.info(`Language server ready in ${Date.now() - since} ms.`);
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
    if (client || !SPARK_LANGUAGES.includes(document.languageId) || !mightUseSpark(document.getText())) return;
    void start().catch(() => undefined);
  };

  const reports = new ReportPanels(context, start, output);
  context.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument(startIfNeeded),
    vscode.commands.registerCommand('sparkAdvisor.showOutput', () => output.show()),
    vscode.commands.registerCommand('sparkAdvisor.restartServer', async () => {
      if (client) await client.restart();
    }),
    // Importing needs the server even before a Spark file is open.
    ...registerHistoryCommands(start, output, (appKey) => reports.show(appKey)),
    ...registerRuleDocumentation(context),
    ...registerWorkspaceAnalysis(start, output),
    reports,
  );
  vscode.workspace.textDocuments.forEach(startIfNeeded);
  return { statusText: () => status.text, storeFile: path.join(context.globalStorageUri.fsPath, 'history.sqlite') };
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
      // New or deleted source files change which file an event log's call site resolves to; edits on disk, the workspace's findings.
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{py,scala,java}'),
    },
    initializationOptions: { storagePath: context.globalStorageUri.fsPath },
    // Hovers link to the run's report; diagnostics' rule links open the rule's page. No other command may run from them.
    markdown: { isTrusted: { enabledCommands: [Commands.showReport, Commands.showRuleDocumentation] } },
    outputChannel: output,
    diagnosticPullOptions: { onChange: true, onSave: true, onTabs: false },
  };
  return new LanguageClient('sparkAdvisor', 'Spark Advisor', serverOptions, clientOptions);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
