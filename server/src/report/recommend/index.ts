/**
 * Configuration recommendations for one application run. Each recommender proposes a change from
 * measured evidence (the verdict engine's stage verdicts, the run's plans and executor usage) and
 * the model of its effect; the change is replayed against the run, and kept only when the replay
 * shows a gain, which the recommendation then states:
 *
 *   const recommendations = recommendConfiguration(app, { locateStage, cost });
 *   recommendations[0].effect.expected   // "Expected: stage 7 −423 s, run 29 min → 22 min, cost −24%"
 *   const { sparkDefaults, submitArgs } = confBlock(recommendations);
 *
 * Each key is recommended at most once; a healthy run gets none.
 */
import { platformOf } from '../../common/platform';
import type { ApplicationSummary } from '../../history/eventlog/types';
import { judgeApplication, type KeyedApplication } from '../../verdicts';
import { MIN_GAIN } from '../../verdicts/thresholds';
import { calibrate } from '../effects/calibration';
import { replayEffect, type Effect } from '../effects/effect';
import { Simulation } from '../simulate';
import { SIZING_TOLERANCE } from '../render/sizingAdvice';
import type { Recommendation } from '../types';
import { recommendAdaptive } from './adaptive';
import { recommendBroadcastThreshold } from './broadcast';
import type { Candidate, RecommendContext, RecommendOptions, Recommender } from './context';
import { recommendExecutors } from './executors';
import { recommendExecutorMemory, recommendMemoryFraction } from './memory';
import { adaptToPlatform } from './platform';
import { recommendShufflePartitions } from './partitions';
import { coreUsage } from './utilisation';
import { judgedStages } from './verdicts';

export { changeLabel, confBlock, settingsOf, type ConfBlock } from './confBlock';
export type { RecommendOptions } from './context';

/**
 * In order of the cheapest cure first: a stage whose spill a memory-fraction or partition change
 * answers is not also given more executor memory.
 */
const RECOMMENDERS: readonly Recommender[] = [
  recommendMemoryFraction,
  recommendShufflePartitions,
  recommendAdaptive,
  recommendBroadcastThreshold,
  recommendExecutorMemory,
  recommendExecutors,
];

/**
 * A gain: the run at least MIN_GAIN faster, or its core time (cost) at least MIN_GAIN lower without
 * being more than the sizing tolerance slower.
 */
export function isGain(effect: Effect, coreTimeBefore: number, coreTimeAfter: number): boolean {
  const saved = effect.durationMs - effect.predictedDurationMs;
  const faster = saved >= MIN_GAIN.ms && saved >= MIN_GAIN.share * effect.durationMs;
  const cheaper = coreTimeBefore - coreTimeAfter >= MIN_GAIN.share * coreTimeBefore && effect.predictedDurationMs <= effect.durationMs * (1 + SIZING_TOLERANCE);
  return faster || cheaper;
}

export function recommendConfiguration(app: ApplicationSummary & { appKey?: string }, options: RecommendOptions = {}): Recommendation[] {
  // One object for the run throughout: the replay and the verdicts are cached on it.
  const keyed: KeyedApplication = app.appKey !== undefined ? (app as KeyedApplication) : { ...app, appKey: app.appId ?? app.name ?? 'application' };
  const simulation = Simulation.of(keyed);
  if (!simulation) return [];
  const verdicts = judgeApplication(keyed);
  const platform = platformOf(keyed.sparkProperties);
  const context: RecommendContext = { app: keyed, judged: judgedStages(keyed, verdicts), verdicts, usage: coreUsage(keyed), platform, simulation, calibration: calibrate(keyed), options, addressed: new Set() };
  const observed = app.startTime !== undefined && app.endTime !== undefined ? app.endTime - app.startTime : null;
  const cost = options.cost ?? { currency: '$' };
  const seen = new Set<string>();
  const kept: Recommendation[] = [];
  for (const recommender of RECOMMENDERS) {
    for (const found of recommender(context)) {
      if (seen.has(found.key)) continue;
      const effect = effectOf(context, found, observed, cost);
      if (!effect) continue;
      seen.add(found.key);
      for (const stage of found.answers ?? []) context.addressed.add(stage);
      const { model: _model, releasedCoreMs: _released, answers: _answers, ...rest } = found;
      kept.push({ ...rest, kind: 'spark-conf', where: '', effect });
    }
  }
  const executors = app.executors.filter((executor) => executor.executorId !== 'driver').length;
  return adaptToPlatform(platform, kept, executors);
}

/** The candidate's replayed effect, or undefined when it is no gain. */
function effectOf(context: RecommendContext, found: Candidate, observed: number | null, cost: NonNullable<RecommendOptions['cost']>): Effect | undefined {
  const effect = replayEffect(context.simulation, observed, found.model, cost, found.releasedCoreMs ?? 0);
  const cores = context.simulation.observedCores;
  const newCores = Math.max(1, Math.round(cores * (found.model.scenario.coresFactor ?? 1)));
  const before = cores * effect.durationMs;
  const after = newCores * effect.predictedDurationMs - (found.releasedCoreMs ?? 0);
  return isGain(effect, before, after) ? effect : undefined;
}
