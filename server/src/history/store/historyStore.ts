/**
 * Imported Spark event logs in SQLite (sql.js: WebAssembly, no native module). The database lives in
 * memory; `save()` writes it to `file` atomically. Several processes may share a file (the editor
 * and CLI imports): a save takes the file's lock, merges what others saved since this process read
 * the file (their sources, kept alongside the ones this process changed) and writes the result, so
 * no process's import is lost.
 *
 *   const store = await HistoryStore.open({ file: '.spark-advisor/history.sqlite' });
 *   store.replaceSource(source, summary, []);
 *   await store.save();
 *   for (const app of store.applications()) console.log(app.appKey, app.totals.tasks);
 */
import type { Database, SqlJsStatic } from 'sql.js';
import type { ApplicationSummary, EventLogSummary } from '../eventlog/types';
import { migrate } from './migrations';
import { readApplication, readApplications, readCallSites, readPredictions, readSource, readSourcePaths } from './queries';
import { APPLICATION_ID, SCHEMA_VERSION, createSchemaSql } from './schema';
import { StatementCache } from './statements';
import { mergeFromDisk } from './merge';
import { currentIdentity, readIfPresent, removeStaleTemporaries, writeAtomically, type FileIdentity } from './storeFile';
import { acquireStoreLock } from './storeLock';
import { loadSqlite } from './sqlite';
import type { ReplaceResult, StoredApplication, StoredCallSite, StoredPrediction, StoredSource, StoredSourceInfo } from './types';
import { writeApplication } from './write';

export interface HistoryStoreOptions {
  /** Absent: an in-memory store that `save()` leaves alone. A path that does not exist yet: an empty store saved there. */
  file?: string;
  /** sql-wasm.wasm; default: beside the bundle, else from the sql.js package. */
  wasmPath?: string;
  /** How long a save waits for another process's save of the same file (default 30 s). */
  lockWaitMs?: number;
}

export class HistoryStore {
  private readonly statements: StatementCache;
  private currentRevision: number;
  /** Changes made since opening (a migration counts as one), and how many of them are saved. */
  private changes = 0;
  private savedChanges = 0;
  /** Saves run one after the other: they share the temporary file name. */
  private saving: Promise<void> = Promise.resolve();
  /** Sources imported or forgotten here since the last save: a merge keeps them as they are here. */
  private changedSources = new Set<string>();

  private constructor(
    private readonly SQL: SqlJsStatic,
    private readonly db: Database,
    readonly file: string | undefined,
    /** The version of the file this store last read or wrote: another one on disk means another process saved. */
    private diskIdentity: FileIdentity,
    private readonly lockWaitMs: number | undefined,
  ) {
    this.statements = new StatementCache(db);
    this.currentRevision = this.readRevision();
  }

  static async open(options: HistoryStoreOptions = {}): Promise<HistoryStore> {
    const SQL = await loadSqlite(options.wasmPath);
    const read = options.file === undefined ? undefined : await readIfPresent(options.file);
    if (options.file !== undefined) await removeStaleTemporaries(options.file);
    const db = new SQL.Database(read?.data);
    try {
      db.run('PRAGMA foreign_keys = ON');
      const migrated = prepareSchema(db, options.file ?? '(in memory)');
      const store = new HistoryStore(SQL, db, options.file, read?.identity, options.lockWaitMs);
      if (migrated) store.changes++;
      return store;
    } catch (error) {
      db.close();
      throw error;
    }
  }

  /** Increments on every committed change; saved with the store. */
  revision(): number {
    return this.currentRevision;
  }

  source(path: string): StoredSource | undefined {
    return readSource(this.statements, path);
  }

  /** Paths of every imported source, sorted. */
  sourcePaths(): string[] {
    return readSourcePaths(this.statements);
  }

  /**
   * Replaces everything imported from `source.path` (and any stored application with the same key
   * from another source: the last import of an application wins) by `summary`, in one transaction:
   * on error nothing changes. `callSites[i]` belongs to `summary.applications[i]`.
   */
  replaceSource(source: StoredSourceInfo, summary: EventLogSummary, callSites: ReadonlyArray<readonly StoredCallSite[]> = []): ReplaceResult {
    const result: ReplaceResult = { applications: 0, stages: 0, tasks: 0 };
    this.changedSources.add(source.path);
    this.transaction(() => {
      this.statements.run('DELETE FROM sources WHERE path = ?', [source.path]);
      this.statements.insert('sources', {
        path: source.path,
        layout: source.layout,
        bytes: source.bytes,
        mtime_ms: source.mtimeMs,
        fingerprint: source.fingerprint,
        imported_at: Date.now(),
        warnings_json: JSON.stringify(summary.warnings),
        warnings_dropped: summary.warningsDropped,
      });
      const keys = applicationKeys(source.path, summary.applications);
      summary.applications.forEach((app, index) => {
        const key = keys[index]!;
        this.statements.run('DELETE FROM applications WHERE app_key = ?', [key]);
        writeApplication(this.statements, key, source.path, index, app, callSites[index] ?? []);
        result.applications++;
        result.stages += app.stages.length;
        result.tasks += app.totals.tasks;
      });
    });
    return result;
  }

  /** Forgets a source and its applications; nothing happens when it was never imported. */
  removeSource(path: string): void {
    if (!this.source(path)) return;
    this.changedSources.add(path);
    this.transaction(() => this.statements.run('DELETE FROM sources WHERE path = ?', [path]));
  }

  applications(): StoredApplication[] {
    return readApplications(this.statements);
  }

  /** The application as the reader folded it (stages, jobs, executors, plans, caches, properties). */
  application(appKey: string): ApplicationSummary | undefined {
    return readApplication(this.statements, appKey);
  }

  callSites(): Array<StoredCallSite & { appKey: string }> {
    return readCallSites(this.statements);
  }

  /** The recommendations recorded for a run, with their predicted effects; undefined when never recorded. */
  predictions(appKey: string): StoredPrediction[] | undefined {
    if (this.statements.all('SELECT 1 FROM predicted_runs WHERE app_key = ?', [appKey]).length === 0) return undefined;
    return readPredictions(this.statements, appKey);
  }

  /**
   * Records what was recommended for a run, replacing an earlier record, in one transaction. Not a
   * change of the runs themselves: the revision (which tells readers to reload) stays.
   */
  recordPredictions(appKey: string, predictions: readonly StoredPrediction[]): void {
    if (!this.application(appKey)) throw new Error(`history store: no application ${appKey} to record predictions for`);
    this.db.run('BEGIN IMMEDIATE');
    try {
      this.statements.run('DELETE FROM predicted_runs WHERE app_key = ?', [appKey]);
      this.statements.insert('predicted_runs', { app_key: appKey, recorded_at: Date.now() });
      for (const p of predictions) {
        this.statements.insert('predictions', { app_key: appKey, key: p.key, current_value: p.current, suggested: p.suggested, duration_ms: p.durationMs, predicted_duration_ms: p.predictedDurationMs, expected: p.expected });
      }
      this.db.run('COMMIT');
    } catch (error) {
      rollback(this.db);
      throw error;
    }
    this.changes++;
  }


  /** Whether there are changes `save()` would write. */
  hasUnsavedChanges(): boolean {
    return this.changes !== this.savedChanges;
  }

  /**
   * Under the file's lock: merges another process's save if the file changed since this store read
   * or wrote it, then writes `${file}.tmp-<pid>` and renames it over `file`. Nothing for an
   * in-memory store. Rejects with a StoreBusyError when another process holds the lock too long.
   */
  save(): Promise<void> {
    const file = this.file;
    if (file === undefined) return Promise.resolve();
    const next = this.saving.then(async () => {
      const release = await acquireStoreLock(file, this.lockWaitMs);
      try {
        await this.mergeOthersSave(file);
        const upTo = this.changes;
        const saved = new Set(this.changedSources);
        const data = this.db.export();
        this.diskIdentity = await writeAtomically(file, data);
        this.savedChanges = upTo; // changes made while writing stay unsaved
        for (const path of saved) this.changedSources.delete(path);
      } finally {
        await release();
      }
    });
    this.saving = next.catch(() => undefined);
    return next;
  }

  private async mergeOthersSave(file: string): Promise<void> {
    if ((await currentIdentity(file)) === this.diskIdentity) return;
    const read = await readIfPresent(file);
    if (read === undefined) return; // deleted meanwhile: ours is all there is
    mergeFromDisk(this.SQL, this.db, read.data, this.changedSources, (disk) => void prepareSchema(disk, file));
    this.diskIdentity = read.identity;
    this.currentRevision = this.readRevision();
    this.changes++;
  }

  close(): void {
    this.statements.freeAll();
    this.db.close();
  }

  private transaction(change: () => void): void {
    this.db.run('BEGIN IMMEDIATE');
    try {
      change();
      this.statements.run(`UPDATE meta SET value = value + 1 WHERE key = 'revision'`, []);
      this.db.run('COMMIT');
    } catch (error) {
      rollback(this.db);
      throw error;
    }
    this.currentRevision++;
    this.changes++;
  }

  private readRevision(): number {
    return Number(this.statements.all(`SELECT value FROM meta WHERE key = 'revision'`)[0]?.['value'] ?? 0);
  }
}

/**
 * Creates the tables in an empty database or migrates an older one; refuses a newer one and SQLite
 * files that are not a store. Returns whether anything was written.
 */
function prepareSchema(db: Database, name: string): boolean {
  let version: number;
  let applicationId: number;
  let tables: number;
  try {
    version = pragmaNumber(db, 'user_version');
    applicationId = pragmaNumber(db, 'application_id');
    tables = Number(db.exec(`SELECT count(*) FROM sqlite_master WHERE type = 'table'`)[0]?.values[0]?.[0] ?? 0);
  } catch (error) {
    throw new Error(`Spark Advisor: ${name} is not a history store (${(error as Error).message})`);
  }
  if (tables > 0 && applicationId !== APPLICATION_ID) throw new Error(`Spark Advisor: ${name} is an SQLite file but not a Spark Advisor history store`);
  if (version > SCHEMA_VERSION) throw new Error(`Spark Advisor: ${name}: store written by a newer Spark Advisor (schema v${version} > v${SCHEMA_VERSION}); update Spark Advisor or choose another store file`);
  if (tables > 0 && version === SCHEMA_VERSION) return false;
  db.run('BEGIN IMMEDIATE');
  try {
    if (tables === 0) {
      for (const statement of createSchemaSql()) db.run(statement);
      db.run(`INSERT INTO meta (key, value) VALUES ('revision', 0)`);
      db.run(`PRAGMA application_id = ${APPLICATION_ID}`);
    } else {
      migrate(db, version);
    }
    db.run(`PRAGMA user_version = ${SCHEMA_VERSION}`);
    db.run('COMMIT');
  } catch (error) {
    rollback(db);
    throw new Error(`Spark Advisor: cannot ${tables === 0 ? 'create' : `migrate (from schema v${version})`} the history store ${name}: ${(error as Error).message}`);
  }
  return true;
}

/** SQLite ends the transaction itself after some errors (out of memory, disk full); then there is nothing to roll back. */
function rollback(db: Database): void {
  try {
    db.run('ROLLBACK');
  } catch {
    // no transaction active any more
  }
}

function pragmaNumber(db: Database, pragma: string): number {
  return Number(db.exec(`PRAGMA ${pragma}`)[0]?.values[0]?.[0] ?? 0);
}

/**
 * `<appId>/<attemptId>`; a log without application id gets a key of its own source; a key repeated
 * inside one log (two ApplicationStarts with the same id) gets `#2`, `#3`…
 */
function applicationKeys(sourcePath: string, apps: readonly ApplicationSummary[]): string[] {
  const seen = new Set<string>();
  return apps.map((app, index) => {
    const base = app.appId === undefined ? `?${sourcePath}#${index}` : `${app.appId}/${app.attemptId ?? ''}`;
    let key = base;
    for (let n = 2; seen.has(key); n++) key = `${base}#${n}`;
    seen.add(key);
    return key;
  });
}
