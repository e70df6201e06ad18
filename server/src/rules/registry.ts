import { missingBroadcast } from './catalog/missing-broadcast';
import { needlessCache } from './catalog/needless-cache';
import { skewProneJoin } from './catalog/skew-prone-join';
import { missingCache } from './catalog/missing-cache';
import { cacheWithoutUnpersist } from './catalog/cache-without-unpersist';
import { collectUnbounded } from './catalog/collect-unbounded';
import { replaceableUdf } from './catalog/replaceable-udf';
import { withcolumnInLoop } from './catalog/withcolumn-in-loop';
import { countForEmptiness } from './catalog/count-for-emptiness';
import { singlePartitionWrite } from './catalog/single-partition-write';
import { groupByKey } from './catalog/group-by-key';
import { crossJoin } from './catalog/cross-join';
import { inferSchema } from './catalog/infer-schema';
import { windowWithoutPartition } from './catalog/window-without-partition';
import { unionInLoop } from './catalog/union-in-loop';
import { actionInLoop } from './catalog/action-in-loop';
import { aqeDisabled } from './catalog/aqe-disabled';
import { hardcodedShufflePartitions } from './catalog/hardcoded-shuffle-partitions';
import { broadcastThresholdDisabled } from './catalog/broadcast-threshold-disabled';
import { javaSerializer } from './catalog/java-serializer';
import { topandasWithoutArrow } from './catalog/topandas-without-arrow';
import { distinctCount } from './catalog/distinct-count';
import { sizeOfCollectList } from './catalog/size-of-collect-list';
import { hardcodedRepartition } from './catalog/hardcoded-repartition';
import { needlessRdd } from './catalog/needless-rdd';
import { mergeSchema } from './catalog/merge-schema';
import { redundantDistinct } from './catalog/redundant-distinct';
import { multipleExplode } from './catalog/multiple-explode';
import { planGrowthInLoop } from './catalog/plan-growth-in-loop';
import { strayShow } from './catalog/stray-show';
import { udfOverArray } from './catalog/udf-over-array';
import { rowAtATimeUdf } from './catalog/row-at-a-time-udf';
import { rddOnDataframe } from './catalog/rdd-on-dataframe';
import { sortBeforeWrite } from './catalog/sort-before-write';
import { joinWithoutHow } from './catalog/join-without-how';
import { taskSkew } from './catalog/task-skew';
import { spill } from './catalog/spill';
import { gcPressure } from './catalog/gc-pressure';
import { partitionSizing } from './catalog/partition-sizing';
import { stageFailures } from './catalog/stage-failures';
import { broadcastTooLarge } from './catalog/broadcast-too-large';
import { discardedSort } from './catalog/discarded-sort';
import { jobInLogMessage } from './catalog/job-in-log-message';
import { nonEquiJoin } from './catalog/non-equi-join';
import { unlimitedResultSize } from './catalog/unlimited-result-size';
import type { Rule } from './types';

/** Every rule, in the order of the rules table. */
export const ALL_RULES_LIST: readonly Rule[] = [
  missingBroadcast,
  needlessCache,
  skewProneJoin,
  missingCache,
  cacheWithoutUnpersist,
  collectUnbounded,
  replaceableUdf,
  udfOverArray,
  rowAtATimeUdf,
  withcolumnInLoop,
  countForEmptiness,
  singlePartitionWrite,
  groupByKey,
  crossJoin,
  nonEquiJoin,
  inferSchema,
  windowWithoutPartition,
  unionInLoop,
  planGrowthInLoop,
  actionInLoop,
  aqeDisabled,
  hardcodedShufflePartitions,
  broadcastThresholdDisabled,
  unlimitedResultSize,
  javaSerializer,
  topandasWithoutArrow,
  distinctCount,
  jobInLogMessage,
  strayShow,
  sizeOfCollectList,
  hardcodedRepartition,
  needlessRdd,
  mergeSchema,
  redundantDistinct,
  multipleExplode,
  rddOnDataframe,
  sortBeforeWrite,
  discardedSort,
  joinWithoutHow,
  taskSkew,
  spill,
  gcPressure,
  partitionSizing,
  stageFailures,
  broadcastTooLarge,
];

const BY_ID = new Map(ALL_RULES_LIST.map((rule) => [rule.id, rule]));

export function ruleById(id: string): Rule | undefined {
  return BY_ID.get(id);
}
