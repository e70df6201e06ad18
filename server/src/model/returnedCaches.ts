/**
 * A helper that caches a DataFrame and hands it back (`def load(): df = ….persist(); return df`):
 * whether the cache is worth it depends on what its callers do with the result, not on the
 * helper, where the returned value is an escape. The helper's summary says which cache it returns
 * and how often it reads it itself; each call site marks its result as that cache arriving, and
 * the rules judge the cache by the reads of every arrival.
 */
import { withoutDebugOnlyUses } from './debugGuards';
import { executions, MANY } from './flow';
import { sameSpan } from '../syntax/spans';
import type { Binding, CacheSite, FrameKind, FrameValue, Span, SparkModel } from './types';

/** Part of a function summary: every `return` hands back the data of one `cache()` / `persist()` of the function. */
export interface ReturnedCache {
  method: 'cache' | 'persist';
  /** The cache call, in the function's file. */
  span: Span;
  /** Jobs the function itself runs on the cached data before handing it back. */
  readsInFunction: number;
}

/** One place of a tuple every `return` of a function hands back (`return totals, details`): a DataFrame the function cached, or no DataFrame. */
export interface ReturnedTupleElement {
  /** Undefined when no `return` has a DataFrame or RDD at this place (`return df, n`). */
  kind?: FrameKind;
  cache?: ReturnedCache;
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

/** A DataFrame cached as it is made (`joined = df.join(other, "k").cache()`): the data it derives from is read once, to fill it. */
export function filledCache(derived: Binding): boolean {
  const last = derived.value.steps.at(-1)?.name;
  if (last === 'cache' || last === 'persist') return derived.loops.length === 0;
  const site = derived.cachedBy;
  if (!site || (site.method !== 'cache' && site.method !== 'persist') || site.loops.length > 0) return false;
  return derived.uses.every((use) => use.order >= site.order);
}

/**
 * Whether a parameter's data reaches what the function hands back without first filling a cache
 * of the function that the function reads itself: then it is read when the caller reads the
 * result (lazily, through the returned cache), so the call site follows it into the result.
 */
export function reachesReturnLazily(binding: Binding, seen = new Set<Binding>()): boolean {
  if (seen.has(binding)) return false;
  seen.add(binding);
  return binding.uses.some((use) => {
    if (use.returned) return true;
    if (!use.derived) return false;
    if (filledCache(use.derived) && executions(use.derived, -1, new Set(), MANY, 0, filledCache) > 0) return false;
    return reachesReturnLazily(use.derived, seen);
  });
}

/** Jobs of the function on a cache site's data after the cache, with its return counted as none (the caller's reads are counted where it calls). */
export function readsBeforeReturn(site: CacheSite, model: SparkModel): number {
  const bindings = [...new Set([site.target, site.holder])].filter((b): b is Binding => b !== undefined);
  // As for a helper's parameters, jobs behind a debug or verbose switch do not run in a normal run.
  // A DataFrame the function caches from it reads it once, to fill that cache, even when the function hands that one back too
  // (`return totals, details`): so whatever is handed back counts as read, except the cached data itself, whose callers count.
  const reads = bindings.reduce((sum, binding) => {
    const read = withoutDebugOnlyUses(model, binding);
    const handedBack = read.uses.filter((use) => use.returned && use.order > site.order).length;
    return sum + executions(read, site.order, new Set(), MANY, 1, filledCache) - handedBack;
  }, 0);
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

/**
 * What a function's `return`s say when each hands back a tuple of the same width: per place, the
 * DataFrame there and the cache it is, if it is one. Undefined when some `return` is no such
 * tuple or no place holds a cache (the summary has nothing to add then).
 */
export function returnedTuple(
  model: SparkModel, returnedCount: number, tuples: ReadonlyArray<ReadonlyArray<FrameValue | undefined>>, declaredParameters: readonly string[],
): ReturnedTupleElement[] | undefined {
  const width = tuples[0]?.length ?? 0;
  if (width < 2 || tuples.length !== returnedCount || tuples.some((tuple) => tuple.length !== width)) return undefined;
  const isFrame = (value: FrameValue | undefined) => value?.kind === 'dataframe' || value?.kind === 'rdd';
  const elements: ReturnedTupleElement[] = [];
  for (let place = 0; place < width; place++) {
    const values = tuples.map((tuple) => tuple[place]);
    if (!values.some(isFrame)) {
      elements.push({});
      continue;
    }
    const kind = values[0]!.kind;
    // A place that holds a DataFrame in one `return` and something else in another is not followed.
    if (!values.every((value) => isFrame(value) && value!.kind === kind)) return undefined;
    // Every DataFrame handed back is a cache: one handed back uncached may read the others' data as often as its caller likes.
    const cache = returnedCache(model, values, declaredParameters);
    if (!cache) return undefined;
    elements.push({ kind, cache });
  }
  return elements.some((element) => element.cache) ? elements : undefined;
}

/** Every DataFrame the function hands back is data it cached: what its parameters give that data is read once, when the cache fills. */
export function handsBackOnlyCaches(cache: ReturnedCache | undefined, tuple: readonly ReturnedTupleElement[] | undefined): boolean {
  return cache !== undefined || tuple !== undefined;
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
