/**
 * lz4-java's block stream (`LZ4BlockOutputStream`, what Spark's `lz4` codec writes; not the LZ4
 * frame format). Each block has a 21-byte header:
 *   "LZ4Block" | token (method << 4 | level) | compressed length | original length | checksum
 * (little-endian int32s). Method 0x10 stores the bytes raw, 0x20 holds one raw LZ4 block. The
 * checksum is XXH32 (seed 0x9747b28c) of the original bytes masked with 0x0FFFFFFF. An empty raw
 * block ends a stream; Spark reads concatenated streams and also accepts an end on a block
 * boundary without that marker (`stopOnEmptyBlock = false`).
 */
import { decompressBlock } from 'lz4js';
import type { BlockDecoder } from './blockDecoder';
import { partial, readInt32LE, startsWith } from './blockDecoder';
import { FormatError, messageOf } from './errors';
import type { XxHash } from './xxhash';

const MAGIC = new TextEncoder().encode('LZ4Block');
const HEADER_LENGTH = MAGIC.length + 13;
const METHOD_RAW = 0x10;
const METHOD_LZ4 = 0x20;
const LEVEL_BASE = 10;
const CHECKSUM_SEED = 0x9747b28c;
const CHECKSUM_MASK = 0x0fffffff;

export function lz4Decoder(hash: XxHash): BlockDecoder {
  return {
    next(input, emit) {
      if (input.length < HEADER_LENGTH) return false;
      const start = input.offset;
      const header = input.peek(HEADER_LENGTH);
      if (!startsWith(header, MAGIC)) throw new FormatError('not an lz4-java block (no "LZ4Block" magic)', start);
      const token = header[MAGIC.length]!;
      const method = token & 0xf0;
      const maxLength = 1 << (LEVEL_BASE + (token & 0x0f));
      const compressedLength = readInt32LE(header, MAGIC.length + 1);
      const originalLength = readInt32LE(header, MAGIC.length + 5);
      const checksum = readInt32LE(header, MAGIC.length + 9);
      if (method !== METHOD_RAW && method !== METHOD_LZ4) throw new FormatError(`unknown lz4 block method 0x${method.toString(16)}`, start);
      if (
        originalLength < 0 ||
        compressedLength < 0 ||
        originalLength > maxLength ||
        (originalLength === 0) !== (compressedLength === 0) ||
        (method === METHOD_RAW && originalLength !== compressedLength) ||
        compressedLength > originalLength + Math.floor(originalLength / 255) + 16
      ) {
        throw new FormatError(`invalid lz4 block header (compressed ${compressedLength} bytes, original ${originalLength}, at most ${maxLength})`, start);
      }
      if (originalLength === 0) {
        if (checksum !== 0) throw new FormatError('lz4 end-of-stream block has a non-zero checksum', start);
        input.skip(HEADER_LENGTH);
        return true;
      }
      if (input.length < HEADER_LENGTH + compressedLength) return false;
      const block = input.take(HEADER_LENGTH + compressedLength);
      let decoded: Uint8Array;
      if (method === METHOD_RAW) {
        decoded = block.subarray(HEADER_LENGTH);
      } else {
        decoded = new Uint8Array(originalLength);
        let end: number;
        try {
          end = decompressBlock(block, decoded, HEADER_LENGTH, compressedLength, 0);
        } catch (error) {
          throw new FormatError(`lz4 block is corrupt: ${messageOf(error)}`, start, false, { cause: error });
        }
        if (end !== originalLength) throw new FormatError(`lz4 block decoded to ${end} bytes, its header says ${originalLength}`, start);
      }
      const actual = (hash.h32Raw(decoded, CHECKSUM_SEED) & CHECKSUM_MASK) >>> 0;
      if (actual !== checksum >>> 0) {
        throw new FormatError(`lz4 block checksum mismatch (stored 0x${(checksum >>> 0).toString(16)}, computed 0x${actual.toString(16)})`, start);
      }
      emit(decoded);
      return true;
    },
    cutAtEnd(input) {
      if (input.length === 0) return undefined;
      if (input.length < HEADER_LENGTH) return { offset: input.offset, reason: `file ends inside an lz4 block header (${partial(input.length, HEADER_LENGTH)})` };
      const header = input.peek(HEADER_LENGTH);
      const need = HEADER_LENGTH + readInt32LE(header, MAGIC.length + 1);
      return { offset: input.offset, reason: `file ends inside an lz4 block (${partial(input.length, need)})` };
    },
  };
}
