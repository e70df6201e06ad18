/**
 * Executor cores alive over time, as a step function, and the task slots each phase of a replay
 * gets from it. Executors that join late (dynamic allocation ramping up, or a stage submitted before
 * any executor registered) or leave are part of why a run took the time it did, so the replay keeps
 * the observed pattern and only scales its height.
 */
import type { ApplicationSummary } from '../../history/eventlog/types';
import type { Phase } from './runModel';

/** From `at` ms (relative to the phase's start) on, `slots` tasks may run at once. */
export interface SlotStep {
  at: number;
  slots: number;
}

/** Cores alive from `time` (epoch ms) until the next step; the first step is at −Infinity. */
export interface CoreStep {
  time: number;
  cores: number;
}

/** Null when no executor other than the driver is known (local mode, old logs): cores were constant. */
export function coreTimeline(app: ApplicationSummary, unknownCores: number): CoreStep[] | null {
  const workers = app.executors.filter((executor) => executor.executorId !== 'driver');
  if (workers.length === 0) return null;
  const changes: Array<{ time: number; delta: number }> = [];
  for (const executor of workers) {
    const cores = executor.totalCores !== undefined && executor.totalCores > 0 ? executor.totalCores : unknownCores;
    changes.push({ time: executor.addedTime ?? Number.NEGATIVE_INFINITY, delta: cores });
    if (executor.removedTime !== undefined) changes.push({ time: executor.removedTime, delta: -cores });
  }
  // Removals first at equal times, so that a replaced executor is not counted twice.
  changes.sort((a, b) => a.time - b.time || a.delta - b.delta);
  const steps: CoreStep[] = [{ time: Number.NEGATIVE_INFINITY, cores: 0 }];
  let alive = 0;
  for (const change of changes) {
    alive += change.delta;
    const last = steps[steps.length - 1]!;
    if (last.time === change.time) last.cores = alive;
    else steps.push({ time: change.time, cores: alive });
  }
  return steps;
}

/** Largest number of cores alive at any moment of [from, to), or of the instant `from` when from = to. */
export function peakCoresBetween(steps: CoreStep[], from: number, to: number): number {
  let peak = 0;
  for (let i = 0; i < steps.length; i++) {
    const stepEnd = steps[i + 1]?.time ?? Number.POSITIVE_INFINITY;
    const overlaps = from === to ? steps[i]!.time <= from && from < stepEnd : steps[i]!.time < to && stepEnd > from;
    if (overlaps) peak = Math.max(peak, steps[i]!.cores);
  }
  return peak;
}

/**
 * The slots a phase replay gets at each moment: the observed cores alive, times `scale`, divided by
 * spark.task.cpus, at least one while any executor is alive (zero only while none is). Past the
 * phase's observed end (a slower replay) the cores alive at its end stay, else the phase's peak,
 * else `fallbackCores` (the run's observed cores).
 */
export function phaseSlotSteps(steps: CoreStep[], phase: Phase, scale: number, taskCpus: number, fallbackCores: number): SlotStep[] {
  const toSlots = (cores: number) => scaledSlots(cores, scale, taskCpus);
  const result: SlotStep[] = [];
  let atEnd = 0;
  for (let i = 0; i < steps.length; i++) {
    const stepStart = steps[i]!.time;
    const stepEnd = steps[i + 1]?.time ?? Number.POSITIVE_INFINITY;
    if (stepEnd <= phase.start || stepStart >= phase.end) continue;
    const at = Math.max(0, stepStart - phase.start);
    const slots = toSlots(steps[i]!.cores);
    if (result.length > 0 && result[result.length - 1]!.at === at) result[result.length - 1]!.slots = slots;
    else result.push({ at, slots });
    atEnd = steps[i]!.cores;
  }
  if (result.length === 0) {
    // A phase of zero length: the cores alive at that instant.
    result.push({ at: 0, slots: toSlots(peakCoresBetween(steps, phase.start, phase.start)) });
    atEnd = peakCoresBetween(steps, phase.start, phase.start);
  }
  const phasePeak = peakCoresBetween(steps, phase.start, phase.end);
  const after = atEnd > 0 ? atEnd : phasePeak > 0 ? phasePeak : fallbackCores;
  const tail = Math.max(1, toSlots(after));
  const lastStep = result[result.length - 1]!;
  const endAt = phase.end - phase.start;
  if (lastStep.slots !== tail) {
    if (lastStep.at >= endAt) lastStep.slots = tail;
    else result.push({ at: endAt, slots: tail });
  }
  return result;
}

/** Task slots for `cores` observed cores scaled by `scale`: zero only for zero cores. */
export function scaledSlots(cores: number, scale: number, taskCpus: number): number {
  if (cores <= 0) return 0;
  if (scale === Number.POSITIVE_INFINITY) return Number.POSITIVE_INFINITY;
  return Math.max(1, Math.floor(Math.round(cores * scale) / taskCpus));
}
