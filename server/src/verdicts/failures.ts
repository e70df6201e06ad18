/**
 * Causes before consequences: when a run fails, Spark reports the first failure once and then every
 * stage it cancels while stopping ("cancelled because SparkContext was shut down") and every fetch
 * that fails because an executor went with its shuffle files. These are grouped under the first
 * root failure, whose exception (the failing task's error, not Spark's wrapper) and place are shown.
 */
import type { StageSummary } from '../history/eventlog/types';
import { firstLine } from './stage';

/** Failures that only follow from another: the application stopping, or all jobs being cancelled. */
const CANCELLED = /cancelled because SparkContext was shut down|SparkContext (?:was|has been) shut ?down|cancelled as part of cancellation of all jobs|Job \d+ cancelled|Stage cancelled|cancelled because killed/i;
/** Fetch failures follow a lost executor (or its lost shuffle files). */
const FETCH_FAILED = /FetchFailed|MetadataFetchFailedException|Missing an output location for shuffle/i;
/** A GPU (RAPIDS) out-of-memory error, as the plugin or CUDA reports it. */
const GPU_OOM = /GpuOutOfMemory|GpuRetryOOM|GpuSplitAndRetryOOM|RapidsOOM|OutOfMemoryError[^\n]*GPU|GPU[^\n]*OutOfMemory|CUDA error[^\n]*out of memory|cudaErrorMemoryAllocation/i;

export interface FailureCause {
  stageId: number;
  attemptId: number;
  /** The failing task's error: "java.io.IOException: Filesystem closed". */
  exception: string;
  /** "task 0.3 on executor 2 (10.0.0.5)", when Spark named it. */
  where?: string;
  /** Epoch ms the stage attempt ended. */
  time?: number;
  gpuOutOfMemory: boolean;
}

export interface FailureGroup {
  root: FailureCause;
  /** Stage attempts that failed or were cancelled because of the root, in time order. */
  consequences: Array<{ stageId: number; attemptId: number; reason: string }>;
}

/** The innermost error of Spark's failure text, and where the failing task ran. */
export function failureException(reason: string): { exception: string; where?: string } {
  const first = firstLine(reason);
  const lost = /Lost task ([\d.]+) in stage [\d.]+ \(TID \d+\)(?: \(([^)]*?)(?: executor ([^)]+))?\))?: (.*)$/.exec(reason.split('\n').find((line) => /Lost task/.test(line)) ?? '');
  if (lost) {
    const where = `task ${lost[1]}${lost[3] ? ` on executor ${lost[3]}` : ''}${lost[2] ? ` (${lost[2].trim()})` : ''}`;
    return { exception: lost[4]!.trim().slice(0, 300), where };
  }
  const named = /((?:[A-Za-z_$][\w$]*\.)+[A-Z][\w$]*(?:Exception|Error|OOM))(:[^\n]*)?/.exec(reason.replace(/org\.apache\.spark\.SparkException: (Job aborted[^:]*:)?/g, ''));
  return { exception: named ? `${named[1]}${named[2] ?? ''}`.trim().slice(0, 300) : first };
}

export function isConsequence(reason: string | undefined): boolean {
  return reason !== undefined && CANCELLED.test(reason);
}

export function isGpuOutOfMemory(text: string | undefined): boolean {
  return text !== undefined && GPU_OOM.test(text);
}

/**
 * Failed stage attempts grouped by cause, in time order. A failure that is not a consequence opens
 * a group; cancellations and fetch failures after it join the latest open group. Cancellations with
 * no earlier cause form a group whose root is the first of them (the application was stopped).
 */
export function groupFailures(stages: readonly StageSummary[]): FailureGroup[] {
  const failed = stages.filter((stage) => stage.status === 'failed').sort((a, b) => (a.completionTime ?? 0) - (b.completionTime ?? 0) || a.stageId - b.stageId);
  const groups: FailureGroup[] = [];
  for (const stage of failed) {
    const reason = stage.failureReason ?? '';
    const follows = isConsequence(reason) || (FETCH_FAILED.test(reason) && groups.length > 0);
    const current = groups[groups.length - 1];
    if (follows && current) {
      current.consequences.push({ stageId: stage.stageId, attemptId: stage.attemptId, reason: firstLine(reason) });
      continue;
    }
    const { exception, where } = failureException(reason);
    const failedTask = stage.slowestTasks.find((task) => task.status === 'failed');
    const place = where ?? (failedTask?.executorId ? `executor ${failedTask.executorId}${failedTask.host ? ` (${failedTask.host})` : ''}` : undefined);
    groups.push({
      root: { stageId: stage.stageId, attemptId: stage.attemptId, exception: exception || 'no failure reason logged', ...(place ? { where: place } : {}), ...(stage.completionTime !== undefined ? { time: stage.completionTime } : {}), gpuOutOfMemory: isGpuOutOfMemory(reason) },
      consequences: [],
    });
  }
  return groups;
}
