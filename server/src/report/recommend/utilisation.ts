/**
 * How busy the executors' cores were over the run, from stage windows alone (per-task times are not
 * kept): while a stage ran, it kept on average (sum of its task times) / (its wall time) cores busy.
 */
import type { ApplicationSummary, ExecutorSummary } from '../../history/eventlog/types';
import { parseNumber } from './settings';

export interface UsageSegment {
  start: number;
  end: number;
  /** Executors alive. */
  executors: number;
  /** Executor cores alive. */
  availableCores: number;
  /** Average cores running tasks (never above availableCores). */
  busyCores: number;
  /** Tasks of the running stages: how many could have run at once with enough cores. */
  demandTasks: number;
}

export interface CoreUsage {
  segments: UsageSegment[];
  availableCoreMs: number;
  busyCoreMs: number;
  /** busy / available core time, 0…1. */
  utilisation: number;
  /** The usual number of cores of one executor. */
  coresPerExecutor: number;
  /** Most executors alive at once. */
  peakExecutors: number;
  /** Most tasks that the running stages had at once (the widest the run ever was). */
  peakDemandTasks: number;
  /** Run's wall time (start to end). */
  durationMs: number;
}

/** Executors that ran tasks: in local mode that is the driver, otherwise the driver is left out. */
function taskExecutors(app: ApplicationSummary): ExecutorSummary[] {
  const executors = app.executors.filter((executor) => executor.executorId !== 'driver');
  return executors.length > 0 ? executors : app.executors;
}

function runEnd(app: ApplicationSummary): number | undefined {
  if (app.endTime !== undefined) return app.endTime;
  const times = app.stages.flatMap((stage) => (stage.completionTime === undefined ? [] : [stage.completionTime]));
  return times.length > 0 ? Math.max(...times) : undefined;
}

function mostCommon(values: number[]): number | undefined {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best: number | undefined;
  for (const [value, count] of counts) if (best === undefined || count > counts.get(best)! || (count === counts.get(best) && value > best)) best = value;
  return best;
}

/** Undefined when the run has no start, end or executors. */
export function coreUsage(app: ApplicationSummary): CoreUsage | undefined {
  const start = app.startTime;
  const end = runEnd(app);
  const executors = taskExecutors(app);
  if (start === undefined || end === undefined || end <= start || executors.length === 0) return undefined;
  const defaultCores = parseNumber(app.sparkProperties['spark.executor.cores']) ?? 1;
  const coresOf = (executor: ExecutorSummary) => executor.totalCores ?? defaultCores;
  const clip = (time: number) => Math.min(Math.max(time, start), end);

  const windows = executors.map((executor) => ({ from: clip(executor.addedTime ?? start), to: clip(executor.removedTime ?? end), cores: coresOf(executor) }));
  const stages = app.stages.flatMap((stage) => {
    if (stage.submissionTime === undefined || stage.completionTime === undefined || stage.completionTime <= stage.submissionTime) return [];
    const from = clip(stage.submissionTime);
    const to = clip(stage.completionTime);
    return to > from ? [{ from, to, busy: stage.tasks.durationMs / (stage.completionTime - stage.submissionTime), tasks: stage.numTasks ?? stage.tasks.tasks }] : [];
  });

  // A sweep over the times where something starts or ends: each adds to or takes from the running sums.
  const changes = new Map<number, { executors: number; cores: number; busy: number; tasks: number }>();
  const change = (time: number, delta: { executors?: number; cores?: number; busy?: number; tasks?: number }) => {
    const at = changes.get(time) ?? { executors: 0, cores: 0, busy: 0, tasks: 0 };
    at.executors += delta.executors ?? 0;
    at.cores += delta.cores ?? 0;
    at.busy += delta.busy ?? 0;
    at.tasks += delta.tasks ?? 0;
    changes.set(time, at);
  };
  change(start, {});
  change(end, {});
  for (const w of windows) {
    if (w.to <= w.from) continue;
    change(w.from, { executors: 1, cores: w.cores });
    change(w.to, { executors: -1, cores: -w.cores });
  }
  for (const stage of stages) {
    change(stage.from, { busy: stage.busy, tasks: stage.tasks });
    change(stage.to, { busy: -stage.busy, tasks: -stage.tasks });
  }
  const times = [...changes.keys()].sort((a, b) => a - b);
  const running = { executors: 0, cores: 0, busy: 0, tasks: 0 };
  const segments: UsageSegment[] = [];
  let availableCoreMs = 0;
  let busyCoreMs = 0;
  let peakExecutors = 0;
  let peakDemandTasks = 0;
  for (let i = 0; i + 1 < times.length; i++) {
    const at = changes.get(times[i]!)!;
    running.executors += at.executors;
    running.cores += at.cores;
    running.busy += at.busy;
    running.tasks += at.tasks;
    const from = times[i]!;
    const to = times[i + 1]!;
    // Floating sums of many stages can leave a hair above zero once they all ended.
    const busyCores = Math.min(running.cores, Math.max(0, running.busy < 1e-6 ? 0 : running.busy));
    segments.push({ start: from, end: to, executors: running.executors, availableCores: running.cores, busyCores, demandTasks: running.tasks });
    availableCoreMs += running.cores * (to - from);
    busyCoreMs += busyCores * (to - from);
    peakExecutors = Math.max(peakExecutors, running.executors);
    peakDemandTasks = Math.max(peakDemandTasks, running.tasks);
  }
  return {
    segments,
    availableCoreMs,
    busyCoreMs,
    utilisation: availableCoreMs > 0 ? busyCoreMs / availableCoreMs : 0,
    coresPerExecutor: mostCommon(executors.map(coresOf)) ?? defaultCores,
    peakExecutors,
    peakDemandTasks,
    durationMs: end - start,
  };
}
