/**
 * Which step ran just before another one. Within a chain the receiver of `.map(...)` in
 * `df.rdd.map(...)` is the `.rdd` step; when a chain starts from a name (`rows.map(...)` after
 * `rows = df.rdd`), it is the last step of that binding's lineage.
 */
import { spanKey } from './chains';
import { lineageSteps } from './flow';
import type { ChainStep, FrameKind, FrameValue, SparkModel } from './types';

export interface StepLinks {
  /** The step applied just before this one, if the model knows it. */
  previous(step: ChainStep): ChainStep | undefined;
  /** The kind of value the step was applied to, when the model followed it. */
  receiverKind(step: ChainStep): FrameKind | undefined;
}

export function stepLinks(model: SparkModel): StepLinks {
  const bySpan = new Map<string, ChainStep>();
  const kinds = new Map<ChainStep, FrameKind>();
  for (const { step, kind } of model.frameSteps) {
    bySpan.set(spanKey(step.span), step);
    kinds.set(step, kind);
  }
  const chainStarts = new Map<ChainStep, FrameValue>();
  for (const entry of model.frameChains) {
    const first = entry.chain.steps[0];
    if (first) chainStarts.set(first, entry.start);
  }
  return {
    previous(step) {
      const inChain = bySpan.get(spanKey({ start: step.span.start, end: step.tailSpan.start }));
      if (inChain) return inChain;
      const start = chainStarts.get(step);
      return start ? lineageSteps(start).at(-1) : undefined;
    },
    receiverKind: (step) => kinds.get(step),
  };
}
