/** The prediction's standing in words, shared by the renderers (raw text). */
import { formatDuration, formatPercent } from '../../common/format';
import type { ModelScore, PredictionReport } from '../types';

export function formatScore(score: ModelScore | undefined): string {
  return score ? `R² ${score.r2.toFixed(2)}, MAE ${formatDuration(score.maeMs)}` : 'not available';
}

/** One sentence on how the effects were predicted and how far to trust them. */
export function predictionStanding(prediction: PredictionReport): string {
  const replay = prediction.replayError === null ? 'This run cannot be replayed (no completed stage or no wall time), so no effect is predicted.' : `Effects are the recommended changes replayed against this run's own measured tasks; the replay reproduces the observed run within ${formatPercent(prediction.replayError)}.`;
  return `${replay} Learned correction ${prediction.correction.reason}.`;
}
