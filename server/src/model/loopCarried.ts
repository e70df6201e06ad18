/**
 * Whether a re-binding inside a loop grows one value across iterations (`df = df.withColumn(...)`
 * after `df` was defined before the loop) or only re-derives a value made fresh in the same
 * iteration (`df = spark.table(t)` then `df = df.withColumn(...)`).
 */
import { bindingsNamed, rebindingsMaking } from './modelIndexes';
import { nestedExtent, UNKNOWN_EXTENT, type LoopExtent } from './loopExtent';
import type { Binding, BranchStep, CacheSite, FrameValue, LoopContext, SparkModel } from './types';

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
  const earlier = rebindingsMaking(all, previous).find((other) => other.loop.id === entry.loop.id);
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
  for (let earlier = rebindingsMaking(all, origin)[0]; earlier?.previous && !seen.has(earlier.previous); earlier = rebindingsMaking(all, origin)[0]) {
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

/** Steps after which a plan starts from materialised data: its lineage is cut. */
const LINEAGE_CUTS = new Set(['checkpoint', 'localCheckpoint']);

/** Made from a source (a read, a table, parallelised data), not derived from another DataFrame or RDD. */
function freshSource(value: FrameValue): boolean {
  return (value.kind === 'dataframe' || value.kind === 'rdd') && (!value.parent || value.parent.kind === 'session' || value.parent.kind === 'context');
}

/**
 * The loop cuts the growing value's lineage itself, so it does not grow without bound: a
 * `df = df.localCheckpoint()` every few iterations, or the value written and read back into the
 * same name (`df = spark.read.parquet(tmp)`).
 */
export function lineageCutInLoop(entry: LoopRebinding, name: string, model: SparkModel): boolean {
  // Asked per re-binding: most names are never checkpointed nor read afresh, and then the loops need not be worked out.
  const checkpoints = lineageCutsOf(model).filter((site) => site.holder?.name === name || site.target?.name === name);
  const fresh = bindingsNamed(model, name).filter((b) => freshSource(b.value));
  if (checkpoints.length === 0 && fresh.length === 0) return false;
  const loops = new Set(growthLoops(entry, model.loopRebindings).map((l) => l.id));
  const inLoop = (contexts: readonly LoopContext[]) => contexts.some((l) => loops.has(l.id));
  return checkpoints.some((site) => inLoop(site.loops)) || fresh.some((b) => inLoop(b.loops));
}

const lineageCuts = new WeakMap<readonly CacheSite[], readonly CacheSite[]>();

/** The model's checkpoints (the cache sites that cut the lineage). */
function lineageCutsOf(model: SparkModel): readonly CacheSite[] {
  let cuts = lineageCuts.get(model.caches);
  if (!cuts) lineageCuts.set(model.caches, (cuts = model.caches.filter((site) => LINEAGE_CUTS.has(site.method))));
  return cuts;
}

/** The line (1-based) of a job run inside the loop on the value being grown, if there is one. */
export function jobOnGrowingValue(entry: LoopRebinding): number | undefined {
  const bindings = [entry.binding, entry.previous].filter((b): b is Binding => b !== undefined);
  const use = bindings.flatMap((b) => b.uses).find((u) => (u.kind === 'action' || u.kind === 'write' || u.executed) && u.loops.some((l) => l.id === entry.loop.id));
  return use ? use.span.start.line + 1 : undefined;
}

/** Calls that add, rename or drop columns one at a time (withcolumn-in-loop's remedy is one call with all of them). */
export const COLUMN_CALLS: ReadonlySet<string> = new Set(['withColumn', 'withColumns', 'withColumnRenamed', 'withColumnsRenamed', 'drop']);

/**
 * Steps an iteration of "add one more column" uses. A re-binding that also joins, aggregates or
 * unions is an iterative algorithm whose plan grows for other reasons; withColumns is no remedy there.
 */
const COLUMN_STEPS: ReadonlySet<string> = new Set([...COLUMN_CALLS, 'select', 'selectExpr', 'alias', 'toDF', 'na', 'fill', 'fillna', 'replace', 'cast']);
const UNION_STEPS: ReadonlySet<string> = new Set(['union', 'unionAll', 'unionByName']);
/** Steps that add nothing to the plan (or cut it): `df = df.cache()` in a loop does not grow it. */
const PLAN_NEUTRAL: ReadonlySet<string> = new Set(['cache', 'persist', 'unpersist', 'checkpoint', 'localCheckpoint', 'alias', 'as', 'hint', 'toDF', 'setName']);

/** Whether a step adds an operator to the plan (not a cache, a checkpoint or a rename of the frame). */
export const addsToPlan = (step: string): boolean => !PLAN_NEUTRAL.has(step);

/**
 * What a re-binding adds to the plan on each iteration: columns one call at a time, a union branch,
 * other operators (filters, joins, aggregations…), or nothing.
 */
export function growthKind(entry: LoopRebinding): 'columns' | 'union' | 'operators' | undefined {
  const names = entry.chain.steps.map((s) => s.name);
  if (names.some((n) => UNION_STEPS.has(n))) return 'union';
  if (names.every((n) => COLUMN_STEPS.has(n)) && names.some((n) => COLUMN_CALLS.has(n))) return 'columns';
  return names.some((n) => !PLAN_NEUTRAL.has(n)) ? 'operators' : undefined;
}
