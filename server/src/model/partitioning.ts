/**
 * Which operation decides how a DataFrame is partitioned when it is written: walking back from the
 * write over steps that keep each partition as it is (projections, filters, per-partition sorts)
 * to the nearest step that does not (a shuffle, coalesce, limit, or anything we do not know).
 */
import { argument } from './chains';
import { SHUFFLE_OPERATIONS } from './sparkApi';
import type { Binding, ChainStep, FrameValue, SparkModel } from './types';

/** Steps that keep the number and order of partitions (and the rows' order inside them). */
export const NARROW_STEPS: ReadonlySet<string> = new Set([
  'select', 'selectExpr', 'withColumn', 'withColumns', 'withColumnRenamed', 'withColumnsRenamed', 'drop', 'filter', 'where',
  'alias', 'as', 'toDF', 'to', 'sortWithinPartitions', 'na', 'fill', 'fillna', 'dropna', 'replace', 'cache', 'persist',
  'unpersist', 'checkpoint', 'localCheckpoint', 'hint', 'withMetadata', 'withWatermark', 'observe', 'sample', 'map',
  'flatMap', 'mapPartitions', 'mapValues', 'flatMapValues', 'keyBy', 'mapPartitionsWithIndex', 'mapInPandas', 'mapInArrow',
]);

/** A lineage step with the binding whose value it belongs to (undefined for the expression's own chain). */
export interface LineageStep {
  step: ChainStep;
  holder?: Binding;
}

/** All steps from the source to this value, oldest first, each with the binding that holds it. */
export function lineageWithHolders(value: FrameValue | undefined): LineageStep[] {
  const segments: LineageStep[][] = [];
  let holder: Binding | undefined;
  for (let current = value; current; current = current.parent) {
    segments.push(current.steps.map((step) => ({ step, holder })));
    // A value derived from a binding names it; the parent is that binding's value.
    holder = current.sourceBinding?.value === current.parent ? current.sourceBinding : undefined;
  }
  return segments.reverse().flat();
}

/** The last step before `value` that changes partitioning, its position in the lineage, and the lineage. */
export function lastPartitioningStep(value: FrameValue | undefined): { index: number; lineage: LineageStep[] } | undefined {
  const lineage = lineageWithHolders(value);
  for (let i = lineage.length - 1; i >= 0; i--) {
    if (!NARROW_STEPS.has(lineage[i]!.step.name)) return { index: i, lineage };
  }
  return undefined;
}

/** `coalesce(1)`, `repartition(1)`, `repartition(1, "k")`, `repartition(numPartitions=1)`. */
export function isSinglePartition(step: ChainStep): boolean {
  if (step.name !== 'coalesce' && step.name !== 'repartition') return false;
  const count = argument(step, 0, 'numPartitions');
  return count?.kind === 'literal' && count.value === 1;
}

/**
 * What happens next to the partitions a `repartition`/`coalesce` step makes, over every lineage
 * the file shows: `written` when a write keeps them (file sizing), `passed-on` when the value goes to
 * a function or is returned (often a writer helper), `reshuffled` when the next step
 * that is not narrow shuffles again (so the partitioning is thrown away), `other` otherwise.
 */
/** Steps that do no per-row work worth spreading over more partitions (unlike a UDF in withColumn). */
const PASSING_STEPS: ReadonlySet<string> = new Set(['filter', 'where', 'drop', 'alias', 'as', 'withColumnRenamed', 'withColumnsRenamed', 'toDF', 'hint']);

/** Shuffles that repartition by their own keys whatever came before (a join may broadcast and keep its input's partitions). */
const RESHUFFLING: ReadonlySet<string> = new Set([...SHUFFLE_OPERATIONS].filter((name) => !/join|cartesian|cogroup/i.test(name)));

export type PartitioningFate = 'written' | 'passed-on' | 'reshuffled' | 'other';

export function partitioningFates(model: SparkModel): Map<ChainStep, { fate: PartitioningFate; next?: ChainStep }> {
  const fates = new Map<ChainStep, { fate: PartitioningFate; next?: ChainStep }>();
  const rank: Record<PartitioningFate, number> = { reshuffled: 0, other: 1, 'passed-on': 2, written: 3 };
  const note = (step: ChainStep, fate: PartitioningFate, next?: ChainStep) => {
    const known = fates.get(step);
    if (!known || rank[fate] > rank[known.fate]) fates.set(step, { fate, next });
  };
  for (const write of model.writes) {
    const found = lastPartitioningStep(write.frame);
    if (found) note(found.lineage[found.index]!.step, 'written');
  }
  const values = [...model.bindings.map((b) => ({ value: b.value, binding: b })), ...[...model.actions, ...model.writes].map((a) => ({ value: a.frame, binding: undefined }))];
  for (const { value, binding } of values) {
    // The binding's own steps have no holder in its lineage: they belong to the binding itself.
    const lineage = lineageWithHolders(value).map((l) => ({ ...l, holder: l.holder ?? binding }));
    lineage.forEach(({ step, holder }, i) => {
      if (step.name !== 'repartition' && step.name !== 'coalesce') return;
      const next = lineage.slice(i + 1).find((l) => !PASSING_STEPS.has(l.step.name));
      if (holder?.uses.some((u) => u.kind === 'escape')) note(step, 'passed-on');
      // Nothing follows in this lineage: the values derived from it say what happens next.
      else if (next) note(step, RESHUFFLING.has(next.step.name) ? 'reshuffled' : 'other', next.step);
    });
  }
  return fates;
}
