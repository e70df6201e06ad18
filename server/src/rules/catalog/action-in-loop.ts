import { ancestorBindings, lineageSteps } from '../../model/flow';
import { SHUFFLE_OPERATIONS } from '../../model/sparkApi';
import { namesVaryingIn, stepsMention, within } from '../../model/loopDependence';
import { drawsRandomly, HOISTABLE_ACTIONS, mentionsVaryingAttribute, repeatsUnchangedJobs } from '../../model/loopInvariantJobs';
import type { ActionSite, Binding, ChainStep, FrameValue, LoopContext, SparkModel } from '../../model/types';
import { describeLoop } from '../describe';
import { stepRange } from '../spans';
import { BOTH_LANGUAGES, type Rule } from '../types';

const CACHING = new Set(['cache', 'persist', 'checkpoint', 'localCheckpoint']);

const isData = (b: Binding) => b.value.kind === 'dataframe' || b.value.kind === 'rdd';
const inLoop = (b: Binding, loop: LoopContext) => b.loops.some((l) => l.id === loop.id);

/** The name is assigned again inside the loop: the loop changes its data (a convergence loop's state). */
function reboundIn(binding: Binding, loop: LoopContext, model: SparkModel): boolean {
  return model.bindings.some((other) => other !== binding && other.name === binding.name && other.scope.id === binding.scope.id && inLoop(other, loop));
}

/** A value made (or read) inside the loop: its data can differ per iteration. */
function builtIn(value: FrameValue, loop: LoopContext): boolean {
  return within(value.span, loop.span) || ancestorBindings(value).some((b) => isData(b) && inLoop(b, loop));
}

/** Cached before the job runs, at the loop-invariant binding or anywhere upstream of it. */
function cachedAt(binding: Binding, order: number): boolean {
  for (let current: FrameValue | undefined = binding.value; current; current = current.parent) {
    if (current.steps.some((s) => CACHING.has(s.name))) return true;
    const source = current.sourceBinding;
    if (source?.cachedBy && source.cachedBy.order < order) return true;
  }
  return binding.cachedBy !== undefined && binding.cachedBy.order < order;
}

/**
 * The loop-invariant DataFrame a job in a loop reads (the nearest binding in its lineage defined
 * outside an enclosing loop), with the steps applied to it since, and the innermost such loop in
 * which the data does not change and the job depends on the iteration.
 */
function repeatedJob(
  frame: FrameValue, loops: LoopContext[], order: number, model: SparkModel, dependsOn: (loop: LoopContext, steps: ChainStep[]) => boolean,
): { binding: Binding; loop: LoopContext; steps: ChainStep[] } | undefined {
  const inputs: FrameValue[] = [];
  const steps: ChainStep[] = [];
  for (let current: FrameValue | undefined = frame; current; current = current.parent) {
    inputs.push(...current.inputs);
    steps.push(...current.steps);
    const binding = current.sourceBinding;
    if (!binding || !isData(binding)) continue;
    const outside = [...loops].reverse().filter((l) => !inLoop(binding, l));
    if (outside.length === 0) continue;
    if (cachedAt(binding, order)) return undefined;
    // Re-bound in the loop or combined with data built in it: the data changes per iteration.
    const loop = outside.find((l) => !reboundIn(binding, l, model) && !inputs.some((input) => builtIn(input, l)) && dependsOn(l, steps));
    return loop && { binding, loop, steps };
  }
  return undefined;
}

/**
 * Jobs over an RDD whose lineage shuffles reuse that shuffle's files: every job after the first
 * recomputes only the narrow steps after it, not the data the loop seems to re-read.
 */
function reusesShuffleFiles(binding: Binding): boolean {
  return binding.value.kind === 'rdd' && lineageSteps(binding.value).some((step) => SHUFFLE_OPERATIONS.has(step.name));
}

/** Loops that cannot repeat a job: an `Option` runs its body at most once. */
function runsAtMostOnce(loop: LoopContext): boolean {
  return loop.extent?.kind === 'at-most-one' || (loop.extent?.kind === 'fixed' && loop.extent.count <= 1);
}

export const actionInLoop: Rule = {
  id: 'action-in-loop',
  defaultSeverity: 'warning',
  summary: 'An action inside a loop runs a Spark job per iteration over the same data.',
  languages: BOTH_LANGUAGES,
  check({ model, report }) {
    const varying = new Map<number, Set<string>>();
    const namesVarying = (loop: LoopContext) => {
      let names = varying.get(loop.id);
      if (!names) varying.set(loop.id, (names = namesVaryingIn(model, loop)));
      return names;
    };
    /** A job that does not mention the iteration is the same job every time: a retry or polling loop. */
    const dependsOnIteration = (extra: ChainStep) => (loop: LoopContext, steps: ChainStep[]) => stepsMention([...steps, extra], namesVarying(loop));
    /** The same job with the same result in every iteration: nothing in the query or the data changes. */
    const unchangedIn = (extra: ChainStep) => (loop: LoopContext, steps: ChainStep[]) =>
      !stepsMention([...steps, extra], namesVarying(loop)) && !mentionsVaryingAttribute([...steps, extra], namesVarying(loop)) && repeatsUnchangedJobs(model, loop);
    for (const action of model.actions) {
      if (action.loops.length === 0) continue;
      const found = repeatedJob(action.frame, action.loops, action.order, model, dependsOnIteration(action.step));
      if (!found) {
        reportUnchangedJob(action);
        continue;
      }
      if (runsAtMostOnce(found.loop) || reusesShuffleFiles(found.binding)) continue;
      const name = found.binding.name;
      report({
        span: stepRange(action.step),
        message: `${action.step.name}() on \`${name}\` runs inside ${describeLoop(found.loop)}: every iteration starts a separate Spark job that reads all of \`${name}\` again. Compute all the values in one job (a groupBy(...).agg(...) or one agg(...) over all the columns) and loop over the small collected result; if each iteration really needs its own job, cache \`${name}\` before the loop.`,
      });
    }
    function reportUnchangedJob(action: ActionSite): void {
      if (!HOISTABLE_ACTIONS.has(action.name) || drawsRandomly(action.frame)) return;
      const found = repeatedJob(action.frame, action.loops, action.order, model, unchangedIn(action.step));
      if (!found || runsAtMostOnce(found.loop) || reusesShuffleFiles(found.binding)) return;
      // `frames.foreach { df => df.select(…).collect() }`: the loop's own variable shadows the name outside.
      if (found.loop.variables.includes(found.binding.name)) return;
      const name = found.binding.name;
      report({
        span: stepRange(action.step),
        message: `${action.step.name}() on \`${name}\` runs the same job in every pass of ${describeLoop(found.loop)}: neither \`${name}\` nor the query changes between iterations, so each pass recomputes the same result. Run it once before the loop and reuse the value (n iterations cost n jobs; hoisted, one).`,
      });
    }
    for (const write of model.writes) {
      if (write.loops.length === 0) continue;
      const terminal = write.terminal ?? write.step;
      const found = repeatedJob(write.frame, write.loops, write.order, model, dependsOnIteration(terminal));
      if (!found || runsAtMostOnce(found.loop) || reusesShuffleFiles(found.binding)) continue;
      const name = found.binding.name;
      // Filtered by the iteration: one slice per write. Otherwise the whole data goes to another destination each time.
      const slices = stepsMention(found.steps, namesVarying(found.loop));
      const advice = slices
        ? `reads all of \`${name}\` again to write one slice of it. Write once with .partitionBy(<column>) instead (with mode "overwrite", set spark.sql.sources.partitionOverwriteMode=dynamic); if the writes really differ, cache \`${name}\` before the loop.`
        : `computes all of \`${name}\` again to write it to another destination. Cache (or persist) \`${name}\` before the loop so the writes share one computation.`;
      report({
        span: { start: write.step.nameSpan.start, end: terminal.span.end },
        message: `\`${name}\` is written inside ${describeLoop(found.loop)}: every iteration starts a separate Spark job that ${advice}`,
      });
    }
  },
};
