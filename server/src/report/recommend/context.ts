/** What every recommender reads, and how it hands back a candidate for the effect models to weigh. */
import type { CostSettings } from '../../common/cost';
import type { Platform } from '../../common/platform';
import type { StageSummary } from '../../history/eventlog/types';
import type { ApplicationVerdicts, KeyedApplication } from '../../verdicts';
import type { Calibration } from '../effects/calibration';
import { modelChange } from '../effects/change';
import type { ModelledChange } from '../effects/models';
import type { Simulation } from '../simulate';
import type { CodeLocation, Setting } from '../types';
import type { CoreUsage } from './utilisation';
import type { JudgedStage } from './verdicts';

export interface RecommendOptions {
  /** Where the code that ran a stage is, when the stage maps to the workspace; the recommendation points there. */
  locateStage?(stage: StageSummary): CodeLocation | undefined;
  /** sparkAdvisor.cost.*, for the cost part of each expected effect. */
  cost?: CostSettings;
  /** The measured small side under which a shuffled join should have been broadcast (sparkAdvisor.history.broadcastThresholdMb). */
  broadcastThresholdBytes?: number;
}

export interface RecommendContext {
  app: KeyedApplication;
  judged: JudgedStage[];
  verdicts: ApplicationVerdicts;
  usage: CoreUsage | undefined;
  platform: Platform;
  /** Null for a run without wall time: nothing can be simulated, so nothing is recommended. */
  simulation: Simulation;
  calibration: Calibration;
  options: RecommendOptions;
  /**
   * Stages whose problem an earlier recommendation already answers (recommenders run cheapest fix
   * first), so that later ones do not prescribe a second cure for the same measurement.
   */
  addressed: Set<StageSummary>;
}

/** A change a recommender proposes, with the model of its effect; kept only if the replay shows a gain. */
export interface Candidate {
  key: string;
  current: string | null;
  suggested: string;
  reason: string;
  model: ModelledChange;
  /** Core time the change frees without changing the replay (dynamic allocation releasing idle executors), ms. */
  releasedCoreMs?: number;
  location?: CodeLocation;
  /** Stages this candidate answers, marked addressed only once it is kept. */
  answers?: StageSummary[];
  /** Settings changed with it, as one change (see Recommendation.together). */
  together?: Setting[];
}

export type Recommender = (context: RecommendContext) => Candidate[];

/** A change of `key` to `suggested`, modelled as every other change of that key is (effects/change.ts). */
export function candidate(context: RecommendContext, key: string, current: string | undefined, suggested: string, reason: string, stage?: StageSummary, model?: ModelledChange): Candidate {
  const location = stage ? context.options.locateStage?.(stage) : undefined;
  const modelled = model ?? modelChange(context, { key, value: suggested }) ?? { scenario: {}, assumptions: [] };
  return { key, current: current ?? null, suggested, reason, model: modelled, ...(location ? { location } : {}) };
}

export { stageName } from '../../common/runs';

/** "Stage 7 …" at the start of a sentence. */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A verdict's evidence summary without its "stage 7: " prefix, to quote its figures in another sentence. */
export function figuresOf(summary: string): string {
  return summary.replace(/^stage \d+: /, '');
}

/** ", and 3 more stages like it" — nothing for one. */
export function andMore(count: number, what = 'like it'): string {
  if (count <= 1) return '';
  return ` (and ${count - 1} more stage${count === 2 ? '' : 's'} ${what})`;
}

/** "a", "a and b", "a, b and c". */
export function listOf(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
