/**
 * Fixed-size streaming distribution: exact count/min/max/sum, and a uniform reservoir sample
 * (Vitter's algorithm R) for quantiles. Chosen over a t-digest because it needs no dependency, is
 * exact for stages with at most `capacity` tasks (most stages), and is deterministic (seeded PRNG),
 * so the same log always gives the same figures. Rank error beyond capacity is about 1/√capacity.
 */
import type { Distribution } from './types';

export class Reservoir {
  private readonly sample: number[] = [];
  private seen = 0;
  private sum = 0;
  private min = Infinity;
  private max = -Infinity;
  private state: number;

  constructor(
    private readonly capacity: number,
    seed = 0x9e3779b9,
  ) {
    this.state = seed >>> 0;
  }

  add(value: number): void {
    this.seen++;
    this.sum += value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    if (this.sample.length < this.capacity) {
      this.sample.push(value);
      return;
    }
    const slot = Math.floor(this.random() * this.seen);
    if (slot < this.capacity) this.sample[slot] = value;
  }

  get count(): number {
    return this.seen;
  }

  /** Undefined when nothing was added. */
  summary(): Distribution | undefined {
    if (this.seen === 0) return undefined;
    const sorted = Float64Array.from(this.sample).sort();
    const at = (q: number) => sorted[Math.min(Math.floor(q * sorted.length), sorted.length - 1)]!;
    return {
      count: this.seen,
      min: this.min,
      max: this.max,
      mean: this.sum / this.seen,
      p5: at(0.05),
      p25: at(0.25),
      p50: at(0.5),
      p75: at(0.75),
      p95: at(0.95),
      exact: this.seen <= this.capacity,
    };
  }

  /** mulberry32: small, fast, good enough for sampling. */
  private random(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}
