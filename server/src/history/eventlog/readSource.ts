/** Reading a whole event log, whatever its layout, into one EventLogSummary. */
import * as fs from 'fs';
import * as path from 'path';
import { decodeStream, isInProgress, openDecodedStream, READ_SIZE } from '../decode';
import type { DecodedStream } from '../decode';
import { abortError, FoldSession } from './foldSession';
import type { EventLogSource } from './layout';
import { legacyCodec, rollingIndex } from './layout';
import { formatCount } from '../../common/format';
import type { EventLogOptions, EventLogSummary } from './types';

export interface ReadSourceOptions extends EventLogOptions {
  /** Stops the read: the promise rejects with an Error named 'AbortError'. */
  signal?: AbortSignal;
  /** Progress, in raw (compressed) bytes of the source's files read so far: comparable with `source.bytes`. */
  onBytes?(bytesSoFar: number): void;
}

/**
 * Folds all files of a source into one EventLogSummary (one EventFolder across files, so an
 * application spread over rolled files is one application). Warnings name the file and the line
 * within that file; `file` of the summary is `source.path`. Only the last file of a source still
 * being written may end cut.
 */
export async function readEventLogSource(source: EventLogSource, options: ReadSourceOptions = {}): Promise<EventLogSummary> {
  const { signal, onBytes } = options;
  if (source.layout === 'rolling') checkRollingParts(source);
  const codec = source.layout === 'legacy-dir' ? await legacyCodec(source.path) : undefined;
  const session = new FoldSession(source.path, options);
  if (source.layout === 'rolling') warnIfStartMissing(source, session);
  let bytesBefore = 0;
  for (const [index, file] of source.files.entries()) {
    if (signal?.aborted) throw abortError(`reading ${source.path}`, signal);
    const last = index === source.files.length - 1;
    const inProgress = isInProgress(file) || (last && source.inProgress);
    const allowTruncatedEnd = options.allowTruncatedEnd ?? inProgress;
    const stream: DecodedStream = codec ? decodeStream(fs.createReadStream(file, { highWaterMark: READ_SIZE }), { codec, name: file, allowTruncatedEnd }) : openDecodedStream(file, { allowTruncatedEnd });
    const before = bytesBefore;
    await session.file(stream, file, { inProgress, ...(signal ? { signal } : {}), onChunk: () => onBytes?.(before + stream.bytesRead) });
    bytesBefore += stream.bytesRead;
    onBytes?.(bytesBefore);
  }
  // Whatever the codec: a log that is still being written may be empty yet, a finished one may not.
  if (session.summary.bytesDecoded === 0 && !source.inProgress) throw new Error('empty log: no events to import');
  return session.finish();
}

/** Missing names listed in a message; the rest are only counted. */
const MISSING_PARTS_SHOWN = 5;

/**
 * Spark refuses a rolling log with a part missing in the middle; so do we, rather than folding a hole
 * silently. The gaps are counted, never listed by index: an index comes from a file name and may be huge.
 */
function checkRollingParts(source: EventLogSource): void {
  const names = source.files.map((file) => path.basename(file));
  const known = [...new Set(names.map((name) => rollingIndex(name)).filter((index): index is number => index !== undefined))];
  // events_1_… and events_01_…: Spark never writes both; reading both would count their events twice.
  const byNumber = new Map<number, string>();
  for (const name of names) {
    const index = rollingIndex(name);
    if (index === undefined || name.toLowerCase().endsWith('.compact')) continue;
    const other = byNumber.get(index);
    if (other !== undefined) throw new Error(`rolling event log ${source.path} has two parts numbered ${index}: ${other} and ${name}`);
    byNumber.set(index, name);
  }
  const shown: number[] = [];
  let missing = 0;
  for (let i = 1; i < known.length; i++) {
    const gap = known[i]! - known[i - 1]! - 1;
    if (gap <= 0) continue;
    for (let n = known[i - 1]! + 1; n < known[i]! && shown.length < MISSING_PARTS_SHOWN; n++) shown.push(n);
    missing += gap;
  }
  if (missing === 0) return;
  const more = missing > shown.length ? ` and ${formatCount(missing - shown.length)} more` : '';
  const has = known.length > MISSING_PARTS_SHOWN ? `${known.length} parts from events_${known[0]} to events_${known[known.length - 1]}` : known.join(', ');
  throw new Error(`rolling event log ${source.path} is missing events_${shown.join(', events_')}${more} (has ${has}): Spark would not read it either`);
}

/** Without events_1 (or a compacted part standing for it) the application's start is gone: say so rather than import a nameless run silently. */
function warnIfStartMissing(source: EventLogSource, session: FoldSession): void {
  const first = source.files[0];
  if (first === undefined || first.toLowerCase().endsWith('.compact') || rollingIndex(path.basename(first)) === 1) return;
  session.warn(first, 1, 'missing-start', `rolling event log ${source.path} has no events_1 part (deleted without compaction?): it starts at ${path.basename(first)}, so the application's start (id, name, configuration) and the events before it are missing`);
}
