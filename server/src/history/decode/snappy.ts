/**
 * snappy-java's stream (`SnappyOutputStream`, what Spark's `snappy` codec writes; not the Snappy
 * framing format): a 16-byte header (magic `82 53 4E 41 50 50 59 00`, then two big-endian int32
 * versions), then chunks of big-endian int32 length + one raw Snappy block. A header may appear
 * again where a chunk length is expected (concatenated streams). There is no checksum.
 */
import { uncompress } from 'snappyjs';
import type { BlockDecoder } from './blockDecoder';
import { MAX_UNIT_BYTES, partial, readInt32BE, startsWith } from './blockDecoder';
import { FormatError, messageOf } from './errors';

const MAGIC = Uint8Array.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
const HEADER_LENGTH = 16;
/** The first four magic bytes read as a chunk length: how snappy-java spots a repeated header. */
const MAGIC_HEAD = readInt32BE(MAGIC, 0);

export function snappyDecoder(): BlockDecoder {
  let needHeader = true;
  return {
    next(input, emit) {
      const start = input.offset;
      if (needHeader) {
        if (input.length < HEADER_LENGTH) return false;
        if (!startsWith(input.peek(HEADER_LENGTH), MAGIC)) throw new FormatError('not a snappy-java stream (bad header magic)', start);
        input.skip(HEADER_LENGTH);
        needHeader = false;
        return true;
      }
      if (input.length < 4) return false;
      const length = readInt32BE(input.peek(4), 0);
      if (length === MAGIC_HEAD) {
        needHeader = true;
        return true;
      }
      if (length < 0 || length > MAX_UNIT_BYTES) throw new FormatError(`invalid snappy chunk length ${length}`, start);
      if (input.length < 4 + length) return false;
      const chunk = input.take(4 + length).subarray(4);
      let decoded: Uint8Array;
      try {
        decoded = uncompress(chunk, MAX_UNIT_BYTES);
      } catch (error) {
        throw new FormatError(`snappy chunk is corrupt: ${messageOf(error)}`, start, false, { cause: error });
      }
      emit(decoded);
      return true;
    },
    cutAtEnd(input) {
      if (input.length === 0) return undefined;
      if (needHeader) return { offset: input.offset, reason: `file ends inside a snappy-java header (${partial(input.length, HEADER_LENGTH)})` };
      if (input.length < 4) return { offset: input.offset, reason: `file ends inside a snappy chunk length (${partial(input.length, 4)})` };
      const need = 4 + readInt32BE(input.peek(4), 0);
      return { offset: input.offset, reason: `file ends inside a snappy chunk (${partial(input.length, need)})` };
    },
  };
}
