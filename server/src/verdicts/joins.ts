/**
 * Verdicts on the joins and broadcasts of a plan that ran: a shuffled join whose small side was
 * measured small enough to broadcast, and a broadcast too large for the driver. The one place this
 * is judged; the missing-broadcast rule, the JSON report and the broadcast recommendation read it.
 */
import type { PlanNodeSummary } from '../history/eventlog/types';
import type { JoinMeasurement } from './types';
import { BROADCAST_CANDIDATE, BROADCAST_TOO_LARGE_BYTES } from './thresholds';

const SHUFFLED_JOIN = /^(SortMergeJoin|ShuffledHashJoin)/;
/** Spark's canBuildBroadcastLeft / canBuildBroadcastRight: an outer join cannot broadcast the side it preserves. */
const BUILDS_RIGHT = /^(Inner|Cross|LeftOuter|LeftSemi|LeftAnti|ExistenceJoin)/;
const BUILDS_LEFT = /^(Inner|Cross|RightOuter)/;

export function isShuffledJoin(node: PlanNodeSummary): boolean {
  return node.kind === 'join' && SHUFFLED_JOIN.test(node.nodeName);
}

/** A shuffled join with both sides measured; undefined otherwise. */
export function measuredJoin(executionId: number, node: PlanNodeSummary): JoinMeasurement | undefined {
  if (!isShuffledJoin(node)) return undefined;
  const [left, right] = node.sideBytes ?? [undefined, undefined];
  if (left === undefined || right === undefined) return undefined;
  const joinType = node.joinType ?? 'Inner';
  const smallSide = right <= left ? 'right' : 'left';
  return {
    executionId,
    nodeIndex: node.nodeIndex,
    nodeName: node.nodeName,
    joinType,
    smallSide,
    smallBytes: Math.min(left, right),
    largeBytes: Math.max(left, right),
    buildable: (smallSide === 'right' ? BUILDS_RIGHT : BUILDS_LEFT).test(joinType),
  };
}

/** Should have been broadcast: buildable, small side under `maxBytes`, and much smaller than the other. */
export function isBroadcastCandidate(join: JoinMeasurement, maxBytes: number = BROADCAST_CANDIDATE.defaultMaxBytes): boolean {
  return join.buildable && join.smallBytes <= maxBytes && join.largeBytes >= join.smallBytes * BROADCAST_CANDIDATE.minSizeRatio;
}

/** Bytes a broadcast exchange carried, when it is over the limit. */
export function oversizedBroadcast(node: PlanNodeSummary): number | undefined {
  const bytes = node.kind === 'broadcast-exchange' ? (node.metrics['data size'] ?? 0) : 0;
  return bytes >= BROADCAST_TOO_LARGE_BYTES ? bytes : undefined;
}
