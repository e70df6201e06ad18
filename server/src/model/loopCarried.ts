/**
 * Whether a re-binding inside a loop grows one value across iterations (`df = df.withColumn(...)`
 * after `df` was defined before the loop) or only re-derives a value made fresh in the same
 * iteration (`df = spark.table(t)` then `df = df.withColumn(...)`).
 */
import { nestedExtent, UNKNOWN_EXTENT, type LoopExtent } from './loopExtent';
import type { Binding, BranchStep, LoopContext, SparkModel } from './types';

export type LoopRebinding = SparkModel['loopRebindings'][number];

/** `a` runs whenever `b` does: its branch path is a prefix of b's. */
function dominates(a: BranchStep[], b: BranchStep[]): boolean {
  return a.every((step, i) => b[i]?.ifId === step.ifId && b[i]?.branch === step.branch);
}

export function carriedAcrossIterations(entry: LoopRebinding, all: readonly LoopRebinding[], seen = new Set<LoopRebinding>()): boolean {
  // A fold's accumulator is the previous step's result by definition.
  if (entry.loop.kind === 'fold') return true;
  const previous: Binding | undefined = entry.previous;
  if (!previous || seen.has(entry)) return false;
  seen.add(entry);
  if (!previous.loops.some((loop) => loop.id === entry.loop.id)) return true;
  // Defined in another branch of the same iteration (`if i == 0: acc = part else: acc = acc.union(part)`):
  // on later iterations the value comes from the previous one.
  if (entry.binding && !dominates(previous.branches, entry.binding.branches)) return true;
  const earlier = all.find((other) => other.binding === previous && other.loop.id === entry.loop.id);
  return earlier ? carriedAcrossIterations(earlier, all, seen) : false;
}

/**
 * The loops a re-bound value keeps growing across: those around the re-binding that do not also
 * enclose where the value started (for a fold, the fold itself).
 */
export function growthLoops(entry: LoopRebinding, all: readonly LoopRebinding[]): LoopContext[] {
  if (entry.loop.kind === 'fold') return [entry.loop];
  let origin = entry.previous;
  const seen = new Set<Binding>();
  for (let earlier = origin && all.find((o) => o.binding === origin); earlier?.previous && !seen.has(earlier.previous); earlier = all.find((o) => o.binding === origin)) {
    seen.add(earlier.previous);
    origin = earlier.previous;
  }
  const around = entry.binding?.loops ?? [entry.loop];
  const growing = around.filter((loop) => !origin?.loops.some((l) => l.id === loop.id));
  return growing.length > 0 ? growing : [entry.loop];
}

/** How many times the value grows: the product of its growth loops' extents. */
export function growthExtent(entry: LoopRebinding, all: readonly LoopRebinding[]): LoopExtent {
  return nestedExtent(growthLoops(entry, all).map((loop) => loop.extent ?? UNKNOWN_EXTENT));
}
