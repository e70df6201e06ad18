/**
 * The language server's side of event-log history: opens the store in the extension's storage,
 * imports on request (with the client's work-done progress and cancel) and from the watched
 * `sparkAdvisor.eventLogPaths`, and serves the evidence provider and the report to the client.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { CancellationToken, Connection, WorkDoneProgressReporter } from 'vscode-languageserver/node';
import { EMPTY_HISTORY, type EvidenceProvider, type FileHistory, type HistoryQuery } from '../history/evidence';
import { importFromHistoryServer, type HistoryServerImport } from '../history/historyServerImport';
import { ImportInterrupted, keptText } from '../history/import';
import { HistoryService } from '../history/service';
import { runRef } from '../common/runs';
import { buildReportModel, type ReportContext } from '../report/build';
import type { CostSettings, ReportModel } from '../report/types';
import { reportJsonOf, type ReportJson } from '../report/json';
import { formatBytes, formatDuration } from '../common/format';
import { resultMessage } from '../history/importSummary';
import type { ImportResult, ReportApplication } from '../../../shared/protocol';

/** Who asked for an import and how it shows: the client's progress and cancel, or the server's own (watched folders). */
export interface ImportRequestContext {
  title: string;
  progress?: WorkDoneProgressReporter;
  token?: CancellationToken;
}

const STORE_FILE = 'history.sqlite';
/** Watched folders settle before re-import: Spark appends to logs continuously. */
const WATCH_DEBOUNCE_MS = 2000;

export class HistoryHost implements EvidenceProvider {
  private service: HistoryService | undefined;
  private opening: Promise<HistoryService> | undefined;
  private openWaiters: Array<{ resolve: (service: HistoryService) => void; reject: (error: unknown) => void }> = [];
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
    for (const waiter of this.openWaiters.splice(0)) this.opening.then(waiter.resolve, waiter.reject);
    return this.opening;
  }

  setPins(pins: Record<string, string>): void {
    this.service?.provider.setPins(pins);
  }

  fileChanged(file: string, exists: boolean): void {
    this.service?.fileChanged(file, exists);
  }

  /** Path of the store file (undefined: in memory only). */
  get storeFile(): string | undefined {
    return this.storageDir ? path.join(this.storageDir, STORE_FILE) : undefined;
  }

  /**
   * Imports logs one request at a time. Progress goes to the client's reporter when it sent a token
   * (a notification with Cancel), else to a progress the server creates. The user's Cancel leaves
   * the store exactly as it was; background imports keep the logs read before a stop.
   */
  importPaths(paths: string[], context: ImportRequestContext): Promise<ImportResult> {
    return this.withProgress(context, paths.join(', '), async (service, signal, progress) => {
      const report = await service.import(paths, {
        signal,
        discardOnAbort: context.token !== undefined,
        onProgress: ({ bytesDone, bytesTotal, file }) => {
          progress.report(bytesTotal > 0 ? Math.floor((bytesDone / bytesTotal) * 100) : 0, `${formatBytes(bytesDone)} of ${formatBytes(bytesTotal)} · ${path.basename(file)}`);
        },
      });
      return { report, fetchErrors: [] };
    });
  }

  /** One import at a time, under the client's (or the server's own) cancellable progress; an interrupt says what was kept. */
  private withProgress(context: ImportRequestContext, what: string, work: (service: HistoryService, signal: AbortSignal, progress: WorkDoneProgressReporter) => Promise<HistoryServerImport>): Promise<ImportResult> {
    return this.serialized(async () => {
      const service = await this.requireService();
      const own = context.progress ? undefined : await this.connection.window.createWorkDoneProgress();
      const progress = context.progress ?? own!;
      const abort = new AbortController();
      for (const token of [context.token, own?.token]) {
        token?.onCancellationRequested(() => abort.abort());
        if (token?.isCancellationRequested) abort.abort();
      }
      progress.begin(context.title, 0, what, true);
      const started = performance.now();
      try {
        const { report, fetchErrors } = await work(service, abort.signal, progress);
        if (report.applications > 0 || report.removed > 0) this.onChanged();
        const result = resultMessage(report, service);
        const errors = fetchErrors.map((e) => e.message);
        this.connection.console.info(`Import of ${what} in ${formatDuration(performance.now() - started)}: ${result.summary}`);
        return { ...result, errors: result.errors + errors.length, details: [...errors, ...result.details] };
      } catch (error) {
        if (error instanceof ImportInterrupted) {
          if (error.report.applications > 0 || error.report.removed > 0) this.onChanged();
          const summary = `Import cancelled; ${keptText(error.report)}.`;
          this.connection.console.info(`Import of ${what} cancelled after ${formatDuration(performance.now() - started)}; ${keptText(error.report)}.`);
          return { summary, details: [], applications: error.report.applications, errors: 0, cancelled: true };
        }
        this.connection.console.error(`Import of ${what} failed after ${formatDuration(performance.now() - started)}: ${message(error)}`);
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
    const service = await this.requireService();
    const locate: ReportContext['locate'] = (key, stageId, attemptId) => service.provider.stageLocation(key, stageId, attemptId) ?? locateElsewhere?.(key, stageId, attemptId);
    const model = buildReportModel(appKey, { reader: service.store, predictionLog: service.store, cost, locate, ...(broadcastThresholdBytes !== undefined ? { broadcastThresholdBytes } : {}) });
    if (!model) throw new Error(`No imported application ${appKey}: import its event log first.`);
    // The recommendations shown were recorded, to be held against the job's next run.
    if (service.store.hasUnsavedChanges()) await this.serialized(() => service.store.save());
    return model;
  }

  /** The versioned JSON of a report (the shape of `spark-advisor report --format json`). */
  async reportJson(model: ReportModel): Promise<ReportJson> {
    return reportJsonOf((await this.requireService()).store, model);
  }

  /** Downloads each application's logs from a Spark History Server, imports them and deletes them, one application at a time. */
  importFromHistoryServer(url: string, context: Omit<ImportRequestContext, 'title'> = {}): Promise<ImportResult> {
    if (!this.storageDir) return Promise.reject(new Error('No storage folder to download History Server logs into.'));
    const target = path.join(this.storageDir, 'history-server', url.replace(/^[a-z]+:\/\//i, '').replace(/[^A-Za-z0-9._-]+/g, '_'));
    return this.withProgress({ ...context, title: `Importing from ${url}` }, url, (service, signal, progress) =>
      importFromHistoryServer(service, url, target, { signal, onProgress: (done, total) => progress.report(total > 0 ? Math.floor((done / total) * 100) : 0, `${done} of ${total} applications`) }),
    );
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
      const result = await this.importPaths(existing, { title: 'Importing Spark event logs from sparkAdvisor.eventLogPaths' });
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

  /** The store, once `open` (called when the client is initialised) has opened it: requests that come first wait for it. */
  private requireService(): Promise<HistoryService> {
    return this.opening ?? new Promise((resolve, reject) => this.openWaiters.push({ resolve, reject }));
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
