/**
 * The language server's side of event-log history: opens the store in the extension's storage,
 * imports on request (with work-done progress and cancel) and from the watched
 * `sparkAdvisor.eventLogPaths`, and serves the evidence provider to the analyses.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Connection } from 'vscode-languageserver/node';
import { EMPTY_HISTORY, type EvidenceProvider, type FileHistory, type HistoryQuery } from '../history/evidence';
import { fetchHistoryServerLogs } from '../history/historyServer';
import { HistoryService } from '../history/service';
import { runRef } from '../common/runs';
import { buildReportModel, type ReportContext } from '../report/build';
import type { CostSettings, ReportModel } from '../report/types';
import { formatBytes } from '../common/format';
import { resultMessage, type ImportResultMessage } from '../history/importSummary';
import type { ReportApplication, ReportDocumentParams, ReportDocumentResult } from '../protocol';
import { reportJsonOf } from '../report/json';
import { renderMarkdown, renderReportHtml } from '../report/render';
import { webviewAssets } from '../report/render/assets';
import { randomBytes } from 'crypto';

export { IMPORT_HISTORY_SERVER_REQUEST, IMPORT_REQUEST, REPORT_APPLICATIONS_REQUEST, REPORT_DOCUMENT_REQUEST, REPORT_REQUEST } from '../protocol';


const STORE_FILE = 'history.sqlite';
/** Watched folders settle before re-import: Spark appends to logs continuously. */
const WATCH_DEBOUNCE_MS = 2000;

export class HistoryHost implements EvidenceProvider {
  private service: HistoryService | undefined;
  private opening: Promise<HistoryService> | undefined;
  private watchers: fs.FSWatcher[] = [];
  private watchTimer: NodeJS.Timeout | undefined;
  private watchedPaths: string[] = [];
  /** One import at a time: the store is a single in-memory database saved as a whole. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly connection: Connection,
    private readonly storageDir: string | undefined,
    private readonly onChanged: () => void,
  ) {}

  historyFor(query: HistoryQuery): FileHistory {
    return this.service ? this.service.provider.historyFor(query) : EMPTY_HISTORY;
  }

  version(): string {
    return this.service ? this.service.provider.version() : 'none';
  }

  /** Opens the stored history (if any) for these workspace folders. */
  open(roots: string[], pins: Record<string, string>): Promise<HistoryService> {
    this.opening ??= (async () => {
      if (this.storageDir) await fs.promises.mkdir(this.storageDir, { recursive: true });
      const storeFile = this.storageDir ? path.join(this.storageDir, STORE_FILE) : undefined;
      try {
        this.service = await HistoryService.open({ storeFile, roots, pins });
      } catch (error) {
        // A damaged or newer store must not take the analysis down: say so and work without history.
        this.connection.console.error(`Spark Advisor: could not open the history store ${storeFile ?? ''}: ${message(error)}. Working without history.`);
        this.service = await HistoryService.open({ roots, pins });
      }
      if (this.service.store.applications().length > 0) this.onChanged();
      return this.service;
    })();
    return this.opening;
  }

  setPins(pins: Record<string, string>): void {
    this.service?.provider.setPins(pins);
  }

  fileChanged(file: string, exists: boolean): void {
    this.service?.fileChanged(file, exists);
  }

  /** Imports with a progress notification the user can cancel. */
  importPaths(paths: string[], title = 'Importing Spark event logs'): Promise<ImportResultMessage> {
    return this.serialized(async () => {
      const service = await this.requireService();
      const progress = await this.connection.window.createWorkDoneProgress();
      const abort = new AbortController();
      progress.token.onCancellationRequested(() => abort.abort());
      progress.begin(title, 0, paths.join(', '), true);
      try {
        const report = await service.import(paths, {
          signal: abort.signal,
          onProgress: ({ bytesDone, bytesTotal, file }) => {
            progress.report(bytesTotal > 0 ? Math.floor((bytesDone / bytesTotal) * 100) : 0, `${formatBytes(bytesDone)} of ${formatBytes(bytesTotal)} · ${path.basename(file)}`);
          },
        });
        if (report.applications > 0 || report.removed > 0) this.onChanged();
        return resultMessage(report, service);
      } catch (error) {
        if (abort.signal.aborted) return { summary: 'Import cancelled; the history store is unchanged.', details: [], applications: 0, errors: 0 };
        throw error;
      } finally {
        progress.done();
      }
    });
  }

  /**
   * The imported runs, newest first, and the one a report should open by default: the latest run
   * of a job whose stages ran from `file`, else the latest run.
   */
  async reportApplications(file: string | undefined): Promise<{ applications: ReportApplication[]; defaultAppKey: string | null }> {
    const service = await this.requireService();
    const applications = service.store
      .applications()
      .map((app): ReportApplication => {
        const run = runRef(app);
        return { appKey: app.appKey, label: run.label, job: run.job, startTime: app.startTime ?? null, durationMs: app.startTime !== undefined && app.endTime !== undefined ? app.endTime - app.startTime : null };
      })
      .sort((a, b) => (b.startTime ?? 0) - (a.startTime ?? 0));
    const own = new Set(file ? service.provider.applicationsOf(file) : []);
    const jobs = new Set(applications.filter((app) => own.has(app.appKey)).map((app) => app.job));
    const preferred = applications.find((app) => jobs.has(app.job)) ?? applications[0];
    return { applications, defaultAppKey: preferred?.appKey ?? null };
  }

  /** `locateElsewhere` places stages the call sites do not (the open documents' write-target mappings). */
  async report(appKey: string, cost: CostSettings, locateElsewhere?: ReportContext['locate'], broadcastThresholdBytes?: number): Promise<ReportModel> {
    const context = await this.reportContext(cost, locateElsewhere, broadcastThresholdBytes);
    const model = buildReportModel(appKey, context);
    if (!model) throw new Error(`No imported application ${appKey}: import its event log first.`);
    // The recommendations shown were recorded, to be held against the job's next run.
    const store = (await this.requireService()).store;
    if (store.hasUnsavedChanges()) await this.serialized(() => store.save());
    return model;
  }

  /** The report rendered here, so that the client needs no report code: the webview page or an export. */
  async reportDocument(params: ReportDocumentParams, cost: CostSettings, locateElsewhere?: ReportContext['locate'], broadcastThresholdBytes?: number): Promise<ReportDocumentResult> {
    const model = await this.report(params.appKey, cost, locateElsewhere, broadcastThresholdBytes);
    const name = model.summary.name;
    if (params.format === 'json') return { name, text: `${JSON.stringify(reportJsonOf((await this.requireService()).store, model), null, 2)}\n` };
    if (params.format === 'md') return { name, text: renderMarkdown(model) };
    if (params.format === 'webview' && params.webview) return { name, text: renderReportHtml(model, params.webview) };
    return { name, text: renderReportHtml(model, { nonce: randomBytes(16).toString('base64'), inline: webviewAssets() }) };
  }

  private async reportContext(cost: CostSettings, locateElsewhere?: ReportContext['locate'], broadcastThresholdBytes?: number): Promise<ReportContext> {
    const service = await this.requireService();
    const locate: ReportContext['locate'] = (key, stageId, attemptId) => service.provider.stageLocation(key, stageId, attemptId) ?? locateElsewhere?.(key, stageId, attemptId);
    return { reader: service.store, predictionLog: service.store, cost, locate, ...(broadcastThresholdBytes !== undefined ? { broadcastThresholdBytes } : {}) };
  }

  /** Downloads every application's logs from a Spark History Server, then imports them. */
  importFromHistoryServer(url: string): Promise<ImportResultMessage> {
    if (!this.storageDir) return Promise.reject(new Error('No storage folder to download History Server logs into.'));
    const target = path.join(this.storageDir, 'history-server', url.replace(/^[a-z]+:\/\//i, '').replace(/[^A-Za-z0-9._-]+/g, '_'));
    return (async () => {
      const fetched = await fetchHistoryServerLogs(url, target);
      const result = await this.importPaths(fetched.directories, `Importing from ${url}`);
      const errors = fetched.errors.map((e) => `${e.url}: ${e.message}`);
      return { ...result, errors: result.errors + errors.length, details: [...errors, ...result.details].slice(0, 50) };
    })();
  }

  /** Imports the configured folders now and again whenever files under them change. */
  watch(paths: string[]): void {
    const wanted = paths.map((p) => path.resolve(p));
    if (wanted.join('\n') === this.watchedPaths.join('\n')) return;
    this.stopWatching();
    this.watchedPaths = wanted;
    if (wanted.length === 0) return;
    const reimport = () => {
      clearTimeout(this.watchTimer);
      this.watchTimer = setTimeout(() => void this.importWatched(), WATCH_DEBOUNCE_MS);
    };
    for (const folder of wanted) {
      try {
        this.watchers.push(fs.watch(folder, { recursive: true }, reimport));
      } catch (error) {
        this.connection.console.warn(`Spark Advisor: cannot watch ${folder}: ${message(error)}`);
      }
    }
    void this.importWatched();
  }

  private async importWatched(): Promise<void> {
    const existing = this.watchedPaths.filter((p) => fs.existsSync(p));
    if (existing.length === 0) return;
    try {
      const result = await this.importPaths(existing, 'Importing Spark event logs from sparkAdvisor.eventLogPaths');
      if (result.applications > 0 || result.errors > 0) this.connection.console.info(`Spark Advisor: ${result.summary}${result.details.map((d) => `\n  ${d}`).join('')}`);
    } catch (error) {
      this.connection.console.error(`Spark Advisor: importing ${existing.join(', ')} failed: ${message(error)}`);
    }
  }

  private stopWatching(): void {
    clearTimeout(this.watchTimer);
    for (const watcher of this.watchers) watcher.close();
    this.watchers = [];
  }

  dispose(): void {
    this.stopWatching();
    this.service?.close();
  }

  private async requireService(): Promise<HistoryService> {
    if (!this.opening) throw new Error('The history store is not open yet.');
    return this.opening;
  }

  private serialized<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(task, task);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
