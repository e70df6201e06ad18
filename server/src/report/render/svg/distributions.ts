/**
 * Per-stage task-duration box plots (min, p25, median, p75, max) on one shared time scale, so a
 * skewed stage shows as a long whisker next to its neighbours. Large runs show the stages with the
 * longest tasks; the caption says how many were left out.
 */
import { countOf, formatDuration } from '../../../common/format';
import type { StageDistribution } from '../../types';
import { bottomAxis, line, rect, svgChart, text, timeTicks, titled, formatElapsed } from './svg';

const WIDTH = 960;
const ROW = 20;
const MARGIN = { top: 30, right: 30, bottom: 30, left: 110 };
export const MAX_BOX_PLOTS = 30;

/** The stages drawn: those with tasks, longest maximum task first, at most `limit`. */
export function boxPlotStages(distributions: readonly StageDistribution[], limit = MAX_BOX_PLOTS): StageDistribution[] {
  return distributions
    .filter((d) => d.taskDuration.count > 0 && Number.isFinite(d.taskDuration.max))
    .sort((a, b) => b.taskDuration.max - a.taskDuration.max || a.stageId - b.stageId)
    .slice(0, limit);
}

function distributionTitle(entry: StageDistribution): string {
  const d = entry.taskDuration;
  const approximate = d.exact ? '' : ' (quantiles from a sample)';
  return (
    `Stage ${entry.stageId}${entry.attemptId > 0 ? ` (attempt ${entry.attemptId})` : ''}: ${entry.name} — ${countOf(d.count, 'task')}${approximate}; ` +
    `min ${formatDuration(d.min)}, p25 ${formatDuration(d.p25)}, median ${formatDuration(d.p50)}, p75 ${formatDuration(d.p75)}, max ${formatDuration(d.max)}`
  );
}

export function distributionChart(shown: readonly StageDistribution[]): string {
  const maxMs = Math.max(1, ...shown.map((d) => d.taskDuration.max));
  const ticks = timeTicks(maxMs, 6);
  const domain = Math.max(maxMs, ticks[ticks.length - 1]!);
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const x = (ms: number) => MARGIN.left + (Math.max(0, ms) / domain) * plotWidth;
  const height = MARGIN.top + shown.length * ROW + MARGIN.bottom;

  const rows = shown
    .map((entry, index) => {
      const d = entry.taskDuration;
      const mid = MARGIN.top + index * ROW + ROW / 2;
      const boxTop = mid - 6;
      const shapes =
        line(x(d.min), mid, x(d.max), mid, 'whisker') +
        line(x(d.min), mid - 4, x(d.min), mid + 4, 'whisker') +
        line(x(d.max), mid - 4, x(d.max), mid + 4, 'whisker') +
        rect(x(d.p25), boxTop, Math.max(1, x(d.p75) - x(d.p25)), 12, 'box') +
        line(x(d.p50), boxTop, x(d.p50), boxTop + 12, 'median') +
        text(MARGIN.left - 8, mid + 4, `Stage ${entry.stageId}${entry.attemptId > 0 ? `.${entry.attemptId}` : ''}`, 'row-label', 'end');
      return titled(distributionTitle(entry), shapes, 'distribution');
    })
    .join('');

  const axisY = MARGIN.top + shown.length * ROW + 2;
  const legendY = 8;
  const legendMarkup =
    `<g class="legend">${line(MARGIN.left, legendY + 7, MARGIN.left + 40, legendY + 7, 'whisker')}${rect(MARGIN.left + 12, legendY + 1, 16, 12, 'box')}${line(MARGIN.left + 19, legendY + 1, MARGIN.left + 19, legendY + 13, 'median')}` +
    `${text(MARGIN.left + 48, legendY + 11, 'whiskers: min to max · box: p25 to p75 · line: median task duration', 'legend-label')}</g>`;
  return svgChart({
    label: `Task duration distribution of ${shown.length} stages (min, quartiles, median, max)`,
    width: WIDTH,
    height,
    className: 'distribution-chart',
    body: legendMarkup + bottomAxis(ticks, x, axisY, MARGIN.top - 4, formatElapsed) + `<g class="boxes">${rows}</g>`,
  });
}
