import { addsToPlan, carriedAcrossIterations, growthExtent, growthKind, jobOnGrowingValue, lineageCutInLoop } from '../../model/loopCarried';
import { SHUFFLE_OPERATIONS } from '../../model/sparkApi';
import type { Binding, ChainStep, SparkModel } from '../../model/types';
import { describeLoop, growthSeverity, loopRuns } from '../describe';
import { stepRange } from '../spans';
import { BOTH_LANGUAGES, lowerOf, type Rule } from '../types';

/** The growing value is cached inside the loop: a job there reads the previous iteration's cache instead of recomputing. */
function cachedInLoop(model: SparkModel, name: string, loopId: number): boolean {
  return model.caches.some((site) => (site.method === 'cache' || site.method === 'persist') && site.loops.some((l) => l.id === loopId)
    && [site.holder, site.target].some((b) => b?.name === name));
}

/** "join(...), agg(...)": the operators an iteration adds, at most three named. */
function list(steps: readonly ChainStep[]): string {
  const names = [...new Set(steps.filter((s) => s.args !== undefined && addsToPlan(s.name)).map((s) => `${s.name}(...)`))];
  return names.length > 3 ? `${names.slice(0, 3).join(', ')}, …` : names.join(', ');
}

export const planGrowthInLoop: Rule = {
  id: 'plan-growth-in-loop',
  defaultSeverity: 'warning',
  summary: 'A DataFrame re-bound through joins, filters or aggregations on every iteration grows its plan and lineage without bound.',
  languages: BOTH_LANGUAGES,
  check({ model, report }) {
    const reported = new Set<string>();
    for (const entry of model.loopRebindings) {
      if (entry.accumulatorInArgument || growthKind(entry) !== 'operators' || !carriedAcrossIterations(entry, model.loopRebindings)) continue;
      const grown: Binding | undefined = entry.binding ?? entry.previous;
      const name = grown?.name;
      if (!grown || !name || (grown.value.kind !== 'dataframe' && grown.value.kind !== 'rdd')) continue;
      const key = `${entry.loop.id}:${name}`;
      if (reported.has(key) || lineageCutInLoop(entry, name, model)) continue;
      const rdd = grown.value.kind === 'rdd';
      const shuffles = entry.chain.steps.filter((s) => SHUFFLE_OPERATIONS.has(s.name));
      // An RDD has no plan to re-analyse; only a lineage of shuffles grows (deep DAGs, long recomputation after a lost executor).
      if (rdd && shuffles.length === 0) continue;
      const extent = growthExtent(entry, model.loopRebindings);
      const byExtent = growthSeverity(extent);
      // RDD jobs reuse the shuffle files of earlier iterations; a DataFrame job re-plans and re-runs the whole lineage unless it is cached.
      const jobLine = rdd || cachedInLoop(model, name, entry.loop.id) ? undefined : jobOnGrowingValue(entry);
      const atMost = jobLine !== undefined && extent.kind !== 'fixed' && extent.kind !== 'at-most-one' ? 'warning' : byExtent && (rdd ? lowerOf(byExtent, 'information') : byExtent);
      if (!atMost) continue;
      reported.add(key);
      const first = entry.chain.steps.find((s) => SHUFFLE_OPERATIONS.has(s.name)) ?? entry.chain.steps[0]!;
      const subject = entry.loop.kind === 'fold' ? `The fold accumulator \`${name}\`` : `\`${name}\``;
      const lineage = shuffles.length > 0 ? ` and ${shuffles.length === 1 ? 'one more shuffle' : `${shuffles.length} more shuffles`} to its lineage` : '';
      const cost = rdd
        ? 'the lineage every job and every recovery walks grows without bound (very long lineages end in StackOverflowError when the job is serialised).'
        : 'Spark re-analyses the whole plan at every call, so planning time grows quadratically with the iterations (long loops can end in StackOverflowError).';
      const job = jobLine !== undefined ? ` The job at line ${jobLine} runs inside the loop on \`${name}\`, so every iteration also recomputes all the earlier iterations from the source.` : '';
      const unknown = extent.kind === 'unknown' && jobLine === undefined ? ' The code does not show how many iterations there are; this matters once the loop runs tens of times.' : '';
      const remedy = rdd
        ? `Cut the lineage every few iterations: \`${name}.checkpoint()\` (with sc.setCheckpointDir) after persisting it.`
        : `Cut the plan every few iterations: \`${name} = ${name}.localCheckpoint()\` (or checkpoint() with a checkpoint directory, which survives losing an executor, or write it and read it back).`;
      report({
        span: stepRange(first),
        message: `${subject} grows through ${list(entry.chain.steps)} on every iteration of ${describeLoop(entry.loop)}${loopRuns(extent)}: each iteration adds its operators to the plan${lineage}; ${cost}${job}${unknown} ${remedy}`,
        atMost,
      });
    }
  },
};
