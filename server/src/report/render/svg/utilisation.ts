/**
 * Executor cores over time: the cores alive (outlined, lightly filled step area) and the cores busy
 * running tasks (solid area) per time bucket. The gap between the two is paid-for idle capacity.
 */
import { formatPercent } from '../../../common/format';
import type { UtilisationPoint } from '../../types';
import { bottomAxis, formatElapsed, legend, niceTicks, num, rect, sideAxis, svgChart, timeTicks } from './svg';

const WIDTH = 960;
const HEIGHT = 260;
const MARGIN = { top: 30, right: 30, bottom: 30, left: 60 };

export function utilisationOrder(points: readonly UtilisationPoint[]): UtilisationPoint[] {
  return points.filter((p) => Number.isFinite(p.time) && Number.isFinite(p.busyCores) && Number.isFinite(p.availableCores)).sort((a, b) => a.time - b.time);
}

/** Busy core time over available core time across all buckets (each weighted by its width). */
export function averageUtilisation(points: readonly UtilisationPoint[]): number | null {
  const ordered = utilisationOrder(points);
  let busy = 0;
  let available = 0;
  ordered.forEach((point, index) => {
    const width = bucketWidth(ordered, index);
    busy += Math.min(point.busyCores, point.availableCores) * width;
    available += point.availableCores * width;
  });
  return available > 0 ? busy / available : null;
}

function bucketWidth(ordered: readonly UtilisationPoint[], index: number): number {
  const next = ordered[index + 1];
  if (next) return next.time - ordered[index]!.time;
  const previous = ordered[index - 1];
  return previous ? ordered[index]!.time - previous.time : 1000;
}

/** A closed step-area path through (bucket start … bucket end, value). */
function stepArea(ordered: readonly UtilisationPoint[], value: (p: UtilisationPoint) => number, x: (t: number) => number, y: (v: number) => number): string {
  const base = y(0);
  let d = `M${num(x(ordered[0]!.time))} ${num(base)}`;
  ordered.forEach((point, index) => {
    const end = point.time + bucketWidth(ordered, index);
    d += `L${num(x(point.time))} ${num(y(value(point)))}L${num(x(end))} ${num(y(value(point)))}`;
  });
  const last = ordered[ordered.length - 1]!;
  d += `L${num(x(last.time + bucketWidth(ordered, ordered.length - 1)))} ${num(base)}Z`;
  return d;
}

export function utilisationChart(points: readonly UtilisationPoint[]): string {
  const ordered = utilisationOrder(points);
  const t0 = ordered[0]!.time;
  const t1 = ordered[ordered.length - 1]!.time + bucketWidth(ordered, ordered.length - 1);
  const maxCores = Math.max(1, ...ordered.map((p) => Math.max(p.availableCores, p.busyCores)));
  const ticks = niceTicks(maxCores, 4);
  const top = Math.max(maxCores, ticks[ticks.length - 1]!);
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (t: number) => MARGIN.left + ((t - t0) / Math.max(1, t1 - t0)) * plotWidth;
  const y = (v: number) => MARGIN.top + plotHeight - (Math.max(0, v) / top) * plotHeight;

  const available = `<path class="area-available" d="${stepArea(ordered, (p) => p.availableCores, x, y)}"/>`;
  const busy = `<path class="area-busy" d="${stepArea(ordered, (p) => Math.min(p.busyCores, p.availableCores), x, y)}"/>`;
  const axes =
    sideAxis(ticks, y, MARGIN.left, WIDTH - MARGIN.right, (v) => `${Number(v.toFixed(2))}`) +
    bottomAxis(timeTicks(t1 - t0), (tick) => x(t0 + tick), MARGIN.top + plotHeight, MARGIN.top, formatElapsed) +
    `<text class="axis-label" x="14" y="${num(MARGIN.top + plotHeight / 2)}" text-anchor="middle" transform="rotate(-90 14 ${num(MARGIN.top + plotHeight / 2)})">cores</text>`;
  const legendMarkup = legend(
    [
      { swatch: (lx, ly) => rect(lx, ly + 2, 14, 10, 'area-available'), label: 'cores available (dashed outline)' },
      { swatch: (lx, ly) => rect(lx, ly + 2, 14, 10, 'area-busy'), label: 'cores busy running tasks (solid)' },
    ],
    MARGIN.left,
    6,
  );
  const average = averageUtilisation(ordered);
  return svgChart({
    label: `Executor core utilisation over time: up to ${Number(maxCores.toFixed(2))} cores${average !== null ? `, ${formatPercent(average)} busy on average` : ''}`,
    width: WIDTH,
    height: HEIGHT,
    className: 'utilisation-chart',
    body: axes + available + busy + legendMarkup,
  });
}
