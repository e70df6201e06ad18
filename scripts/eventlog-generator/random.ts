/** Seeded randomness, so a description always yields the same log byte for byte. */

/** sfc32: small, fast, good enough for simulated task figures. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 15; i++) this.next();
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.a >>>= 0;
    this.b >>>= 0;
    this.c >>>= 0;
    this.d >>>= 0;
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** A child generator, so adding draws in one place does not shift every later figure. */
  fork(label: string | number): Rng {
    return new Rng(hashString(`${label}`) ^ Math.floor(this.next() * 4294967296));
  }

  hex(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += Math.floor(this.next() * 16).toString(16);
    return out;
  }
}

/** FNV-1a, for seeds derived from names. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * Splits an integer total over weights so the parts are integers summing exactly to `total`
 * (largest remainders get the leftover units).
 */
export function splitTotal(total: number, weights: readonly number[]): number[] {
  const count = weights.length;
  if (count === 0) return [];
  const whole = Math.round(total);
  const sum = weights.reduce((acc, w) => acc + w, 0);
  if (sum <= 0) {
    const parts = new Array<number>(count).fill(0);
    parts[0] = whole;
    return parts;
  }
  const parts = new Array<number>(count);
  const remainders: Array<[number, number]> = [];
  let assigned = 0;
  for (let i = 0; i < count; i++) {
    const exact = (whole * weights[i]!) / sum;
    const floor = Math.floor(exact);
    parts[i] = floor;
    assigned += floor;
    remainders.push([exact - floor, i]);
  }
  let left = whole - assigned;
  if (left > 0) {
    remainders.sort((x, y) => y[0] - x[0] || x[1] - y[1]);
    for (let k = 0; left > 0; k = (k + 1) % count, left--) parts[remainders[k]![1]]!++;
  }
  return parts;
}
