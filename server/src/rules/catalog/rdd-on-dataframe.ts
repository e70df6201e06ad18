import { stepLinks } from '../../model/steps';
import type { ChainStep } from '../../model/types';
import { BOTH_LANGUAGES, type Rule } from '../types';
import { evidenceAt } from '../history';

/**
 * RDD operations that process the rows and have DataFrame equivalents. Left out on purpose:
 * metadata (`getNumPartitions`, `partitions`), `isEmpty`, `zipWithIndex` (no DataFrame
 * equivalent), `foreachPartition` (DataFrame.foreachPartition does the same) and plain
 * actions like `count`/`collect` that only fetch the rows.
 */
const PROCESSING = new Set([
  'map', 'flatMap', 'filter', 'mapPartitions', 'mapPartitionsWithIndex', 'foreach', 'reduceByKey', 'groupByKey', 'groupBy', 'keyBy',
  'aggregateByKey', 'combineByKey', 'foldByKey', 'sortBy', 'sortByKey', 'mapValues', 'flatMapValues', 'reduce', 'fold', 'aggregate',
  'treeReduce', 'treeAggregate', 'countByKey', 'countByValue', 'distinct',
]);

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
      const sameChain = conversion.span.start.line === step.span.start.line && conversion.span.start.character === step.span.start.character;
      const frame = links.startBinding(conversion)?.name;
      const rdd = frame ? `\`${frame}.rdd\`` : "the DataFrame's `.rdd`";
      const holder = sameChain ? undefined : links.startBinding(step)?.name;
      const via = holder ? `\`${holder}\` (${rdd})` : rdd;
      report({
        span: sameChain ? { start: conversion.nameSpan.start, end: step.span.end } : { start: step.nameSpan.start, end: step.span.end },
        message: `\`${step.name}\` on ${via} leaves Catalyst and Tungsten: every row is converted to an object (in PySpark also pickled and sent to a Python worker), and nothing inside the function can be optimised or pushed down to the scan. Express it with DataFrame operations (select, filter, withColumn, groupBy().agg(), explode), or per-partition mapInPandas / typed Dataset operations for logic without a built-in.`,
        evidence: evidenceAt(history, step.span),
      });
    }
  },
};
