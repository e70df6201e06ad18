import type { ByteQueue } from './byteQueue';

/** Where and why an input ended before a unit its codec requires was complete. */
export interface Cut {
  /** Offset of the first compressed byte that could not be decoded (start of the incomplete unit). */
  offset: number;
  reason: string;
}

/**
 * Decodes a framed codec one unit (frame header, block, chunk) at a time. A decoder keeps at most
 * one unit's state between calls, so memory does not grow with the input.
 */
export interface BlockDecoder {
  /**
   * Decodes the unit at the head of `input` if all of it is there, consuming it and passing what it
   * decodes to `emit`; returns false, consuming nothing, when more input is needed.
   * Throws FormatError for bytes the codec does not allow.
   */
  next(input: ByteQueue, emit: (decoded: Uint8Array) => void): boolean;
  /**
   * Called once when the input has ended and `next` needs more: undefined when the input may end
   * here, otherwise where it was cut.
   */
  cutAtEnd(input: ByteQueue): Cut | undefined;
}

/** Largest block, chunk or window accepted from any codec: bounds the memory one stream can take. */
export const MAX_UNIT_BYTES = 1 << 27;

export function readInt32LE(bytes: Uint8Array, at: number): number {
  return bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24);
}

export function readUint32LE(bytes: Uint8Array, at: number): number {
  return readInt32LE(bytes, at) >>> 0;
}

export function readInt32BE(bytes: Uint8Array, at: number): number {
  return (bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!;
}

export function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  if (bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
  return true;
}

/** "12 of 30 bytes" for cut messages. */
export function partial(have: number, need: number): string {
  return `${have} of ${need} bytes present`;
}
