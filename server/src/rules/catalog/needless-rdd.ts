import { stepLinks, type StepLinks } from '../../model/steps';
import type { ChainStep } from '../../model/types';
import { replaceSpan } from '../fixSyntax';
import { BOTH_LANGUAGES, type Rule } from '../types';
import { evidenceAt } from '../history';

/** Aggregations that give one row when nothing groups them. */
const AGGREGATIONS = new Set(['agg', 'sum', 'avg', 'mean', 'max', 'min', 'count']);

/** `df.agg(...)` / `df.groupBy().sum(...)` just before the conversion: one row, nothing to win. */
function oneRow(conversion: ChainStep, links: StepLinks): boolean {
  const aggregation = links.previous(conversion);
  if (!aggregation || !AGGREGATIONS.has(aggregation.name)) return false;
  if (links.receiverKind(aggregation) === 'dataframe') return aggregation.name === 'agg';
  const grouping = links.previous(aggregation);
  return grouping !== undefined && (grouping.name === 'groupBy' || grouping.name === 'groupby') && (grouping.args ?? []).length === 0;
}

/** Row-by-row reshaping that a select() of columns usually expresses. */
const ROW_MAPS = new Set(['map', 'flatMap']);

function sameChain(a: ChainStep, b: ChainStep): boolean {
  return a.span.start.line === b.span.start.line && a.span.start.character === b.span.start.character;
}

/** The DataFrame's `.rdd` step written in the same chain just before `step`, if that is what precedes it. */
function conversionBefore(step: ChainStep | undefined, links: StepLinks): ChainStep | undefined {
  const previous = step && links.previous(step);
  if (!step || !previous || previous.name !== 'rdd' || previous.args || links.receiverKind(previous) !== 'dataframe') return undefined;
  return sameChain(previous, step) ? previous : undefined;
}

export const needlessRdd: Rule = {
  id: 'needless-rdd',
  defaultSeverity: 'information',
  summary: 'df.rdd.isEmpty() / df.rdd.collect() go through the RDD for what the DataFrame does itself (isEmpty(), collect()).',
  languages: BOTH_LANGUAGES,
  check({ model, syntax, history, report }) {
    const links = stepLinks(model);
    for (const { step, kind } of model.frameSteps) {
      if (kind !== 'rdd') continue;
      const range = (conversion: ChainStep) => ({ start: conversion.nameSpan.start, end: step.span.end });
      if (step.name === 'isEmpty') {
        const conversion = conversionBefore(step, links);
        if (!conversion) continue;
        report({
          span: range(conversion),
          message: `\`.rdd.isEmpty()\` turns the DataFrame into an RDD first: every column of the plan is computed and converted to row objects for the partitions it scans, and the optimiser cannot prune columns or push a limit down. The DataFrame's own \`${syntax.isEmptyCall}\` (Spark 3.3+ in PySpark, 2.4+ in Scala) asks for one row of no columns.`,
          fixes: [{ title: `Replace .rdd.isEmpty() with .${syntax.isEmptyCall}`, edits: [replaceSpan({ start: conversion.tailSpan.start, end: step.span.end }, `.${syntax.isEmptyCall}`)], isPreferred: true }],
          evidence: evidenceAt(history, step.span),
        });
        continue;
      }
      if (step.name !== 'collect' || step.args?.length) continue;
      const direct = conversionBefore(step, links);
      if (direct) {
        report({
          span: range(direct),
          message: '`.rdd.collect()` fetches the same rows as the DataFrame\'s own `collect()`, through an extra conversion to an RDD. Call `collect()` on the DataFrame (or `toPandas()` with Arrow for a pandas frame).',
          fixes: [{ title: 'Collect the DataFrame directly', edits: [replaceSpan(direct.tailSpan, '')], isPreferred: true }],
          atMost: 'hint',
        });
        continue;
      }
      // PySpark `df.rdd.map(f).collect()`: every row goes through a Python worker only to be reshaped for the driver.
      const mapped = links.previous(step);
      const conversion = mapped && ROW_MAPS.has(mapped.name) && sameChain(mapped, step) ? conversionBefore(mapped, links) : undefined;
      if (!conversion || model.language !== 'python' || oneRow(conversion, links)) continue;
      report({
        span: range(conversion),
        message: `\`.rdd.${mapped!.name}(…).collect()\` sends every row through a Python worker just to reshape it for the driver: all its columns go, and the function hides from the optimiser which columns are needed. Select the needed columns and collect them (\`[r[0] for r in df.select("c").collect()]\`), or \`toPandas()\` with Arrow.`,
        atMost: 'hint',
      });
    }
  },
};
