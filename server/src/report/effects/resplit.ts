/**
 * Task durations of a stage re-split into another number of partitions, from the stage's own
 * measured tasks: each task is a fixed overhead plus work; the work of ordinary tasks spreads
 * evenly over the new partitions in the shape the stage had, while the excess of hot tasks (far
 * above the median) stays whole in one task each, since hash partitioning never splits a key.
 */
import { SKEW } from '../../verdicts/thresholds';

export function resplitTasks(durations: ArrayLike<number>, count: number, overheadMs: number, options: { removeWorkMs?: number; addWorkMs?: number } = {}): Float64Array {
  const n = durations.length;
  const result = new Float64Array(Math.max(1, Math.round(count)));
  if (n === 0) return result.fill(overheadMs);
  const work = Float64Array.from(durations, (d) => Math.max(0, d - overheadMs)).sort();
  const total = work.reduce((a, b) => a + b, 0);
  const target = Math.max(0, total - (options.removeWorkMs ?? 0) + (options.addWorkMs ?? 0));
  const scale = total > 0 ? target / total : 0;
  const cap = SKEW.ratio * Math.max(work[Math.floor(n / 2)]! * scale, 1);
  const hot: number[] = [];
  let even = 0;
  const capped = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const w = work[i]! * scale;
    if (w > cap) hot.push(w - cap);
    capped[i] = Math.min(w, cap);
    even += capped[i]!;
  }
  const m = result.length;
  let shapeSum = 0;
  for (let j = 0; j < m; j++) {
    result[j] = capped[Math.min(n - 1, Math.floor(((j + 0.5) / m) * n))]!;
    shapeSum += result[j]!;
  }
  for (let j = 0; j < m; j++) result[j] = overheadMs + (shapeSum > 0 ? (result[j]! * even) / shapeSum : even / m);
  // Hot keys keep their excess, each in one task, spread through the stage as in a real one.
  hot.sort((a, b) => b - a).forEach((excess, k) => {
    const at = Math.min(m - 1, Math.floor(((k % m) + 0.5) * (m / Math.min(m, hot.length))));
    result[at] = result[at]! + excess;
  });
  return result;
}

/** Durations with `removeMs` of task time taken off in proportion to each task's time (never below zero). */
export function withoutTime(durations: ArrayLike<number>, removeMs: number): Float64Array {
  let total = 0;
  for (let i = 0; i < durations.length; i++) total += durations[i]!;
  const keep = total > 0 ? Math.max(0, total - removeMs) / total : 1;
  return Float64Array.from(durations, (d) => d * keep);
}
