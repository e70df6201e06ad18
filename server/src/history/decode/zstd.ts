/**
 * Zstandard: any number of frames (Spark 4's logs hold one small frame per flush of events), skippable
 * frames ignored. The frame and block boundaries are read here, so that only whole blocks go to
 * fzstd's streaming decompressor (one fresh per frame): offsets in errors are exact, an input cut
 * inside a frame is told from a corrupt one, and the 4-byte content checksum (low half of XXH64),
 * which fzstd does not check, is verified. Memory: one block (at most 128 KiB) plus the frame's
 * window, which the frame header declares and which is limited to MAX_UNIT_BYTES (libzstd's default
 * limit too).
 */
import { Decompress } from 'fzstd';
import type { BlockDecoder, Cut } from './blockDecoder';
import { MAX_UNIT_BYTES, partial, readUint32LE } from './blockDecoder';
import { FormatError, messageOf } from './errors';
import type { XxHash } from './xxhash';

const FRAME_MAGIC = 0xfd2fb528;
const SKIPPABLE_MASK = 0xfffffff0;
const SKIPPABLE_MAGIC = 0x184d2a50;
const MAX_BLOCK = 128 * 1024;
/** fzstd waits for this many bytes before it parses a frame header. */
const FZSTD_HEADER_WAIT = 18;
const BLOCK_RLE = 1;
/** Window descriptor for 2^17 bytes: exponent 17 - 10, mantissa 0. */
const WINDOW_128K = (17 - 10) << 3;
const BLOCK_RESERVED = 3;

interface Frame {
  start: number;
  decompressor: Decompress;
  /** Bytes held back until fzstd has enough to parse the frame header. */
  pending: Uint8Array[] | undefined;
  pendingBytes: number;
  hasChecksum: boolean;
  hasher: ReturnType<XxHash['create64']> | undefined;
  contentSize: number | undefined;
  decodedBytes: number;
  maxBlock: number;
  windowSize: number;
  singleSegment: boolean;
  blocks: number;
  /** The first block is also the last: no block looks back into an earlier one. */
  singleBlock: boolean;
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

export function zstdDecoder(hash: XxHash): BlockDecoder {
  let frame: Frame | undefined;
  let awaitingChecksum = false;
  let skipLeft = 0;
  let output: Uint8Array[] = [];

  function openFrame(header: Uint8Array, start: number): Frame {
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
    const hasChecksum = ((descriptor >> 2) & 1) === 1;
    return {
      start,
      decompressor: new Decompress((data) => {
        if (data.length === 0) return;
        frame!.decodedBytes += data.length;
        frame!.hasher?.update(data);
        output.push(data);
      }),
      pending: [header],
      pendingBytes: header.length,
      hasChecksum,
      hasher: hasChecksum ? hash.create64(0n) : undefined,
      contentSize,
      decodedBytes: 0,
      maxBlock: Math.min(MAX_BLOCK, Math.max(windowSize, 1)),
      windowSize,
      singleSegment: singleSegment === 1,
      blocks: 0,
      singleBlock: false,
    };
  }

  /** Gives fzstd the next whole unit of the current frame; `frameEnds` when it is the frame's last. */
  function feed(current: Frame, unit: Uint8Array, unitStart: number, frameEnds: boolean): void {
    let bytes = unit;
    let final = false;
    if (current.pending) {
      current.pending.push(unit);
      current.pendingBytes += unit.length;
      if (current.pendingBytes < FZSTD_HEADER_WAIT && !frameEnds) return;
      if (current.singleBlock && !current.singleSegment && current.windowSize > MAX_BLOCK) {
        // fzstd allocates (zeroed) and shifts the whole declared window for every frame, which
        // dominates the time on Spark's many small one-block frames. One block never reaches back
        // past its own start, so a 128 KiB window (still the block size limit) decodes it the same.
        const header = Uint8Array.from(current.pending[0]!);
        header[5] = WINDOW_128K;
        current.pending[0] = header;
      }
      bytes = concat(current.pending, current.pendingBytes);
      // A whole frame shorter than fzstd's wait: `final` makes it decode without more input.
      final = current.pendingBytes < FZSTD_HEADER_WAIT;
      current.pending = undefined;
    }
    try {
      current.decompressor.push(bytes, final);
    } catch (error) {
      throw new FormatError(`zstd block is corrupt: ${messageOf(error)}`, unitStart, false, { cause: error });
    }
  }

  function closeFrame(current: Frame, checksum: Uint8Array | undefined, checksumStart: number): void {
    if (current.contentSize !== undefined && current.decodedBytes !== current.contentSize) {
      throw new FormatError(`zstd frame decoded to ${current.decodedBytes} bytes, its header says ${current.contentSize}`, current.start);
    }
    if (checksum && current.hasher) {
      const expected = readUint32LE(checksum, 0);
      const actual = Number(current.hasher.digest() & 0xffffffffn);
      if (actual !== expected) throw new FormatError(`zstd frame checksum mismatch (stored 0x${expected.toString(16)}, computed 0x${actual.toString(16)})`, checksumStart);
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
      frame = openFrame(input.take(headerLength), start);
      return true;
    }
    if (awaitingChecksum) {
      if (input.length < 4) return false;
      const checksum = input.take(4);
      feed(frame, checksum, start, true);
      closeFrame(frame, checksum, start);
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
    const unit = input.take(unitLength);
    frame.blocks += 1;
    if (frame.blocks === 1 && last) frame.singleBlock = true;
    feed(frame, unit, start, last && !frame.hasChecksum);
    if (last) {
      if (frame.hasChecksum) awaitingChecksum = true;
      else closeFrame(frame, undefined, start);
    }
    return true;
  }

  return {
    next(input, emit) {
      output = [];
      const progressed = step(input);
      for (const chunk of output) emit(chunk);
      output = [];
      return progressed;
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

function concat(parts: Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const joined = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    joined.set(part, at);
    at += part.length;
  }
  return joined;
}
