/**
 * libzstd's streaming decoder (ZSTD_decompressStream, zstd 1.5.7) compiled to WebAssembly, as the
 * zstddec package ships it (nothing fetched, no native code). The build writes the module to
 * dist/libzstd.wasm beside the bundles; run from out/ (tests), it is read from the package, which
 * embeds it in its JavaScript. zstddec's own wrapper is not used: its streaming cannot be fed input
 * as it arrives and ignores libzstd's error codes, and its start-up (an ES module loaded through
 * `fetch` of a data: URL) cost about 150 ms of CPU per process. Each stream gets an instance of
 * its own, whose memory (up to the frame's window, 128 MiB at most) is released with the stream.
 */
import * as fs from 'fs';
import * as path from 'path';

export const LIBZSTD_WASM_FILE = 'libzstd.wasm';

/** The functions of libzstd the module exports (wasm32: pointers and size_t are 32-bit). */
interface LibZstdExports {
  memory: WebAssembly.Memory;
  malloc(size: number): number;
  free(pointer: number): void;
  ZSTD_createDCtx(): number;
  ZSTD_DStreamOutSize(): number;
  /** Returns a size hint, or a negative error code (libzstd's `(size_t)-code`). */
  ZSTD_decompressStream(dctx: number, output: number, input: number): number;
}

/** The module zstddec embeds in its streaming build, as base64 in `const wasm = "…"`. */
export function embeddedLibZstd(zstddecSource: string): Uint8Array {
  const base64 = /\bconst wasm\s*=\s*["']([A-Za-z0-9+/=]+)["']/.exec(zstddecSource)?.[1];
  if (!base64) throw new Error('zstddec/stream no longer embeds its WebAssembly module as `const wasm = "…"`');
  return Buffer.from(base64, 'base64');
}

function libZstdBytes(): Uint8Array {
  const besideBundle = path.join(__dirname, LIBZSTD_WASM_FILE);
  if (fs.existsSync(besideBundle)) return fs.readFileSync(besideBundle);
  return embeddedLibZstd(fs.readFileSync(require.resolve('zstddec/stream'), 'utf8'));
}

let compiled: Promise<WebAssembly.Module> | undefined;

/** Compiles the module once per process. */
export function loadLibZstd(): Promise<WebAssembly.Module> {
  compiled ??= Promise.resolve().then(() => new WebAssembly.Module(libZstdBytes()));
  return compiled;
}

/** libzstd's ZSTD_ErrorCode names for the codes a decoder can return. */
const ERROR_NAMES: Record<number, string> = {
  1: 'error (generic)',
  10: 'unknown frame descriptor',
  12: 'version not supported',
  14: 'unsupported frame parameter',
  16: 'frame requires too much memory for decoding',
  20: 'data corruption detected',
  22: 'checksum mismatch',
  24: 'corrupted literals header',
  32: 'dictionary mismatch',
  64: 'allocation error: not enough memory',
  70: 'destination buffer is too small',
  72: 'source size is wrong',
  80: 'operation made no progress over multiple calls',
};

export const LIBZSTD_CHECKSUM_WRONG = 22;

export class LibZstdError extends Error {
  constructor(readonly code: number) {
    super(ERROR_NAMES[code] ?? `libzstd error ${code}`);
  }
}

const STRUCT_BYTES = 12; // { pointer, size_t size, size_t pos }

/** One ZSTD_DCtx in an instance of its own: frames are pushed in pieces, decoded bytes come out. */
export class LibZstdStream {
  private readonly exports: LibZstdExports;
  private readonly dctx: number;
  private readonly outSize: number;
  private readonly output: number;
  private readonly inStruct: number;
  private readonly outStruct: number;
  private input = 0;
  private inputCapacity = 0;
  private bytes: Uint8Array;
  private view: DataView;

  constructor(module: WebAssembly.Module) {
    const instance = new WebAssembly.Instance(module, { env: { emscripten_notify_memory_growth: () => undefined } });
    this.exports = instance.exports as unknown as LibZstdExports;
    this.dctx = this.exports.ZSTD_createDCtx();
    this.outSize = this.exports.ZSTD_DStreamOutSize();
    this.output = this.exports.malloc(this.outSize);
    this.inStruct = this.exports.malloc(STRUCT_BYTES);
    this.outStruct = this.exports.malloc(STRUCT_BYTES);
    if (!this.dctx || !this.output || !this.inStruct || !this.outStruct) throw new LibZstdError(64);
    this.bytes = new Uint8Array(this.exports.memory.buffer);
    this.view = new DataView(this.exports.memory.buffer);
  }

  /**
   * Decodes `piece` (any split of the frames), passing every decoded byte to `emit` (chunks of at
   * most ZSTD_DStreamOutSize, 128 KiB). Returns libzstd's hint: 0 when a frame has just ended.
   * Throws LibZstdError; the stream is then unusable.
   */
  push(piece: Uint8Array, emit: (decoded: Uint8Array) => void): number {
    const exports = this.exports;
    if (piece.length > this.inputCapacity) {
      if (this.input) exports.free(this.input);
      this.inputCapacity = Math.max(piece.length, 128 * 1024);
      this.input = exports.malloc(this.inputCapacity);
      if (!this.input) throw new LibZstdError(64);
    }
    this.heap().set(piece, this.input);
    this.setStruct(this.inStruct, this.input, piece.length);
    let hint = 0;
    for (;;) {
      this.setStruct(this.outStruct, this.output, this.outSize);
      hint = exports.ZSTD_decompressStream(this.dctx, this.outStruct, this.inStruct);
      if (hint < 0) throw new LibZstdError(-hint);
      const heap = this.heap(); // decoding may have grown the memory
      const produced = this.view.getUint32(this.outStruct + 8, true);
      if (produced > 0) emit(heap.slice(this.output, this.output + produced));
      const consumed = this.view.getUint32(this.inStruct + 8, true);
      // Done when the input is used up and libzstd had no more to give than the output could take.
      if (consumed === piece.length && produced < this.outSize) return hint;
    }
  }

  private heap(): Uint8Array {
    if (this.bytes.buffer !== this.exports.memory.buffer) {
      this.bytes = new Uint8Array(this.exports.memory.buffer);
      this.view = new DataView(this.exports.memory.buffer);
    }
    return this.bytes;
  }

  private setStruct(at: number, pointer: number, size: number): void {
    this.heap();
    this.view.setUint32(at, pointer, true);
    this.view.setUint32(at + 4, size, true);
    this.view.setUint32(at + 8, 0, true);
  }
}
