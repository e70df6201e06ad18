/**
 * The Readable every decoder hands out: decoded bytes, plus how the input ended.
 */
import { Readable } from 'stream';
import type { Codec } from './codec';
import type { BlockDecoder, Cut } from './blockDecoder';
import { ByteQueue } from './byteQueue';
import { DecodeError, FormatError } from './errors';

export interface DecodeInfo {
  /** File path, or the name given for a stream; used in errors. */
  name: string;
  codec: Codec;
  /** End cleanly, with `truncated` set, when the input stops inside a block or frame. */
  allowTruncatedEnd: boolean;
}

/** Emitted (event 'truncated', before 'end') when an input allowed to be cut was cut. */
export type TruncatedEnd = Cut;

/**
 * Decoded bytes of one event log. Read it as any Readable or with `for await`; once it has ended,
 * `truncated` tells whether the input was cut inside a frame or block (only possible with
 * `allowTruncatedEnd`; otherwise that is a DecodeError with `truncated: true`).
 */
export abstract class DecodedStream extends Readable {
  readonly name: string;
  readonly codec: Codec;
  readonly allowTruncatedEnd: boolean;
  /** Set when the input ended inside a frame or block and that was allowed. */
  truncated = false;
  /** Where the cut was: offset in the compressed input of the first byte not decoded. */
  truncatedAt: number | undefined;
  /** Why the end counts as cut, e.g. "file ends inside an lz4 block (12 of 4021 bytes present)". */
  truncatedReason: string | undefined;
  /** Decoded bytes produced so far. */
  bytesDecoded = 0;

  protected constructor(info: DecodeInfo) {
    super({ highWaterMark: 64 * 1024 });
    this.name = info.name;
    this.codec = info.codec;
    this.allowTruncatedEnd = info.allowTruncatedEnd;
  }

  /** Compressed bytes consumed so far. */
  abstract get bytesRead(): number;

  /** Ends the stream at a cut input: cleanly if allowed, else with a DecodeError. */
  protected endAtCut(cut: Cut): void {
    if (!this.allowTruncatedEnd) {
      this.destroy(new DecodeError(this.name, this.codec, cut.offset, `${cut.reason}; only a log still being written (.inprogress) may end this way`, true));
      return;
    }
    this.truncated = true;
    this.truncatedAt = cut.offset;
    this.truncatedReason = cut.reason;
    this.emit('truncated', cut);
    this.push(null);
  }

  protected toDecodeError(error: unknown, fallbackOffset: number): Error {
    if (error instanceof DecodeError) return error;
    if (error instanceof FormatError) return new DecodeError(this.name, this.codec, error.offset, error.reason, error.truncated, { cause: error });
    if (error instanceof Error && (error as NodeJS.ErrnoException).code !== undefined && (error as NodeJS.ErrnoException).syscall !== undefined) return error; // I/O: not a decoding problem
    return new DecodeError(this.name, this.codec, fallbackOffset, error instanceof Error ? error.message : String(error), false, { cause: error });
  }
}

/** A framed codec decoded one unit at a time, pulling input only when the next unit needs it. */
export class BlockDecodedStream extends DecodedStream {
  private readonly queue = new ByteQueue();
  private readonly chunks: AsyncIterator<unknown>;
  private decoder: BlockDecoder | undefined;
  private inputDone = false;
  private ended = false;
  private pumping = false;
  private readRequested = false;

  constructor(
    private readonly source: Readable,
    private readonly makeDecoder: () => Promise<BlockDecoder>,
    info: DecodeInfo,
  ) {
    super(info);
    this.chunks = source[Symbol.asyncIterator]();
  }

  get bytesRead(): number {
    return this.queue.offset;
  }

  override _construct(callback: (error?: Error | null) => void): void {
    this.makeDecoder().then(
      (decoder) => {
        this.decoder = decoder;
        callback();
      },
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
    );
  }

  override _read(): void {
    // A read asked for while the pump is busy is remembered, so that no request is ever lost.
    this.readRequested = true;
    if (!this.pumping) void this.pump();
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      while (this.readRequested && !this.destroyed) {
        this.readRequested = false;
        await this.fill();
      }
    } catch (error) {
      this.destroy(this.toDecodeError(error, this.queue.offset));
    } finally {
      this.pumping = false;
    }
  }

  /** Decodes until the reader's buffer is full, the input ends, or an error. */
  private async fill(): Promise<void> {
    const decoder = this.decoder!;
    let wantMore = true;
    const emit = (decoded: Uint8Array) => {
      if (decoded.length === 0) return;
      this.bytesDecoded += decoded.length;
      const buffer = Buffer.isBuffer(decoded) ? decoded : Buffer.from(decoded.buffer, decoded.byteOffset, decoded.length);
      if (!this.push(buffer)) wantMore = false;
    };
    while (wantMore && !this.destroyed && !this.ended) {
      if (decoder.next(this.queue, emit)) continue;
      if (this.inputDone) {
        this.ended = true;
        const cut = decoder.cutAtEnd(this.queue);
        if (cut) this.endAtCut(cut);
        else this.push(null);
        return;
      }
      const next = await this.chunks.next();
      if (this.destroyed) return;
      if (next.done) this.inputDone = true;
      else this.queue.push(toBytes(next.value));
    }
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.source.destroy();
    callback(error);
  }
}

function toBytes(chunk: unknown): Uint8Array {
  if (chunk instanceof Uint8Array) return chunk;
  if (typeof chunk === 'string') return Buffer.from(chunk, 'latin1');
  throw new TypeError(`expected bytes from the input stream, got ${typeof chunk}`);
}
