/**
 * Structured Streaming: a file that reads or writes a stream runs its plan once per micro-batch.
 * Advice written for batch queries is wrong there: AQE does not apply to streaming queries, and a
 * stateful query's shuffle partitions are fixed by its checkpoint.
 */
import type { SparkModel } from './types';

export function usesStreams(model: SparkModel): boolean {
  return model.frameSteps.some(({ step }) => step.name === 'readStream' || step.name === 'writeStream');
}
