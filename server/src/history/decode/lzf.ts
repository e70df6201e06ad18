/**
 * compress-lzf's stream (`LZFOutputStream`, what Spark's `lzf` codec writes): chunks of
 *   'Z' 'V' 0 | length (u16 BE) | bytes                              (stored)
 *   'Z' 'V' 1 | compressed length (u16 BE) | original length (u16 BE) | LZF data
 * No package decodes this framing, and the LZF block format is a dozen lines, so both are here.
 */
import type { BlockDecoder } from './blockDecoder';
import { partial } from './blockDecoder';
import { FormatError } from './errors';

const TYPE_STORED = 0;
const TYPE_COMPRESSED = 1;

function u16(input: Uint8Array, at: number): number {
  return (input[at]! << 8) | input[at + 1]!;
}

/** liblzf's `lzf_decompress`, with every read and write checked. Returns the decoded length, or -1. */
export function lzfDecompress(src: Uint8Array, start: number, end: number, out: Uint8Array): number {
  let ip = start;
  let op = 0;
  while (ip < end) {
    const ctrl = src[ip++]!;
    if (ctrl < 32) {
      const length = ctrl + 1;
      if (ip + length > end || op + length > out.length) return -1;
      out.set(src.subarray(ip, ip + length), op);
      ip += length;
      op += length;
    } else {
      let length = ctrl >> 5;
      if (length === 7) {
        if (ip >= end) return -1;
        length += src[ip++]!;
      }
      if (ip >= end) return -1;
      let ref = op - ((ctrl & 0x1f) << 8) - 1 - src[ip++]!;
      length += 2;
      if (ref < 0 || op + length > out.length) return -1;
      if (length >= 16 && op - ref >= length) {
        out.copyWithin(op, ref, ref + length);
        op += length;
      } else {
        while (length-- > 0) out[op++] = out[ref++]!;
      }
    }
  }
  return op;
}

export function lzfDecoder(): BlockDecoder {
  const headerLength = (input: { byteAt(i: number): number }) => (input.byteAt(2) === TYPE_COMPRESSED ? 7 : 5);
  return {
    next(input, emit) {
      if (input.length < 3) return false;
      const start = input.offset;
      if (input.byteAt(0) !== 0x5a || input.byteAt(1) !== 0x56) throw new FormatError('not an LZF chunk (no "ZV" signature)', start);
      const type = input.byteAt(2);
      if (type !== TYPE_STORED && type !== TYPE_COMPRESSED) throw new FormatError(`unknown LZF chunk type ${type}`, start);
      const header = headerLength(input);
      if (input.length < header) return false;
      const length = u16(input.peek(header), 3);
      if (input.length < header + length) return false;
      if (type === TYPE_STORED) {
        emit(input.take(header + length).subarray(header));
        return true;
      }
      const originalLength = u16(input.peek(header), 5);
      const chunk = input.take(header + length);
      const decoded = new Uint8Array(originalLength);
      const end = lzfDecompress(chunk, header, header + length, decoded);
      if (end !== originalLength) throw new FormatError(end < 0 ? 'LZF chunk is corrupt' : `LZF chunk decoded to ${end} bytes, its header says ${originalLength}`, start);
      emit(decoded);
      return true;
    },
    cutAtEnd(input) {
      if (input.length === 0) return undefined;
      if (input.length < 3 || input.length < headerLength(input)) return { offset: input.offset, reason: `file ends inside an LZF chunk header (${partial(input.length, input.length < 3 ? 3 : headerLength(input))})` };
      const header = headerLength(input);
      const need = header + u16(input.peek(header), 3);
      return { offset: input.offset, reason: `file ends inside an LZF chunk (${partial(input.length, need)})` };
    },
  };
}
