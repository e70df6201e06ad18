/**
 * An application run cut into what the simulation replays: "phases" (maximal spans of wall time in
 * which at least one stage attempt was running, Sparklens' overlapping-job groups taken down to
 * stages) separated by driver time, which no number of executors changes.
 */
import type { ApplicationSummary, StageSummary } from '../../history/eventlog/types';
import { stageTaskDurations } from './taskDurations';

export interface StageNode {
  stageId: number;
  attemptId: number;
  /** "7.0": the stage attempt's key, as scenarios name it. */
  key: string;
  /** Spark's FIFO order between runnable stages: the first job that needed it, then stage id. */
  priority: [number, number, number];
  /** Task attempt durations (ms) in launch order. */
  taskDurations: Float64Array;
  /** Indices (in the phase) of the stage attempts it waits for. */
  predecessors: number[];
  /**
   * With predecessors in the phase: the observed wait between the last of them completing and this
   * one being submitted (driver work between stages), kept as is. Without: when it was submitted,
   * ms after the phase began (another job started it then).
   */
  delayMs: number;
}

export interface Phase {
  /** Epoch ms. */
  start: number;
  end: number;
  /** In submission order; predecessors always come earlier. */
  stages: StageNode[];
}

export interface RunModel {
  /** Epoch ms; end − start is the application's wall time. */
  start: number;
  end: number;
  phases: Phase[];
  /** Wall time in phases. */
  executorTimeMs: number;
  /** Wall time outside phases: driver work, or tasks of stages whose end was never logged. */
  driverTimeMs: number;
}

export interface TimedStage {
  stage: StageSummary;
  submission: number;
  completion: number;
}

export interface ObservedPhases {
  start: number;
  end: number;
  /** Stage attempts with usable times, clipped to the run, grouped by overlap, in time order. */
  groups: TimedStage[][];
}

/**
 * The run's wall time and its stage attempts grouped into phases. Null without a wall time: no
 * ApplicationStart time and no stage or job time to fall back on. An application that never ended
 * ends at its last stage or job completion.
 */
export function observedPhases(app: ApplicationSummary): ObservedPhases | null {
  const start = app.startTime ?? minOf(app.stages.map((s) => s.submissionTime), app.jobs.map((job) => job.submissionTime));
  const end = app.endTime ?? maxOf(app.stages.map((s) => s.completionTime), app.jobs.map((job) => job.completionTime));
  if (start === undefined || end === undefined || end < start) return null;
  const timed = timedStages(app, start, end).sort(
    (a, b) => a.submission - b.submission || a.completion - b.completion || a.stage.stageId - b.stage.stageId || a.stage.attemptId - b.stage.attemptId,
  );
  const groups: TimedStage[][] = [];
  let groupEnd = Number.NEGATIVE_INFINITY;
  for (const t of timed) {
    const current = groups[groups.length - 1];
    if (current && t.submission < groupEnd) {
      current.push(t);
      groupEnd = Math.max(groupEnd, t.completion);
    } else {
      groups.push([t]);
      groupEnd = t.completion;
    }
  }
  return { start, end, groups };
}

export function buildRunModel(app: ApplicationSummary): RunModel | null {
  const observed = observedPhases(app);
  if (!observed) return null;
  const predecessorsOf = predecessorLinks(observed.groups.flat());
  const phases = observed.groups.map((group) => toPhase(group, predecessorsOf));
  const executorTimeMs = phases.reduce((sum, phase) => sum + (phase.end - phase.start), 0);
  return { start: observed.start, end: observed.end, phases, executorTimeMs, driverTimeMs: observed.end - observed.start - executorTimeMs };
}

/**
 * Stage attempts that were submitted and completed, within the run. A stage whose times fall
 * outside it (a log whose stage clock disagrees with the application's) takes the span of its jobs
 * when that lies inside; otherwise it is left out rather than guessed.
 */
function timedStages(app: ApplicationSummary, start: number, end: number): TimedStage[] {
  const inside = (time: number | undefined): time is number => time !== undefined && time >= start && time <= end;
  const timed: TimedStage[] = [];
  for (const stage of app.stages) {
    if (stage.submissionTime === undefined || stage.completionTime === undefined) continue;
    let submission = stage.submissionTime;
    let completion = stage.completionTime;
    if (!inside(submission) || !inside(completion)) {
      const jobs = app.jobs.filter((job) => stage.jobIds.includes(job.jobId));
      const jobStart = minOf(jobs.map((job) => job.submissionTime));
      const jobEnd = maxOf(jobs.map((job) => job.completionTime));
      if (!inside(jobStart) || !inside(jobEnd)) continue;
      submission = jobStart;
      completion = jobEnd;
    }
    timed.push({ stage, submission, completion: Math.max(completion, submission) });
  }
  return timed;
}

/**
 * What each stage attempt waited for, among those before it in `ordered`: for each parent stage,
 * its latest attempt submitted no later; the previous attempt of the same stage; and any failed
 * attempt of a shared job that completed before it was submitted (Spark resubmits lost map stages
 * only after a fetch failure ends the failing attempt).
 */
function predecessorLinks(ordered: TimedStage[]): Map<TimedStage, TimedStage[]> {
  const links = new Map<TimedStage, TimedStage[]>();
  const attemptsSoFar = new Map<number, TimedStage[]>();
  const failedSoFar: TimedStage[] = [];
  for (const node of ordered) {
    const predecessors = new Set<TimedStage>();
    for (const parentId of node.stage.parentIds) {
      const latest = attemptsSoFar.get(parentId)?.at(-1);
      if (latest) predecessors.add(latest);
    }
    const previousAttempt = attemptsSoFar.get(node.stage.stageId)?.at(-1);
    if (previousAttempt) predecessors.add(previousAttempt);
    for (const failed of failedSoFar) {
      if (failed.completion <= node.submission && failed.stage.jobIds.some((jobId) => node.stage.jobIds.includes(jobId))) predecessors.add(failed);
    }
    links.set(node, [...predecessors]);
    const attempts = attemptsSoFar.get(node.stage.stageId) ?? [];
    attempts.push(node);
    attemptsSoFar.set(node.stage.stageId, attempts);
    if (node.stage.status === 'failed') failedSoFar.push(node);
  }
  return links;
}

function toPhase(group: TimedStage[], predecessorsOf: Map<TimedStage, TimedStage[]>): Phase {
  const start = group[0]!.submission;
  const end = Math.max(...group.map((t) => t.completion));
  const indexOf = new Map(group.map((t, index) => [t, index]));
  const stages = group.map((t): StageNode => {
    const inPhase = (predecessorsOf.get(t) ?? []).filter((p) => indexOf.has(p));
    const lastPredecessorEnd = Math.max(...inPhase.map((p) => p.completion));
    return {
      stageId: t.stage.stageId,
      attemptId: t.stage.attemptId,
      key: `${t.stage.stageId}.${t.stage.attemptId}`,
      priority: [Math.min(...t.stage.jobIds, Number.MAX_SAFE_INTEGER), t.stage.stageId, t.stage.attemptId],
      taskDurations: Float64Array.from(stageTaskDurations(t.stage)),
      predecessors: inPhase.map((p) => indexOf.get(p)!),
      delayMs: inPhase.length > 0 ? Math.max(0, t.submission - lastPredecessorEnd) : t.submission - start,
    };
  });
  return { start, end, stages };
}

function minOf(...lists: Array<Array<number | undefined>>): number | undefined {
  const values = lists.flat().filter((v): v is number => v !== undefined);
  return values.length > 0 ? Math.min(...values) : undefined;
}

function maxOf(...lists: Array<Array<number | undefined>>): number | undefined {
  const values = lists.flat().filter((v): v is number => v !== undefined);
  return values.length > 0 ? Math.max(...values) : undefined;
}
