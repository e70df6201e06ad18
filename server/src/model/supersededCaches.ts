/**
 * A cache a function copies into another cache it hands back:
 *
 *     joined = orders.join(customers, "id").cache()
 *     print(joined.count(), joined.filter(…).count())
 *     return joined.filter(F.col("ok")).cache()
 *
 * Caching is lazy, so the copy is filled when the caller first reads it, and that fill is the
 * last read of `joined`: from then on every read hits the copy. Nothing releases `joined`, so it
 * stays held while the caller goes on with the copy's heavy work. Whether it is "read once" or
 * "held" is decided by the caller's first job on the copy, which only the calling code shows.
 */
import { comparePositions } from '../syntax/spans';
import { withoutDebugOnlyUses } from './debugGuards';
import { executions, MANY } from './flow';
import { isUnpersisted } from './cacheHolding';
import { arrivalBindings, arrivalsOf, type CacheArrival } from './returnedCaches';
import type { Binding, CacheSite, SparkModel, Use } from './types';

export interface SupersededCache {
  /** The cache's holder in its function. */
  holder: Binding;
  /** The cache the function hands back, made from this one's data. */
  copy: CacheSite;
  /** Jobs of the function on the data before it hands back the copy (the copy's own fill not counted). */
  readsBefore: number;
  /** Each call of this file that receives the copy, with the caller's first job on it: the copy's fill, and this cache's last read. */
  fills: Array<{ arrival: CacheArrival; binding: Binding; firstRead: Use }>;
}

/** The cache `site` when its function hands back a cached copy of it as its last use and never releases it. */
export function supersededCache(model: SparkModel, site: CacheSite): SupersededCache | undefined {
  if ((site.method !== 'cache' && site.method !== 'persist') || site.loops.length > 0) return undefined;
  const holder = site.holder ?? site.target;
  if (!holder || holder.isParameter || isUnpersisted(model, [holder])) return undefined;
  const later = holder.uses.filter((use) => use.order > site.order);
  const last = later.reduce<Use | undefined>((found, use) => (!found || use.order > found.order ? use : found), undefined);
  const copy = last && copyHandedBack(model, site, last);
  if (!copy) return undefined;
  // Anything else that lets the data go where we cannot follow may read it after the copy.
  if (later.some((use) => use !== last && (use.kind === 'escape' || use.kind === 'iterative'))) return undefined;
  const readsBefore = executions(withoutDebugOnlyUses(model, holder), site.order, new Set(), MANY, 0);
  if (readsBefore === MANY) return undefined;
  const bound = arrivalBindings(model, arrivalsOf(model, copy));
  if (!bound || bound.length === 0) return undefined;
  const fills: SupersededCache['fills'] = [];
  for (const { arrival, binding } of bound) {
    const firstRead = firstReadingUse(binding);
    if (!firstRead || firstRead === 'unknown') return undefined;
    fills.push({ arrival, binding, firstRead });
  }
  return { holder, copy, readsBefore, fills };
}

/** The cache `use` hands back: `return held.filter(…).cache()`, or `kept = held.filter(…).cache()` then `return kept`. */
function copyHandedBack(model: SparkModel, site: CacheSite, use: Use): CacheSite | undefined {
  const isCopy = (other: CacheSite) => other !== site && (other.method === 'cache' || other.method === 'persist') && other.loops.length === 0;
  if (use.returned && use.statement.kind === 'return') {
    const returned = use.statement.value;
    return model.caches.find((other) => isCopy(other) && other.statement === use.statement && returned !== undefined && comparePositions(other.step.span.end, returned.span.end) === 0);
  }
  const kept = use.derived;
  const copy = kept && model.caches.find((other) => isCopy(other) && other.step === kept.value.steps.at(-1));
  if (!kept || !copy) return undefined;
  return kept.uses.some((u) => u.returned) ? copy : undefined;
}

/** The first job that reads a binding's data, directly or through names derived from it; 'unknown' when it first goes where we cannot follow. */
export function firstReadingUse(binding: Binding, seen = new Set<Binding>()): Use | 'unknown' | undefined {
  if (seen.has(binding)) return 'unknown';
  seen.add(binding);
  for (const use of [...binding.uses].sort((a, b) => a.order - b.order)) {
    if (use.kind === 'escape' || use.kind === 'iterative') return 'unknown';
    if (use.kind === 'action' || use.kind === 'write' || use.executed) return use;
    if (use.derived) {
      const found = firstReadingUse(use.derived, seen);
      if (found) return found;
    }
  }
  return undefined;
}
