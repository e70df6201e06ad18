/** The prediction's standing in words, shared by the renderers (raw text). */
import { formatDuration, formatPercent } from '../../common/format';
import type { ModelScore, PredictionReport, Validation } from '../types';

export function formatScore(score: ModelScore | undefined): string {
  return score ? `R² ${score.r2.toFixed(2)}, MAE ${formatDuration(score.maeMs)}` : 'not available';
}

/** One sentence on how the effects were predicted and how far to trust them. */
export function predictionStanding(prediction: PredictionReport): string {
  const replay = prediction.replayError === null ? 'This run cannot be replayed (no completed stage or no wall time), so no effect is predicted.' : `Effects are the recommended changes replayed against this run's own measured tasks. Confidence: ${prediction.confidence.level} (${prediction.confidence.reason}).`;
  return `${replay} Learned correction ${prediction.correction.reason}.`;
}

/** The columns of the validations table, as raw text: change, recommended for, predicted, measured, off by, notes. */
export function validationRow(v: Validation): string[] {
  const change = `${v.key}: ${v.from ?? '(default)'} → ${v.used ?? '(default)'}${v.repredicted ? ` (recommended ${v.recommended})` : ''}`;
  return [change, v.recommendedFor.label, `${formatDuration(v.durationBeforeMs)} → ${formatDuration(v.predictedMs)}`, formatDuration(v.measuredMs), formatPercent(v.error), v.caveats.join('; ')];
}

export const VALIDATION_HEADERS = ['Change', 'Recommended for', 'Predicted', 'Measured', 'Off by', 'Also changed'];
