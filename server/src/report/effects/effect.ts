/**
 * A modelled change replayed against the run as observed: the simulated difference (so that the
 * replay's own error at the observed size cancels), applied to the observed wall time and cost,
 * with the stages that move most. Its sentence is what a recommendation states:
 * "Expected: stage 7 −423 s, run 29 min → 22 min, cost −24%".
 */
import { costOf, type CostSettings } from '../../common/cost';
import { formatDuration, formatPercent } from '../../common/format';
import type { Simulation } from '../simulate';
import type { ModelledChange } from './models';

export interface StageEffect {
  stageId: number;
  attemptId: number;
  /** Replayed span before and after, ms. */
  beforeMs: number;
  afterMs: number;
}

export interface Effect {
  /**
   * Whether the run ended (ApplicationEnd seen). A run that never ended has no wall time to state:
   * its effect is told by stage only, and the run figures below are the replay's.
   */
  runEnded: boolean;
  /** The run's wall time as observed (or, for a run that never ended, as replayed). */
  durationMs: number;
  predictedDurationMs: number;
  /** Cost as observed and with the change; null without prices. */
  cost: number | null;
  predictedCost: number | null;
  /** The stages that move most, largest change first (at most 3). */
  stages: StageEffect[];
  assumptions: string[];
  /** "Expected: stage 7 −423 s, run 29 min → 22 min, cost −24%". */
  expected: string;
}

const signed = (ms: number) => `${ms < 0 ? '−' : '+'}${formatDuration(Math.abs(ms))}`;

function percentChange(after: number, before: number): string {
  const change = (after - before) / before;
  return `${change < 0 ? '−' : '+'}${formatPercent(Math.abs(change))}`;
}

export function replayEffect(simulation: Simulation, observedDurationMs: number | null, modelled: ModelledChange, cost: CostSettings, releasedCoreMs = 0): Effect {
  const base = simulation.baseline();
  const changed = simulation.replay(modelled.scenario);
  const durationMs = observedDurationMs ?? base.durationMs;
  const predictedDurationMs = Math.max(0, durationMs + (changed.durationMs - base.durationMs));
  const cores = simulation.observedCores;
  const newCores = Math.max(simulation.taskCpus, Math.round(cores * (modelled.scenario.coresFactor ?? 1)));
  const observedCost = costOf(cost, cores, durationMs, cores)?.amount ?? null;
  // Released core time (idle executors given back) is paid for no more.
  const releasedShare = releasedCoreMs > 0 ? Math.max(0, 1 - releasedCoreMs / (newCores * predictedDurationMs)) : 1;
  const predictedCost = (costOf(cost, newCores, predictedDurationMs, cores)?.amount ?? null) === null ? null : costOf(cost, newCores, predictedDurationMs, cores)!.amount * releasedShare;
  const stages: StageEffect[] = [];
  for (const [key, beforeMs] of base.stageSpans) {
    const afterMs = changed.stageSpans.get(key) ?? beforeMs;
    if (Math.abs(afterMs - beforeMs) < 500) continue;
    const [stageId, attemptId] = key.split('.').map(Number) as [number, number];
    stages.push({ stageId, attemptId, beforeMs, afterMs });
  }
  stages.sort((a, b) => Math.abs(b.afterMs - b.beforeMs) - Math.abs(a.afterMs - a.beforeMs));
  const shown = stages.slice(0, 3);
  // Without prices, core time stands for cost (cost is proportional to it).
  const coreTimeBefore = cores * durationMs;
  const coreTimeAfter = newCores * predictedDurationMs - releasedCoreMs;
  const runEnded = observedDurationMs !== null;
  const costPart = observedCost !== null && predictedCost !== null && observedCost > 0 ? `cost ${percentChange(predictedCost, observedCost)}` : coreTimeBefore > 0 ? `core-hours ${percentChange(coreTimeAfter, coreTimeBefore)}` : '';
  const runPart = runEnded ? [`run ${formatDuration(durationMs)} → ${formatDuration(predictedDurationMs)}`, ...(costPart ? [costPart] : [])] : ['the run never ended, so no run total to compare'];
  const parts = [...shown.map((stage) => `stage ${stage.stageId} ${signed(stage.afterMs - stage.beforeMs)}`), ...runPart];
  return { runEnded, durationMs, predictedDurationMs, cost: runEnded ? observedCost : null, predictedCost: runEnded ? predictedCost : null, stages: shown, assumptions: modelled.assumptions, expected: `Expected: ${parts.join(', ')}` };
}
