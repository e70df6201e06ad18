/** How many executor cores an application had, and how many task slots that makes. */
import type { ApplicationSummary } from '../../history/eventlog/types';
import { coreTimeline, peakCoresBetween } from './capacity';
import { observedPhases } from './runModel';

/**
 * The largest number of executor cores alive at once. The rule, first that applies:
 * 1. executors other than `driver`: a sweep over their added/removed times (an executor without
 *    addedTime counts from the start, without removedTime to the end; at equal times removals go
 *    first, so a replaced executor is not counted twice; cores unknown → spark.executor.cores, else 1),
 *    looking only at times when some stage was running, since an executor that joined after the last
 *    stage (or left before the first) ran nothing; over the whole run if that finds none;
 * 2. local mode, whose only executor is the driver: its totalCores (what local[*] resolved to);
 * 3. spark.master: local → 1, local[N] / local[N,F] → N, local-cluster[n,c,m] → n·c;
 * 4. logs that record no executor (Spark < 1.3): the largest average concurrency of any stage,
 *    task time / stage wall time, rounded up: at least that many slots were busy;
 * 5. otherwise 1.
 */
export function observedCores(app: ApplicationSummary): number {
  const timeline = coreTimeline(app, defaultExecutorCores(app));
  if (timeline) {
    const phases = observedPhases(app)?.groups ?? [];
    const busyPeak = Math.max(0, ...phases.map((group) => peakCoresBetween(timeline, group[0]!.submission, Math.max(...group.map((t) => t.completion)))));
    return Math.max(1, busyPeak > 0 ? busyPeak : peakCoresBetween(timeline, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY));
  }
  const driverCores = app.executors.find((executor) => executor.executorId === 'driver')?.totalCores;
  if (driverCores !== undefined && driverCores > 0) return driverCores;
  const fromMaster = coresFromMaster(app.sparkProperties['spark.master']);
  if (fromMaster !== null) return fromMaster;
  return Math.max(1, busiestStageConcurrency(app));
}

/** Slots a core count gives: one task needs spark.task.cpus cores (default 1). */
export function taskSlots(app: ApplicationSummary, cores: number): number {
  return Math.max(1, Math.floor(cores / taskCpus(app)));
}

export function taskCpus(app: ApplicationSummary): number {
  const value = Number(app.sparkProperties['spark.task.cpus']);
  return Number.isInteger(value) && value > 0 ? value : 1;
}

export function defaultExecutorCores(app: ApplicationSummary): number {
  const value = Number(app.sparkProperties['spark.executor.cores']);
  return Number.isInteger(value) && value > 0 ? value : 1;
}

export function coresFromMaster(master: string | undefined): number | null {
  if (master === undefined) return null;
  const text = master.trim();
  if (text === 'local') return 1;
  const local = /^local\[(\d+)(?:\s*,\s*\d+)?\]$/.exec(text);
  if (local) return Math.max(1, Number(local[1]));
  const cluster = /^local-cluster\[\s*(\d+)\s*,\s*(\d+)\s*,\s*\d+\s*\]$/.exec(text);
  if (cluster) return Math.max(1, Number(cluster[1]) * Number(cluster[2]));
  return null;
}

function busiestStageConcurrency(app: ApplicationSummary): number {
  let busiest = 0;
  for (const stage of app.stages) {
    if (stage.submissionTime === undefined || stage.completionTime === undefined) continue;
    const wall = stage.completionTime - stage.submissionTime;
    if (wall <= 0 || stage.tasks.durationMs <= 0) continue;
    busiest = Math.max(busiest, Math.ceil(stage.tasks.durationMs / wall - 1e-9));
  }
  return busiest;
}
