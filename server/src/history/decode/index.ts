/**
 * Streaming decompression of Spark event logs. `openDecodedStream(path)` picks the codec from the
 * file name, as Spark does, and returns a Readable of the decoded JSON-lines bytes; memory stays
 * bounded by the codec's largest block (or zstd window), never by the file.
 *
 *   const stream = openDecodedStream('/logs/app-1.zstd.inprogress');
 *   for await (const chunk of stream) parse(chunk);
 *   if (stream.truncated) note(`cut at byte ${stream.truncatedAt}`);
 */
import * as fs from 'fs';
import type { Readable } from 'stream';
import type { BlockDecoder } from './blockDecoder';
import type { Codec } from './codec';
import { codecForPath, codecSuffix, isInProgress } from './codec';
import type { DecodedStream } from './decodedStream';
import { BlockDecodedStream } from './decodedStream';
import { UnknownCodecError } from './errors';
import { GzipDecodedStream } from './gzip';
import { lz4Decoder } from './lz4';
import { lzfDecoder } from './lzf';
import { plainDecoder } from './plain';
import { snappyDecoder } from './snappy';
import { loadLibZstd } from './libzstd';
import { loadXxHash } from './xxhash';
import { zstdDecoder } from './zstd';

export type { Codec } from './codec';
export { codecForPath, codecSuffix, isInProgress, CODEC_SUFFIXES } from './codec';
export type { DecodeInfo, TruncatedEnd } from './decodedStream';
export { DecodedStream } from './decodedStream';
export { DecodeError, UnknownCodecError } from './errors';

export interface DecodeOptions {
  /**
   * End cleanly (with `stream.truncated` set and a 'truncated' event) when the input stops inside a
   * frame or block, as a log Spark is still writing does. Default: true for `.inprogress` files,
   * false otherwise, where such an end is a DecodeError.
   */
  allowTruncatedEnd?: boolean;
  /** Bytes per read from the file (default 64 KiB). */
  readSize?: number;
}

/**
 * Decodes the event log at `filePath` as a stream. Throws UnknownCodecError at once when the name's
 * suffix is no known codec; a missing or unreadable file is an 'error' event, as are DecodeErrors.
 */
/** Large reads: per-chunk overhead (stream hops, line splitting) dominates below about 256 KiB. */
export const READ_SIZE = 1024 * 1024;

export function openDecodedStream(filePath: string, options: DecodeOptions = {}): DecodedStream {
  const codec = codecForPath(filePath);
  if (!codec) throw new UnknownCodecError(filePath, codecSuffix(filePath));
  const source = fs.createReadStream(filePath, { highWaterMark: options.readSize ?? READ_SIZE });
  return decodeStream(source, { codec, name: filePath, allowTruncatedEnd: options.allowTruncatedEnd ?? isInProgress(filePath) });
}

/** Decodes compressed bytes from any stream (a zip entry, an HTTP body) given its codec. */
export function decodeStream(source: Readable, options: { codec: Codec; name: string; allowTruncatedEnd?: boolean }): DecodedStream {
  const info = { name: options.name, codec: options.codec, allowTruncatedEnd: options.allowTruncatedEnd ?? false };
  if (options.codec === 'gzip') return new GzipDecodedStream(source, info);
  return new BlockDecodedStream(source, () => blockDecoderFor(options.codec), info);
}

async function blockDecoderFor(codec: Codec): Promise<BlockDecoder> {
  switch (codec) {
    case 'plain':
      return plainDecoder();
    case 'zstd':
      return zstdDecoder(await loadLibZstd());
    case 'lz4':
      return lz4Decoder(await loadXxHash());
    case 'snappy':
      return snappyDecoder();
    case 'lzf':
      return lzfDecoder();
    case 'gzip':
      throw new Error('gzip is decoded by GzipDecodedStream');
  }
}
