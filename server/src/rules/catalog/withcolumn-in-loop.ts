import { carriedAcrossIterations, growthExtent, growthKind, lineageCutInLoop } from '../../model/loopCarried';
import { comparingTables, selectingFew } from '../../model/loopExtent';
import { conditionsAround, within } from '../../model/loopDependence';
import { argumentsContain } from '../../model/argumentSearch';
import type { Expr, SparkModel } from '../../model/types';
import { describeLoop, growthSeverity, loopRuns } from '../describe';
import { stepRange } from '../spans';
import { BOTH_LANGUAGES, type Rule } from '../types';

/** Each call stacks one more projection on the plan; the remedy is one call with all the columns. */
const REMEDY: Record<string, string> = {
  withColumn: 'Build the column expressions first and add them in one call: withColumns({name: expr, ...}) (Spark 3.3+) or a single select(...) with aliases.',
  withColumns: 'Merge the column maps and call withColumns once after the loop.',
  withColumnRenamed: 'Rename all columns in one call: withColumnsRenamed({old: new, ...}) (Spark 3.4+) or a single select(col(old).alias(new), ...).',
  withColumnsRenamed: 'Merge the rename maps and call withColumnsRenamed once after the loop.',
  drop: 'Collect the column names and drop them in one drop(...) call.',
};

/** Generator functions: Spark allows one per select, so one column per call is the only way to add several. */
const GENERATORS = ['explode', 'explode_outer', 'posexplode', 'posexplode_outer', 'inline', 'inline_outer', 'stack'];

function isGeneratorCall(expr: Expr, model: SparkModel): boolean {
  return expr.kind === 'call' && GENERATORS.some((name) => model.imports.isSparkFunction(expr.callee, name));
}

export const withcolumnInLoop: Rule = {
  id: 'withcolumn-in-loop',
  defaultSeverity: 'warning',
  summary: 'withColumn in a loop grows the query plan with every iteration.',
  languages: BOTH_LANGUAGES,
  check({ model, report }) {
    const reported = new Set<string>();
    for (const entry of model.loopRebindings) {
      if (entry.accumulatorInArgument || !carriedAcrossIterations(entry, model.loopRebindings)) continue;
      if (growthKind(entry) !== 'columns') continue;
      const step = entry.chain.steps.find((s) => Object.hasOwn(REMEDY, s.name));
      const name = entry.binding?.name ?? entry.previous?.name;
      if (!step || !name) continue;
      // One finding per growing name and loop, on its first offending call.
      const key = `${entry.loop.id}:${name}`;
      if (reported.has(key)) continue;
      if (argumentsContain(step, (expr) => isGeneratorCall(expr, model)) || lineageCutInLoop(entry, name, model)) continue;
      const grown = growthExtent(entry, model.loopRebindings);
      // `for f in df.schema: if isinstance(f.dataType, VectorUDT): df = df.withColumn(...)` touches a handful of columns.
      const guards = conditionsAround(model.statements, entry.chain.span).filter((c) => within(c.span, entry.loop.span));
      const extent = guards.reduce((e, guard) => comparingTables(selectingFew(e, guard), guard), grown);
      const atMost = growthSeverity(extent);
      if (!atMost) continue;
      reported.add(key);
      const subject = entry.loop.kind === 'fold' ? `The fold accumulator \`${name}\`` : `\`${name}\``;
      const unknown = extent.kind === 'unknown' ? ' The code does not show how many iterations there are; this matters once the loop can add tens of columns.' : '';
      report({
        span: stepRange(step),
        message: `${subject} is re-bound to its own ${step.name}(...) on every iteration of ${describeLoop(entry.loop)}${loopRuns(extent)}: each call adds a projection on top of the previous plan and Spark re-analyses the whole plan every time, so planning time grows quadratically with the iterations (long loops can end in StackOverflowError).${unknown} ${REMEDY[step.name]}`,
        atMost,
      });
    }
  },
};
