/**
 * gzip (Databricks' rotated logs) through Node's zlib, which decodes concatenated members. zlib
 * does not report where in the input it failed, so offsets in errors are the bytes zlib had been
 * given by then (at most one read past the bad spot).
 */
import type { Readable } from 'stream';
import * as zlib from 'zlib';
import type { DecodeInfo } from './decodedStream';
import { DecodedStream } from './decodedStream';
import { DecodeError } from './errors';

export class GzipDecodedStream extends DecodedStream {
  private readonly gunzip: zlib.Gunzip;

  constructor(
    private readonly source: Readable,
    info: DecodeInfo,
  ) {
    super(info);
    const gunzip = zlib.createGunzip({ chunkSize: 64 * 1024 });
    this.gunzip = gunzip;
    source.on('error', (error) => this.destroy(error));
    source.pipe(gunzip);
    gunzip.on('data', (chunk: Buffer) => {
      this.bytesDecoded += chunk.length;
      if (!this.push(chunk)) gunzip.pause();
    });
    gunzip.on('end', () => this.push(null));
    gunzip.on('error', (error: NodeJS.ErrnoException) => {
      // zlib says Z_BUF_ERROR only when its input ended inside a member: the file was cut. An empty
      // file holds no member at all: an empty log, as for every other codec.
      if (error.code === 'Z_BUF_ERROR' && gunzip.bytesWritten === 0) this.push(null);
      else if (error.code === 'Z_BUF_ERROR') this.endAtCut({ offset: gunzip.bytesWritten, reason: 'file ends inside a gzip member' });
      else this.destroy(new DecodeError(this.name, this.codec, gunzip.bytesWritten, error.message, false, { cause: error }));
    });
  }

  get bytesRead(): number {
    return this.gunzip.bytesWritten;
  }

  override _read(): void {
    this.gunzip.resume();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.source.destroy();
    this.gunzip.destroy();
    callback(error);
  }
}
