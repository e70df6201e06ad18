/**
 * Runtime prediction for the report: a random forest learns stage time from the stages of every
 * run in the history, is scored by cross-validation grouped by application against a bytes-only
 * baseline, and then says what setting changes would do to the target run. Deterministic for a
 * given history and seed.
 *
 *   const prediction = predictRuntime(history, target);
 *   if (prediction.available) for (const e of prediction.effects) console.log(e.change, e.predictedDurationMs);
 */
import { countOf } from '../../common/format';
import type { PredictedEffect, PredictionReport } from '../types';
import { trainBytesBaseline } from './baseline';
import { crossValidate, foldsByApplication } from './crossValidation';
import { candidateChanges, isLearnable, predictEffect, varyingFeatures } from './effects';
import { stageSamples, type HistoryApplication, type StageSample } from './features';
import { trainForest, type ForestOptions } from './forest';

export { FEATURE_NAMES, stageSamples } from './features';
export type { HistoryApplication, StageSample } from './features';
export { foldsByApplication } from './crossValidation';
export type { Fold } from './crossValidation';
export { similarRuns } from './similar';

export interface PredictOptions {
  /** Fewer stage samples than this: no model (default 30). */
  minSamples?: number;
  /** Fewer applications than this: no model (default 3). */
  minApplications?: number;
  /** Cross-validation folds, at most one per application (default 5). */
  folds?: number;
  seed?: number;
  /** The report's own recommendation, tried as a change; without it, ≈ 128 MB per partition of the largest shuffle. */
  recommendedShufflePartitions?: number;
}

/**
 * Sized for the report's one-second budget: 2,000 samples (50 runs × 40 stages) cross-validate in
 * five folds and train once more in about 0.25 s of CPU; more trees or depth gained nothing measurable
 * in held-out R² on the example runs or on synthetic histories.
 */
const FOREST: Omit<ForestOptions, 'seed'> = { trees: 30, maxDepth: 8, minLeaf: 2, featureFraction: 0.6 };
/** Below these the score is not trusted. */
const CONFIDENT_R2 = 0.5;
const CONFIDENT_APPLICATIONS = 10;
/** A bigger history is cut to its most recent runs, to keep training time bounded. */
const MAX_TRAINING_SAMPLES = 4000;

/**
 * Trains on the history's stage samples (the target included, added if the history lacks it) and
 * predicts the target's total stage time under each setting change.
 */
export function predictRuntime(history: readonly HistoryApplication[], target: HistoryApplication, options: PredictOptions = {}): PredictionReport {
  const minSamples = options.minSamples ?? 30;
  const minApplications = options.minApplications ?? 3;
  const seed = options.seed ?? 42;
  const samples = trainingSamples(history, target);
  const applications = new Set(samples.map((s) => s.appKey)).size;
  if (samples.length < minSamples || applications < minApplications) {
    return {
      available: false,
      reason: `too little history for a runtime model: ${countOf(samples.length, 'completed stage')} from ${countOf(applications, 'application')}; it needs at least ${minSamples} stages from ${minApplications} applications`,
      samples: samples.length,
      lowConfidence: true,
      effects: [],
    };
  }

  const train = (training: StageSample[]) => trainForest(training.map((s) => s.features), training.map((s) => s.durationMs), { ...FOREST, seed });
  const folds = foldsByApplication(samples, options.folds ?? 5, seed);
  const model = crossValidate(samples, folds, train);
  const baseline = crossValidate(samples, folds, trainBytesBaseline);

  const doubts: string[] = [];
  if (model.r2 < CONFIDENT_R2) doubts.push(`held-out R² ${model.r2.toFixed(2)} is below ${CONFIDENT_R2}`);
  if (applications < CONFIDENT_APPLICATIONS) doubts.push(`only ${countOf(applications, 'application')} in the history (fewer than ${CONFIDENT_APPLICATIONS})`);
  if (!(model.r2 > baseline.r2)) doubts.push(`the forest (R² ${model.r2.toFixed(2)}) does not beat the bytes-only baseline (R² ${baseline.r2.toFixed(2)})`);

  const targetSamples = samples.filter((s) => s.appKey === target.appKey);
  const notes: string[] = [];
  const effects: PredictedEffect[] = [];
  if (targetSamples.length === 0) {
    notes.push('The target run has no completed stage to predict.');
  } else {
    const forest = train(samples);
    const varying = varyingFeatures(samples);
    for (const change of candidateChanges(targetSamples, { executorMemory: target.sparkProperties['spark.executor.memory'], recommendedShufflePartitions: options.recommendedShufflePartitions })) {
      if (isLearnable(change, targetSamples, varying)) effects.push(predictEffect(forest, targetSamples, change));
      else notes.push(`Not predicted: ${change.setting} had the same value in every run of the history, so its effect cannot be learned.`);
    }
  }

  const reason = [doubts.length > 0 ? `Low confidence: ${doubts.join('; ')}.` : '', ...notes].filter((s) => s !== '').join(' ');
  return {
    available: true,
    ...(reason === '' ? {} : { reason }),
    samples: samples.length,
    folds: folds.length,
    model,
    baseline,
    lowConfidence: doubts.length > 0,
    effects,
  };
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
