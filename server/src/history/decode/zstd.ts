/**
 * Zstandard: any number of frames (Spark 4's logs hold one small frame per flush of events), skippable
 * frames ignored. The frame and block boundaries are read here, so that only whole units (frame
 * header, block, checksum) go to libzstd's streaming decoder: offsets in errors are exact and an
 * input cut inside a frame is told from a corrupt one. libzstd checks the content checksum and the
 * declared content size. Memory: one block (at most 128 KiB) plus the frame's window, which the frame
 * header declares and which is limited to MAX_UNIT_BYTES (libzstd's default limit too).
 */
import type { BlockDecoder, Cut } from './blockDecoder';
import { MAX_UNIT_BYTES, partial, readUint32LE } from './blockDecoder';
import { FormatError } from './errors';
import { LIBZSTD_CHECKSUM_WRONG, LibZstdError, LibZstdStream } from './libzstd';

const FRAME_MAGIC = 0xfd2fb528;
const SKIPPABLE_MASK = 0xfffffff0;
const SKIPPABLE_MAGIC = 0x184d2a50;
const MAX_BLOCK = 128 * 1024;
const BLOCK_RLE = 1;
const BLOCK_RESERVED = 3;

interface Frame {
  start: number;
  hasChecksum: boolean;
  contentSize: number | undefined;
  decodedBytes: number;
  maxBlock: number;
}

function frameHeaderLength(descriptor: number): number {
  const singleSegment = (descriptor >> 5) & 1;
  const dictionaryBytes = [0, 1, 2, 4][descriptor & 3]!;
  const contentSizeBytes = [singleSegment, 2, 4, 8][descriptor >> 6]!;
  return 5 + (singleSegment ? 0 : 1) + dictionaryBytes + contentSizeBytes;
}

function readLE(bytes: Uint8Array, at: number, length: number): number {
  let value = 0;
  for (let i = length - 1; i >= 0; i--) value = value * 256 + bytes[at + i]!;
  return value;
}

/** Reads a frame header, refusing what libzstd would refuse less clearly (or not at all). */
function readFrameHeader(header: Uint8Array, start: number): Frame {
  const descriptor = header[4]!;
  if (descriptor & 0x08) throw new FormatError('zstd frame header has its reserved bit set', start);
  const singleSegment = (descriptor >> 5) & 1;
  const dictionaryBytes = [0, 1, 2, 4][descriptor & 3]!;
  const contentSizeField = descriptor >> 6;
  const contentSizeBytes = [singleSegment, 2, 4, 8][contentSizeField]!;
  let at = 5;
  let windowSize = 0;
  if (!singleSegment) {
    const windowDescriptor = header[at++]!;
    const windowBase = 2 ** (10 + (windowDescriptor >> 3));
    windowSize = windowBase + (windowBase / 8) * (windowDescriptor & 7);
  }
  const dictionaryId = readLE(header, at, dictionaryBytes);
  at += dictionaryBytes;
  let contentSize: number | undefined;
  if (contentSizeBytes > 0) contentSize = readLE(header, at, contentSizeBytes) + (contentSizeField === 1 ? 256 : 0);
  if (singleSegment) windowSize = contentSize!;
  if (dictionaryId !== 0) throw new FormatError(`zstd frame needs dictionary ${dictionaryId}; dictionaries are not supported`, start);
  if (windowSize > MAX_UNIT_BYTES) throw new FormatError(`zstd frame needs a ${windowSize}-byte window, more than the ${MAX_UNIT_BYTES} allowed`, start);
  return {
    start,
    hasChecksum: ((descriptor >> 2) & 1) === 1,
    contentSize,
    decodedBytes: 0,
    maxBlock: Math.min(MAX_BLOCK, Math.max(windowSize, 1)),
  };
}

export function zstdDecoder(module: WebAssembly.Module): BlockDecoder {
  const libzstd = new LibZstdStream(module);
  let frame: Frame | undefined;
  let awaitingChecksum = false;
  let skipLeft = 0;
  let emitDecoded: (decoded: Uint8Array) => void = () => undefined;
  const collect = (decoded: Uint8Array) => {
    frame!.decodedBytes += decoded.length;
    emitDecoded(decoded);
  };

  /** Gives libzstd the next whole unit of the current frame. */
  function feed(unit: Uint8Array, unitStart: number, what: 'header' | 'block' | 'checksum'): void {
    try {
      libzstd.push(unit, collect);
    } catch (error) {
      if (!(error instanceof LibZstdError)) throw error;
      if (error.code === LIBZSTD_CHECKSUM_WRONG) throw new FormatError('zstd frame checksum mismatch: the decoded bytes are not those the frame was written from', unitStart);
      throw new FormatError(`zstd ${what === 'header' ? 'frame header' : what} is corrupt: ${error.message}`, unitStart, false, { cause: error });
    }
  }

  function closeFrame(current: Frame): void {
    if (current.contentSize !== undefined && current.decodedBytes !== current.contentSize) {
      throw new FormatError(`zstd frame decoded to ${current.decodedBytes} bytes, its header says ${current.contentSize}`, current.start);
    }
    frame = undefined;
    awaitingChecksum = false;
  }

  function step(input: Parameters<BlockDecoder['next']>[0]): boolean {
    const start = input.offset;
    if (skipLeft > 0) {
      if (input.length === 0) return false;
      const n = Math.min(skipLeft, input.length);
      input.skip(n);
      skipLeft -= n;
      return true;
    }
    if (!frame) {
      if (input.length < 4) return false;
      const magic = readUint32LE(input.peek(4), 0);
      if (((magic & SKIPPABLE_MASK) >>> 0) === SKIPPABLE_MAGIC) {
        if (input.length < 8) return false;
        skipLeft = readUint32LE(input.take(8), 4);
        return true;
      }
      if (magic !== FRAME_MAGIC) throw new FormatError(`not a zstd frame (magic 0x${magic.toString(16)})`, start);
      if (input.length < 5) return false;
      const headerLength = frameHeaderLength(input.byteAt(4));
      if (input.length < headerLength) return false;
      const header = input.take(headerLength);
      frame = readFrameHeader(header, start);
      feed(header, start, 'header');
      return true;
    }
    if (awaitingChecksum) {
      if (input.length < 4) return false;
      feed(input.take(4), start, 'checksum');
      closeFrame(frame);
      return true;
    }
    if (input.length < 3) return false;
    const header = input.peek(3);
    const blockHeader = header[0]! | (header[1]! << 8) | (header[2]! << 16);
    const last = (blockHeader & 1) === 1;
    const type = (blockHeader >> 1) & 3;
    const size = blockHeader >>> 3;
    if (type === BLOCK_RESERVED) throw new FormatError('zstd block has the reserved block type', start);
    if (size > frame.maxBlock) throw new FormatError(`zstd block of ${size} bytes exceeds the frame's maximum of ${frame.maxBlock}`, start);
    const unitLength = 3 + (type === BLOCK_RLE ? 1 : size);
    if (input.length < unitLength) return false;
    feed(input.take(unitLength), start, 'block');
    if (last) {
      if (frame.hasChecksum) awaitingChecksum = true;
      else closeFrame(frame);
    }
    return true;
  }

  return {
    next(input, emit) {
      emitDecoded = emit;
      return step(input);
    },
    cutAtEnd(input): Cut | undefined {
      const at = input.offset;
      if (skipLeft > 0) return { offset: at, reason: `file ends inside a skippable zstd frame (${skipLeft} bytes missing)` };
      if (!frame) return input.length === 0 ? undefined : { offset: at, reason: `file ends inside a zstd frame header (${input.length} bytes present)` };
      const inFrame = `the zstd frame that started at byte ${frame.start}`;
      if (awaitingChecksum) return { offset: at, reason: `file ends before the checksum of ${inFrame} (${partial(input.length, 4)})` };
      if (input.length < 3) return { offset: at, reason: `file ends inside ${inFrame}, where a block header was expected (${partial(input.length, 3)})` };
      const header = input.peek(3);
      const blockHeader = header[0]! | (header[1]! << 8) | (header[2]! << 16);
      const need = 3 + (((blockHeader >> 1) & 3) === BLOCK_RLE ? 1 : blockHeader >>> 3);
      return { offset: at, reason: `file ends inside a block of ${inFrame} (${partial(input.length, need)})` };
    },
  };
}
