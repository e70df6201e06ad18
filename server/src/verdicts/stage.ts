/**
 * Verdicts on one measured stage attempt: skewed tasks, spill, GC pressure, partition sizes and
 * failures. Pure functions of the stored figures, thresholds from thresholds.ts.
 */
import { countOf, formatBytes, formatCount, formatDuration, formatPercent } from '../common/format';
import type { MeasuredStage, StageVerdict } from './types';
import { GC, PARTITIONS, SKEW, SPILL_MIN_BYTES } from './thresholds';

/** "stage 14 of daily_etl (2026-11-02)" — attempt shown only for retries. */
export function stageLabel(stage: Pick<MeasuredStage, 'stageId' | 'attemptId' | 'run'>): string {
  const attempt = stage.attemptId > 0 ? ` (attempt ${stage.attemptId})` : '';
  return `stage ${stage.stageId}${attempt} of ${stage.run.label}`;
}

/** "Stage 7 of nightly (2026-11-03)": a stage label that starts a sentence. */
export function stageTitle(stage: Pick<MeasuredStage, 'stageId' | 'attemptId' | 'run'>): string {
  return `S${stageLabel(stage).slice(1)}`;
}

/** Whether a stage's tasks were skewed, by duration or by shuffle read. */
export function skewVerdict(stage: MeasuredStage): StageVerdict | undefined {
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
    message: `A few tasks ran far longer than the rest in ${stageLabel(stage)}: ${summary}`,
    evidence: {
      run: stage.run.label,
      summary: `stage ${stage.stageId}: ${summary}`,
      figures: { stageId: stage.stageId, maxTaskMs: duration.max, medianTaskMs: duration.p50, tasks: duration.count, maxShuffleReadBytes: read?.max ?? 0, medianShuffleReadBytes: read?.p50 ?? 0 },
    },
  };
}

export function spillVerdict(stage: MeasuredStage): StageVerdict | undefined {
  const { memorySpilledBytes: memory, diskSpilledBytes: disk } = stage.tasks;
  if (memory + disk < SPILL_MIN_BYTES) return undefined;
  const worst = stage.spillPerTask && stage.spillPerTask.max > 0 ? `; up to ${formatBytes(stage.spillPerTask.max)} in one task` : '';
  const summary = `spilled ${formatBytes(memory)} from memory and ${formatBytes(disk)} to disk over ${countOf(stage.tasks.tasks, 'task')}${worst}`;
  return {
    severity: disk + memory / 10,
    message: `Spill in ${stageLabel(stage)}: ${summary}`,
    evidence: { run: stage.run.label, summary: `stage ${stage.stageId}: ${summary}`, figures: { stageId: stage.stageId, memorySpilledBytes: memory, diskSpilledBytes: disk } },
  };
}

export function gcVerdict(stage: MeasuredStage): StageVerdict | undefined {
  const { jvmGcTimeMs: gc, executorRunTimeMs: run } = stage.tasks;
  if (run < GC.minRunTimeMs || gc / run <= GC.fraction) return undefined;
  const summary = `${formatPercent(gc / run)} of task time in GC (${formatDuration(gc)} of ${formatDuration(run)})`;
  return {
    severity: gc / run,
    message: `Tasks spent a large share of their time in GC in ${stageLabel(stage)}: ${summary}`,
    evidence: { run: stage.run.label, summary: `stage ${stage.stageId}: ${summary}`, figures: { stageId: stage.stageId, jvmGcTimeMs: gc, executorRunTimeMs: run } },
  };
}

/** Bytes a stage processed: what its tasks read from input and from the shuffle. */
const bytesIn = (stage: MeasuredStage) => stage.tasks.inputBytes + stage.tasks.shuffleReadBytes;

function suggestedPartitions(stage: MeasuredStage): number {
  return Math.max(1, Math.ceil(bytesIn(stage) / PARTITIONS.targetBytes));
}

export function partitionVerdict(stage: MeasuredStage): StageVerdict | undefined {
  const tasks = stage.tasks.succeededTasks;
  const duration = stage.taskDuration;
  const target = formatBytes(PARTITIONS.targetBytes);
  const figures = { stageId: stage.stageId, tasks, bytesIn: bytesIn(stage), suggestedPartitions: suggestedPartitions(stage) };
  if (tasks >= PARTITIONS.tinyMinTasks && duration && duration.p50 < PARTITIONS.tinyMedianMs && bytesIn(stage) / tasks < PARTITIONS.tinyMeanBytes) {
    const summary = `${countOf(tasks, 'task')} with a median of ${formatDuration(duration.p50)} and ${formatBytes(bytesIn(stage) / tasks)} each; about ${countOf(suggestedPartitions(stage), 'partition')} of ${target} would do`;
    return { severity: tasks, message: `Too many tiny tasks in ${stageLabel(stage)}: ${summary}`, evidence: { run: stage.run.label, summary: `stage ${stage.stageId}: ${summary}`, figures } };
  }
  const largest = Math.max(stage.inputPerTask?.max ?? 0, stage.shuffleReadPerTask?.max ?? 0);
  if (largest > PARTITIONS.oversizedFactor * PARTITIONS.targetBytes) {
    const summary = `a task read ${formatBytes(largest)}, ${Math.round(largest / PARTITIONS.targetBytes)}× the ${target} target; ${countOf(tasks, 'task')} for ${formatBytes(bytesIn(stage))} in all, about ${countOf(suggestedPartitions(stage), 'partition')} would do`;
    return { severity: largest, message: `Oversized partitions in ${stageLabel(stage)}: ${summary}`, evidence: { run: stage.run.label, summary: `stage ${stage.stageId}: ${summary}`, figures: { ...figures, largestTaskBytes: largest } } };
  }
  return undefined;
}

/** Whether a partition-sizing verdict is about tiny tasks (rather than oversized partitions). */
export function isTinyTasksVerdict(verdict: StageVerdict): boolean {
  return verdict.evidence.figures['largestTaskBytes'] === undefined;
}

/** The first line of Spark's failure text, which otherwise carries a whole stack trace. */
export const firstLine = (text: string): string => (text.split('\n')[0] ?? '').slice(0, 200);

/** A stage's own failures, before the run-wide grouping (failures.ts) says what caused what. */
export function failureVerdict(stage: MeasuredStage): StageVerdict | undefined {
  const failedTasks = stage.tasks.failedTasks;
  const failed = stage.status === 'failed';
  if (!failed && stage.attemptId === 0 && failedTasks === 0) return undefined;
  const parts: string[] = [];
  if (failed) parts.push(`failed${stage.failureReason ? `: ${firstLine(stage.failureReason)}` : ''}`);
  else if (stage.attemptId > 0) parts.push('was a retry of an earlier failed attempt');
  if (failedTasks > 0) parts.push(`${countOf(failedTasks, 'failed task')} of ${formatCount(stage.tasks.tasks)}`);
  const summary = parts.join('; ');
  return {
    severity: (failed ? 1_000_000 : 0) + stage.attemptId * 1000 + failedTasks,
    message: `${stageTitle(stage)} ${summary}`,
    evidence: { run: stage.run.label, summary: `stage ${stage.stageId} attempt ${stage.attemptId}: ${summary}`, figures: { stageId: stage.stageId, attemptId: stage.attemptId, failedTasks } },
  };
}
