/**
 * Streaming reader of Spark event logs: decoded bytes → lines → JSON events → per-application,
 * per-stage-attempt aggregates, SQL plans and cached RDDs. Memory is bounded by the longest line
 * (capped, 64 MiB by default) plus the aggregates, which grow with applications, jobs, stage attempts
 * and plan nodes but never with tasks.
 *
 *   const summary = await readEventLog('/logs/local-1642039451826');
 *   for (const app of summary.applications) console.log(app.name, app.totals.shuffleReadBytes);
 *   for (const w of summary.warnings) console.warn(`${w.file}:${w.line}: ${w.message}`);
 *
 * A whole log in any layout (single file, rolling directory, Databricks rotations, Spark ≤ 1.2
 * directory): `discoverEventLogs(folder)` then `readEventLogSource(source)`.
 *
 * A line that is not JSON, or too long, is skipped with a warning; a cut last line of a log still
 * being written is expected and only noted (`cutLastLine`). Decoding errors (a corrupt or, outside
 * `.inprogress`, cut compressed file) reject with the decoder's DecodeError.
 */
import type { Readable } from 'stream';
import { isInProgress, openDecodedStream } from '../decode';
import { FoldSession } from './foldSession';
import type { EventLogOptions, EventLogSummary } from './types';

export type * from './types';
export { DEFAULT_MAX_LINE_BYTES } from './foldSession';
export { discoverEventLogs, readEventLogSource } from './layout';
export type { DiscoveredEventLogs, EventLogLayout, EventLogSource, ReadSourceOptions } from './layout';

/** Reads and folds the event log at `filePath` (any codec `openDecodedStream` knows). */
export async function readEventLog(filePath: string, options: EventLogOptions = {}): Promise<EventLogSummary> {
  const stream = openDecodedStream(filePath, options.allowTruncatedEnd === undefined ? {} : { allowTruncatedEnd: options.allowTruncatedEnd });
  return foldEventLog(stream, filePath, { ...options, inProgress: isInProgress(filePath) });
}

/**
 * Folds decoded event-log bytes from any stream (e.g. a zip entry through `decodeStream`). `name`
 * goes into warnings; `inProgress` says a cut last line is expected.
 */
export async function foldEventLog(source: Readable | AsyncIterable<Buffer> | Iterable<Buffer>, name: string, options: EventLogOptions & { inProgress?: boolean } = {}): Promise<EventLogSummary> {
  const session = new FoldSession(name, options);
  await session.file(source as AsyncIterable<Buffer>, name, { inProgress: options.inProgress === true });
  return session.finish();
}
