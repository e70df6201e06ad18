/**
 * Reads in branches of which only one runs (`if` / `else`, the arms of a `match`) are
 * alternatives: the reads on the way through the code are the most any one branch reads, not
 * the sum of all of them.
 */
import type { BranchStep } from './types';

/** A number of reads made where the code's branches say. */
export interface CountedUse {
  branches: readonly BranchStep[];
  count: number;
}

/** The most reads any one way through the branches makes. */
export function readsOnOnePath(uses: readonly CountedUse[], depth = 0): number {
  let total = 0;
  // ifId → branch → the uses inside that branch.
  const conditionals = new Map<number, Map<number, CountedUse[]>>();
  for (const use of uses) {
    const step = use.branches[depth];
    if (!step) {
      total += use.count;
      continue;
    }
    let arms = conditionals.get(step.ifId);
    if (!arms) conditionals.set(step.ifId, (arms = new Map()));
    let arm = arms.get(step.branch);
    if (!arm) arms.set(step.branch, (arm = []));
    arm.push(use);
  }
  for (const arms of conditionals.values()) {
    let most = 0;
    for (const arm of arms.values()) most = Math.max(most, readsOnOnePath(arm, depth + 1));
    total += most;
  }
  return total;
}
