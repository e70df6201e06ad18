/**
 * Which operation decides how a DataFrame is partitioned when it is written: walking back from the
 * write over steps that keep each partition as it is (projections, filters, per-partition sorts)
 * to the nearest step that does not (a shuffle, coalesce, limit, or anything we do not know).
 */
import { argument } from './chains';
import type { Binding, ChainStep, FrameValue } from './types';

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
