/**
 * Task durations of a stage re-split into another number of partitions, from the stage's own
 * measured tasks: each task is a fixed overhead plus work. Fewer partitions merge neighbouring
 * tasks (their work adds up, their overheads go); more partitions cut each task's work into equal
 * pieces, except the excess of hot tasks (far above the median), which stays whole in one piece,
 * since hash partitioning never splits a key.
 */
import { SKEW } from '../../verdicts/thresholds';

export function resplitTasks(durations: ArrayLike<number>, count: number, overheadMs: number, options: { removeWorkMs?: number; addWorkMs?: number } = {}): Float64Array {
  const n = durations.length;
  const m = Math.max(1, Math.round(count));
  const result = new Float64Array(m);
  if (n === 0) return result.fill(overheadMs);
  // The stage's work is its task time less one overhead per task, shared out in the shape of the
  // measured durations (clipping each task at its overhead would invent work in a stage of equal tiny tasks).
  let measured = 0;
  for (let i = 0; i < n; i++) measured += durations[i]!;
  const target = Math.max(0, measured - n * overheadMs - (options.removeWorkMs ?? 0) + (options.addWorkMs ?? 0));
  const work = Float64Array.from(durations, (d) => (measured > 0 ? (d * target) / measured : target / n));
  if (m <= n) {
    // Merge: new partition j takes the original tasks [j·n/m, (j+1)·n/m).
    for (let i = 0; i < n; i++) result[Math.min(m - 1, Math.floor((i * m) / n))]! += work[i]!;
  } else {
    const sorted = Float64Array.from(work).sort();
    const cap = SKEW.ratio * Math.max(sorted[Math.floor(n / 2)]!, 1);
    // Split: original task i becomes the new partitions [i·m/n, (i+1)·m/n).
    for (let i = 0; i < n; i++) {
      const from = Math.floor((i * m) / n);
      const to = Math.max(from + 1, Math.floor(((i + 1) * m) / n));
      const w = work[i]!;
      const even = Math.min(w, cap);
      for (let j = from; j < to && j < m; j++) result[j]! += even / (to - from);
      result[from]! += w - even;
    }
  }
  for (let j = 0; j < m; j++) result[j] = result[j]! + overheadMs;
  return result;
}

/** Durations with `removeMs` of task time taken off in proportion to each task's time (never below zero). */
export function withoutTime(durations: ArrayLike<number>, removeMs: number): Float64Array {
  let total = 0;
  for (let i = 0; i < durations.length; i++) total += durations[i]!;
  const keep = total > 0 ? Math.max(0, total - removeMs) / total : 1;
  const result = new Float64Array(durations.length);
  for (let i = 0; i < durations.length; i++) result[i] = durations[i]! * keep;
  return result;
}
