/** Cost optimisation: the what-if curve, the advice in words, and the simulated sizes as a table. */
import { formatDuration } from '../../../common/format';
import { escapeHtml } from '../escape';
import { formatMoney } from '../figures';
import { describeSizing, sizingAdvice } from '../sizingAdvice';
import { whatIfChart } from '../svg/whatIf';
import type { ReportModel } from '../../types';
import { figure, notAvailable, section, table } from './markup';

export function sizingSection(model: ReportModel): string {
  const advice = sizingAdvice(model.whatIf);
  if (!model.whatIf || !advice) return section('sizing', 'Cost and sizing (what-if)', notAvailable('What-if simulation not available for this run (it needs completed stages with task timings).'));
  const whatIf = model.whatIf;
  const currency = model.summary.cost?.currency ?? '$';
  const sentences = describeSizing(whatIf, advice, currency);
  const points = [...whatIf.simulated].sort((a, b) => a.cores - b.cores);
  const rows = points.map((p) => {
    const tags = [p === advice.observed ? 'observed size' : '', p === advice.cheapestNearFastest ? 'suggested' : '', p === advice.fastest ? 'fastest' : ''].filter(Boolean);
    return [
      escapeHtml(String(p.cores)),
      escapeHtml(`${Number(p.coresFactor.toFixed(2))}×`),
      escapeHtml(formatDuration(p.durationMs)),
      escapeHtml(p.cost !== null ? formatMoney(p.cost, currency) : '—'),
      tags.map((tag) => `<span class="tag">${escapeHtml(tag)}</span>`).join(' '),
    ];
  });
  const rowClasses = points.map((p) => (p === advice.cheapestNearFastest ? 'suggested' : p === advice.observed ? 'current' : ''));
  return section(
    'sizing',
    'Cost and sizing (what-if)',
    `<div class="advice">${sentences.map((s) => `<p>${escapeHtml(s)}</p>`).join('')}</div>` +
      figure(whatIfChart(whatIf, advice, currency), 'Simulated by replaying the measured tasks on more or fewer cores; the observed run is the ring, the suggested size the diamond.') +
      table('Simulated sizes', [{ header: 'Cores', numeric: true }, { header: 'Factor', numeric: true }, { header: 'Duration', numeric: true }, { header: 'Cost', numeric: true }, { header: '' }], rows, rowClasses),
  );
}
