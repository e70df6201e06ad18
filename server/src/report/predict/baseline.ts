/**
 * The model the forest has to beat: stage time grows linearly with the bytes the stage reads,
 * duration ≈ a + b·(input + shuffle read), fitted by least squares.
 */
import { FEATURE, type StageSample } from './features';
import type { RegressionModel } from './forest';

export function bytesRead(features: readonly number[]): number {
  return Math.expm1(features[FEATURE.inputBytes]!) + Math.expm1(features[FEATURE.shuffleReadBytes]!);
}

export function trainBytesBaseline(samples: readonly StageSample[]): RegressionModel {
  const n = samples.length;
  const xs = samples.map((s) => bytesRead(s.features));
  const meanX = xs.reduce((a, b) => a + b, 0) / n;
  const meanY = samples.reduce((a, s) => a + s.durationMs, 0) / n;
  let covariance = 0;
  let variance = 0;
  samples.forEach((s, i) => {
    covariance += (xs[i]! - meanX) * (s.durationMs - meanY);
    variance += (xs[i]! - meanX) ** 2;
  });
  // Every sample read the same bytes: the best line is flat at the mean.
  const slope = variance > 0 ? covariance / variance : 0;
  const intercept = meanY - slope * meanX;
  return { predict: (row) => intercept + slope * bytesRead(row) };
}
