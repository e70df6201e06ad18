import {
  CodeActionKind, createConnection, DiagnosticSeverity, DidChangeConfigurationNotification, DocumentDiagnosticReportKind,
  ProposedFeatures, TextDocumentSyncKind, type CodeAction, type Connection, type Diagnostic, type InitializeParams, type InitializeResult,
} from 'vscode-languageserver/node';
import * as os from 'os';
import * as path from 'path';
import { FileChangeType } from 'vscode-languageserver/node';
import { normalizeSettings } from '../engine/settings';
import { EMPTY_HISTORY } from '../history/evidence';
import { lineSpanner } from '../engine/lineSpans';
import { codeLensesFor } from './codeLenses';
import { HistoryHost, IMPORT_HISTORY_SERVER_REQUEST, IMPORT_REQUEST, REPORT_APPLICATIONS_REQUEST, REPORT_DOCUMENT_REQUEST, REPORT_REQUEST } from './historyHost';
import type { ReportDocumentParams } from '../protocol';
import { SparkParsers } from '../syntax/parser';
import { FIX_ALL_KIND, fixAll, quickFixes } from './codeActions';
import { isIncluded, SettingsCache, workspaceRelativePath } from './configuration';
import { DIAGNOSTIC_SOURCE, toDiagnostic } from './diagnostics';
import { hoverFor } from './hover';
import { OpenDocuments, type DocumentAnalysis } from './openDocuments';
import { uriToPath } from './uris';

/** Sent after each analysis so the client's status item can show state and time. */
export const ANALYSIS_STATUS_NOTIFICATION = 'sparkAdvisor/analysisStatus';

/** File system paths of workspace folders, without trailing separators (`file:///work/` and `file:///work` are one folder). */
function folderPaths(folders: ReadonlyArray<{ uri: string }>): string[] {
  return folders.map((f) => uriToPath(f.uri)).filter((p): p is string => p !== undefined).map((p) => path.resolve(p));
}

/** Whether the requested code action kind `requested` covers `kind` (`source` covers `source.fixAll`, `source.fix` does not). */
function kindIncludes(requested: string, kind: string): boolean {
  return requested === CodeActionKind.Empty || kind === requested || kind.startsWith(`${requested}.`);
}

export function startServer(connection: Connection = createConnection(ProposedFeatures.all)): void {
  let documents: OpenDocuments | undefined;
  let settings = new SettingsCache(undefined);
  let workspaceFolders: string[] = [];
  let clientSendsFolderChanges = false;
  let history: HistoryHost | undefined;
  /** Imported runs change findings and lenses of files nobody edited. */
  const historyChanged = () => {
    documents?.invalidate();
    void connection.languages.diagnostics.refresh().catch(() => undefined);
    void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
  };
  /** `~/logs` and paths relative to the first workspace folder, as people write them in settings. */
  const logFolders = (paths: string[]) =>
    paths.map((p) => (p.startsWith('~/') ? path.join(os.homedir(), p.slice(2)) : path.resolve(workspaceFolders[0] ?? process.cwd(), p)));
  /** Window-scoped settings (eventLogPaths, callSitePins) are read without a document scope. */
  const globalSettings = async () =>
    normalizeSettings(await connection.workspace.getConfiguration({ section: 'sparkAdvisor' }).catch(() => undefined));

  connection.onInitialize(async (params: InitializeParams): Promise<InitializeResult> => {
    const parsers = await SparkParsers.load();
    const options = (params.initializationOptions ?? {}) as { storagePath?: unknown };
    history = new HistoryHost(connection, typeof options.storagePath === 'string' ? options.storagePath : undefined, historyChanged);
    documents = new OpenDocuments(parsers, history);
    // Clients without workspace folders (or single-folder ones) may only send rootUri.
    const folders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: '' }] : []);
    workspaceFolders = folderPaths(folders);
    clientSendsFolderChanges = params.capabilities.workspace?.workspaceFolders === true;
    if (params.capabilities.workspace?.configuration) {
      settings = new SettingsCache({ fetch: (uri) => connection.workspace.getConfiguration({ scopeUri: uri, section: 'sparkAdvisor' }) });
    }
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        diagnosticProvider: { interFileDependencies: false, workspaceDiagnostics: false },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        hoverProvider: true,
        codeLensProvider: { resolveProvider: false },
        // include/exclude globs are relative to the folder holding the file: follow folders added later.
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'Spark Advisor' },
    };
  });

  connection.onInitialized(() => {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: 'sparkAdvisor' }).catch(() => undefined);
    void (async () => {
      const current = await globalSettings();
      await history?.open(workspaceFolders, current.callSitePins);
      history?.watch(logFolders(current.eventLogPaths));
    })().catch((error: unknown) => connection.console.error(`Spark Advisor: history: ${error instanceof Error ? error.message : String(error)}`));
    if (clientSendsFolderChanges) {
      connection.workspace.onDidChangeWorkspaceFolders(({ added, removed }) => {
        const gone = new Set(folderPaths(removed));
        workspaceFolders = [...workspaceFolders.filter((f) => !gone.has(f)), ...folderPaths(added)];
        void connection.languages.diagnostics.refresh().catch(() => undefined);
      });
    }
  });

  connection.onDidOpenTextDocument(({ textDocument }) => documents?.open(textDocument.uri, textDocument.languageId, textDocument.version, textDocument.text));
  connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => documents?.change(textDocument.uri, textDocument.version, contentChanges));
  connection.onDidCloseTextDocument(({ textDocument }) => {
    documents?.close(textDocument.uri);
    settings.forget(textDocument.uri);
  });

  connection.onDidChangeConfiguration(() => {
    settings.forget();
    void globalSettings().then((current) => {
      history?.setPins(current.callSitePins);
      history?.watch(logFolders(current.eventLogPaths));
    });
    documents?.invalidate();
    void connection.languages.diagnostics.refresh().catch(() => undefined);
  });

  const analysisFor = async (uri: string): Promise<DocumentAnalysis | undefined> => {
    if (!documents?.has(uri)) return undefined;
    const current = await settings.get(uri);
    if (!isIncluded(uri, current, workspaceFolders)) return { version: -1, findings: [], history: EMPTY_HISTORY, durationMs: 0 };
    const previous = documents.latest(uri);
    const file = uriToPath(uri);
    const analysis = documents.analyze(uri, current, file === undefined ? undefined : workspaceRelativePath(file, workspaceFolders));
    // Hover and code actions reuse the analysis; only a new one is worth telling the status item.
    if (analysis && analysis !== previous) {
      void connection.sendNotification(ANALYSIS_STATUS_NOTIFICATION, { uri, durationMs: analysis.durationMs, findings: analysis.findings.length, notice: analysis.notice });
    }
    return analysis;
  };

  connection.languages.diagnostics.on(async ({ textDocument }) => {
    const items: Diagnostic[] = [];
    try {
      const analysis = await analysisFor(textDocument.uri);
      for (const finding of analysis?.findings ?? []) items.push(toDiagnostic(finding, textDocument.uri));
      if (analysis?.notice) {
        items.push({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: DiagnosticSeverity.Information, source: DIAGNOSTIC_SOURCE, message: analysis.notice });
      }
    } catch (error) {
      connection.console.error(`Spark Advisor could not analyse ${textDocument.uri}: ${error instanceof Error ? error.stack : String(error)}`);
    }
    return { kind: DocumentDiagnosticReportKind.Full, items };
  });

  connection.onCodeAction(async ({ textDocument, range, context }) => {
    const uri = textDocument.uri;
    const analysis = await analysisFor(uri);
    const text = documents?.text(uri);
    const language = documents?.language(uri);
    if (!analysis || text === undefined || !language) return [];
    // `only` filters by kind hierarchy: `source` and `source.fixAll` include `source.fixAll.sparkAdvisor`,
    // `source.organizeImports` includes neither it nor quick fixes. Without `only` (the light bulb), quick fixes only.
    const only = context.only;
    const actions: CodeAction[] = [];
    if (!only || only.some((kind) => kindIncludes(kind, CodeActionKind.QuickFix))) {
      actions.push(...quickFixes(uri, text, language, analysis.findings, range, context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE)));
    }
    if (only?.some((kind) => kindIncludes(kind, FIX_ALL_KIND))) {
      const action = fixAll(uri, analysis.findings);
      if (action) actions.push(action);
    }
    return actions;
  });

  connection.onHover(async ({ textDocument, position }) => {
    const analysis = await analysisFor(textDocument.uri);
    return analysis ? hoverFor(analysis.findings, position, analysis.history) : undefined;
  });

  connection.onCodeLens(async ({ textDocument }) => {
    const analysis = await analysisFor(textDocument.uri);
    const text = documents?.text(textDocument.uri);
    if (!analysis || text === undefined || analysis.history.stages.length === 0) return [];
    return codeLensesFor(textDocument.uri, analysis.history, lineSpanner(text));
  });

  connection.onRequest(IMPORT_REQUEST, async (params: { paths?: unknown }) => {
    const paths = Array.isArray(params?.paths) ? params.paths.filter((p): p is string => typeof p === 'string') : [];
    if (!history || paths.length === 0) throw new Error('Nothing to import: give files or folders of Spark event logs.');
    return history.importPaths(paths);
  });

  connection.onRequest(IMPORT_HISTORY_SERVER_REQUEST, async (params: { url?: unknown }) => {
    if (!history || typeof params?.url !== 'string' || !/^https?:\/\//i.test(params.url)) throw new Error('Give the History Server address as http(s)://host:port.');
    return history.importFromHistoryServer(params.url);
  });

  connection.onRequest(REPORT_APPLICATIONS_REQUEST, async (params: { uri?: unknown }) => {
    if (!history) throw new Error('The language server is not initialised.');
    return history.reportApplications(typeof params?.uri === 'string' ? uriToPath(params.uri) : undefined);
  });

  connection.onRequest(REPORT_REQUEST, async (params: { appKey?: unknown }) => {
    if (!history || typeof params?.appKey !== 'string') throw new Error('Which application? Give its appKey.');
    const settings = await globalSettings();
    return history.report(params.appKey, settings.cost, (appKey, stageId, attemptId) => documents?.stageLocation(appKey, stageId, attemptId), settings.broadcastThresholdBytes);
  });

  connection.onRequest(REPORT_DOCUMENT_REQUEST, async (params: Partial<ReportDocumentParams> | undefined) => {
    if (!history || typeof params?.appKey !== 'string' || !['webview', 'html', 'md', 'json'].includes(params.format ?? '')) throw new Error('Which application and format? Give appKey and format (webview, html, md or json).');
    const settings = await globalSettings();
    return history.reportDocument(params as ReportDocumentParams, settings.cost, (appKey, stageId, attemptId) => documents?.stageLocation(appKey, stageId, attemptId), settings.broadcastThresholdBytes);
  });

  // Source files appearing or disappearing change which workspace file a call site resolves to.
  connection.onDidChangeWatchedFiles(({ changes }) => {
    let changed = false;
    for (const change of changes) {
      const file = uriToPath(change.uri);
      if (!file || change.type === FileChangeType.Changed) continue;
      history?.fileChanged(file, change.type === FileChangeType.Created);
      changed = true;
    }
    if (changed) historyChanged();
  });

  connection.onShutdown(() => history?.dispose());

  process.on('uncaughtException', (error) => connection.console.error(`Spark Advisor: ${error.stack ?? error.message}`));
  connection.listen();
}
