/** How a chain of method calls uses the Spark value it starts from. */
import { DATAFRAME_ACTIONS, DATAFRAME_TRANSFORMATIONS, GROUPED_RESULTS, ITERATIVE_FIT_METHODS, RDD_ACTIONS, RDD_ONLY_TRANSFORMATIONS, RDD_WRITES, TEMP_VIEW_METHODS, WRITER_TERMINALS } from './sparkApi';
import type { Chain, ChainStep, FrameKind, FrameValue, UseKind } from './types';

/** Index of the first step that runs a Spark job (an action or a write), if any. */
export function executionIndex(chain: Chain, start: FrameValue | undefined): number | undefined {
  let kind = start?.kind;
  for (let i = 0; i < chain.steps.length && kind; i++) {
    const step = chain.steps[i]!;
    if ((kind === 'dataframe' && DATAFRAME_ACTIONS.has(step.name)) || (kind === 'rdd' && RDD_ACTIONS.has(step.name))) return i;
    if (kind === 'rdd' && RDD_WRITES.has(step.name)) return i;
    if (kind === 'writer' && WRITER_TERMINALS.has(step.name)) return i;
    if (kind === 'dataframe' && (step.name === 'write' || step.name === 'writeTo' || step.name === 'writeStream')) kind = 'writer';
    else if (kind === 'dataframe' && step.name === 'rdd') kind = 'rdd';
    else if (kind === 'dataframe' && step.name === 'groupBy') kind = 'grouped';
    else if (kind === 'grouped' && GROUPED_RESULTS.has(step.name)) kind = 'dataframe';
  }
  return undefined;
}

/** A chain that registers a temp view or feeds an estimator hands its data to code we cannot follow. */
export function escapesThroughFirstStep(chain: Chain): boolean {
  const first = chain.steps[0];
  return first !== undefined && (TEMP_VIEW_METHODS.has(first.name) || ITERATIVE_FIT_METHODS.has(first.name));
}

/** What the first step applied to a binding's value does with it. */
export function useKind(step: ChainStep | undefined, kind: FrameKind): UseKind {
  if (!step) return 'other';
  if (step.name === 'cache' || step.name === 'persist' || step.name === 'checkpoint' || step.name === 'localCheckpoint') return 'cache';
  if (step.name === 'unpersist') return 'unpersist';
  if (step.name === 'write' || step.name === 'writeTo' || step.name === 'writeStream' || RDD_WRITES.has(step.name)) return 'write';
  if (kind === 'dataframe' && DATAFRAME_ACTIONS.has(step.name)) return 'action';
  if (kind === 'rdd' && RDD_ACTIONS.has(step.name)) return 'action';
  if (TEMP_VIEW_METHODS.has(step.name)) return 'escape';
  if (DATAFRAME_TRANSFORMATIONS.has(step.name) || RDD_ONLY_TRANSFORMATIONS.has(step.name) || step.name === 'rdd' || step.name === 'groupBy' || step.name === 'na') return 'transform';
  return 'other';
}
