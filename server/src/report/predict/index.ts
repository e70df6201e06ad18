/**
 * The learned correction: a random forest learns stage time from the stages of the same job's runs
 * only (runs of other jobs say nothing about this one), scored by cross-validation grouped by run
 * against the bytes-only estimate the simulation rests on (a stage's work grows with the bytes it
 * reads). It is shown only when it beats that estimate on this job's history. Deterministic for a
 * given history and seed.
 *
 *   const correction = learnedCorrection(sameJobRuns, target);
 *   if (correction.shown) console.log(correction.model, correction.baseline);
 */
import { countOf } from '../../common/format';
import type { LearnedCorrection, ModelScore } from '../types';
import { trainBytesBaseline } from './baseline';
import { crossValidate, foldsByApplication } from './crossValidation';
import { stageSamples, type HistoryApplication, type StageSample } from './features';
import { trainForest, type ForestOptions } from './forest';

export { FEATURE_NAMES, stageSamples } from './features';
export type { HistoryApplication, StageSample } from './features';
export { foldsByApplication } from './crossValidation';
export type { Fold } from './crossValidation';

export interface PredictOptions {
  /** Fewer runs of the job than this: no correction (default 3). */
  minRuns?: number;
  /** Fewer stage samples than this: no correction (default 30). */
  minSamples?: number;
  /** Cross-validation folds, at most one per run (default 5). */
  folds?: number;
  seed?: number;
}

/**
 * Sized for the report's one-second budget: 2,000 samples (50 runs × 40 stages) cross-validate in
 * five folds in about 0.25 s of CPU; a job's own history is far smaller.
 */
const FOREST: Omit<ForestOptions, 'seed'> = { trees: 30, maxDepth: 8, minLeaf: 2, featureFraction: 0.6 };
/** Below this held-out R² the correction is not trusted even when it beats the estimate. */
const CONFIDENT_R2 = 0.5;
/** A longer history is cut to its most recent runs, to keep training time bounded. */
const MAX_TRAINING_SAMPLES = 4000;

const score = (s: ModelScore) => `R² ${s.r2.toFixed(2)}`;

export function learnedCorrection(sameJob: readonly HistoryApplication[], target: HistoryApplication, options: PredictOptions = {}): LearnedCorrection {
  const minRuns = options.minRuns ?? 3;
  const minSamples = options.minSamples ?? 30;
  const seed = options.seed ?? 42;
  const samples = trainingSamples(sameJob, target);
  const runs = new Set(samples.map((s) => s.appKey)).size;
  if (runs < minRuns || samples.length < minSamples) {
    return { shown: false, reason: `not shown: a learned correction needs at least ${countOf(minRuns, 'run')} of this job with ${minSamples} completed stages; the history has ${countOf(runs, 'run')} with ${countOf(samples.length, 'stage')}`, runs, samples: samples.length };
  }
  const train = (training: StageSample[]) => trainForest(training.map((s) => s.features), training.map((s) => s.durationMs), { ...FOREST, seed });
  const folds = foldsByApplication(samples, options.folds ?? 5, seed);
  const model = crossValidate(samples, folds, train);
  const baseline = crossValidate(samples, folds, trainBytesBaseline);
  const beats = model.r2 > baseline.r2 && model.r2 >= CONFIDENT_R2;
  const reason = beats
    ? `shown: on ${countOf(runs, 'run')} of this job the forest (${score(model)}) beats the bytes-only estimate (${score(baseline)}) on held-out runs`
    : `not shown: on ${countOf(runs, 'run')} of this job the forest (${score(model)}) does not beat the bytes-only estimate (${score(baseline)}) with R² ≥ ${CONFIDENT_R2} on held-out runs`;
  return { shown: beats, reason, runs, samples: samples.length, folds: folds.length, model, baseline };
}

/** History and target, each run once; past MAX_TRAINING_SAMPLES, the oldest runs are left out (never the target). */
function trainingSamples(history: readonly HistoryApplication[], target: HistoryApplication): StageSample[] {
  const byKey = new Map<string, HistoryApplication>();
  for (const app of [target, ...history]) if (!byKey.has(app.appKey)) byKey.set(app.appKey, app);
  const newestFirst = [...byKey.values()].sort((a, b) => (a.appKey === target.appKey ? -1 : b.appKey === target.appKey ? 1 : (b.startTime ?? 0) - (a.startTime ?? 0) || (a.appKey < b.appKey ? -1 : 1)));
  const samples: StageSample[] = [];
  for (const app of newestFirst) {
    const own = stageSamples([app]);
    if (samples.length + own.length > MAX_TRAINING_SAMPLES && samples.length > 0) break;
    samples.push(...own);
  }
  return samples;
}
