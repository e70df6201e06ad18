/** Prediction scores (model vs baseline) and the predicted effect of the recommended changes. */
import { formatDuration } from '../../../common/format';
import { escapeHtml } from '../escape';
import { formatChange } from '../figures';
import { predictionStanding } from '../predictionSummary';
import type { ModelScore, PredictionReport } from '../../types';
import { notAvailable, section, table } from './markup';

function scoreRow(name: string, score: ModelScore | undefined): string[] {
  return [escapeHtml(name), escapeHtml(score ? score.r2.toFixed(3) : '—'), escapeHtml(score ? formatDuration(score.maeMs) : '—')];
}

export function predictionSection(prediction: PredictionReport): string {
  if (!prediction.available) return section('prediction', 'Prediction', notAvailable(predictionStanding(prediction)));
  const badge = prediction.lowConfidence
    ? '<span class="badge badge-low-confidence">LOW CONFIDENCE</span> '
    : '<span class="badge badge-confident">MODEL BEATS BASELINE</span> ';
  const scores = table('Held-out scores (higher R², lower MAE is better)', [{ header: '' }, { header: 'R²', numeric: true }, { header: 'MAE of stage duration', numeric: true }], [
    scoreRow('Model', prediction.model),
    scoreRow('Baseline', prediction.baseline),
  ]);
  const effects =
    prediction.effects.length > 0
      ? table(
          'Predicted effect of the changes',
          [{ header: 'Change' }, { header: 'Now', numeric: true }, { header: 'Predicted', numeric: true }, { header: 'Difference', numeric: true }],
          prediction.effects.map((e) => [
            escapeHtml(e.change),
            escapeHtml(formatDuration(e.currentDurationMs)),
            escapeHtml(formatDuration(e.predictedDurationMs)),
            escapeHtml(formatChange(e.predictedDurationMs, e.currentDurationMs)),
          ]),
        )
      : '<p class="none">No change with a predicted effect.</p>';
  return section('prediction', 'Prediction', `<p class="standing">${badge}${escapeHtml(predictionStanding(prediction))}</p>${scores}${effects}`);
}
