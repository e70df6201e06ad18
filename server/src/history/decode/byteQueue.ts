/**
 * The compressed bytes read but not yet decoded: a list of chunks, consumed from the front.
 * It only ever holds the unit (block, chunk or frame header) being assembled plus one read, so its
 * size is bounded by the largest unit a codec allows, not by the file.
 */
export class ByteQueue {
  private chunks: Uint8Array[] = [];
  /** Bytes of chunks[0] already consumed. */
  private head = 0;
  private size = 0;
  private consumed = 0;

  /** Bytes available. */
  get length(): number {
    return this.size;
  }

  /** Offset in the whole input of the first available byte. */
  get offset(): number {
    return this.consumed;
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.size += chunk.length;
  }

  /** The first `n` bytes (n <= length) as one contiguous view, without consuming them. */
  peek(n: number): Uint8Array {
    if (n > this.size) throw new RangeError(`peek(${n}) with only ${this.size} bytes queued`);
    if (n === 0) return new Uint8Array(0);
    const first = this.chunks[0]!;
    if (first.length - this.head >= n) return first.subarray(this.head, this.head + n);
    // The bytes span chunks: copy exactly those n bytes into one array and keep the rest as views.
    const merged = new Uint8Array(n);
    let filled = 0;
    let index = 0;
    let start = this.head;
    while (filled < n) {
      const chunk = this.chunks[index]!;
      const take = Math.min(chunk.length - start, n - filled);
      merged.set(chunk.subarray(start, start + take), filled);
      filled += take;
      if (start + take < chunk.length) {
        this.chunks[index] = chunk.subarray(start + take);
        break;
      }
      index += 1;
      start = 0;
    }
    // chunks[0..index) were copied whole; chunks[index], if any, now starts after the copied bytes.
    this.chunks.splice(0, index, merged);
    this.head = 0;
    return merged;
  }

  /** Byte `i` (i < length) without copying. */
  byteAt(i: number): number {
    let at = i + this.head;
    for (const chunk of this.chunks) {
      if (at < chunk.length) return chunk[at]!;
      at -= chunk.length;
    }
    throw new RangeError(`byteAt(${i}) with only ${this.size} bytes queued`);
  }

  /** Drops the first `n` bytes (n <= length). */
  skip(n: number): void {
    if (n > this.size) throw new RangeError(`skip(${n}) with only ${this.size} bytes queued`);
    this.size -= n;
    this.consumed += n;
    let left = n;
    while (left > 0) {
      const first = this.chunks[0]!;
      const available = first.length - this.head;
      if (left < available) {
        this.head += left;
        return;
      }
      left -= available;
      this.chunks.shift();
      this.head = 0;
    }
  }

  /** The first `n` bytes, consumed. The view stays valid: queued bytes are never overwritten. */
  take(n: number): Uint8Array {
    const bytes = this.peek(n);
    this.skip(n);
    return bytes;
  }
}
