/**
 * Writes a generated log to disk, streaming: lines are buffered into chunks of a few MB and written
 * with back-pressure, so a log of any size needs only one chunk in memory. A `.zstd` name writes
 * Spark's compressed form: a sequence of independent zstd frames, one per chunk (as Spark's
 * ZStdCompressionCodec does per flushed block).
 */
import * as fs from 'fs';
import { once } from 'events';
import type { GenerateOptions } from './generate';
import { generateEventLog } from './generate';
import type { JobRunDescription } from './types';

const CHUNK_BYTES = 4 * 1024 * 1024;

type Compressor = (chunk: Buffer) => Buffer;

interface ZstdWasm {
  init: () => Promise<void>;
  compress: (data: Uint8Array, level?: number) => Uint8Array;
}

let zstdModule: Promise<ZstdWasm> | undefined;

/** A zstd compressor from @bokuweb/zstd-wasm (pure WASM), loaded on first use. */
export async function loadZstdCompressor(level = 3): Promise<Compressor> {
  zstdModule ??= (async () => {
    const zstd = (await import('@bokuweb/zstd-wasm')) as ZstdWasm;
    await zstd.init();
    return zstd;
  })();
  const zstd = await zstdModule;
  return (chunk: Buffer) => Buffer.from(zstd.compress(chunk, level));
}

export interface WriteOptions {
  /** zstd level for `.zstd` files (default 3; Spark's own default is 1). */
  zstdLevel?: number;
}

/** Writes `lines` (no newlines) to `file`, zstd-compressed when the name ends in `.zstd`. */
export async function writeLines(lines: Iterable<string>, file: string, options: WriteOptions = {}): Promise<{ lines: number; bytes: number }> {
  const compress = file.endsWith('.zstd') ? await loadZstdCompressor(options.zstdLevel ?? 3) : undefined;
  const out = fs.createWriteStream(file);
  const failed = new Promise<never>((_, reject) => out.on('error', reject));
  let parts: string[] = [];
  let size = 0;
  let count = 0;
  let bytes = 0;
  const flush = async () => {
    if (parts.length === 0) return;
    const text = Buffer.from(parts.join(''), 'utf8');
    parts = [];
    size = 0;
    bytes += text.length;
    if (!out.write(compress ? compress(text) : text)) await Promise.race([once(out, 'drain'), failed]);
  };
  for (const line of lines) {
    parts.push(line, '\n');
    size += line.length + 1;
    count++;
    if (size >= CHUNK_BYTES) await flush();
  }
  await flush();
  out.end();
  await Promise.race([once(out, 'finish'), failed]);
  return { lines: count, bytes };
}

/** Generates the described run's log into `file` (`.zstd`: compressed). */
export async function writeEventLog(run: JobRunDescription, file: string, options: GenerateOptions & WriteOptions = {}): Promise<{ lines: number; bytes: number }> {
  return writeLines(generateEventLog(run, options), file, options);
}
