/**
 * Imports Spark event logs into the history store: finds the logs under each path, skips those whose
 * fingerprint matches what was imported, reads the others one at a time (only one folded log is held
 * in memory) and replaces each in the store in one transaction once its read succeeded, so a log
 * that fails to decode, or an abort, never leaves half of a log behind. Saves once at the end.
 *
 *   const report = await importEventLogs(['/var/log/spark-events'], store, { onProgress: (p) => bar.update(p.bytesDone / p.bytesTotal) });
 *   for (const e of report.errors) console.error(`${e.file}: ${e.message}`);
 */
import * as fs from 'fs';
import * as path from 'path';
import type { ApplicationSummary, EventLogSummary, EventLogWarning } from '../eventlog/types';
import { discoverEventLogs, readEventLogSource } from '../eventlog/layout';
import type { EventLogSource } from '../eventlog/layout';
import type { HistoryStore, StoredCallSite } from '../store';
import { fingerprintSource } from './fingerprint';

export interface ImportProgress {
  /** Raw (compressed) bytes read so far over the logs being imported. */
  bytesDone: number;
  bytesTotal: number;
  /** The log being read. */
  file: string;
}

export interface ImportReport {
  /** Logs found under the paths. */
  sources: number;
  /** Of those, skipped because unchanged since their last import. */
  unchanged: number;
  /** Imported now: logs, and the applications in them. */
  logsImported: number;
  applications: number;
  stages: number;
  tasks: number;
  /** Stored logs under the paths whose files are gone, forgotten with their applications. */
  removed: number;
  /** The first warnings (at most MAX_REPORTED_WARNINGS over all logs)… */
  warnings: EventLogWarning[];
  /** …and how many more there were, only counted. */
  warningsDropped: number;
  /** Logs (or paths) that could not be read; the others were imported. */
  errors: Array<{ file: string; message: string }>;
  /** Files and folders under the paths that are not event logs. */
  skipped: Array<{ path: string; reason: string }>;
}

/** An import stopped by its AbortSignal; the logs imported before (`report`) are saved. */
export class ImportInterrupted extends Error {
  override readonly name = 'AbortError';
  constructor(
    readonly report: ImportReport,
    cause: unknown,
  ) {
    super(`import interrupted; ${keptText(report)}`, { cause });
  }
}

/** What an interrupted import kept, in words. */
export function keptText(report: ImportReport): string {
  const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;
  if (report.applications > 0) return `${plural(report.applications, 'application')} from ${plural(report.logsImported, 'log')} imported before it ${report.applications === 1 ? 'is' : 'are'} kept in the history store`;
  if (report.removed > 0) return `nothing was imported; the history store forgot ${plural(report.removed, 'log')} whose files are gone`;
  return 'the history store is unchanged';
}

export interface ImportOptions {
  onProgress?(progress: ImportProgress): void;
  /** Stops between logs or inside a read; the promise then rejects with an ImportInterrupted (an AbortError) saying what was kept. */
  signal?: AbortSignal;
  /** Maps an application's stages to lines of code, stored in call_sites. */
  mapCallSites?(app: ApplicationSummary): StoredCallSite[];
  /** Read every log, even unchanged ones. */
  force?: boolean;
  /**
   * All or nothing on abort (the editor's Cancel): every log is read first and the store changed only
   * once all were, so an abort leaves it exactly as it was. Holds the folded logs of the import in
   * memory meanwhile. Default: logs completely imported before an abort are kept.
   */
  discardOnAbort?: boolean;
}

/** Warnings an import keeps for its report over all its logs (each log keeps its own first 200 in the store). */
export const MAX_REPORTED_WARNINGS = 1000;

interface PendingSource {
  source: EventLogSource;
  fingerprint: string;
}

export async function importEventLogs(paths: string[], store: HistoryStore, options: ImportOptions = {}): Promise<ImportReport> {
  const { signal } = options;
  const report = emptyImportReport();
  signal?.throwIfAborted();

  try {
    const found = await discover(paths, report);
    // With discardOnAbort the store is only changed once every log has been read.
    const writes: Array<() => void> = [];
    const write = (change: () => void) => (options.discardOnAbort ? writes.push(change) : change());
    write(() => forgetVanished(store, paths, found, report));
    const pending = await changedSources(found, store, report, options);
    const bytesTotal = pending.reduce((sum, { source }) => sum + source.bytes, 0);
    let bytesBefore = 0;
    for (const { source, fingerprint } of pending) {
      signal?.throwIfAborted();
      const before = bytesBefore;
      // A log can grow while it is read: count at most the size it had when found.
      const progress = (bytesSoFar: number) => options.onProgress?.({ bytesDone: before + Math.min(bytesSoFar, source.bytes), bytesTotal, file: source.path });
      progress(0);
      const summary = await readSource(source, report, options, progress);
      signal?.throwIfAborted(); // read, but aborted before writing: the log is left as it was
      if (summary) write(() => storeSource(store, source, fingerprint, summary, report, options));
      progress(source.bytes);
      bytesBefore += source.bytes;
    }
    signal?.throwIfAborted();
    for (const change of writes) change();
  } catch (error) {
    if (signal?.aborted) {
      await saveChanges(store);
      throw new ImportInterrupted(report, error);
    }
    await saveChanges(store);
    throw error;
  }
  await saveChanges(store);
  return report;
}

export function emptyImportReport(): ImportReport {
  return { sources: 0, unchanged: 0, logsImported: 0, applications: 0, stages: 0, tasks: 0, removed: 0, warnings: [], warningsDropped: 0, errors: [], skipped: [] };
}

/** Adds the counts and lists of `part` to `total` (imports of several paths in turn), keeping at most MAX_REPORTED_WARNINGS warnings. */
export function addImportReport(total: ImportReport, part: ImportReport): void {
  for (const key of ['sources', 'unchanged', 'logsImported', 'applications', 'stages', 'tasks', 'removed', 'warningsDropped'] as const) total[key] += part[key];
  keepWarnings(total, part.warnings);
  total.errors.push(...part.errors);
  total.skipped.push(...part.skipped);
}

function keepWarnings(report: ImportReport, warnings: readonly EventLogWarning[]): void {
  const kept = warnings.slice(0, Math.max(0, MAX_REPORTED_WARNINGS - report.warnings.length));
  report.warnings.push(...kept);
  report.warningsDropped += warnings.length - kept.length;
}

/** Logs completely imported (or forgotten) before an abort or an unexpected error are kept. */
async function saveChanges(store: HistoryStore): Promise<void> {
  if (store.hasUnsavedChanges()) await store.save();
}

/** Every log under the paths, each once. */
async function discover(paths: string[], report: ImportReport): Promise<Map<string, EventLogSource>> {
  const found = new Map<string, EventLogSource>();
  for (const requested of paths) {
    const absolute = path.resolve(requested);
    try {
      const { sources, skipped } = await discoverEventLogs(absolute);
      for (const source of sources) if (!found.has(source.path)) found.set(source.path, source);
      report.skipped.push(...skipped);
    } catch (error) {
      report.errors.push({ file: absolute, message: messageOf(error) });
    }
  }
  report.sources = found.size;
  return found;
}

/** The logs to read: new ones and those whose fingerprint differs from the stored one (all with `force`). */
async function changedSources(found: Map<string, EventLogSource>, store: HistoryStore, report: ImportReport, options: ImportOptions): Promise<PendingSource[]> {
  const pending: PendingSource[] = [];
  for (const source of found.values()) {
    options.signal?.throwIfAborted();
    let fingerprint: string;
    try {
      fingerprint = await fingerprintSource(source);
    } catch (error) {
      report.errors.push({ file: source.path, message: messageOf(error) });
      continue;
    }
    if (!options.force && store.source(source.path)?.fingerprint === fingerprint) report.unchanged++;
    else pending.push({ source, fingerprint });
  }
  return pending;
}

/**
 * Stored logs under the requested paths that are neither found now nor on disk any more (deleted, or
 * renamed when Spark finished writing `<app>.inprogress`) are forgotten, so the store mirrors the folder.
 */
function forgetVanished(store: HistoryStore, paths: string[], found: Map<string, EventLogSource>, report: ImportReport): void {
  const roots = paths.map((requested) => path.resolve(requested));
  const under = (stored: string) => roots.some((root) => stored === root || stored.startsWith(root.endsWith(path.sep) ? root : root + path.sep));
  for (const stored of store.sourcePaths()) {
    if (found.has(stored) || !under(stored) || fs.existsSync(stored)) continue;
    store.removeSource(stored);
    report.removed++;
  }
}

async function readSource(source: EventLogSource, report: ImportReport, options: ImportOptions, progress: (bytes: number) => void): Promise<EventLogSummary | undefined> {
  try {
    return await readEventLogSource(source, { ...(options.signal ? { signal: options.signal } : {}), onBytes: progress });
  } catch (error) {
    options.signal?.throwIfAborted();
    report.errors.push({ file: source.path, message: messageOf(error) });
    return undefined;
  }
}

function storeSource(store: HistoryStore, source: EventLogSource, fingerprint: string, summary: EventLogSummary, report: ImportReport, options: ImportOptions): void {
  try {
    const callSites = options.mapCallSites ? summary.applications.map((app) => options.mapCallSites!(app)) : [];
    const stored = store.replaceSource({ path: source.path, layout: source.layout, bytes: source.bytes, mtimeMs: source.mtimeMs, fingerprint }, summary, callSites);
    report.logsImported++;
    report.applications += stored.applications;
    report.stages += stored.stages;
    report.tasks += stored.tasks;
    keepWarnings(report, summary.warnings);
    report.warningsDropped += summary.warningsDropped;
  } catch (error) {
    report.errors.push({ file: source.path, message: `not stored: ${messageOf(error)}` });
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
