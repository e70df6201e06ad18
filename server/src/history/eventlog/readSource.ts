/** Reading a whole event log, whatever its layout, into one EventLogSummary. */
import * as fs from 'fs';
import * as path from 'path';
import { decodeStream, isInProgress, openDecodedStream, READ_SIZE } from '../decode';
import type { DecodedStream } from '../decode';
import { abortError, FoldSession } from './foldSession';
import type { EventLogSource } from './layout';
import { legacyCodec, rollingIndex } from './layout';
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
  return session.finish();
}

/** Spark refuses a rolling log with a part missing in the middle; so do we, rather than folding a hole silently. */
function checkRollingParts(source: EventLogSource): void {
  const indices = source.files.map((file) => rollingIndex(path.basename(file)));
  const known = indices.filter((index): index is number => index !== undefined);
  const missing: number[] = [];
  for (let i = 1; i < known.length; i++) for (let n = known[i - 1]! + 1; n < known[i]!; n++) missing.push(n);
  if (missing.length > 0) {
    throw new Error(`rolling event log ${source.path} is missing events_${missing.join(', events_')} (has ${[...new Set(known)].join(', ')}): Spark would not read it either`);
  }
}
