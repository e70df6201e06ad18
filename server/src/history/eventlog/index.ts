/**
 * Streaming reader of one Spark event log: decoded bytes → lines → JSON events → per-application,
 * per-stage-attempt aggregates. Memory is bounded by the longest line (capped, 64 MiB by default)
 * plus the aggregates, which grow with applications, jobs and stage attempts but never with tasks.
 *
 *   const summary = await readEventLog('/logs/local-1642039451826');
 *   for (const app of summary.applications) console.log(app.name, app.totals.shuffleReadBytes);
 *   for (const w of summary.warnings) console.warn(`${w.file}:${w.line}: ${w.message}`);
 *
 * A line that is not JSON, or too long, is skipped with a warning; a cut last line of a log still
 * being written is expected and only noted (`cutLastLine`). Decoding errors (a corrupt or, outside
 * `.inprogress`, cut compressed file) reject with the decoder's DecodeError.
 */
import type { Readable } from 'stream';
import { isInProgress, openDecodedStream } from '../decode';
import type { DecodedStream } from '../decode';
import { EventFolder } from './fold';
import { LineSplitter } from './lines';
import type { EventLogOptions, EventLogSummary, EventLogWarning, EventLogWarningKind } from './types';

export type * from './types';

export const DEFAULT_MAX_LINE_BYTES = 64 * 1024 * 1024;
const DEFAULTS = { quantileSampleSize: 512, slowestTasks: 5, maxWarnings: 200 };

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
  const maxWarnings = options.maxWarnings ?? DEFAULTS.maxWarnings;
  const folder = new EventFolder({
    quantileSampleSize: Math.max(1, options.quantileSampleSize ?? DEFAULTS.quantileSampleSize),
    slowestTasks: options.slowestTasks ?? DEFAULTS.slowestTasks,
  });
  const summary: EventLogSummary = { file: name, applications: [], warnings: [], warningsDropped: 0, lines: 0, events: 0, bytesDecoded: 0 };
  const warn = (line: number, kind: EventLogWarningKind, message: string) => {
    if (summary.warnings.length < maxWarnings) summary.warnings.push({ file: name, line, kind, message } satisfies EventLogWarning);
    else summary.warningsDropped++;
  };
  const decoded = isDecodedStream(source) ? source : undefined;
  /** A last line without newline that is not JSON: held until the end says whether the log was cut. */
  let unterminatedBad: { line: number; message: string } | undefined;

  const splitter = new LineSplitter(options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES, {
    line(bytes, lineNumber, terminated) {
      const event = parseLine(bytes);
      if (event === undefined) return; // blank
      if (typeof event === 'string') {
        if (terminated) warn(lineNumber, 'malformed-json', `malformed JSON, line skipped: ${event}`);
        else unterminatedBad = { line: lineNumber, message: event };
        return;
      }
      summary.events++;
      folder.event(event);
    },
    oversized(lineNumber, byteLength, terminated) {
      const what = terminated ? '' : ' (last line, no newline)';
      warn(lineNumber, 'line-too-long', `line of ${byteLength} bytes${what} is longer than the ${options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES}-byte limit, skipped`);
    },
  });

  for await (const chunk of source as AsyncIterable<Buffer>) {
    summary.bytesDecoded += chunk.length;
    splitter.push(chunk);
  }
  splitter.end();
  summary.lines = splitter.lineNumber;

  if (decoded?.truncated) summary.decoderCut = { offset: decoded.truncatedAt ?? 0, reason: decoded.truncatedReason ?? 'input cut' };
  const beingWritten = options.inProgress === true || decoded?.truncated === true;
  if (unterminatedBad) {
    if (beingWritten) summary.cutLastLine = unterminatedBad.line;
    else warn(unterminatedBad.line, 'malformed-json', `last line has no newline and is not valid JSON (log cut?), skipped: ${unterminatedBad.message}`);
  }
  if (!beingWritten) {
    for (const app of folder.incomplete()) {
      const stages = app.activeStages > 0 ? `; ${app.activeStages} stage attempt${app.activeStages === 1 ? '' : 's'} never completed` : '';
      warn(summary.lines, 'incomplete-application', `log ends without SparkListenerApplicationEnd for application ${app.appId ?? '(no id)'} (driver stopped or log cut)${stages}`);
    }
  }
  summary.applications = folder.applications();
  return summary;
}

function isDecodedStream(source: unknown): source is DecodedStream {
  return typeof source === 'object' && source !== null && 'truncated' in source && 'allowTruncatedEnd' in source;
}

/** The event object; a string saying what is wrong; undefined for a blank line. */
function parseLine(bytes: Buffer): Record<string, unknown> | string | undefined {
  const text = bytes.toString('utf8');
  if (text.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return `not a JSON object (${value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value})`;
  return value as Record<string, unknown>;
}
