/**
 * A helper that caches a DataFrame and hands it back (`def load(): df = ….persist(); return df`):
 * whether the cache is worth it depends on what its callers do with the result, not on the
 * helper, where the returned value is an escape. The helper's summary says which cache it returns
 * and how often it reads it itself; each call site marks its result as that cache arriving, and
 * the rules judge the cache by the reads of every arrival.
 */
import { withoutDebugOnlyUses } from './debugGuards';
import { executions, MANY } from './flow';
import type { Binding, CacheSite, FrameValue, Span, SparkModel } from './types';

/** Part of a function summary: every `return` hands back the data of one `cache()` / `persist()` of the function. */
export interface ReturnedCache {
  method: 'cache' | 'persist';
  /** The cache call, in the function's file. */
  span: Span;
  /** Jobs the function itself runs on the cached data before handing it back. */
  readsInFunction: number;
}

/** A call's result that is the cache a function returns, as the calling file sees it. */
export interface CacheArrival {
  value: FrameValue;
  function: string;
  cache: ReturnedCache;
  /** The function is in another file: `cache.span` is a place in that file. */
  elsewhere: boolean;
  call: Span;
  scopeId: number;
}

/** The cache site whose data `value` is, when nothing was applied after the cache. */
function cacheSiteOf(model: SparkModel, value: FrameValue): CacheSite | undefined {
  return model.caches.find((site) => {
    if (site.method !== 'cache' && site.method !== 'persist') return false;
    if (value.steps.at(-1) === site.step) return true;
    return site.holder?.value === value || (site.target?.value === value && site.target.cachedBy === site);
  });
}

/** Jobs of the function on a cache site's data after the cache, with its return counted as none (the caller's reads are counted where it calls). */
export function readsBeforeReturn(site: CacheSite, model: SparkModel): number {
  const bindings = [...new Set([site.target, site.holder])].filter((b): b is Binding => b !== undefined);
  // As for a helper's parameters, jobs behind a debug or verbose switch do not run in a normal run.
  const reads = bindings.reduce((sum, binding) => sum + executions(withoutDebugOnlyUses(model, binding), site.order, new Set(), MANY, 0), 0);
  const sameStatementJob = model.actions.some((a) => a.statement === site.statement) || model.writes.some((w) => w.statement === site.statement);
  return reads + (sameStatementJob && !site.standalone ? 1 : 0);
}

/**
 * What a function's `return`s say about caches: the one cache every return hands back, outside
 * loops and not of a parameter (a parameter cached in place is the caller's DataFrame). A name
 * only known by its use (`r = ctx.sql(q)`, then `r.persist()`) is the function's own when it is
 * not one of `declaredParameters`.
 */
export function returnedCache(model: SparkModel, returned: ReadonlyArray<FrameValue | undefined>, declaredParameters: readonly string[]): ReturnedCache | undefined {
  if (returned.length === 0) return undefined;
  const sites = returned.map((value) => (value ? cacheSiteOf(model, value) : undefined));
  const site = sites[0];
  if (!site || sites.some((other) => other !== site) || site.loops.length > 0) return undefined;
  if (site.target?.isParameter && declaredParameters.includes(site.target.name)) return undefined;
  return { method: site.method as 'cache' | 'persist', span: site.step.span, readsInFunction: readsBeforeReturn(site, model) };
}

/** The bindings a call's returned cache arrives in (`lookup = load_lookup(spark)`), or undefined when one arrival is not bound to a name we follow. */
export function arrivalBindings(model: SparkModel, arrivals: readonly CacheArrival[]): Array<{ arrival: CacheArrival; binding: Binding }> | undefined {
  const found: Array<{ arrival: CacheArrival; binding: Binding }> = [];
  for (const arrival of arrivals) {
    const binding = model.bindings.find((b) => b.value === arrival.value);
    if (!binding) return undefined;
    found.push({ arrival, binding });
  }
  return found;
}

function sameSpan(a: Span, b: Span): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/** The calls of this file whose result is the cache `site` of one of the file's functions hands back. */
export function arrivalsOf(model: SparkModel, site: CacheSite): CacheArrival[] {
  return model.cacheArrivals.filter((arrival) => !arrival.elsewhere && sameSpan(arrival.cache.span, site.step.span));
}

/**
 * The most jobs any call's copy of a returned cache is read by: the helper's own reads plus those
 * of the name the caller binds it to. Undefined when some call's result is not followed.
 */
export function readsOfReturnedCache(model: SparkModel, site: CacheSite): { reads: number; arrivals: Array<{ arrival: CacheArrival; binding: Binding }> } | undefined {
  const arrivals = arrivalsOf(model, site);
  if (arrivals.length === 0) return undefined;
  const bound = arrivalBindings(model, arrivals);
  if (!bound) return undefined;
  const own = readsBeforeReturn(site, model);
  const arrived = new Set(model.cacheArrivals.map((arrival) => arrival.value));
  const cachedAgain = (derived: Binding) => arrived.has(derived.value) || derived.cachedBy !== undefined;
  const reads = Math.max(...bound.map(({ binding }) => own + executions(binding, -1, new Set(), MANY, MANY, cachedAgain)));
  return { reads, arrivals: bound };
}
