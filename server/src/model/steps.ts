/**
 * Which step ran just before another one. Within a chain the receiver of `.map(...)` in
 * `df.rdd.map(...)` is the `.rdd` step; when a chain starts from a name (`rows.map(...)` after
 * `rows = df.rdd`), it is the last step of that binding's lineage.
 */
import { SpanMap } from './spanMap';
import { lineageSteps } from './flow';
import type { Binding, ChainStep, FrameKind, FrameValue, SparkModel } from './types';

export interface StepLinks {
  /** The step applied just before this one, if the model knows it. */
  previous(step: ChainStep): ChainStep | undefined;
  /** The kind of value the step was applied to, when the model followed it. */
  receiverKind(step: ChainStep): FrameKind | undefined;
  /** For the first step of a chain that starts from a name: that binding. */
  startBinding(step: ChainStep): Binding | undefined;
}

const computed = new WeakMap<SparkModel, StepLinks>();

/** Several rules ask; the answer depends only on the model, so it is computed once per model. */
export function stepLinks(model: SparkModel): StepLinks {
  let links = computed.get(model);
  if (!links) {
    links = computeStepLinks(model);
    computed.set(model, links);
  }
  return links;
}

function computeStepLinks(model: SparkModel): StepLinks {
  const bySpan = new SpanMap<ChainStep>();
  const kinds = new Map<ChainStep, FrameKind>();
  for (const { step, kind } of model.frameSteps) {
    bySpan.set(step.span, step);
    kinds.set(step, kind);
  }
  const chainStarts = new Map<ChainStep, FrameValue>();
  const startBindings = new Map<ChainStep, Binding>();
  for (const entry of model.frameChains) {
    const first = entry.chain.steps[0];
    if (first) chainStarts.set(first, entry.start);
    if (first && entry.rootBinding) startBindings.set(first, entry.rootBinding);
  }
  return {
    previous(step) {
      const inChain = bySpan.get({ start: step.span.start, end: step.tailSpan.start });
      if (inChain) return inChain;
      const start = chainStarts.get(step);
      return start ? lineageSteps(start).at(-1) : undefined;
    },
    receiverKind: (step) => kinds.get(step),
    startBinding: (step) => startBindings.get(step),
  };
}
