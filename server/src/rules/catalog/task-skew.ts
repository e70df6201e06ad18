import type { StageRun } from '../../history/evidence';
import { countOf, formatBytes, formatDuration } from '../../common/format';
import { stageLabel } from '../history';
import { SKEW } from '../historyThresholds';
import { reportStages, type StageVerdict } from '../stageReport';
import { BOTH_LANGUAGES, type Rule } from '../types';

/** Whether a stage's tasks were skewed, by duration or by shuffle read; shared with skew-prone-join. */
export function skewVerdict(stage: StageRun): StageVerdict | undefined {
  const duration = stage.taskDuration;
  const read = stage.shuffleReadPerTask;
  const byTime = duration && duration.p50 > 0 && duration.max / duration.p50 >= SKEW.ratio && duration.max >= SKEW.minMaxTaskMs;
  const byRead = read && read.p50 > 0 && read.max / read.p50 >= SKEW.ratio && read.max >= SKEW.minMaxShuffleReadBytes;
  if ((!byTime && !byRead) || !duration) return undefined;
  const parts = [`max task ${formatDuration(duration.max)} vs median ${formatDuration(duration.p50)} over ${countOf(duration.count, 'task')}`];
  if (read && read.max > 0) parts.push(`${formatBytes(read.max)} shuffle read in one task (median ${formatBytes(read.p50)})`);
  const summary = parts.join('; ');
  return {
    severity: Math.max(duration.max / Math.max(duration.p50, 1), read && read.p50 > 0 ? read.max / read.p50 : 0),
    message: `${stageLabel(stage)}: ${summary}`,
    evidence: {
      run: stage.run.label,
      summary: `stage ${stage.stageId}: ${summary}`,
      figures: { stageId: stage.stageId, maxTaskMs: duration.max, medianTaskMs: duration.p50, tasks: duration.count, maxShuffleReadBytes: read?.max ?? 0, medianShuffleReadBytes: read?.p50 ?? 0 },
    },
  };
}

export const taskSkew: Rule = {
  id: 'task-skew',
  defaultSeverity: 'warning',
  summary: 'A stage run here had a few tasks far slower or larger than the rest (measured).',
  languages: BOTH_LANGUAGES,
  scope: 'file',
  measured: true,
  check(context) {
    reportStages(context, skewVerdict, 'The stage waits for its slowest task: salt or pre-aggregate the hot keys, or enable spark.sql.adaptive.skewJoin.enabled for skewed joins.');
  },
};
