/**
 * spark.sql.autoBroadcastJoinThreshold: shuffled joins whose small side was measured small enough
 * to broadcast (the missing-broadcast rule's bounds) while the threshold was off or below that size.
 */
import { formatBytes } from '../../common/format';
import { isBroadcastCandidate, type JoinMeasurement } from '../../verdicts';
import { BROADCAST, BROADCAST_CANDIDATE, SPARK_DEFAULTS } from '../../verdicts/thresholds';
import { candidate as proposal, listOf, type Candidate as Proposal, type RecommendContext } from './context';
import { parseSize, settingOf } from './settings';

const KEY = 'spark.sql.autoBroadcastJoinThreshold';
const MIB = 1024 * 1024;

/** At least Spark's default of 10 MB, else the next power of two MiB above the size with headroom: "64m". */
function thresholdFor(bytes: number): string {
  const wanted = bytes * BROADCAST.headroom;
  if (wanted <= SPARK_DEFAULTS.broadcastThresholdBytes) return `${SPARK_DEFAULTS.broadcastThresholdBytes / MIB}m`;
  return `${2 ** Math.ceil(Math.log2(wanted / MIB))}m`;
}

export function recommendBroadcastThreshold(context: RecommendContext): Proposal[] {
  const current = settingOf(context.app, KEY);
  const threshold = parseSize(current, 'b') ?? SPARK_DEFAULTS.broadcastThresholdBytes;
  const maxBytes = context.options.broadcastThresholdBytes ?? BROADCAST_CANDIDATE.defaultMaxBytes;
  const candidates: JoinMeasurement[] = context.verdicts.joins.filter((join) => isBroadcastCandidate(join, maxBytes) && (threshold < 0 || join.smallBytes > threshold));
  if (candidates.length === 0) return [];
  candidates.sort((x, y) => y.smallBytes - x.smallBytes);
  const largest = candidates[0]!;
  const suggested = thresholdFor(largest.smallBytes);
  const shown = candidates.slice(0, 3);
  const sizes = (bytes: (c: JoinMeasurement) => number) => listOf([...shown.map((c) => formatBytes(bytes(c))), ...(candidates.length > shown.length ? ['…'] : [])]);
  const names = [...new Set(candidates.map((candidate) => candidate.nodeName))].join('/');
  const executions = [...new Set(candidates.map((candidate) => candidate.executionId))];
  const joins = `${candidates.length === 1 ? `A ${names}` : `${candidates.length} ${names}s`} (SQL execution${executions.length === 1 ? '' : 's'} ${executions.join(', ')})`;
  const sides = `${candidates.length === 1 ? 'its small side measured' : 'their small sides measured'} ${sizes((c) => c.smallBytes)} (against ${sizes((c) => c.largeBytes)})`;
  const setting = threshold < 0 ? `${KEY} ${current}, which turns broadcast joins off` : `${KEY} ${current ?? 'at its default'} (${formatBytes(threshold)})`;
  const reason = `${joins} shuffled and sorted both sides although ${sides}, with ${setting}; ${suggested} broadcasts ${candidates.length === 1 ? 'it' : 'them'}.`;
  const execution = context.app.sqlExecutions.find((candidate) => candidate.executionId === largest.executionId);
  const stage = context.app.stages.find((candidate) => candidate.jobIds.some((jobId) => execution?.jobIds.includes(jobId)));
  return [proposal(context, KEY, current, suggested, reason, stage)];
}
