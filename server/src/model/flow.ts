/**
 * Questions about how often a DataFrame's data is computed, answered from the uses the model
 * recorded. Counts are conservative in the direction of precision: anything we cannot follow
 * (passed to an unknown function, returned, registered as a view) counts as "many".
 */
import { type CountedUse, readsOnOnePath } from './exclusiveBranches';
import { SHUFFLE_OPERATIONS } from './sparkApi';
import type { ActionSite, Binding, BranchStep, CacheSite, ChainStep, FrameValue, Use, WriteSite } from './types';

export const MANY = Number.POSITIVE_INFINITY;

/** A use inside a loop that does not also enclose the binding runs once per iteration. */
export function isRepeated(use: Use): boolean {
  // `df = df.withColumn(...)` in a loop reads the old value once; later iterations read the new one.
  if (use.derived && use.derived.name === use.binding.name) return false;
  return use.loops.some((loop) => !use.binding.loops.some((outer) => outer.id === loop.id));
}

/**
 * How many Spark jobs will read this binding's data (through derived bindings too). Uses we cannot
 * follow count as `unknown`: many by default, none when only known jobs should count. A value
 * returned from its function counts as `returned` (unknown unless the caller's side is followed).
 */
export function executions(binding: Binding, after = -1, seen = new Set<Binding>(), unknown = MANY, returned = unknown, cachedAgain?: (derived: Binding) => boolean): number {
  if (seen.has(binding)) return MANY;
  seen.add(binding);
  const counted: CountedUse[] = [];
  for (const use of binding.uses) {
    if (use.order <= after) continue;
    // A derived DataFrame cached again reads this data once, when its cache is filled (if it is read at all).
    const count = use.derived && cachedAgain?.(use.derived) ? Math.min(1, executions(use.derived, -1, seen, unknown, returned)) : useExecutions(use, seen, unknown, returned);
    counted.push({ branches: use.branches, count: count > 0 && isRepeated(use) ? MANY : count });
  }
  seen.delete(binding);
  return readsOnOnePath(counted);
}

function useExecutions(use: Use, seen: Set<Binding>, unknown: number, returned = unknown): number {
  switch (use.kind) {
    case 'action':
    case 'write':
      return 1;
    case 'escape':
      return use.returned ? returned : unknown;
    case 'iterative':
      return unknown;
    case 'cache':
    case 'unpersist':
      return 0;
    default:
      if (use.executed) return 1;
      return use.derived ? executions(use.derived, -1, seen, unknown, returned) : 0;
  }
}

/**
 * How many consumers read the binding directly, counting mutually exclusive `if`/`else` branches
 * as one path: the number that matters for "computed twice". Only consumers known to run a job
 * count: a value returned, passed to an unknown function or registered as a view may be read once
 * or cached over there.
 */
export function directConsumers(binding: Binding): number {
  const consuming = binding.uses.filter((use) => useExecutions(use, new Set([binding]), 0) > 0);
  if (consuming.some(isRepeated)) return MANY;
  const onOnePath: Use[] = [];
  for (const use of consuming) {
    if (onOnePath.every((other) => compatible(other.branches, use.branches))) onOnePath.push(use);
  }
  return onOnePath.length;
}

function compatible(a: BranchStep[], b: BranchStep[]): boolean {
  return !a.some((stepA) => b.some((stepB) => stepA.ifId === stepB.ifId && stepA.branch !== stepB.branch));
}

/**
 * Whether computing this value runs a shuffle that a cache would save (none since the last cache).
 * `withoutShuffle` lists steps named like a shuffle that do not run one, such as broadcast joins.
 */
export function shuffleSinceLastCache(value: FrameValue | undefined, withoutShuffle: ReadonlySet<ChainStep> = new Set()): boolean {
  for (let current = value; current; current = current.parent) {
    for (let i = current.steps.length - 1; i >= 0; i--) {
      const step = current.steps[i]!;
      const name = step.name;
      if (name === 'cache' || name === 'persist' || name === 'checkpoint' || name === 'localCheckpoint') return false;
      if (SHUFFLE_OPERATIONS.has(name) && !withoutShuffle.has(step)) return true;
    }
    if (current.sourceBinding?.cachedBy) return false;
  }
  return false;
}

/** All steps from the source to this value, oldest first (the other sides of joins not included). */
export function lineageSteps(value: FrameValue | undefined): FrameValue['steps'] {
  const segments: FrameValue['steps'][] = [];
  for (let current = value; current; current = current.parent) segments.push(current.steps);
  return segments.reverse().flat();
}

/** The bindings a value was derived from, nearest first. */
export function ancestorBindings(value: FrameValue | undefined): Binding[] {
  const result: Binding[] = [];
  for (let current = value; current; current = current.parent) if (current.sourceBinding) result.push(current.sourceBinding);
  return result;
}

/** Jobs that read a cache site's data after it is cached: later uses of the cached name(s), plus its own statement's job. */
export function readsAfterCache(site: CacheSite, actions: readonly ActionSite[], writes: readonly WriteSite[]): number {
  let reads = 0;
  if (site.target) reads += executions(site.target, site.order);
  if (site.holder && site.holder !== site.target) reads += executions(site.holder, site.order);
  const sameStatementJob = actions.some((a) => a.statement === site.statement) || writes.some((w) => w.statement === site.statement);
  return reads + (sameStatementJob && !site.standalone ? 1 : 0);
}

/**
 * The last use through which a job reads this binding's data (directly or through derived
 * bindings), or 'unknown' when the data escapes where we cannot follow it.
 */
export function lastReadingUse(binding: Binding, after = -1, seen = new Set<Binding>()): Use | 'unknown' | undefined {
  if (seen.has(binding)) return 'unknown';
  seen.add(binding);
  let last: Use | undefined;
  for (const use of binding.uses) {
    if (use.order <= after) continue;
    let candidate: Use | 'unknown' | undefined;
    if (use.kind === 'escape' || use.kind === 'iterative') candidate = 'unknown';
    else if (use.kind === 'action' || use.kind === 'write' || use.executed) candidate = use;
    else if (use.derived) candidate = lastReadingUse(use.derived, -1, seen);
    if (candidate === 'unknown') return 'unknown';
    if (candidate && (!last || candidate.order > last.order)) last = candidate;
  }
  return last;
}
