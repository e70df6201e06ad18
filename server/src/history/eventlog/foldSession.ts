/**
 * Folding one or more decoded files (the parts of one event log) into one EventLogSummary: lines →
 * JSON events → one EventFolder. Warnings name the file and the line within that file.
 */
import type { DecodedStream } from '../decode';
import { EventFolder } from './fold';
import * as path from 'path';
import { formatCount } from '../../common/format';
import { LineSplitter } from './lines';
import type { EventLogOptions, EventLogSummary, EventLogWarning, EventLogWarningKind } from './types';

export const DEFAULT_MAX_LINE_BYTES = 64 * 1024 * 1024;
const DEFAULTS = { quantileSampleSize: 512, slowestTasks: 5, maxWarnings: 200 };
/**
 * A file is given up once this many of its lines were not JSON and they outnumber the events: it is
 * not an event log (or is damaged beyond use), and reading on would only cost time.
 */
export const MALFORMED_LINES_TO_GIVE_UP = 1000;

/** The error a file that is mostly malformed rejects with. */
export class MostlyMalformedError extends Error {
  override readonly name = 'MostlyMalformedError';
}

export interface FileFoldOptions {
  /** The file may end with a cut line (it is still being written, or the decoder met a cut). */
  inProgress?: boolean;
  signal?: AbortSignal;
  /** Called after each chunk is folded. */
  onChunk?(): void;
}

/** The error a read stopped by its AbortSignal rejects with. */
export function abortError(what: string, signal: AbortSignal): Error {
  const error = new Error(`${what}: aborted`, { cause: signal.reason });
  error.name = 'AbortError';
  return error;
}

export class FoldSession {
  readonly summary: EventLogSummary;
  private readonly folder: EventFolder;
  private readonly maxWarnings: number;
  private readonly maxLineBytes: number;
  private lastFile: { name: string; lines: number; beingWritten: boolean } | undefined;
  /** The line being folded, for the fold's warnings about odd values. */
  private at = { file: '', line: 0 };

  constructor(name: string, options: EventLogOptions) {
    this.maxWarnings = options.maxWarnings ?? DEFAULTS.maxWarnings;
    this.maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    this.folder = new EventFolder(
      {
        quantileSampleSize: Math.max(1, options.quantileSampleSize ?? DEFAULTS.quantileSampleSize),
        slowestTasks: options.slowestTasks ?? DEFAULTS.slowestTasks,
      },
      (message) => this.warn(this.at.file, this.at.line, 'odd-value', message),
    );
    this.summary = { file: name, applications: [], warnings: [], warningsDropped: 0, lines: 0, events: 0, bytesDecoded: 0 };
  }

  warn(file: string, line: number, kind: EventLogWarningKind, message: string): void {
    if (this.summary.warnings.length < this.maxWarnings) this.summary.warnings.push({ file, line, kind, message } satisfies EventLogWarning);
    else this.summary.warningsDropped++;
  }

  /** Folds one file's decoded bytes, in order after the files before it. */
  async file(source: AsyncIterable<Buffer> | Iterable<Buffer>, name: string, options: FileFoldOptions = {}): Promise<void> {
    const { signal } = options;
    if (signal?.aborted) throw abortError(`reading ${name}`, signal);
    const decoded = isDecodedStream(source) ? source : undefined;
    /** A last line without newline that is not JSON: held until the end says whether the log was cut. */
    let unterminatedBad: { line: number; message: string } | undefined;
    let malformed = 0;
    let events = 0;
    let firstMalformed: { line: number; message: string } | undefined;
    const malformedLine = (lineNumber: number, message: string) => {
      firstMalformed ??= { line: lineNumber, message };
      if (++malformed >= MALFORMED_LINES_TO_GIVE_UP && malformed > events) {
        throw new MostlyMalformedError(
          `not an event log: ${formatCount(malformed)} of the first ${formatCount(lineNumber)} lines of ${path.basename(name)} are not JSON events (line ${firstMalformed.line}: ${firstMalformed.message}); gave up reading it`,
        );
      }
    };
    const splitter = new LineSplitter(this.maxLineBytes, {
      line: (bytes, lineNumber, terminated) => {
        if (terminated && isIgnoredEvent(bytes)) {
          this.summary.events++;
          events++;
          return;
        }
        const event = parseLine(bytes);
        if (event === undefined) return; // blank
        if (typeof event === 'string') {
          if (!terminated) {
            unterminatedBad = { line: lineNumber, message: event };
            return;
          }
          this.warn(name, lineNumber, 'malformed-json', `malformed JSON, line skipped: ${event}`);
          malformedLine(lineNumber, event);
          return;
        }
        this.summary.events++;
        events++;
        this.at = { file: name, line: lineNumber };
        this.folder.event(event);
      },
      oversized: (lineNumber, byteLength, terminated) => {
        const what = terminated ? '' : ' (last line, no newline)';
        this.warn(name, lineNumber, 'line-too-long', `line of ${byteLength} bytes${what} is longer than the ${this.maxLineBytes}-byte limit, skipped`);
        if (terminated) malformedLine(lineNumber, `line of ${byteLength} bytes`);
      },
    });

    // A pending read would otherwise wait for the next chunk before noticing the abort.
    const onAbort = () => decoded?.destroy(abortError(`reading ${name}`, signal!));
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      for await (const chunk of source as AsyncIterable<Buffer>) {
        if (signal?.aborted) throw abortError(`reading ${name}`, signal);
        this.summary.bytesDecoded += chunk.length;
        splitter.push(chunk);
        options.onChunk?.();
      }
    } catch (error) {
      if (signal?.aborted) throw error instanceof Error && error.name === 'AbortError' ? error : abortError(`reading ${name}`, signal);
      throw error;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
    splitter.end();
    this.summary.lines += splitter.lineNumber;

    if (decoded?.truncated) this.summary.decoderCut = { offset: decoded.truncatedAt ?? 0, reason: decoded.truncatedReason ?? 'input cut' };
    const beingWritten = options.inProgress === true || decoded?.truncated === true;
    if (unterminatedBad) {
      if (beingWritten) this.summary.cutLastLine = unterminatedBad.line;
      else this.warn(name, unterminatedBad.line, 'malformed-json', `last line has no newline and is not valid JSON (log cut?), skipped: ${unterminatedBad.message}`);
    }
    this.lastFile = { name, lines: splitter.lineNumber, beingWritten };
  }

  /** Ends the log: applications without an end are reported unless the log is still being written. */
  finish(): EventLogSummary {
    const last = this.lastFile;
    if (last && !last.beingWritten) {
      for (const app of this.folder.incomplete()) {
        const stages = app.activeStages > 0 ? `; ${app.activeStages} stage attempt${app.activeStages === 1 ? '' : 's'} never completed` : '';
        this.warn(last.name, last.lines, 'incomplete-application', `log ends without SparkListenerApplicationEnd for application ${app.appId ?? '(no id)'} (driver stopped or log cut)${stages}`);
      }
    }
    this.summary.applications = this.folder.applications();
    return this.summary;
  }
}

function isDecodedStream(source: unknown): source is DecodedStream {
  return typeof source === 'object' && source !== null && 'truncated' in source && 'allowTruncatedEnd' in source;
}

/**
 * Frequent events the fold never reads (one TaskStart per task, block and metrics updates): their
 * type is in the first bytes Spark writes, so they are counted without being parsed. A whole line
 * that starts and ends like JSON is taken to be JSON; a cut last line is always parsed, so it is
 * still noticed.
 */
const IGNORED_EVENT_PREFIXES = ['SparkListenerTaskStart"', 'SparkListenerTaskGettingResult"', 'SparkListenerBlockUpdated"', 'SparkListenerExecutorMetricsUpdate"', 'SparkListenerStageExecutorMetrics"', 'SparkListenerBlockManagerAdded"'].map((type) => Buffer.from(`{"Event":"${type}`));
const CLOSING_BRACE = 0x7d;

function isIgnoredEvent(bytes: Buffer): boolean {
  if (bytes.length === 0 || bytes[bytes.length - 1] !== CLOSING_BRACE) return false;
  for (const prefix of IGNORED_EVENT_PREFIXES) if (bytes.length > prefix.length && bytes.compare(prefix, 0, prefix.length, 0, prefix.length) === 0) return true;
  return false;
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
