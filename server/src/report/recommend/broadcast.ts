/**
 * spark.sql.autoBroadcastJoinThreshold: shuffled joins whose small side was measured small enough
 * to broadcast (the missing-broadcast rule's bounds) while the threshold was off or below that size.
 */
import { formatBytes } from '../../common/format';
import type { PlanNodeSummary, SqlExecutionSummary } from '../../history/eventlog/types';
import { BROADCAST_CANDIDATE } from 'VERDICT_THRESHOLDS';
import type { Recommendation } from '../types';
import { listOf, recommendation, type RecommendContext } from './context';
import { parseSize, settingOf } from './settings';
import { BROADCAST, SPARK_DEFAULTS } from './thresholds';

const KEY = 'spark.sql.autoBroadcastJoinThreshold';
const MIB = 1024 * 1024;

/** Spark's canBuildBroadcastLeft / canBuildBroadcastRight: an outer join cannot broadcast the side it preserves. */
const BUILDS_RIGHT = /^(Inner|Cross|LeftOuter|LeftSemi|LeftAnti|ExistenceJoin)/;
const BUILDS_LEFT = /^(Inner|Cross|RightOuter)/;

interface Candidate {
  execution: SqlExecutionSummary;
  node: PlanNodeSummary;
  smallBytes: number;
  largeBytes: number;
}

function candidateOf(execution: SqlExecutionSummary, node: PlanNodeSummary): Candidate | undefined {
  if (node.kind !== 'join' || !/^(SortMergeJoin|ShuffledHashJoin)/.test(node.nodeName)) return undefined;
  const [left, right] = node.sideBytes ?? [undefined, undefined];
  if (left === undefined || right === undefined) return undefined;
  const joinType = node.joinType ?? 'Inner';
  const smallRight = right <= left;
  if (!(smallRight ? BUILDS_RIGHT : BUILDS_LEFT).test(joinType)) return undefined;
  const smallBytes = Math.min(left, right);
  const largeBytes = Math.max(left, right);
  if (smallBytes > BROADCAST_CANDIDATE.defaultMaxBytes || largeBytes < smallBytes * BROADCAST_CANDIDATE.minSizeRatio) return undefined;
  return { execution, node, smallBytes, largeBytes };
}

/** At least Spark's default of 10 MB, else the next power of two MiB above the size with headroom: "64m". */
function thresholdFor(bytes: number): string {
  const wanted = bytes * BROADCAST.headroom;
  if (wanted <= SPARK_DEFAULTS.broadcastThresholdBytes) return `${SPARK_DEFAULTS.broadcastThresholdBytes / MIB}m`;
  return `${2 ** Math.ceil(Math.log2(wanted / MIB))}m`;
}

export function recommendBroadcastThreshold(context: RecommendContext): Recommendation[] {
  const current = settingOf(context.app, KEY);
  const threshold = parseSize(current, 'b') ?? SPARK_DEFAULTS.broadcastThresholdBytes;
  const candidates = context.app.sqlExecutions.flatMap((execution) => execution.nodes.flatMap((node) => candidateOf(execution, node) ?? [])).filter((candidate) => threshold < 0 || candidate.smallBytes > threshold);
  if (candidates.length === 0) return [];
    candidates.sort((x, y) => y.smallBytes - x.smallBytes);
  const largest = candidates[0]!;
  const suggested = thresholdFor(largest.smallBytes);
  const shown = candidates.slice(0, 3);
  const sizes = (bytes: (c: Candidate) => number) => listOf([...shown.map((c) => formatBytes(bytes(c))), ...(candidates.length > shown.length ? ['…'] : [])]);
  const names = [...new Set(candidates.map((candidate) => candidate.node.nodeName))].join('/');
  const executions = [...new Set(candidates.map((candidate) => candidate.execution.executionId))];
  const joins = `${candidates.length === 1 ? `A ${names}` : `${candidates.length} ${names}s`} (SQL execution${executions.length === 1 ? '' : 's'} ${executions.join(', ')})`;
  const sides = `${candidates.length === 1 ? 'its small side measured' : 'their small sides measured'} ${sizes((c) => c.smallBytes)} (against ${sizes((c) => c.largeBytes)})`;
  const setting = threshold < 0 ? `${KEY} ${current}, which turns broadcast joins off` : `${KEY} ${current ?? 'at its default'} (${formatBytes(threshold)})`;
  const reason = `${joins} shuffled and sorted both sides although ${sides}, with ${setting}; ${suggested} broadcasts ${candidates.length === 1 ? 'it' : 'them'}.`;
  const stage = context.app.stages.find((candidate) => candidate.jobIds.some((jobId) => largest.execution.jobIds.includes(jobId)));
  return [recommendation(context, KEY, current, suggested, reason, stage)];
}
