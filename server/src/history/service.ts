/**
 * The history of past runs for one workspace: the store, the importer with call-site mapping, and
 * the evidence provider the rules read. Shared by the language server and the CLI.
 */
import * as path from 'path';
import { listSourceFiles, stageCallSites, WorkspaceFileIndex } from './callsites';
import type { StageCallSite } from './callsites/types';
import type { ApplicationSummary } from './eventlog/types';
import { importEventLogs, type ImportOptions, type ImportReport } from './import';
import { StoreEvidenceProvider } from './provider';
import { HistoryStore, type StoredCallSite } from './store';

export interface HistoryServiceOptions {
  /** The SQLite file; undefined keeps the store in memory (tests, one-off CLI runs). */
  storeFile?: string;
  /** Workspace folders whose files stages are mapped to. */
  roots: string[];
  /** sparkAdvisor.callSitePins. */
  pins?: Record<string, string>;
  wasmPath?: string;
}

/**
 * What is stored per stage: Spark's path, or for JVM frames the package path plus the file name
 * (`com/acme/etl/DailyJob.scala`), so that resolving by path suffix also tells same-named files
 * in different packages apart.
 */
export function storedCallSites(app: ApplicationSummary): StoredCallSite[] {
  return stageCallSites(app).map((site: StageCallSite) => ({
    stageId: site.stageId,
    attemptId: site.attemptId,
    path: site.packageHint && !/[\\/]/.test(site.path) ? `${site.packageHint}/${site.path}` : site.path,
    line: site.line,
    origin: site.origin,
    rank: site.rank,
  }));
}

export class HistoryService {
  private workspaceRevision = 0;
  readonly provider: StoreEvidenceProvider;

  private constructor(
    readonly store: HistoryStore,
    readonly files: WorkspaceFileIndex,
    pins: Record<string, string>,
  ) {
    this.provider = new StoreEvidenceProvider(store, files, pins, () => this.workspaceRevision);
  }

  static async open(options: HistoryServiceOptions): Promise<HistoryService> {
    const store = await HistoryStore.open({ file: options.storeFile, wasmPath: options.wasmPath });
    const roots = options.roots.map((root) => path.resolve(root));
    const files = new WorkspaceFileIndex(await listSourceFiles(roots), roots);
    return new HistoryService(store, files, options.pins ?? {});
  }

  /** Imports logs (files, folders), maps their stages to code and saves the store. */
  async import(paths: string[], options: Omit<ImportOptions, 'mapCallSites'> = {}): Promise<ImportReport> {
    return importEventLogs(paths, this.store, { ...options, mapCallSites: storedCallSites });
  }

  /** A source file appeared, changed or was deleted: call sites may resolve differently. */
  fileChanged(file: string, exists: boolean): void {
    if (exists) this.files.add(file);
    else this.files.remove(file);
    this.workspaceRevision++;
  }

  close(): void {
    this.store.close();
  }
}
