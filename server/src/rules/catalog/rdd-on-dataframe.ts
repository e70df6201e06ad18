import { DRIVER_FETCHES, rddPaths, type RddPath } from '../../model/rddFate';
import { stepLinks } from '../../model/steps';
import { argumentsContain } from '../../model/argumentSearch';
import type { ChainStep, SparkModel } from '../../model/types';
import { BOTH_LANGUAGES, type Rule } from '../types';
import { evidenceAt } from '../history';
import { runsLocally } from '../../model/configs';

/**
 * RDD operations that process the rows and have DataFrame equivalents. Left out on purpose:
 * metadata (`getNumPartitions`, `partitions`), `isEmpty`, `zipWithIndex` (no DataFrame
 * equivalent), `foreach`/`foreachPartition` (DataFrame.foreach is `df.rdd.foreach`),
 * `mapPartitions`/`mapPartitionsWithIndex` (per-partition set-up of a model, a connection or a
 * writer, or the partition index: mapInPandas and Dataset.mapPartitions convert every row too) and
 * plain actions like `count`/`collect` that only fetch the rows.
 */
const PROCESSING = new Set([
  'map', 'flatMap', 'filter', 'reduceByKey', 'groupByKey', 'groupBy', 'keyBy', 'aggregateByKey', 'combineByKey', 'foldByKey', 'sortBy',
  'sortByKey', 'mapValues', 'flatMapValues', 'reduce', 'fold', 'aggregate', 'treeReduce', 'treeAggregate', 'countByKey', 'countByValue', 'distinct',
]);

/** Row-by-row reshaping: on the way to the driver it converts no more rows than collecting them does. */
const ROW_WISE = new Set(['map', 'flatMap', 'filter', 'mapValues', 'flatMapValues', 'keyBy', 'keys', 'values']);

/** RDD operations with no DataFrame counterpart: whoever applies them needs the RDD. */
function needsRdd(step: ChainStep): string | undefined {
  if (step.name === 'histogram') return 'RDD.histogram';
  if (step.name === 'zipWithIndex' || step.name === 'zipWithUniqueId') return `RDD.${step.name}`;
  if (step.name === 'mapPartitionsWithIndex' || step.name === 'glom' || step.name === 'pipe') return `RDD.${step.name}`;
  // partitionBy(n, partitionFunc) / partitionBy(new RangePartitioner(...)): exact row placement.
  const args = step.args ?? [];
  if (step.name === 'partitionBy' && (args.length >= 2 || (args.length === 1 && args[0]!.value.kind !== 'literal' && args[0]!.value.kind !== 'name'))) {
    return 'partitionBy with a partitioner';
  }
  return undefined;
}

/** A reason the RDD is the right tool here, if the code shows one. */
function rddNeeded(paths: RddPath[]): string | undefined {
  for (const path of paths) {
    if (path.end.kind === 'rdd-api') return path.end.what;
    for (const step of path.steps) {
      const needed = needsRdd(step);
      if (needed) return needed;
    }
  }
  return undefined;
}

/** Every path ends on the driver after row-by-row steps: the rows are converted for the driver anyway. */
function onlyFetched(paths: RddPath[]): boolean {
  return paths.length > 0 && paths.every((p) => p.end.kind === 'driver' && p.steps.every((s) => ROW_WISE.has(s.name) || DRIVER_FETCHES.has(s.name)));
}

/** `TaskContext.get()` inside the function: per-task information only the RDD API exposes. */
function readsTaskContext(step: ChainStep): boolean {
  return argumentsContain(step, (expr) => expr.kind === 'name' && expr.id === 'TaskContext');
}

/**
 * Why the conversion costs little, when the code shows it: a local session holds only what one
 * machine does, and a Scala function that rebuilds whole Rows for a schema read off a DataFrame at
 * run time pays no Python and has no simple Column rewrite.
 */
function cheapBecause(paths: RddPath[], model: SparkModel): 'local-session' | 'generic-rows' | undefined {
  if (runsLocally(model.configs)) return 'local-session';
  const rebuilt = paths.length > 0 && paths.every((p) => p.end.kind === 'dataframe' && p.end.schemaFromFrame === true);
  return model.language === 'scala' && rebuilt ? 'generic-rows' : undefined;
}

export const rddOnDataframe: Rule = {
  id: 'rdd-on-dataframe',
  defaultSeverity: 'warning',
  summary: 'Dropping from a DataFrame to its RDD leaves the optimiser and serialises every row.',
  languages: BOTH_LANGUAGES,
  check({ model, history, report }) {
    const links = stepLinks(model);
    const reported = new Set<ChainStep>();
    for (const { step, kind } of model.frameSteps) {
      if (kind !== 'rdd' || !PROCESSING.has(step.name)) continue;
      const conversion = links.previous(step);
      if (!conversion || conversion.name !== 'rdd' || conversion.args || links.receiverKind(conversion) !== 'dataframe' || reported.has(conversion)) continue;
      reported.add(conversion);
      const paths = rddPaths(model, conversion);
      if (rddNeeded(paths) || onlyFetched(paths) || readsTaskContext(step)) continue;
      const sameChain = conversion.span.start.line === step.span.start.line && conversion.span.start.character === step.span.start.character;
      const frame = links.startBinding(conversion)?.name;
      const rdd = frame ? `\`${frame}.rdd\`` : "the DataFrame's `.rdd`";
      const holder = sameChain ? undefined : links.startBinding(step)?.name;
      const via = holder ? `\`${holder}\` (${rdd})` : rdd;
      const span = sameChain ? { start: conversion.nameSpan.start, end: step.span.end } : { start: step.nameSpan.start, end: step.span.end };
      const cheap = cheapBecause(paths, model);
      if (cheap === 'local-session') {
        report({
          span,
          atMost: 'hint',
          message: `\`${step.name}\` on ${via} leaves Catalyst, but this file's session is local: the data is what one machine holds, so the row conversion costs little. Run on a cluster, express it with DataFrame operations (or groupBy().applyInPandas / mapInPandas for Python logic).`,
        });
        continue;
      }
      if (cheap === 'generic-rows') {
        report({
          span,
          atMost: 'hint',
          message: `\`${step.name}\` on ${via} rebuilds every Row for a schema read off a DataFrame at run time: on the JVM that is a row conversion each way (no Python), and a rewrite generic over an unknown schema has no simple Column form. Where the columns it changes are known, use DataFrame operations (withColumn, transform, map_filter).`,
        });
        continue;
      }
      report({
        span,
        message: `\`${step.name}\` on ${via} leaves Catalyst and Tungsten: every row is converted to an object (in PySpark also pickled and sent to a Python worker), and nothing inside the function can be optimised or pushed down to the scan. Express it with DataFrame operations (select, filter, withColumn, groupBy().agg(), explode), or per-partition mapInPandas / typed Dataset operations for logic without a built-in.`,
        evidence: evidenceAt(history, step.span),
      });
    }
  },
};
