import {
  CodeActionKind, createConnection, DiagnosticSeverity, DidChangeConfigurationNotification, DocumentDiagnosticReportKind,
  ProposedFeatures, TextDocumentSyncKind, type CodeAction, type Connection, type Diagnostic, type InitializeParams, type InitializeResult,
} from 'vscode-languageserver/node';
import * as os from 'os';
import * as path from 'path';
import { FileChangeType } from 'vscode-languageserver/node';
import { normalizeSettings } from '../engine/settings';
import { EMPTY_HISTORY } from '../history/evidence';
import { runFigures, trend } from '../history/lineHistory';
import { packageInfo } from '../cli/packageInfo';
import {
  AnalysisStatusNotification, AnalyzeWorkspaceRequest, ExportReportRequest, ImportEventLogsRequest, ImportFromHistoryServerRequest,
  LineHistoryRequest, ReportApplicationsRequest, ReportPageRequest, type ReportFormat,
} from '../../../shared/protocol';
import { AnalysisLog } from './analysisLog';
import { codeLensesFor } from './codeLenses';
import { HistoryHost } from './historyHost';
import { SparkParsers } from '../syntax/parser';
import { FIX_ALL_KIND, fixAll, quickFixes } from './codeActions';
import { isIncluded, SettingsCache, workspaceRelativePath } from './configuration';
import { DIAGNOSTIC_SOURCE, partialAnalysisDiagnostic, toDiagnostic } from './diagnostics';
import { hoverFor } from './hover';
import { lensAnchor, statementHistories } from './measuredStatements';
import { OpenDocuments, type DocumentAnalysis } from './openDocuments';
import { exportReport, reportPage } from './reportRequests';
import { uriToPath } from './uris';
import { WorkspaceAnalysis } from './workspaceAnalysis';
import { EditorWorkspaceIndex } from './editorWorkspaceIndex';

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
  let workspace: WorkspaceAnalysis | undefined;
  let imports: EditorWorkspaceIndex | undefined;
  const analysisLog = new AnalysisLog((line) => connection.console.info(line));
  /** Imported runs change findings and lenses of files nobody edited. */
  const historyChanged = () => {
    documents?.invalidate();
    workspace?.changed();
    void connection.languages.diagnostics.refresh().catch(() => undefined);
    void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
  };
  /** `~/logs` and paths relative to the first workspace folder, as people write them in settings. */
  const logFolders = (paths: string[]) =>
    paths.map((p) => (p.startsWith('~/') ? path.join(os.homedir(), p.slice(2)) : path.resolve(workspaceFolders[0] ?? process.cwd(), p)));
  const told = new Set<string>();
  /** Settings problems (globs over the caps) are shown once each, not once per document. */
  const warnOnce = (problems: string[]) => {
    for (const problem of problems.filter((p) => !told.has(p))) {
      told.add(problem);
      connection.console.warn(`Spark Advisor: ${problem}`);
      connection.window.showWarningMessage(`Spark Advisor: ${problem}`);
    }
  };
  /** Window-scoped settings (eventLogPaths, callSitePins) are read without a document scope. */
  const globalSettings = async () =>
    normalizeSettings(await connection.workspace.getConfiguration({ section: 'sparkAdvisor' }).catch(() => undefined));

  connection.onInitialize(async (params: InitializeParams): Promise<InitializeResult> => {
    const parsers = await SparkParsers.load();
    const options = (params.initializationOptions ?? {}) as { storagePath?: unknown };
    history = new HistoryHost(connection, typeof options.storagePath === 'string' ? options.storagePath : undefined, historyChanged);
    documents = new OpenDocuments(parsers, history);
    // A helper module's edit changes the findings of the files that call into it: they are pulled again.
    imports = new EditorWorkspaceIndex(parsers, () => workspaceFolders, (uri) => documents?.text(uri), (stale) => {
      documents?.invalidateFiles(stale);
      workspace?.changed();
      void connection.languages.diagnostics.refresh().catch(() => undefined);
    });
    documents.workspace = imports.index;
    // Clients without workspace folders (or single-folder ones) may only send rootUri.
    const folders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: '' }] : []);
    workspaceFolders = folderPaths(folders);
    clientSendsFolderChanges = params.capabilities.workspace?.workspaceFolders === true;
    if (params.capabilities.workspace?.configuration) {
      settings = new SettingsCache({ fetch: (uri) => connection.workspace.getConfiguration({ scopeUri: uri, section: 'sparkAdvisor' }) }, warnOnce);
    }
    workspace = new WorkspaceAnalysis({
      parsers,
      evidence: history,
      imports: imports.index,
      roots: () => workspaceFolders,
      settingsFor: (uri) => settings.get(uri),
      isIncluded: (uri, current) => isIncluded(uri, current, workspaceFolders),
      log: (line) => connection.console.info(line),
    });
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        // Workspace diagnostics are a long poll answered once "Analyse Workspace" ran (see workspaceAnalysis.ts).
        diagnosticProvider: { interFileDependencies: false, workspaceDiagnostics: true },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        hoverProvider: true,
        codeLensProvider: { resolveProvider: false },
        // include/exclude globs are relative to the folder holding the file: follow folders added later.
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'Spark Advisor', version: packageInfo().version },
    };
  });

  connection.onInitialized(() => {
    connection.console.info(`Spark Advisor ${packageInfo().version} language server started: Node ${process.version} (${process.platform}, ${os.cpus().length} CPUs), history store ${history?.storeFile ?? 'in memory (no storage folder)'}, workspace ${workspaceFolders.join(', ') || 'none'}`);
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
        workspace?.changed();
      });
    }
  });

  connection.onDidOpenTextDocument(({ textDocument }) => documents?.open(textDocument.uri, textDocument.languageId, textDocument.version, textDocument.text));
  connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => {
    documents?.change(textDocument.uri, textDocument.version, contentChanges);
    const file = uriToPath(textDocument.uri);
    if (file) imports?.fileChanged(file);
  });
  connection.onDidCloseTextDocument(({ textDocument }) => {
    documents?.close(textDocument.uri);
    const file = uriToPath(textDocument.uri);
    // Closed, it reads as the disk has it again.
    if (file) {
      imports?.closed(file);
      imports?.fileChanged(file);
    }
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
    workspace?.changed();
  });

  const analysisFor = async (uri: string): Promise<DocumentAnalysis | undefined> => {
    if (!documents?.has(uri)) return undefined;
    const current = await settings.get(uri);
    if (!isIncluded(uri, current, workspaceFolders)) return { version: -1, findings: [], history: EMPTY_HISTORY, statements: [], durationMs: 0 };
    const previous = documents.latest(uri);
    const file = uriToPath(uri);
    const analysis = await documents.analyze(uri, current, file === undefined ? undefined : workspaceRelativePath(file, workspaceFolders));
    // Hover and code actions reuse the analysis; only a new one is worth telling the status item.
    if (analysis && analysis !== previous) {
      void connection.sendNotification(AnalysisStatusNotification, { uri, durationMs: analysis.durationMs, findings: analysis.findings.length, notice: analysis.notice });
      analysisLog.analysed(uri, analysis.findings.length, analysis.durationMs);
    }
    return analysis;
  };

  connection.languages.diagnostics.on(async ({ textDocument }) => {
    const items: Diagnostic[] = [];
    try {
      const analysis = await analysisFor(textDocument.uri);
      for (const finding of analysis?.findings ?? []) items.push(toDiagnostic(finding, textDocument.uri));
      if (analysis?.syntaxError) items.push(partialAnalysisDiagnostic(analysis.syntaxError));
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

  /** Where lenses of this document go: above whole statements and their comments. */
  const anchorsOf = (uri: string, analysis: DocumentAnalysis) => {
    const text = documents?.text(uri) ?? '';
    return lensAnchor(analysis.statements, text, documents?.language(uri) ?? 'python');
  };

  connection.onHover(async ({ textDocument, position }) => {
    const analysis = await analysisFor(textDocument.uri);
    return analysis ? hoverFor(analysis.history, position, anchorsOf(textDocument.uri, analysis)) : undefined;
  });

  connection.onCodeLens(async ({ textDocument }) => {
    const analysis = await analysisFor(textDocument.uri);
    const text = documents?.text(textDocument.uri);
    if (!analysis || text === undefined || analysis.history.stages.length === 0) return [];
    const lines = text.split(/\r?\n/);
    return codeLensesFor(textDocument.uri, analysis.history, anchorsOf(textDocument.uri, analysis), (line) => (lines[line] ?? '').search(/\S|$/));
  });

  connection.onRequest(LineHistoryRequest, async ({ uri, line }) => {
    const analysis = await analysisFor(uri);
    if (!analysis) return { runs: [] };
    const anchor = anchorsOf(uri, analysis);
    const entry = statementHistories(analysis.history, anchor).find((candidate) => candidate.line === anchor(line));
    const runs = [...(entry?.runs ?? [])].reverse().map((run, index, newestFirst) => ({
      appKey: run.run.appKey,
      label: run.run.label,
      figures: runFigures(run),
      trend: trend([...newestFirst.slice(index, index + 2)].reverse()),
    }));
    return { runs };
  });

  /** The client's own progress (a notification with Cancel) when it sent a token; the server makes one otherwise. */
  const clientProgress = (token: unknown) => (typeof token === 'string' || typeof token === 'number' ? connection.window.attachWorkDoneProgress(token) : undefined);

  connection.onRequest(ImportEventLogsRequest, async (params, token) => {
    const paths = Array.isArray(params?.paths) ? params.paths.filter((p): p is string => typeof p === 'string') : [];
    if (!history || paths.length === 0) throw new Error('Nothing to import: give files or folders of Spark event logs.');
    return history.importPaths(paths, { title: 'Importing Spark event logs', progress: clientProgress(params.workDoneToken), token });
  });

  connection.onRequest(ImportFromHistoryServerRequest, async (params, token) => {
    if (!history || typeof params?.url !== 'string' || !/^https?:\/\//i.test(params.url)) throw new Error('Give the History Server address as http(s)://host:port.');
    return history.importFromHistoryServer(params.url, { progress: clientProgress(params.workDoneToken), token });
  });

  connection.onRequest(ReportApplicationsRequest, async (params) => {
    if (!history) throw new Error('The language server is not initialised.');
    return history.reportApplications(typeof params?.uri === 'string' ? uriToPath(params.uri) : undefined);
  });

  /** The report's model, its stages placed where the editor shows them: open documents first, then the workspace's other Spark files. */
  const reportModel = async (appKey: unknown) => {
    if (!history || typeof appKey !== 'string') throw new Error('Which application? Give its appKey.');
    await workspace?.analyzeAll();
    const settings = await globalSettings();
    return history.report(appKey, settings.cost, (key, stageId, attemptId) => documents?.stageLocation(key, stageId, attemptId) ?? workspace?.stageLocation(key, stageId, attemptId), settings.broadcastThresholdBytes);
  };

  connection.onRequest(ReportPageRequest, async (params) => reportPage(await reportModel(params?.appKey), params));

  connection.onRequest(ExportReportRequest, async (params) => {
    const format: ReportFormat = params?.format === 'markdown' || params?.format === 'json' ? params.format : 'html';
    const model = await reportModel(params?.appKey);
    const json = format === 'json' ? await history!.reportJson(model) : undefined;
    return exportReport(model, format, () => json);
  });

  connection.onRequest(AnalyzeWorkspaceRequest, async () => {
    if (!workspace) throw new Error('The language server is not initialised.');
    return workspace.analyzeAndPublish();
  });

  connection.languages.diagnostics.onWorkspace(async (params, token) => (workspace ? workspace.pull(params.previousResultIds, token) : { items: [] }));

  // Source files appearing or disappearing change which workspace file a call site resolves to.
  connection.onDidChangeWatchedFiles(({ changes }) => {
    let changed = false;
    let edited = false;
    for (const change of changes) {
      const file = uriToPath(change.uri);
      if (!file) continue;
      edited = true;
      imports?.fileChanged(file, change.type !== FileChangeType.Changed);
      if (change.type === FileChangeType.Changed) continue;
      history?.fileChanged(file, change.type === FileChangeType.Created);
      changed = true;
    }
    if (changed) historyChanged();
    else if (edited) workspace?.changed();
  });


  connection.onShutdown(() => {
    analysisLog.flush();
    history?.dispose();
    imports?.dispose();
  });
  process.on('uncaughtException', (error) => connection.console.error(`Spark Advisor: ${error.stack ?? error.message}`));
  connection.listen();
}
