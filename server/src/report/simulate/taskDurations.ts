/**
 * Rebuilds plausible per-task durations of a stage attempt from what the fold keeps (a quantile
 * summary, the few slowest tasks and the sums), since per-task values are not stored.
 */
import type { Distribution, StageSummary } from '../../history/eventlog/types';

/**
 * `count` sorted values through the distribution's anchors: index 0 = min, index floor(q·count) =
 * the q-quantile (Spark's nearest-rank rule, the one the fold used), the top indices = the slowest
 * successful tasks seen (exact), index count−1 = max; piecewise linear between anchors. Values strictly
 * between two anchors are then bent towards the lower or the upper anchor, all by the same fraction of
 * their room, so that the sum equals count × mean when the anchors allow it; anchors never move, so
 * the quantiles still hold. The bend puts most of a correction where the room is (a long p95→max tail).
 */
export function sortedDurationsFromDistribution(distribution: Distribution, slowestSucceeded: number[] = []): number[] {
  const count = distribution.count;
  if (count <= 0) return [];
  const anchors = new Map<number, number>();
  const exactAnchors = new Set<number>();
  const quantiles: Array<[number, number]> = [
    [0.05, distribution.p5],
    [0.25, distribution.p25],
    [0.5, distribution.p50],
    [0.75, distribution.p75],
    [0.95, distribution.p95],
  ];
  for (const [q, value] of quantiles) anchors.set(Math.min(Math.floor(q * count), count - 1), value);
  const setExact = (index: number, value: number) => {
    anchors.set(index, value);
    exactAnchors.add(index);
  };
  setExact(0, distribution.min);
  const slowest = [...slowestSucceeded].sort((a, b) => b - a).slice(0, count);
  slowest.forEach((value, rank) => setExact(count - 1 - rank, value));
  setExact(count - 1, distribution.max);

  const indices = [...anchors.keys()].sort((a, b) => a - b);
  const values = indices.map((index) => anchors.get(index)!);
  // Sampled quantiles may disagree with exact neighbours (min, slowest, max): exact ones win.
  for (let i = values.length - 2; i >= 0; i--) if (!exactAnchors.has(indices[i]!) && values[i]! > values[i + 1]!) values[i] = values[i + 1]!;
  for (let i = 1; i < values.length; i++) if (values[i]! < values[i - 1]!) values[i] = values[i - 1]!;

  const sorted = new Array<number>(count);
  const lower = new Array<number>(count);
  const upper = new Array<number>(count);
  let sum = 0;
  let roomUp = 0;
  let roomDown = 0;
  for (let a = 0; a < indices.length; a++) {
    const from = indices[a]!;
    const low = values[a]!;
    sorted[from] = low;
    lower[from] = low;
    upper[from] = low;
    sum += low;
    const to = indices[a + 1];
    if (to === undefined) break;
    const high = values[a + 1]!;
    for (let i = from + 1; i < to; i++) {
      const value = low + ((high - low) * (i - from)) / (to - from);
      sorted[i] = value;
      lower[i] = low;
      upper[i] = high;
      sum += value;
      roomUp += high - value;
      roomDown += value - low;
    }
  }
  const missing = count * distribution.mean - sum;
  const room = missing > 0 ? roomUp : roomDown;
  if (missing !== 0 && room > 0) {
    const fraction = Math.min(1, Math.abs(missing) / room);
    for (let i = 0; i < count; i++) {
      const target = missing > 0 ? upper[i]! : lower[i]!;
      sorted[i] = sorted[i]! + (target - sorted[i]!) * fraction;
    }
  }
  return sorted;
}

/**
 * The task attempts of a stage attempt in launch order, as durations (ms): the successful tasks
 * rebuilt from `taskDuration`, the slowest ones at the index Spark gave them and the others in a
 * fixed pseudo-random order (skewed partitions sit anywhere in a real stage); then the failed and
 * killed attempts, which held a slot too, as equal shares of the time they took
 * (tasks.durationMs − successful time), appended because a retry runs after its failure.
 */
export function stageTaskDurations(stage: StageSummary): number[] {
  const totals = stage.tasks;
  const distribution = stage.taskDuration;
  if (!distribution || distribution.count <= 0) {
    // No per-task summary (e.g. no task succeeded): every attempt gets an equal share.
    if (totals.tasks <= 0) return [];
    return new Array<number>(totals.tasks).fill(Math.max(0, totals.durationMs) / totals.tasks);
  }
  const slowestSucceeded = stage.slowestTasks.filter((task) => task.status === 'succeeded');
  const sorted = sortedDurationsFromDistribution(distribution, slowestSucceeded.map((task) => task.durationMs));
  const count = sorted.length;

  const order = new Array<number | undefined>(count);
  const topCount = Math.min(slowestSucceeded.length, count);
  const placed = new Set<number>();
  const bySpeed = [...slowestSucceeded].sort((a, b) => b.durationMs - a.durationMs).slice(0, topCount);
  bySpeed.forEach((task, rank) => {
    let position = Math.min(Math.max(task.index ?? count - 1 - rank, 0), count - 1);
    while (order[position] !== undefined) position = (position + 1) % count;
    order[position] = sorted[count - 1 - rank]!;
    placed.add(count - 1 - rank);
  });
  const rest = sorted.filter((_, i) => !placed.has(i));
  shuffleInPlace(rest, (stage.stageId * 65599 + stage.attemptId + 1) >>> 0);
  let next = 0;
  const durations = new Array<number>(count);
  for (let i = 0; i < count; i++) durations[i] = order[i] ?? rest[next++]!;

  const otherAttempts = totals.tasks - count;
  if (otherAttempts > 0) {
    const otherTime = Math.max(0, totals.durationMs - distribution.count * distribution.mean);
    for (let i = 0; i < otherAttempts; i++) durations.push(otherTime / otherAttempts);
  }
  return durations;
}

/** Fisher–Yates with mulberry32: the same stage always gets the same order. */
function shuffleInPlace(values: number[], seed: number): void {
  let state = seed;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = values.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const swap = values[i]!;
    values[i] = values[j]!;
    values[j] = swap;
  }
}
