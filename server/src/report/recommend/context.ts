/** What every recommender reads, and how it hands back a recommendation. */
import type { ApplicationSummary, StageSummary } from '../../history/eventlog/types';
import type { CodeLocation, Recommendation } from '../types';
import type { CoreUsage } from './utilisation';
import type { JudgedStage } from './verdicts';

export interface RecommendOptions {
  /** Where the code that ran a stage is, when the stage maps to the workspace; the recommendation points there. */
  locateStage?(stage: StageSummary): CodeLocation | undefined;
}

export interface RecommendContext {
  app: ApplicationSummary;
  judged: JudgedStage[];
  usage: CoreUsage | undefined;
  options: RecommendOptions;
  /**
   * Stages whose problem an earlier recommendation already answers (recommenders run cheapest fix
   * first), so that later ones do not prescribe a second cure for the same measurement.
   */
  addressed: Set<StageSummary>;
}

export type Recommender = (context: RecommendContext) => Recommendation[];

export function recommendation(context: RecommendContext, key: string, current: string | undefined, suggested: string, reason: string, stage?: StageSummary): Recommendation {
  const location = stage ? context.options.locateStage?.(stage) : undefined;
  return { key, current: current ?? null, suggested, reason, ...(location ? { location } : {}) };
}

/** "stage 7" or "stage 7 (attempt 1)". */
export function stageName(stage: StageSummary): string {
  return `stage ${stage.stageId}${stage.attemptId > 0 ? ` (attempt ${stage.attemptId})` : ''}`;
}

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
