/**
 * Where the event logs under a path are, in the layouts Spark and Databricks write:
 *
 * - single: one file `<appId>[_<attempt>][.<codec>][.inprogress]`;
 * - rolling (Spark ≥ 3.0, `spark.eventLog.rolling.enabled`): a directory
 *   `eventlog_v2_<appId>[_<attempt>]` holding `events_<N>_<appId>[.<codec>]` parts, maybe
 *   `.compact` ones, and `appstatus_<appId>[.inprogress]`;
 * - databricks: a directory holding `eventlog` (current) and its rotations
 *   `eventlog-YYYY-MM-DD--HH-MM[.gz]`;
 * - legacy-dir (Spark ≤ 1.2): a directory holding `EVENT_LOG_1` and marker files
 *   (`SPARK_VERSION_…`, `APPLICATION_COMPLETE`, `COMPRESSION_CODEC_…`).
 */
import * as fs from 'fs';
import * as path from 'path';
import { codecForPath, codecSuffix, isInProgress } from '../decode';

export { readEventLogSource } from './readSource';
export type { ReadSourceOptions } from './readSource';

export type EventLogLayout = 'single' | 'rolling' | 'databricks' | 'legacy-dir';

export interface EventLogSource {
  /** Stable identity: the path of the single file or of the directory. */
  path: string;
  layout: EventLogLayout;
  /** Files to read, in order (rolling: events_1, events_2… by N; databricks: rotations eventlog-<date>.gz in date order, then eventlog; legacy: EVENT_LOG_1). */
  files: string[];
  /** Still being written: single file ends in .inprogress, rolling dir has appstatus_*.inprogress, legacy dir lacks APPLICATION_COMPLETE. */
  inProgress: boolean;
  /** Sum of file sizes and newest mtime, for change detection. */
  bytes: number;
  mtimeMs: number;
}

export interface DiscoveredEventLogs {
  sources: EventLogSource[];
  /** Files and folders that are not (part of) an event log, or could not be read, and why. */
  skipped: Array<{ path: string; reason: string }>;
}

/** Folders below the given one that are searched. */
export const MAX_SEARCH_DEPTH = 6;

const ROLLING_DIR = /^eventlog_v2_/;
const ROLLING_PART = /^events_(\d+)_/;
const ROLLING_STATUS = /^appstatus_/;
const DATABRICKS_CURRENT = 'eventlog';
const DATABRICKS_ROTATION = /^eventlog-\d{4}-\d{2}-\d{2}--\d{2}-\d{2}(?:\.gz)?$/;
const LEGACY_LOG = 'EVENT_LOG_1';
const LEGACY_MARKER = /^(?:SPARK_VERSION_|COMPRESSION_CODEC_|APPLICATION_COMPLETE$)/;
const LEGACY_COMPLETE = 'APPLICATION_COMPLETE';
/** Names Spark gives single logs: standalone, YARN, local, Kubernetes application ids. */
const APP_NAME = /^(?:app-|application_|local-|spark-)/;
const SNIFF_BYTES = 512;

/**
 * A file or a folder (searched recursively, ≤ 6 levels, skipping dot-files, dot-dirs and
 * node_modules) → the logs in it. Unknown files are listed in `skipped` with a reason, not errors. A
 * single file path is always a source (even with an unknown name), so the reader can give a clear
 * error for it. Rejects only when `target` itself cannot be read.
 */
export async function discoverEventLogs(target: string): Promise<DiscoveredEventLogs> {
  const found: DiscoveredEventLogs = { sources: [], skipped: [] };
  const seen = new SeenEntries();
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(target);
  } catch (error) {
    throw new Error(`cannot read event logs at ${target}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : messageOf(error)}`, { cause: error });
  }
  if (stat.isDirectory()) {
    seen.firstSight(target, stat);
    await searchFolder(target, 0, found, seen);
  }
  else if (stat.isFile()) found.sources.push(singleSource(target, stat));
  else throw new Error(`cannot read event logs at ${target}: not a regular file or folder`); // a device or a FIFO would never end
  found.sources.sort((a, b) => compare(a.path, b.path));
  found.skipped.sort((a, b) => compare(a.path, b.path));
  return found;
}

interface Entry {
  name: string;
  path: string;
  stat: fs.Stats;
}

/**
 * Folders and files met in one search, by device and inode: links make loops (a link to `.` or to a
 * parent), and N of them would have the search go N^6 folders deep, finding the same logs again.
 */
class SeenEntries {
  private readonly first = new Map<string, string>();

  /** Undefined the first time; else the path it was first seen at. */
  firstSight(entryPath: string, stat: fs.Stats): string | undefined {
    const key = `${stat.dev}:${stat.ino}`;
    const earlier = this.first.get(key);
    if (earlier === undefined) this.first.set(key, entryPath);
    return earlier;
  }
}

async function searchFolder(folder: string, depth: number, found: DiscoveredEventLogs, seen: SeenEntries): Promise<void> {
  if (ROLLING_DIR.test(path.basename(folder))) {
    await rollingSource(folder, found);
    return;
  }
  let names: string[];
  try {
    names = await fs.promises.readdir(folder);
  } catch (error) {
    found.skipped.push({ path: folder, reason: `cannot list folder: ${messageOf(error)}` });
    return;
  }
  const files: Entry[] = [];
  const folders: string[] = [];
  for (const name of names.sort(compare)) {
    if (name.startsWith('.') || name === 'node_modules') continue;
    const entryPath = path.join(folder, name);
    let stat: fs.Stats;
    try {
      stat = await fs.promises.stat(entryPath); // follows symbolic links
    } catch (error) {
      found.skipped.push({ path: entryPath, reason: `cannot read: ${messageOf(error)}` });
      continue;
    }
    const earlier = stat.isDirectory() || stat.isFile() ? seen.firstSight(entryPath, stat) : undefined;
    if (earlier !== undefined) found.skipped.push({ path: entryPath, reason: `the same ${stat.isDirectory() ? 'folder' : 'file'} as ${earlier}` });
    else if (stat.isDirectory()) folders.push(entryPath);
    else if (stat.isFile()) files.push({ name, path: entryPath, stat });
    else found.skipped.push({ path: entryPath, reason: 'not a regular file' });
  }

  let rest = files;
  if (files.some((file) => file.name === LEGACY_LOG)) rest = legacySource(folder, files, found);
  const databricks = rest.filter((file) => file.name === DATABRICKS_CURRENT || DATABRICKS_ROTATION.test(file.name));
  if (databricks.length > 0) {
    found.sources.push(databricksSource(folder, databricks));
    rest = rest.filter((file) => !databricks.includes(file));
  }
  for (const file of rest) {
    const reason = await notALog(file);
    if (reason) found.skipped.push({ path: file.path, reason });
    else found.sources.push(singleSource(file.path, file.stat));
  }

  for (const child of folders) {
    if (depth + 1 > MAX_SEARCH_DEPTH) found.skipped.push({ path: child, reason: `more than ${MAX_SEARCH_DEPTH} folders deep, not searched` });
    else await searchFolder(child, depth + 1, found, seen);
  }
}

function singleSource(file: string, stat: fs.Stats): EventLogSource {
  return { path: file, layout: 'single', files: [file], inProgress: isInProgress(file), bytes: stat.size, mtimeMs: stat.mtimeMs };
}

function sourceOf(folder: string, layout: EventLogLayout, files: Entry[], inProgress: boolean): EventLogSource {
  return {
    path: folder,
    layout,
    files: files.map((file) => file.path),
    inProgress,
    bytes: files.reduce((sum, file) => sum + file.stat.size, 0),
    mtimeMs: files.reduce((newest, file) => Math.max(newest, file.stat.mtimeMs), 0),
  };
}

/** Why a file found while searching is not read as a single log; undefined when it is one. */
async function notALog(file: Entry): Promise<string | undefined> {
  const codec = codecForPath(file.name);
  if (codec === undefined) return `not an event log: unknown file type "${codecSuffix(file.name)}"`;
  if (codec !== 'plain') return undefined; // compressed: only logs are named so here
  if (APP_NAME.test(file.name) || isInProgress(file.name)) return undefined;
  if (await startsWithEvent(file.path)) return undefined;
  return 'not an event log: the name is not an application id (app-*, application_*, local-*, spark-*) and the file does not start with {"Event"';
}

async function startsWithEvent(file: string): Promise<boolean> {
  let handle: fs.promises.FileHandle | undefined;
  try {
    handle = await fs.promises.open(file, 'r');
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    const head = buffer.subarray(0, bytesRead).toString('utf8').replace(/^\uFEFF/, '').trimStart();
    return /^\{\s*"Event"\s*:/.test(head);
  } catch {
    return false;
  } finally {
    await handle?.close();
  }
}

/**
 * A rolling log's parts in reading order, as Spark's RollingEventLogFilesFileReader picks them: by
 * index, a `.compact` part after the plain part of the same index, nothing before the last compact
 * part (it holds the earlier events).
 */
export function rollingParts(names: string[]): string[] {
  const parts = names
    .filter((name) => ROLLING_PART.test(name))
    .map((name) => ({ name, order: Number(ROLLING_PART.exec(name)![1]) + (isCompacted(name) ? 0.5 : 0) }))
    .sort((a, b) => a.order - b.order);
  let lastCompact = -1;
  parts.forEach((part, index) => {
    if (isCompacted(part.name)) lastCompact = index;
  });
  return parts.slice(Math.max(0, lastCompact)).map((part) => part.name);
}

export function rollingIndex(fileName: string): number | undefined {
  const match = ROLLING_PART.exec(fileName);
  return match ? Number(match[1]) : undefined;
}

function isCompacted(name: string): boolean {
  return name.toLowerCase().endsWith('.compact');
}

async function rollingSource(folder: string, found: DiscoveredEventLogs): Promise<void> {
  let entries: Entry[];
  try {
    entries = await filesIn(folder);
  } catch (error) {
    found.skipped.push({ path: folder, reason: `cannot list rolling event log folder: ${messageOf(error)}` });
    return;
  }
  const order = rollingParts(entries.map((entry) => entry.name));
  const parts = order.map((name) => entries.find((entry) => entry.name === name)!);
  if (parts.length === 0) {
    found.skipped.push({ path: folder, reason: 'rolling event log folder without events_<N>_… files' });
    return;
  }
  const status = entries.find((entry) => ROLLING_STATUS.test(entry.name));
  for (const entry of entries) {
    if (!ROLLING_PART.test(entry.name) && !ROLLING_STATUS.test(entry.name)) found.skipped.push({ path: entry.path, reason: 'not part of the rolling event log it is in' });
  }
  found.sources.push(sourceOf(folder, 'rolling', parts, status !== undefined && isInProgress(status.name)));
}

/** Rotations in date order (the name sorts by date), then the current file. */
function databricksSource(folder: string, files: Entry[]): EventLogSource {
  const rotations = files.filter((file) => file.name !== DATABRICKS_CURRENT).sort((a, b) => compare(a.name, b.name));
  const current = files.filter((file) => file.name === DATABRICKS_CURRENT);
  return sourceOf(folder, 'databricks', [...rotations, ...current], false);
}

/** The Spark ≤ 1.2 log of `folder`; returns the files that are not part of it. */
function legacySource(folder: string, files: Entry[], found: DiscoveredEventLogs): Entry[] {
  const log = files.find((file) => file.name === LEGACY_LOG)!;
  const complete = files.some((file) => file.name === LEGACY_COMPLETE);
  found.sources.push(sourceOf(folder, 'legacy-dir', [log], !complete));
  return files.filter((file) => file !== log && !LEGACY_MARKER.test(file.name));
}

/** The codec a Spark ≤ 1.2 log folder names in its COMPRESSION_CODEC_<codec> marker, if any. */
export async function legacyCodec(folder: string): Promise<'lz4' | 'lzf' | 'snappy' | 'zstd' | undefined> {
  const marker = (await fs.promises.readdir(folder)).find((name) => name.startsWith('COMPRESSION_CODEC_'));
  if (!marker) return undefined;
  const codec = marker.slice('COMPRESSION_CODEC_'.length).toLowerCase();
  for (const known of ['lz4', 'lzf', 'snappy', 'zstd'] as const) if (codec.includes(known)) return known;
  throw new Error(`${folder}: unknown compression codec in ${marker}`);
}

async function filesIn(folder: string): Promise<Entry[]> {
  const entries: Entry[] = [];
  for (const name of (await fs.promises.readdir(folder)).sort(compare)) {
    if (name.startsWith('.')) continue;
    const entryPath = path.join(folder, name);
    const stat = await fs.promises.stat(entryPath);
    if (stat.isFile()) entries.push({ name, path: entryPath, stat });
  }
  return entries;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
