/**
 * Whether a cache stays held, and whether a job is the kind that needs the memory it holds: the
 * questions a function summary answers for its callers and the application extent asks of every
 * job that runs after a cache's last read.
 */
import { lastReadingUse } from './flow';
import { SHUFFLE_OPERATIONS } from './sparkApi';
import type { ActionSite, Binding, CacheSite, FrameValue, SparkModel } from './types';

/** The bindings a cache site's data is known by (`x = y.cache()` caches y's data under both names). */
export function cachedBindings(site: CacheSite): Binding[] {
  return [...new Set([site.target, site.holder])].filter((b): b is Binding => b !== undefined);
}

export function isUnpersisted(model: SparkModel, bindings: readonly Binding[]): boolean {
  return model.unpersists.some((u) => u.target !== undefined && bindings.includes(u.target));
}

/** `spark.catalog.clearCache()` anywhere: the code manages its caches wholesale. */
export function clearsCaches(model: SparkModel): boolean {
  return model.frameSteps.some((s) => s.kind === 'session' && s.step.name === 'clearCache');
}

/**
 * A `cache()` / `persist()` whose data is neither released nor handed anywhere we cannot follow
 * (returned, passed on, stored): when its function returns, the cache is still held and nobody
 * else will release it. A parameter cached in place belongs to the caller.
 */
export function cacheLeftHeld(model: SparkModel, site: CacheSite): boolean {
  if (site.method !== 'cache' && site.method !== 'persist') return false;
  const bindings = cachedBindings(site);
  if (bindings.length === 0 || site.target?.isParameter || isUnpersisted(model, bindings) || clearsCaches(model)) return false;
  return bindings.every((binding) => lastReadingUse(binding, site.order) !== 'unknown');
}

/**
 * The operation that makes computing `frame` a heavy job, one whose execution memory (shuffle
 * buffers, sort and aggregation maps, join hash tables) a cache competes with: the first shuffle
 * in its lineage or in that of a joined or unioned input.
 */
export function shuffleIn(frame: FrameValue | undefined, seen = new Set<FrameValue>()): string | undefined {
  for (let current = frame; current && !seen.has(current); current = current.parent) {
    seen.add(current);
    const step = current.steps.find((s) => SHUFFLE_OPERATIONS.has(s.name));
    if (step) return step.name;
    if (current.hiddenShuffle) return current.hiddenShuffle;
    for (const input of current.inputs) {
      const found = shuffleIn(input, seen);
      if (found) return found;
    }
  }
  return undefined;
}

/** An action that shuffles on its way (`orders.groupBy(...).count().show()`); plain scans and counts are not heavy. */
export function isHeavyAction(action: ActionSite): boolean {
  return shuffleIn(action.frame) !== undefined;
}

/** The model (of a file or of one function) writes, shuffles or joins, itself or through the functions it calls. */
export function runsHeavySparkJobs(model: SparkModel): boolean {
  return model.writes.length > 0 || model.actions.some(isHeavyAction) || model.helperCalls.some((call) => call.heavy === true);
}
