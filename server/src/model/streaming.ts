/**
 * Structured Streaming: a file that reads or writes a stream runs its plan once per micro-batch.
 * Advice written for batch queries is wrong there: AQE does not apply to streaming queries, and a
 * stateful query's shuffle partitions are fixed by its checkpoint.
 */
import { derivedPerPart, type FunctionContribution } from './functionReuse';
import type { SparkModel } from './types';

const streamStepsPerPart = new WeakMap<FunctionContribution, readonly true[]>();

export function usesStreams(model: SparkModel): boolean {
  return derivedPerPart(model, 'frameSteps', streamStepsPerPart, (steps) => (steps.some(({ step }) => step.name === 'readStream' || step.name === 'writeStream') ? [true] : [])).length > 0;
}
