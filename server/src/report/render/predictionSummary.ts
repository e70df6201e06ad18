/** The prediction's standing in words, shared by the renderers (raw text). */
import { countOf, formatDuration } from '../../common/format';
import type { ModelScore, PredictionReport } from '../types';

export function formatScore(score: ModelScore | undefined): string {
  return score ? `R² ${score.r2.toFixed(2)}, MAE ${formatDuration(score.maeMs)}` : 'not available';
}

/** One sentence: why there is no prediction, or how far to trust it. */
export function predictionStanding(prediction: PredictionReport): string {
  if (!prediction.available) return `Prediction not available: ${prediction.reason ?? 'not enough history of this job to train a model'}.`;
  const trained = `trained on ${countOf(prediction.samples, 'stage sample')}${prediction.folds ? `, scored on ${prediction.folds} held-out folds` : ''}`;
  if (prediction.lowConfidence) return `Low confidence (${trained}): ${prediction.reason ?? 'the model does not beat the baseline clearly'}.`;
  return `Model ${formatScore(prediction.model)} vs baseline ${formatScore(prediction.baseline)} (${trained}).`;
}
