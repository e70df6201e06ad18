/**
 * Configuration recommendations for one application run, each from measured evidence (the history
 * rules' stage verdicts, the run's plans and executor usage) and quoting it:
 *
 *   const recommendations = recommendConfiguration(app, { locateStage });
 *   const { sparkDefaults, submitArgs } = confBlock(recommendations);
 *
 * Each key is recommended at most once, only when the measurements support a change; a healthy
 * run gets none.
 */
import type { ApplicationSummary } from '../../history/eventlog/types';
import type { Recommendation } from '../types';
import { recommendAdaptive } from './adaptive';
import { recommendBroadcastThreshold } from './broadcast';
import type { RecommendContext, RecommendOptions, Recommender } from './context';
import { recommendExecutors } from './executors';
import { recommendExecutorMemory, recommendMemoryFraction } from './memory';
import { recommendShufflePartitions } from './partitions';
import { coreUsage } from './utilisation';
import { judgeStages } from './verdicts';

export { confBlock, type ConfBlock } from './confBlock';
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

export function recommendConfiguration(app: ApplicationSummary, options: RecommendOptions = {}): Recommendation[] {
  const context: RecommendContext = { app, judged: judgeStages(app), usage: coreUsage(app), options, addressed: new Set() };
  const seen = new Set<string>();
  const recommendations: Recommendation[] = [];
  for (const recommender of RECOMMENDERS) {
    for (const found of recommender(context)) {
      if (seen.has(found.key)) continue;
      seen.add(found.key);
      recommendations.push(found);
    }
  }
  return recommendations;
}
