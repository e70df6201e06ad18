/**
 * Which compression an event log file uses, from its name, the way Spark's own reader decides
 * (`EventLogFileReader.codecName`): strip `.compact` and `.inprogress`, then the last suffix names
 * the codec; no suffix means plain JSON lines.
 */
import * as path from 'path';

export type Codec = 'plain' | 'zstd' | 'lz4' | 'snappy' | 'lzf' | 'gzip';

/** Suffixes (lower case, with the dot) and the codec each one means. */
export const CODEC_SUFFIXES: Readonly<Record<string, Codec>> = {
  '.zstd': 'zstd',
  '.zst': 'zstd',
  '.lz4': 'lz4',
  '.snappy': 'snappy',
  '.lzf': 'lzf',
  '.gz': 'gzip',
  // Not written by Spark, but what people name a plain log they saved by hand.
  '.json': 'plain',
  '.jsonl': 'plain',
  '.log': 'plain',
  '.txt': 'plain',
};

const IN_PROGRESS = '.inprogress';
const COMPACTED = '.compact';

/** The file name without the `.compact` / `.inprogress` markers Spark adds after the codec suffix. */
function stripMarkers(fileName: string): string {
  let name = fileName;
  for (;;) {
    const lower = name.toLowerCase();
    if (lower.endsWith(COMPACTED)) name = name.slice(0, -COMPACTED.length);
    else if (lower.endsWith(IN_PROGRESS)) name = name.slice(0, -IN_PROGRESS.length);
    else return name;
  }
}

/** The codec suffix of a file name (`.zstd`), '' when there is none. */
export function codecSuffix(filePath: string): string {
  const name = stripMarkers(path.basename(filePath));
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot).toLowerCase();
}

/** The codec a file's name says it uses; undefined when the suffix names no codec known here. */
export function codecForPath(filePath: string): Codec | undefined {
  const suffix = codecSuffix(filePath);
  if (suffix === '') return 'plain';
  return Object.prototype.hasOwnProperty.call(CODEC_SUFFIXES, suffix) ? CODEC_SUFFIXES[suffix] : undefined;
}

/** Whether Spark was still writing the file when it was copied (so it may end mid-block). */
export function isInProgress(filePath: string): boolean {
  let name = path.basename(filePath).toLowerCase();
  if (name.endsWith(COMPACTED)) name = name.slice(0, -COMPACTED.length);
  return name.endsWith(IN_PROGRESS);
}
