/**
 * Binary min-heap of (time, integer) pairs in typed arrays: the replay pushes and pops once per
 * task, so it must not allocate. Among equal times the order is arbitrary but fixed.
 */
export class MinHeap {
  private keys: Float64Array;
  private values: Int32Array;
  private count = 0;

  /** Sized for `capacity` pairs up front: growing later works but makes V8 recompile the callers. */
  constructor(capacity = 64) {
    const size = Math.max(1, Math.min(capacity, 2 ** 30));
    this.keys = new Float64Array(size);
    this.values = new Int32Array(size);
  }

  get size(): number {
    return this.count;
  }

  /** Pairs it holds without growing. */
  get capacity(): number {
    return this.keys.length;
  }

  /** Empties it, keeping its arrays for the next use. */
  clear(): void {
    this.count = 0;
  }

  /** The smallest time; Infinity when empty. */
  peekKey(): number {
    return this.count > 0 ? this.keys[0]! : Number.POSITIVE_INFINITY;
  }

  push(key: number, value: number): void {
    if (this.count === this.keys.length) this.grow();
    const keys = this.keys;
    const values = this.values;
    let child = this.count++;
    while (child > 0) {
      const parent = (child - 1) >> 1;
      const parentKey = keys[parent]!;
      if (parentKey <= key) break;
      keys[child] = parentKey;
      values[child] = values[parent]!;
      child = parent;
    }
    keys[child] = key;
    values[child] = value;
  }

  /** The value of the smallest pair; call only when size > 0. */
  peekValue(): number {
    return this.values[0]!;
  }

  /** Removes the smallest pair and returns its value; call only when size > 0. */
  pop(): number {
    const top = this.values[0]!;
    const last = --this.count;
    if (last === 0) return top;
    this.siftDown(this.keys[last]!, this.values[last]!, last);
    return top;
  }

  /** pop() then push(key, value) in one pass; call only when size > 0. */
  replaceTop(key: number, value: number): number {
    const top = this.values[0]!;
    this.siftDown(key, value, this.count);
    return top;
  }

  /** Puts (key, value) at the root of the first `size` entries and moves it down to its place. */
  private siftDown(key: number, value: number, size: number): void {
    const keys = this.keys;
    const values = this.values;
    const last = size;
    let parent = 0;
    for (;;) {
      let child = 2 * parent + 1;
      if (child >= last) break;
      if (child + 1 < last && keys[child + 1]! < keys[child]!) child++;
      if (key <= keys[child]!) break;
      keys[parent] = keys[child]!;
      values[parent] = values[child]!;
      parent = child;
    }
    keys[parent] = key;
    values[parent] = value;
  }

  private grow(): void {
    const keys = new Float64Array(this.keys.length * 2);
    const values = new Int32Array(this.keys.length * 2);
    keys.set(this.keys);
    values.set(this.values);
    this.keys = keys;
    this.values = values;
  }
}
