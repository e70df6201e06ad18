/** Configuration recommendations: what to change, from what, why, and the text to paste. */
import { escapeHtml } from '../escape';
import { confBlock, settingsOf } from '../../recommend/confBlock';
import type { Recommendation } from '../../types';
import { codeLocation, copyableBlock, notAvailable, section, table } from './markup';

export function configurationSection(recommendations: readonly Recommendation[]): string {
  if (recommendations.length === 0) return section('configuration', 'Configuration recommendations', notAvailable('No configuration changes recommended for this run.'));
  // A change of several settings is one row: its settings one per line, its reason and effect once.
  const rows = recommendations.map((r) => [
    // Long setting names wrap after a dot, never inside a word.
    settingsOf(r).map((s) => `<code class="setting">${escapeHtml(s.key).replace(/\./g, '.<wbr>')}</code>`).join('<br>'),
    settingsOf(r).map((s) => `<span class="current">${s.current === null ? '<em>default</em>' : `<code>${escapeHtml(s.current)}</code>`}</span> <span aria-label="to">→</span> <code class="suggested">${escapeHtml(s.suggested)}</code>`).join('<br>'),
    `${escapeHtml(r.reason)}<p class="expected"><strong>${escapeHtml(r.effect.expected)}.</strong></p><p class="where">Where: ${escapeHtml(r.where)}</p>`,
    r.location ? codeLocation(r.location, r.key) : '',
  ]);
  const conf = confBlock(recommendations);
  return section(
    'configuration',
    'Configuration recommendations',
    table('Recommended settings', [{ header: 'Setting' }, { header: 'Current → suggested' }, { header: 'Why, expected effect and where' }, { header: 'Code' }], rows) +
      `<div class="copyables">` +
      copyableBlock('conf-spark-defaults', 'spark-defaults.conf', conf.sparkDefaults.trimEnd()) +
      copyableBlock('conf-spark-submit', 'spark-submit --conf', conf.submitArgs) +
      `</div>`,
  );
}
