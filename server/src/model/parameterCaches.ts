/**
 * A helper that caches the DataFrame it is given, in place (`def save(df): df.cache(); …`,
 * `def writeBatch(df: DataFrame) = { df.cache(); df.count(); … }`): the data cached is the
 * caller's, so whether the cache pays depends on the helper's reads after it *and* the caller's
 * reads after the call, and whether it is ever released on either side. The helper's summary says
 * which parameter it caches, how often it reads it afterwards and whether it releases it; each
 * call site records the caller's DataFrame as cached there; the rules judge the cache by every call.
 * A helper that hands the same DataFrame to another helper that caches it says so in its own
 * summary (its reads after that call added), so a chain of helpers is judged at the outermost call.
 */
import { withoutDebugOnlyUses } from './debugGuards';
import { executions, lastReadingUse, MANY } from './flow';
import { sameSpan } from '../syntax/spans';
import { isMicroBatchFrame } from './microBatches';
import type { FunctionOrigin } from './importedFunctions';
import type { Binding, CacheSite, FrameValue, Span, SparkModel, Use } from './types';

/** Part of a function summary: the function caches one of its parameters in place. */
export interface CachedParameter {
  method: 'cache' | 'persist';
  /** The cache call, in the file of the function that makes it (maybe a helper of this one). */
  span: Span;
  /** Jobs the function runs on the parameter's data after the cache (MANY when it lets it go where we cannot follow). */
  readsAfter: number;
  /** The function (or a helper it hands the DataFrame to) unpersists it after the cache. */
  released: boolean;
}

/** A call that caches the caller's DataFrame through the function's summary, as the calling file sees it. */
export interface ParameterCacheArrival {
  function: string;
  cache: CachedParameter;
  /** The caller's DataFrame, when the argument is a name (undefined for `save(df.filter(…))`: nobody else holds that data). */
  binding?: Binding;
  /** The call's result when the function hands the parameter back: the caller's reads of it read the cache. */
  handedBack?: FrameValue;
  /** The function is in another file: `cache.span` is a place in that file. */
  elsewhere: boolean;
  /** Where the function is defined, when it is another file's. */
  origin?: FunctionOrigin;
  call: Span;
  order: number;
  scopeId: number;
  /** The call is in a loop the caller's DataFrame is not: it is cached again, and read, each time round. */
  repeated: boolean;
  /**
   * The argument is nothing the caller's file knows as a DataFrame (`save(frame)` with `frame` an
   * untyped parameter): named after the function the call is in, whose calls with a DataFrame decide.
   */
  unseen?: string;
}

/**
 * What a function does to its parameters with caches in place: its own `p.cache()` outside loops,
 * and those its helpers make of a parameter it hands them (recorded as arrivals in its model).
 */
export function cachedParameters(model: SparkModel, parameters: ReadonlyMap<string, Binding>): Map<string, CachedParameter> {
  const found = new Map<string, CachedParameter>();
  for (const [name, binding] of parameters) {
    const own = model.caches.find((site) => site.target === binding && (site.method === 'cache' || site.method === 'persist') && site.loops.length === 0);
    if (own) {
      found.set(name, { method: own.method as 'cache' | 'persist', span: own.step.span, readsAfter: readsAfterIn(model, binding, own.order), released: releasedAfter(model, binding, own.order) });
      continue;
    }
    const relayed = model.parameterCaches.find((arrival) => arrival.binding === binding && !arrival.repeated);
    if (relayed) {
      const after = readsAfterIn(model, binding, relayed.order) + resultReads(model, relayed);
      found.set(name, { ...relayed.cache, readsAfter: relayed.cache.readsAfter + after, released: relayed.cache.released || releasedAfter(model, binding, relayed.order) });
    }
  }
  return found;
}

/** Jobs on a binding's data after `order`; what is handed back is followed by the caller, so none here. */
function readsAfterIn(model: SparkModel, binding: Binding, order: number): number {
  return executions(withoutDebugOnlyUses(model, binding), order, new Set(), MANY, 0);
}

function releasedAfter(model: SparkModel, binding: Binding, order: number): boolean {
  return model.unpersists.some((site) => site.target === binding && site.order >= order);
}

/** Reads of a call's result when the function hands the cached parameter back: many unless it is bound to a name we follow. */
function resultReads(model: SparkModel, arrival: ParameterCacheArrival): number {
  if (!arrival.handedBack) return 0;
  const binding = model.bindings.find((b) => b.value === arrival.handedBack);
  return binding ? executions(binding) : MANY;
}

/** The calls of this file that cache a caller's DataFrame through the parameter cached at `site`. */
function arrivalsAt(model: SparkModel, span: Span): ParameterCacheArrival[] {
  return model.parameterCaches.filter((arrival) => !arrival.elsewhere && sameSpan(arrival.cache.span, span));
}

/** One call's share: the caller's DataFrame and how many jobs read the cached data in all, the function's reads included. */
export interface ParameterCacheCall {
  arrival: ParameterCacheArrival;
  reads: number;
  released: boolean;
}

/** A call in another file of a function that caches its parameter in place, as that file saw it. */
export interface RemoteParameterCacheCall {
  file: string;
  /** 0-based line of the call. */
  line: number;
  function: string;
  /** Jobs reading the cached data in all: the function's own after the cache, the caller's after the call. */
  reads: number;
  released: boolean;
}

/**
 * How every call of the file reaches a parameter cached in place at `site`: undefined when no call
 * of the file does, or when one hands it a DataFrame that is itself the parameter of a function
 * the file never calls (that function's callers, wherever they are, decide: everyCallCachingParameter).
 */
export function callsCachingParameter(model: SparkModel, site: CacheSite): ParameterCacheCall[] | undefined {
  const every = everyCallCachingParameter(model, site);
  return every && every.remote.length === 0 ? every.local : undefined;
}

/**
 * How every call reaches a parameter cached in place at `site`: the calls of the file, and, when
 * the workspace is known, those of other files. Undefined when nothing calls it, or when one call
 * hands it a DataFrame that is itself the parameter of a function nobody is seen calling.
 */
export function everyCallCachingParameter(model: SparkModel, site: CacheSite): { local: ParameterCacheCall[]; remote: RemoteParameterCacheCall[] } | undefined {
  if (!site.target?.isParameter || (site.method !== 'cache' && site.method !== 'persist')) return undefined;
  const arrivals = arrivalsAt(model, site.step.span);
  const remote: RemoteParameterCacheCall[] = [];
  if (arrivals.length === 0) {
    const elsewhere = model.callersElsewhere?.(site.target.scope.span);
    if (!elsewhere) return undefined;
    remote.push(...elsewhere);
  }
  const local = callsAmong(model, arrivals, remote);
  return local && local.length + remote.length > 0 ? { local, remote } : undefined;
}

/** The calls of this file that reach another file's function `origin` caching its parameter in place, followed through the file's own functions that hand it their parameter. */
export function callsReaching(model: SparkModel, origin: FunctionOrigin): ParameterCacheCall[] | undefined {
  const arrivals = model.parameterCaches.filter((arrival) => arrival.origin?.file === origin.file && arrival.origin.name === origin.name);
  if (arrivals.length === 0) return [];
  // The file's own functions that hand a parameter on to it, and those that hand theirs on to them.
  const seen = new Set<ParameterCacheArrival>();
  for (let added = true; added; ) {
    added = false;
    for (const arrival of [...arrivals]) {
      const from = handedOnFrom(model, arrival);
      if (from === undefined) continue;
      for (const outer of model.parameterCaches) {
        if (!outer.elsewhere && namesFunction(outer.function, from) && !seen.has(outer)) {
          seen.add(outer);
          arrivals.push(relayedThrough(model, outer, arrival));
          added = true;
        }
      }
    }
  }
  return callsAmong(model, arrivals, []);
}

/**
 * The outer call as the inner cache sees it. An outer function whose summary names another cache of
 * the same parameter (`writeBatch(df)` caches df itself, then hands it to `report(df)`, which caches
 * it again) says nothing of this one: its reads are the inner function's after its own cache, the
 * outer function's after handing it on, then its caller's after the outer call.
 */
function relayedThrough(model: SparkModel, outer: ParameterCacheArrival, inner: ParameterCacheArrival): ParameterCacheArrival {
  if (sameSpan(outer.cache.span, inner.cache.span) || !inner.binding) return outer;
  const readsAfter = inner.cache.readsAfter + readsAfterIn(model, inner.binding, inner.order) + resultReads(model, inner);
  return { ...outer, cache: { ...inner.cache, readsAfter, released: inner.cache.released || releasedAfter(model, inner.binding, inner.order) } };
}

/**
 * The function whose parameter an arrival's DataFrame is (or may be, when the file cannot tell it is one).
 * A `foreachBatch` function's batch is its own: Spark hands each call a new DataFrame nobody else reads.
 */
function handedOnFrom(model: SparkModel, arrival: ParameterCacheArrival): string | undefined {
  if (arrival.binding && isMicroBatchFrame(model, arrival.binding)) return undefined;
  return arrival.binding?.isParameter ? arrival.binding.scope.name : arrival.unseen;
}

/** A call's function name (`save`, `Owner.save`, `Reporter.save`) is the function a scope is named after. */
function namesFunction(called: string, scopeName: string): boolean {
  return called === scopeName || called.endsWith(`.${scopeName}`);
}

/**
 * Each arrival's share; one handed a parameter of the file's function is judged where that function
 * is called: in the file, or else in other files (added to `remote`). Undefined when nobody is seen calling it.
 */
function callsAmong(model: SparkModel, arrivals: readonly ParameterCacheArrival[], remote: RemoteParameterCacheCall[]): ParameterCacheCall[] | undefined {
  const calls: ParameterCacheCall[] = [];
  for (const arrival of arrivals) {
    const binding = arrival.binding;
    const from = handedOnFrom(model, arrival);
    if (from !== undefined) {
      // Handed on from a parameter: judged at the calls of the function it is a parameter of.
      if (arrivals.some((outer) => namesFunction(outer.function, from))) continue;
      const elsewhere = binding?.isParameter ? model.callersElsewhere?.(binding.scope.span) : undefined;
      if (!elsewhere || elsewhere.length === 0) return undefined;
      remote.push(...elsewhere);
      continue;
    }
    if (arrival.repeated) return undefined;
    const later = binding ? executions(binding, arrival.order) : 0;
    const result = arrival.handedBack && model.bindings.find((b) => b.value === arrival.handedBack);
    const released = arrival.cache.released || [binding, result].some((holder) => holder && releasedAfter(model, holder, arrival.order));
    calls.push({ arrival, reads: arrival.cache.readsAfter + later + resultReads(model, arrival), released });
  }
  return calls;
}

/** The caller's last job on its cached DataFrame, or the call itself when the caller reads it no more ('unknown' when it lets it go). */
export function lastReadOfCall(call: ParameterCacheCall): Use | 'unknown' | undefined {
  const binding = call.arrival.binding;
  if (!binding) return undefined;
  const later = lastReadingUse(binding, call.arrival.order);
  if (later) return later;
  return binding.uses.find((use) => use.order === call.arrival.order);
}
