/** Prediction: the replayed effects of the recommended changes, and the learned correction's standing. */
import { formatDuration } from '../../../common/format';
import { escapeHtml } from '../escape';
import { durationOrUnknown, formatChange } from '../figures';
import { predictionStanding, VALIDATION_HEADERS, validationRow } from '../predictionSummary';
import type { ModelScore, PredictionReport, Validation } from '../../types';
import { section, table } from './markup';

function scoreRow(name: string, score: ModelScore | undefined): string[] {
  return [escapeHtml(name), escapeHtml(score ? score.r2.toFixed(3) : '—'), escapeHtml(score ? formatDuration(score.maeMs) : '—')];
}

export function predictionSection(prediction: PredictionReport, validations: readonly Validation[] = []): string {
  const correction = prediction.correction;
  const badge = correction.shown ? '<span class="badge badge-confident">CORRECTION BEATS ESTIMATE</span> ' : '';
  const scores = correction.model
    ? table('Held-out scores on this job\'s runs (higher R², lower MAE is better)', [{ header: '' }, { header: 'R²', numeric: true }, { header: 'MAE of stage duration', numeric: true }], [
        scoreRow('Learned correction', correction.model),
        scoreRow('Bytes-only estimate', correction.baseline),
      ])
    : '';
  const effects =
    prediction.effects.length > 0
      ? table(
          'Replayed effect of the recommended changes',
          [{ header: 'Change' }, { header: 'Now', numeric: true }, { header: 'Predicted', numeric: true }, { header: 'Difference', numeric: true }],
          prediction.effects.map((e) => [
            escapeHtml(e.change),
            escapeHtml(durationOrUnknown(e.currentDurationMs)),
            escapeHtml(durationOrUnknown(e.predictedDurationMs)),
            escapeHtml(formatChange(e.predictedDurationMs, e.currentDurationMs)),
          ]),
        )
      : '<p class="none">No change recommended, so no effect to predict.</p>';
  const checked =
    validations.length > 0
      ? table(
          'Earlier predictions for this job, checked against this run',
          VALIDATION_HEADERS.map((header, i) => ({ header, ...(i >= 2 && i <= 4 ? { numeric: true } : {}) })),
          validations.map((v) => validationRow(v).map(escapeHtml)),
        )
      : '';
  return section('prediction', 'Prediction', `<p class="standing">${badge}${escapeHtml(predictionStanding(prediction))}</p>${effects}${checked}${scores}`);
}
