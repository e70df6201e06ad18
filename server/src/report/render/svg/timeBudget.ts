/**
 * Where the wall time went, as three bars on one scale: the run (driver time and executor time),
 * its critical path (the floor no amount of executors can beat) and its ideal time (every task
 * perfectly parallel). The gap between the bars is what tuning can win.
 */
import { formatDuration } from '../../../common/format';
import type { ReportSummary } from '../../types';
import { legend, rect, svgChart, text } from './svg';

const WIDTH = 960;
const ROW = 24;
const MARGIN = { top: 30, right: 150, bottom: 8, left: 110 };
// A presentation attribute, so that no stylesheet rule may set `fill` on .budget-driver.
const DRIVER_FILL = ' fill="url(#sa-pattern-driver)"';

export function timeBudgetChart(summary: ReportSummary): string {
  const wall = summary.durationMs ?? summary.driverTimeMs + summary.executorTimeMs;
  const domain = Math.max(1, wall, summary.criticalPathMs, summary.idealTimeMs);
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const w = (ms: number) => (Math.max(0, ms) / domain) * plotWidth;
  const rowY = (index: number) => MARGIN.top + index * ROW;
  const barH = ROW - 8;
  const label = (index: number, words: string) => text(MARGIN.left - 8, rowY(index) + barH - 3, words, 'row-label', 'end');
  const value = (index: number, ms: number, words: string) => text(MARGIN.left + w(ms) + 6, rowY(index) + barH - 3, words, 'value-label');

  const driverW = w(summary.driverTimeMs);
  const run =
    label(0, 'this run') +
    rect(MARGIN.left, rowY(0), driverW, barH, 'budget-driver', DRIVER_FILL) +
    rect(MARGIN.left + driverW, rowY(0), w(summary.executorTimeMs), barH, 'budget-executor') +
    value(0, Math.max(wall, summary.driverTimeMs + summary.executorTimeMs), formatDuration(wall));
  const critical = label(1, 'critical path') + rect(MARGIN.left, rowY(1), w(summary.criticalPathMs), barH, 'budget-critical') + value(1, summary.criticalPathMs, formatDuration(summary.criticalPathMs));
  const ideal = label(2, 'ideal') + rect(MARGIN.left, rowY(2), w(summary.idealTimeMs), barH, 'budget-ideal') + value(2, summary.idealTimeMs, formatDuration(summary.idealTimeMs));
  const legendMarkup = legend(
    [
      { swatch: (lx, ly) => rect(lx, ly + 2, 14, 10, 'budget-driver', DRIVER_FILL), label: `driver only ${formatDuration(summary.driverTimeMs)} (hatched)` },
      { swatch: (lx, ly) => rect(lx, ly + 2, 14, 10, 'budget-executor'), label: `stages running ${formatDuration(summary.executorTimeMs)}` },
    ],
    MARGIN.left,
    6,
  );
  const height = MARGIN.top + 3 * ROW + MARGIN.bottom;
  return svgChart({
    label: `Time budget: run ${formatDuration(wall)} (driver ${formatDuration(summary.driverTimeMs)}, executors ${formatDuration(summary.executorTimeMs)}), critical path ${formatDuration(summary.criticalPathMs)}, ideal ${formatDuration(summary.idealTimeMs)}`,
    width: WIDTH,
    height,
    className: 'budget-chart',
    body: `<defs><pattern id="sa-pattern-driver" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(-45)"><line class="pattern-driver" x1="0" y1="0" x2="0" y2="6"/></pattern></defs>` + legendMarkup + run + critical + ideal,
  });
}
