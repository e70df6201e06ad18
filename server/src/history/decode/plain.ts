import type { BlockDecoder } from './blockDecoder';

/** Uncompressed logs: bytes pass through as read. */
export function plainDecoder(): BlockDecoder {
  return {
    next(input, emit) {
      if (input.length === 0) return false;
      emit(input.take(input.length));
      return true;
    },
    cutAtEnd: () => undefined,
  };
}
