/**
 * k-fold cross-validation with folds grouped by application: every stage of a run is in the same
 * fold, so a run is never predicted by a model that saw its own stages (stages of one run are far
 * more alike than stages of different runs, and would flatter the score).
 */
import type { ModelScore } from '../types';
import type { StageSample } from './features';
import type { RegressionModel } from './forest';
import { seededRandom, shuffle } from './random';

export interface Fold {
  /** Indices into the samples. */
  train: number[];
  test: number[];
}

/** Applications are shuffled (seeded) and dealt round-robin into min(folds, applications) folds. */
export function foldsByApplication(samples: readonly StageSample[], folds: number, seed: number): Fold[] {
  const apps = shuffle([...new Set(samples.map((s) => s.appKey))].sort(), seededRandom(seed));
  const count = Math.max(1, Math.min(Math.floor(folds), apps.length));
  const foldOfApp = new Map(apps.map((app, i) => [app, i % count]));
  const result: Fold[] = Array.from({ length: count }, () => ({ train: [], test: [] }));
  samples.forEach((sample, index) => {
    const fold = foldOfApp.get(sample.appKey)!;
    result.forEach((f, i) => (i === fold ? f.test : f.train).push(index));
  });
  return result;
}

/** Held-out predictions of every sample, each from the model trained on the other folds. */
export function crossValidate(samples: readonly StageSample[], folds: readonly Fold[], train: (training: StageSample[]) => RegressionModel): ModelScore {
  const predicted = new Array<number>(samples.length).fill(NaN);
  for (const fold of folds) {
    if (fold.train.length === 0) continue;
    const model = train(fold.train.map((i) => samples[i]!));
    for (const i of fold.test) predicted[i] = model.predict(samples[i]!.features);
  }
  const scored = samples.map((s, i) => ({ actual: s.durationMs, predicted: predicted[i]! })).filter((p) => Number.isFinite(p.predicted));
  return scorePredictions(scored.map((p) => p.actual), scored.map((p) => p.predicted));
}

/** R² (1 − SSE/SST over the pooled held-out predictions) and mean absolute error. */
export function scorePredictions(actual: readonly number[], predicted: readonly number[]): ModelScore {
  const n = actual.length;
  if (n === 0) return { r2: 0, maeMs: 0 };
  const mean = actual.reduce((a, b) => a + b, 0) / n;
  let squaredError = 0;
  let totalSquares = 0;
  let absoluteError = 0;
  actual.forEach((y, i) => {
    squaredError += (y - predicted[i]!) ** 2;
    totalSquares += (y - mean) ** 2;
    absoluteError += Math.abs(y - predicted[i]!);
  });
  // Every duration equal: a perfect prediction explains it all, anything else explains nothing.
  const r2 = totalSquares > 0 ? 1 - squaredError / totalSquares : squaredError === 0 ? 1 : 0;
  return { r2, maeMs: absoluteError / n };
}
