import type { StageRun } from '../../history/evidence';
import { countOf, formatBytes, formatDuration } from '../../common/format';
import { stageLabel } from '../history';
import { PARTITIONS } from '../historyThresholds';
import { reportStages, type StageVerdict } from '../stageReport';
import { BOTH_LANGUAGES, type Rule } from '../types';

/** Bytes a stage processed: what its tasks read from input and from the shuffle. */
const bytesIn = (stage: StageRun) => stage.tasks.inputBytes + stage.tasks.shuffleReadBytes;

function suggestedPartitions(stage: StageRun): number {
  return Math.max(1, Math.ceil(bytesIn(stage) / PARTITIONS.targetBytes));
}

export function partitionVerdict(stage: StageRun): StageVerdict | undefined {
  const tasks = stage.tasks.succeededTasks;
  const duration = stage.taskDuration;
  const target = formatBytes(PARTITIONS.targetBytes);
  const figures = { stageId: stage.stageId, tasks, bytesIn: bytesIn(stage), suggestedPartitions: suggestedPartitions(stage) };
  if (tasks >= PARTITIONS.tinyMinTasks && duration && duration.p50 < PARTITIONS.tinyMedianMs && bytesIn(stage) / tasks < PARTITIONS.tinyMeanBytes) {
    const summary = `${countOf(tasks, 'task')} with a median of ${formatDuration(duration.p50)} and ${formatBytes(bytesIn(stage) / tasks)} each; about ${countOf(suggestedPartitions(stage), 'partition')} of ${target} would do`;
    return { severity: tasks, message: `${stageLabel(stage)}: ${summary}`, evidence: { run: stage.run.label, summary: `stage ${stage.stageId}: ${summary}`, figures } };
  }
  const largest = Math.max(stage.inputPerTask?.max ?? 0, stage.shuffleReadPerTask?.max ?? 0);
  if (largest > PARTITIONS.oversizedFactor * PARTITIONS.targetBytes) {
    const summary = `a task read ${formatBytes(largest)}, ${Math.round(largest / PARTITIONS.targetBytes)}× the ${target} target; ${countOf(tasks, 'task')} for ${formatBytes(bytesIn(stage))} in all, about ${countOf(suggestedPartitions(stage), 'partition')} would do`;
    return { severity: largest, message: `${stageLabel(stage)}: ${summary}`, evidence: { run: stage.run.label, summary: `stage ${stage.stageId}: ${summary}`, figures: { ...figures, largestTaskBytes: largest } } };
  }
  return undefined;
}

export const partitionSizing: Rule = {
  id: 'partition-sizing',
  defaultSeverity: 'information',
  summary: 'A stage run here had many tiny tasks or oversized partitions for a 128 MB target (measured).',
  languages: BOTH_LANGUAGES,
  scope: 'file',
  measured: true,
  check(context) {
    reportStages(context, partitionVerdict, 'Size partitions near 128 MB: set spark.sql.shuffle.partitions from the data size, let AQE coalesce (spark.sql.adaptive.coalescePartitions.enabled), or repartition/coalesce before this step.');
  },
};
