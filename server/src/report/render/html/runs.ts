/** This run next to the other runs of the job, and the most similar runs found in the history. */
import { formatBytes, formatDuration, formatPercent } from '../../../common/format';
import { escapeHtml } from '../escape';
import { durationOrUnknown, formatChange, formatDateTime, formatMoney } from '../figures';
import type { ReportModel } from '../../types';
import { notAvailable, section, table } from './markup';

export function comparisonSection(model: ReportModel): string {
  const runs = model.comparison;
  if (runs.filter((r) => !r.current).length === 0) return section('comparison', 'Run-to-run comparison', notAvailable('No other runs of this job in the history to compare with.'));
  const current = runs.find((r) => r.current) ?? null;
  const currency = model.summary.cost?.currency ?? '$';
  const rows = runs.map((r) => [
    `${escapeHtml(r.label)}${r.current ? ' <span class="tag">this run</span>' : ''}`,
    escapeHtml(formatDateTime(r.startTime)),
    escapeHtml(durationOrUnknown(r.durationMs)),
    escapeHtml(r.current || !current ? '' : formatChange(r.durationMs, current.durationMs)),
    escapeHtml(r.cost !== null ? formatMoney(r.cost, currency) : '—'),
    escapeHtml(formatBytes(r.shuffleBytes)),
    escapeHtml(formatBytes(r.spillBytes)),
  ]);
  return section(
    'comparison',
    'Run-to-run comparison',
    table(
      'Runs of this job',
      [{ header: 'Run' }, { header: 'Started' }, { header: 'Duration', numeric: true }, { header: 'vs this run', numeric: true }, { header: 'Cost', numeric: true }, { header: 'Shuffle', numeric: true }, { header: 'Spill', numeric: true }],
      rows,
      runs.map((r) => (r.current ? 'current' : '')),
    ),
  );
}

export function similarSection(model: ReportModel): string {
  if (model.similar.length === 0) return section('similar', 'Similar runs', notAvailable('No similar runs found in the history.'));
  const rows = model.similar.map((r) => [escapeHtml(r.label), escapeHtml(formatPercent(r.similarity)), escapeHtml(r.durationMs !== null ? formatDuration(r.durationMs) : '—'), escapeHtml(r.reason)]);
  return section('similar', 'Similar runs', table('Most similar runs first', [{ header: 'Run' }, { header: 'Similarity', numeric: true }, { header: 'Duration', numeric: true }, { header: 'Why similar' }], rows));
}
