import { carriedAcrossIterations, growthExtent, jobOnGrowingValue, type LoopRebinding } from '../../model/loopCarried';
import type { ChainStep, Expr } from '../../model/types';
import { describeLoop, growthSeverity, loopRuns } from '../describe';
import { stepRange } from '../spans';
import { BOTH_LANGUAGES, type Rule } from '../types';

const UNIONS = new Set(['union', 'unionAll', 'unionByName']);

const isName = (expr: Expr | undefined, name: string) => expr?.kind === 'name' && expr.id === name;

/** The union step that grows the accumulator, and the part it adds. */
function unionOf(entry: LoopRebinding, accumulator: string): { step: ChainStep; part?: Expr } | undefined {
  if (!entry.accumulatorInArgument) {
    const step = entry.chain.steps.find((s) => UNIONS.has(s.name));
    return step && { step, part: step.args?.[0]?.value };
  }
  // `acc = part.union(acc)`: the part is the receiver.
  const index = entry.chain.steps.findIndex((s) => UNIONS.has(s.name) && s.args?.some((a) => isName(a.value, accumulator)));
  if (index < 0) return undefined;
  return { step: entry.chain.steps[index]!, part: index === 0 ? entry.chain.root : undefined };
}

export const unionInLoop: Rule = {
  id: 'union-in-loop',
  defaultSeverity: 'warning',
  summary: 'union in a loop grows the plan with every iteration.',
  languages: BOTH_LANGUAGES,
  check({ model, report }) {
    for (const entry of model.loopRebindings) {
      const accumulator = entry.binding?.name ?? entry.previous?.name;
      if (!accumulator || !carriedAcrossIterations(entry, model.loopRebindings)) continue;
      // RDD.union is a cheap UnionRDD: no plan is analysed, and shuffle files of earlier parts are reused.
      if ((entry.binding ?? entry.previous)?.value.kind === 'rdd') continue;
      const union = unionOf(entry, accumulator);
      if (!union) continue;
      const jobLine = jobOnGrowingValue(entry);
      // `for part in parts: acc = acc.union(part)` only combines DataFrames that already exist: the same
      // plan as reduce(DataFrame.unionByName, parts), which the rule does not flag either.
      const partIsLoopVariable = union.part?.kind === 'name' && entry.loop.variables.includes(union.part.id) && union.part.id !== accumulator;
      if (partIsLoopVariable && jobLine === undefined) continue;
      const extent = growthExtent(entry, model.loopRebindings);
      // A job on the growing union in the loop re-runs every part so far: worth a warning however long the loop.
      const atMost = extent.kind === 'unknown' && jobLine !== undefined ? 'warning' : growthSeverity(extent);
      if (!atMost) continue;
      const subject = entry.loop.kind === 'fold' ? `The fold accumulator \`${accumulator}\`` : `\`${accumulator}\``;
      const job = jobLine !== undefined ? ` The job on \`${accumulator}\` at line ${jobLine} runs inside the loop, so every iteration also re-executes all the parts added so far.` : '';
      const unknown = extent.kind === 'unknown' && jobLine === undefined ? ' The code does not show how many parts there are; this matters once there are tens of them.' : '';
      const rest = jobLine !== undefined
        ? 'otherwise collect the parts in a list and union them once after the loop, so no job runs on a half-built union.'
        : 'otherwise one spark.sql(...) with UNION ALL over all the parts is analysed once, and appending each part to one table avoids the union altogether.';
      report({
        span: stepRange(union.step),
        message: `${subject} is re-bound to its own ${union.step.name}(...) on every iteration of ${describeLoop(entry.loop)}${loopRuns(extent)}: Spark re-analyses a plan with one more branch each time (quadratic planning time), and every part is scanned separately.${job}${unknown} If the parts are files or partitions of one dataset, read them in one read (spark.read.parquet(*paths), or filter on the partition column); ${rest}`,
        atMost,
      });
    }
  },
};
