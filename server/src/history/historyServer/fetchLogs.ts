/**
 * Importing from a Spark History Server: the REST API lists applications, and
 * /applications/{id}[/{attempt}]/logs hands out a zip of each attempt's raw event-log files (one file,
 * or a rolling eventlog_v2_… folder), which the ordinary event-log reader then reads.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { apiRoot, DEFAULT_TIMEOUT_MS, download, getJson, HistoryServerError, type RequestOptions } from './http';
import { extractZip, ZipError } from './unzip';

export interface FetchHistoryServerLogsOptions {
  /** These applications only (each looked up by id); default: the server's list. */
  appIds?: string[];
  /** At most this many applications (the server lists the newest first). */
  limit?: number;
  signal?: AbortSignal;
  /** After each attempt, downloaded or failed. */
  onProgress?(done: number, total: number): void;
  /** ms to wait for an answer, and the window over which a download's rate is measured (default 30,000). */
  timeoutMs?: number;
  /** Bytes a download must bring per `timeoutMs` window (default 16 KiB). */
  minBytesPerWindow?: number;
  /** ms one download may take at most (default 3 hours). */
  deadlineMs?: number;
  /**
   * Called with each attempt's folder as soon as it is extracted, before the next is downloaded;
   * the folder is deleted when it returns, so only one application is on disk at a time. Without it
   * the folders are kept and returned in `directories`.
   */
  onFetched?(directory: string): Promise<void>;
  /** Largest zip downloaded (default 4 GiB). */
  maxZipBytes?: number;
  /** Largest total extracted from one zip (default 32 GiB: Spark rolls logs at 128 MB, jobs run long). */
  maxExtractedBytes?: number;
}

export interface FetchHistoryServerLogsResult {
  /** `targetDir/<appId>[_<attempt>]/`, one per attempt fetched, holding the raw log files (without `onFetched`). */
  directories: string[];
  /** Attempts fetched. */
  fetched: number;
  /** Attempts that failed, and zip entries left out; the others are fetched all the same. */
  errors: Array<{ url: string; message: string }>;
}

interface AttemptToFetch {
  appId: string;
  attemptId?: string;
}

const GIB = 1024 * 1024 * 1024;
const MAX_ENTRIES = 10_000;
/** Spark's JSON logs deflate 10–30 to 1; a zip bomb reaches 1,000 to 1. */
const MAX_COMPRESSION_RATIO = 200;

/**
 * baseUrl like http://host:18080 (with or without /api/v1). Lists applications, downloads each
 * attempt's logs zip, extracts it (safely) into `targetDir/<appId>[_<attempt>]/` (replacing what an
 * earlier import left there) and returns the extracted directories for the importer to read. A
 * server that cannot be listed (unreachable, HTTP error, not a history server) rejects with a
 * message naming the URL; the caller's abort rejects with the signal's reason.
 */
export async function fetchHistoryServerLogs(baseUrl: string, targetDir: string, options: FetchHistoryServerLogsOptions = {}): Promise<FetchHistoryServerLogsResult> {
  const api = apiRoot(baseUrl);
  const request = requestOptions(options);
  const result: FetchHistoryServerLogsResult = { directories: [], fetched: 0, errors: [] };

  const attempts = options.appIds ? await attemptsOfApps(api, options.appIds, request, result) : attemptsOf(api, await getJson(listUrl(api, options.limit), request), result);
  const chosen = options.limit !== undefined ? limitApps(attempts, options.limit) : attempts;
  await fs.promises.mkdir(targetDir, { recursive: true });
  options.onProgress?.(0, chosen.length);
  let done = 0;
  for (const attempt of chosen) {
    options.signal?.throwIfAborted();
    const url = `${api}/applications/${encodeURIComponent(attempt.appId)}${attempt.attemptId === undefined ? '' : `/${encodeURIComponent(attempt.attemptId)}`}/logs`;
    let directory: string;
    try {
      const fetched = await fetchAttempt(url, targetDir, attempt, options);
      directory = fetched.directory;
      result.fetched++;
      for (const entry of fetched.skipped) result.errors.push({ url, message: `${url}: zip entry ${JSON.stringify(entry.entry)} skipped: ${entry.reason}` });
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      result.errors.push({ url, message: error instanceof Error ? error.message : String(error) });
      options.onProgress?.(++done, chosen.length);
      continue;
    }
    if (options.onFetched) {
      try {
        await options.onFetched(directory);
      } finally {
        await fs.promises.rm(directory, { recursive: true, force: true });
      }
    } else {
      result.directories.push(directory);
    }
    options.onProgress?.(++done, chosen.length);
  }
  return result;
}

function requestOptions(options: FetchHistoryServerLogsOptions): RequestOptions {
  return {
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    ...(options.minBytesPerWindow !== undefined ? { minBytesPerWindow: options.minBytesPerWindow } : {}),
    ...(options.deadlineMs !== undefined ? { deadlineMs: options.deadlineMs } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };
}

function listUrl(api: string, limit: number | undefined): string {
  return limit === undefined ? `${api}/applications` : `${api}/applications?limit=${Math.max(1, Math.floor(limit))}`;
}

function limitApps(attempts: AttemptToFetch[], limit: number): AttemptToFetch[] {
  const apps = [...new Set(attempts.map((attempt) => attempt.appId))].slice(0, Math.max(0, limit));
  return attempts.filter((attempt) => apps.includes(attempt.appId));
}

async function attemptsOfApps(api: string, appIds: readonly string[], request: RequestOptions, result: FetchHistoryServerLogsResult): Promise<AttemptToFetch[]> {
  const attempts: AttemptToFetch[] = [];
  for (const appId of appIds) {
    const url = `${api}/applications/${encodeURIComponent(appId)}`;
    if (isDotSegment(appId)) {
      result.errors.push({ url, message: `application id ${JSON.stringify(appId)} is not an application id` });
      continue;
    }
    try {
      attempts.push(...attemptsOf(url, [await getJson(url, request)], result));
    } catch (error) {
      if (request.signal?.aborted) throw request.signal.reason;
      result.errors.push({ url, message: error instanceof Error ? error.message : String(error) });
    }
  }
  return attempts;
}

/** '.' and '..' survive encodeURIComponent and would turn /applications/{id}/logs into another endpoint. */
function isDotSegment(id: string): boolean {
  return id === '.' || id === '..';
}

/** The REST API's ApplicationInfo list: [{ id, name, attempts: [{ attemptId?, startTime, … }] }]; ids '.'/'..' are left out and reported. */
function attemptsOf(url: string, listing: unknown, result: FetchHistoryServerLogsResult): AttemptToFetch[] {
  if (!Array.isArray(listing)) throw new HistoryServerError(url, `${url} did not answer with a list of applications: is this a Spark History Server?`);
  const attempts: AttemptToFetch[] = [];
  for (const app of listing) {
    const appId = (app as { id?: unknown } | null)?.id;
    const appAttempts = (app as { attempts?: unknown } | null)?.attempts;
    if (typeof appId !== 'string' || appId === '' || !Array.isArray(appAttempts)) {
      throw new HistoryServerError(url, `${url}: an application without "id" and "attempts": is this a Spark History Server?`);
    }
    const ids = appAttempts.map((attempt) => (attempt as { attemptId?: unknown } | null)?.attemptId).filter((id): id is string => typeof id === 'string' && id !== '');
    const dotted = [appId, ...ids].find(isDotSegment);
    if (dotted !== undefined) {
      result.errors.push({ url, message: `${url}: application ${JSON.stringify(appId)} skipped: ${JSON.stringify(dotted)} is not an id` });
      continue;
    }
    // Without attempt ids (client mode, local), /applications/{id}/logs holds the one attempt.
    if (ids.length === 0) attempts.push({ appId });
    else for (const attemptId of ids) attempts.push({ appId, attemptId });
  }
  return attempts;
}

/** A folder name from an application and attempt id: only [A-Za-z0-9._-], never '.' or '..'. */
export function attemptFolderName(appId: string, attemptId?: string): string {
  const id = attemptId === undefined ? appId : `${appId}_${attemptId}`;
  const name = id.replace(/[^A-Za-z0-9._-]/g, '_');
  if (/^\.*$/.test(name)) return `app_${name.length}`;
  // File names end at 255 bytes (ENAMETOOLONG); the hash keeps distinct ids apart.
  return name.length > MAX_FOLDER_NAME ? `${name.slice(0, 64)}_${crypto.createHash('sha256').update(id).digest('hex').slice(0, 16)}` : name;
}

const MAX_FOLDER_NAME = 100;

async function fetchAttempt(url: string, targetDir: string, attempt: AttemptToFetch, options: FetchHistoryServerLogsOptions): Promise<{ directory: string; skipped: Array<{ entry: string; reason: string }> }> {
  const name = attemptFolderName(attempt.appId, attempt.attemptId);
  const directory = path.join(targetDir, name);
  const token = crypto.randomBytes(4).toString('hex');
  const zipFile = path.join(targetDir, `.${name}.${token}.zip`);
  const staging = path.join(targetDir, `.${name}.${token}.partial`);
  try {
    await download(url, zipFile, options.maxZipBytes ?? 4 * GIB, requestOptions(options));
    await fs.promises.mkdir(staging);
    let extracted;
    try {
      extracted = await extractZip(zipFile, staging, { maxExtractedBytes: options.maxExtractedBytes ?? 32 * GIB, maxEntries: MAX_ENTRIES, maxRatio: MAX_COMPRESSION_RATIO }, options.signal);
    } catch (error) {
      if (error instanceof ZipError) throw new HistoryServerError(url, `${url}: ${error.message}`);
      throw error;
    }
    if (extracted.files.length === 0) {
      const why = extracted.skipped.map((entry) => `; zip entry ${JSON.stringify(entry.entry)} skipped: ${entry.reason}`).join('');
      throw new HistoryServerError(url, `${url}: the zip holds no log files${why}`);
    }
    await fs.promises.rm(directory, { recursive: true, force: true });
    await fs.promises.rename(staging, directory);
    return { directory, skipped: extracted.skipped };
  } finally {
    await fs.promises.rm(zipFile, { force: true });
    await fs.promises.rm(staging, { recursive: true, force: true });
  }
}
