/**
 * Per keystroke, long strings made afresh (an analysis's configuration, a file's facts) are
 * compared with the ones remembered beside every reused function. Two strings that are one object
 * compare at once; equal copies compare character by character. An interner hands back the first
 * string it met of each value, so the remembered and the new one are the same object.
 */
export class Interner {
  private readonly known = new Map<string, string>();

  /** At most `capacity` values are kept: past that, the interner starts afresh. */
  constructor(private readonly capacity: number) {}

  of(value: string): string {
    const known = this.known.get(value);
    if (known !== undefined) return known;
    if (this.known.size >= this.capacity) this.known.clear();
    this.known.set(value, value);
    return value;
  }
}
