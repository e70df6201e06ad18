/**
 * The run replayed the long way: every phase through the general event replay (replayPhase), none
 * of the Simulation's shortcuts (baseline phases reused, phases that never wait for a slot, one-stage
 * phases on constant slots). The unit test holds the shortcuts to it; the bench times both.
 */
import type { ApplicationSummary } from '../../../server/src/history/eventlog/types';
import { coreTimeline, phaseSlotSteps } from '../../../server/src/report/simulate/capacity';
import { defaultExecutorCores, observedCores, taskCpus } from '../../../server/src/report/simulate/observedCores';
import { replayPhase } from '../../../server/src/report/simulate/replay';
import { buildRunModel } from '../../../server/src/report/simulate/runModel';

/** Wall time with the observed cores × `scale` (Infinity: unlimited), or undefined without a wall time. */
export function generalReplayDuration(app: ApplicationSummary, scale: number): number | undefined {
  const model = buildRunModel(app);
  if (!model) return undefined;
  const cores = observedCores(app);
  const timeline = coreTimeline(app, defaultExecutorCores(app)) ?? [{ time: Number.NEGATIVE_INFINITY, cores }];
  let durationMs = model.driverTimeMs;
  for (const phase of model.phases) {
    const steps = scale === Number.POSITIVE_INFINITY ? [{ at: 0, slots: Number.POSITIVE_INFINITY }] : phaseSlotSteps(timeline, phase, scale, taskCpus(app), cores);
    durationMs += replayPhase(phase, steps);
  }
  return durationMs;
}
