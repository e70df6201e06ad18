/**
 * The DataFrame Spark hands a `foreachBatch` function: one new DataFrame per micro-batch, which no
 * code outside the function holds. A cache a helper makes of it in place is judged by what the
 * batch function does after the call, as for a caller's own DataFrame: the function is its caller,
 * and nothing else reads that batch. (Spark's guide caches the batch, writes it to each sink and
 * unpersists it inside the function: `batchDF.persist(); …; batchDF.unpersist()`.)
 */
import { outlineOf, type ApplicationOutline } from './applicationOutline';
import type { Binding, SparkModel } from './types';

/** What the lambda's first parameter is bound to when the lambda is handed to `foreachBatch`. */
export const MICRO_BATCH = 'micro-batch';

const outlines = new WeakMap<SparkModel, ApplicationOutline>();

/** The binding is the batch DataFrame of a `foreachBatch` lambda, or the first parameter of a function handed to `foreachBatch` by name. */
export function isMicroBatchFrame(model: SparkModel, binding: Binding): boolean {
  if (!binding.isParameter) return false;
  if (binding.value.origin === MICRO_BATCH) return true;
  let outline = outlines.get(model);
  if (!outline) outlines.set(model, (outline = outlineOf(model.statements)));
  if (!outline.batchFunctions.has(binding.scope.name)) return false;
  const fn = outline.functions.get(binding.scope.name);
  const first = fn?.params.find((param) => param.name !== 'self');
  return first?.name === binding.name;
}
