import type { Codec } from './codec';
import { CODEC_SUFFIXES } from './codec';

/** A file's bytes are not valid for its codec, or it ends where the codec does not allow an end. */
export class DecodeError extends Error {
  override readonly name = 'DecodeError';

  constructor(
    /** The file (or stream name) being decoded. */
    readonly file: string,
    readonly codec: Codec,
    /** Offset in the compressed input of the frame, block or chunk that could not be decoded. */
    readonly offset: number,
    /** What was wrong, without the file name. */
    readonly reason: string,
    /** True when the input simply stopped early (a cut `.inprogress` file) rather than being corrupt. */
    readonly truncated = false,
    options?: { cause?: unknown },
  ) {
    super(`cannot decode ${codec} event log ${file} at byte ${offset}: ${reason}`, options);
  }
}

/** The file's suffix names no codec that can be decoded. */
export class UnknownCodecError extends Error {
  override readonly name = 'UnknownCodecError';

  constructor(
    readonly file: string,
    readonly suffix: string,
  ) {
    const known = Object.keys(CODEC_SUFFIXES).join(', ');
    super(`unknown codec "${suffix}" for event log ${file}: expected one of ${known}, or no suffix for plain JSON lines`);
  }
}

/**
 * Thrown by the block decoders, which know offsets but not file names; the stream turns it into a
 * DecodeError.
 */
export class FormatError extends Error {
  override readonly name = 'FormatError';

  constructor(
    readonly reason: string,
    readonly offset: number,
    readonly truncated = false,
    options?: { cause?: unknown },
  ) {
    super(`${reason} (at byte ${offset})`, options);
  }
}

/** The message of anything thrown, for wrapping a library's error. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
