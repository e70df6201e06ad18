/**
 * Whether a re-binding inside a loop grows one value across iterations (`df = df.withColumn(...)`
 * after `df` was defined before the loop) or only re-derives a value made fresh in the same
 * iteration (`df = spark.table(t)` then `df = df.withColumn(...)`).
 */
import type { Binding, BranchStep, SparkModel } from './types';

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
