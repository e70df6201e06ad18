/**
 * Merging another process's save into this store before saving over it. The store is one SQLite
 * file that each process holds in memory and writes whole; when the file on disk changed since this
 * process read it (a CLI import next to the editor, two imports at once), the sources this process
 * changed are kept as it has them and every other source is taken from the disk, so neither
 * process's imports are lost. Run under the store's lock (storeLock.ts).
 */
import type { Database, SqlJsStatic } from 'sql.js';
import { TABLES, type TableSpec } from './schema';

/** Tables whose rows belong to an application, parents before children (TABLES' order). */
const APPLICATION_TABLES = TABLES.filter((table) => table.name !== 'applications' && table.columns.some((column) => column.name === 'app_key'));
const SOURCES = TABLES.find((table) => table.name === 'sources')!;
const APPLICATIONS = TABLES.find((table) => table.name === 'applications')!;

const columnList = (table: TableSpec) => table.columns.map((column) => `"${column.name}"`).join(', ');
const copyRows = (table: TableSpec, where: string) => `INSERT INTO main.${table.name} (${columnList(table)}) SELECT ${columnList(table)} FROM disk.${table.name} WHERE ${where}`;

/**
 * Makes `db` hold the disk's store with this process's changes to the `changed` sources on top:
 * - a source this process changed (imported or forgot) stays as it is here, and its applications
 *   win over the disk's applications of the same key (the later import of an application wins);
 * - every other source and its applications are taken from the disk (added, replaced or dropped).
 * `prepareDisk` brings the disk's schema to this version (or refuses it). One transaction.
 */
export function mergeFromDisk(SQL: SqlJsStatic, db: Database, diskBytes: Uint8Array, changed: ReadonlySet<string>, prepareDisk: (disk: Database) => void): void {
  const disk = new SQL.Database(diskBytes);
  try {
    prepareDisk(disk);
    // sql.js keeps every database as a file of its in-memory file system: attach the disk's copy by name.
    db.run(`ATTACH DATABASE '/${disk.filename}' AS disk`);
    try {
      db.run('BEGIN IMMEDIATE');
      try {
        mergeAttached(db, changed);
        db.run('COMMIT');
      } catch (error) {
        db.run('ROLLBACK');
        throw error;
      }
    } finally {
      db.run('DETACH DATABASE disk');
    }
  } finally {
    disk.close();
  }
}

function mergeAttached(db: Database, changed: ReadonlySet<string>): void {
  db.run('CREATE TEMP TABLE changed_sources (path TEXT PRIMARY KEY)');
  db.run('CREATE TEMP TABLE merged_apps (app_key TEXT PRIMARY KEY)');
  try {
    const insert = db.prepare('INSERT INTO temp.changed_sources (path) VALUES (?)');
    try {
      for (const path of changed) insert.run([path]);
    } finally {
      insert.free();
    }
    const unchanged = 'path NOT IN (SELECT path FROM temp.changed_sources)';
    // Sources left alone here: the disk's row wins, unless both are the same import.
    db.run(`DELETE FROM main.sources WHERE ${unchanged} AND NOT EXISTS (SELECT 1 FROM disk.sources d WHERE d.path = sources.path AND d.fingerprint = sources.fingerprint AND d.imported_at = sources.imported_at)`);
    db.run(copyRows(SOURCES, `${unchanged} AND path NOT IN (SELECT path FROM main.sources)`));
    // Applications of those sources that the disk no longer has there (re-imported from another log by the other process).
    db.run(`DELETE FROM main.applications WHERE source_path NOT IN (SELECT path FROM temp.changed_sources) AND NOT EXISTS (SELECT 1 FROM disk.applications d WHERE d.app_key = applications.app_key AND d.source_path = applications.source_path)`);
    db.run(
      `INSERT INTO temp.merged_apps SELECT app_key FROM disk.applications WHERE source_path NOT IN (SELECT path FROM temp.changed_sources) AND source_path IN (SELECT path FROM main.sources) AND app_key NOT IN (SELECT app_key FROM main.applications)`,
    );
    const merged = 'app_key IN (SELECT app_key FROM temp.merged_apps)';
    db.run(copyRows(APPLICATIONS, merged));
    for (const table of APPLICATION_TABLES) db.run(copyRows(table, merged));
    db.run(`UPDATE main.meta SET value = max(value, coalesce((SELECT value FROM disk.meta WHERE key = 'revision'), 0)) + 1 WHERE key = 'revision'`);
  } finally {
    db.run('DROP TABLE temp.changed_sources');
    db.run('DROP TABLE temp.merged_apps');
  }
}
