/**
 * The what-if curve: simulated duration (solid line, circles, left axis) and cost (dashed line,
 * squares, right axis) against executor cores on a doubling scale, with the observed run (ring)
 * and the cheapest size within 10 % of the fastest (diamond) marked and named in the legend.
 */
import { formatDuration } from '../../../common/format';
import { formatMoney } from '../figures';
import type { SizingAdvice } from '../sizingAdvice';
import type { WhatIf } from '../../types';
import { bottomAxis, formatElapsed, legend, niceTicks, num, sideAxis, svgChart, text, timeTicks, titled } from './svg';

const WIDTH = 960;
const HEIGHT = 300;
const MARGIN = { top: 34, right: 80, bottom: 44, left: 80 };

function circle(cx: number, cy: number, r: number, className: string): string {
  return `<circle class="${className}" cx="${num(cx)}" cy="${num(cy)}" r="${num(r)}"/>`;
}

function square(cx: number, cy: number, size: number, className: string): string {
  return `<rect class="${className}" x="${num(cx - size / 2)}" y="${num(cy - size / 2)}" width="${num(size)}" height="${num(size)}"/>`;
}

function diamond(cx: number, cy: number, size: number, className: string): string {
  const h = size / 2;
  return `<path class="${className}" d="M${num(cx)} ${num(cy - h)}L${num(cx + h)} ${num(cy)}L${num(cx)} ${num(cy + h)}L${num(cx - h)} ${num(cy)}Z"/>`;
}

export function whatIfChart(whatIf: WhatIf, advice: SizingAdvice, currency: string): string {
  const points = [...whatIf.simulated].filter((p) => p.cores > 0 && Number.isFinite(p.durationMs)).sort((a, b) => a.cores - b.cores);
  const allCores = [...points.map((p) => p.cores), whatIf.observedCores].filter((c) => c > 0);
  const minLog = Math.log2(Math.min(...allCores));
  const maxLog = Math.max(minLog + 1, Math.log2(Math.max(...allCores)));
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (cores: number) => MARGIN.left + ((Math.log2(cores) - minLog) / (maxLog - minLog)) * plotWidth;

  const maxDuration = Math.max(1, whatIf.observedDurationMs, ...points.map((p) => p.durationMs));
  const durationTicks = timeTicks(maxDuration, 5);
  const durationTop = Math.max(maxDuration, durationTicks[durationTicks.length - 1]!);
  const yDuration = (ms: number) => MARGIN.top + plotHeight - (Math.max(0, ms) / durationTop) * plotHeight;

  const costed = points.filter((p) => p.cost !== null && Number.isFinite(p.cost));
  const maxCost = Math.max(0, ...costed.map((p) => p.cost!));
  const costTicks = niceTicks(maxCost, 4);
  const costTop = Math.max(maxCost, costTicks[costTicks.length - 1]!, Number.MIN_VALUE);
  const yCost = (cost: number) => MARGIN.top + plotHeight - (Math.max(0, cost) / costTop) * plotHeight;

  const durationLine = `<polyline class="line-duration" points="${points.map((p) => `${num(x(p.cores))},${num(yDuration(p.durationMs))}`).join(' ')}"/>`;
  const durationMarks = points
    .map((p) => titled(`${p.cores} cores (${Number(p.coresFactor.toFixed(2))}×): ${formatDuration(p.durationMs)}${p.cost !== null ? `, ${formatMoney(p.cost, currency)}` : ''}`, circle(x(p.cores), yDuration(p.durationMs), 3.5, 'point-duration')))
    .join('');
  const costLine = costed.length > 1 ? `<polyline class="line-cost" points="${costed.map((p) => `${num(x(p.cores))},${num(yCost(p.cost!))}`).join(' ')}"/>` : '';
  const costMarks = costed.map((p) => square(x(p.cores), yCost(p.cost!), 6, 'point-cost')).join('');

  const observedX = x(whatIf.observedCores);
  const observedY = yDuration(whatIf.observedDurationMs);
  const observed = titled(`Observed run: ${whatIf.observedCores} cores, ${formatDuration(whatIf.observedDurationMs)}`, circle(observedX, observedY, 8, 'point-observed') + text(observedX, observedY - 13, 'observed', 'point-label', 'middle'));
  const pick = advice.cheapestNearFastest;
  const suggested = titled(
    `Cheapest within ${Math.round(advice.tolerance * 100)}% of the fastest: ${pick.cores} cores, ${formatDuration(pick.durationMs)}${pick.cost !== null ? `, ${formatMoney(pick.cost, currency)}` : ''}`,
    diamond(x(pick.cores), yDuration(pick.durationMs), 16, 'point-suggested') + text(x(pick.cores), yDuration(pick.durationMs) + 24, 'suggested', 'point-label', 'middle'),
  );

  const coreTicks = [...new Set(points.map((p) => p.cores))];
  const axes =
    sideAxis(durationTicks, yDuration, MARGIN.left, WIDTH - MARGIN.right, formatElapsed) +
    (costed.length > 0 ? sideAxis(costTicks, yCost, WIDTH - MARGIN.right, WIDTH - MARGIN.right, (v) => formatMoney(v, currency), 'right') : '') +
    bottomAxis(coreTicks, x, MARGIN.top + plotHeight, MARGIN.top, (c) => `${Number(c.toFixed(1))}`) +
    text(MARGIN.left + plotWidth / 2, HEIGHT - 6, 'executor cores (log scale)', 'axis-label', 'middle') +
    text(MARGIN.left - 8, MARGIN.top - 10, 'duration', 'axis-label', 'end') +
    (costed.length > 0 ? text(WIDTH - MARGIN.right + 8, MARGIN.top - 10, 'cost', 'axis-label') : '');
  const legendMarkup = legend(
    [
      { swatch: (lx, ly) => `<line class="line-duration" x1="${lx}" y1="${ly + 7}" x2="${lx + 14}" y2="${ly + 7}"/>` + circle(lx + 7, ly + 7, 3, 'point-duration'), label: 'duration' },
      ...(costed.length > 0 ? [{ swatch: (lx: number, ly: number) => `<line class="line-cost" x1="${lx}" y1="${ly + 7}" x2="${lx + 14}" y2="${ly + 7}"/>` + square(lx + 7, ly + 7, 6, 'point-cost'), label: 'cost (dashed)' }] : []),
      { swatch: (lx, ly) => circle(lx + 7, ly + 7, 6, 'point-observed'), label: 'observed run' },
      { swatch: (lx, ly) => diamond(lx + 7, ly + 7, 13, 'point-suggested'), label: `cheapest within ${Math.round(advice.tolerance * 100)}% of fastest` },
    ],
    MARGIN.left,
    6,
  );
  return svgChart({
    label: `What-if: duration${costed.length > 0 ? ' and cost' : ''} against executor cores; observed ${whatIf.observedCores} cores, ${formatDuration(whatIf.observedDurationMs)}; suggested ${pick.cores} cores, ${formatDuration(pick.durationMs)}`,
    width: WIDTH,
    height: HEIGHT,
    className: 'whatif-chart',
    body: axes + durationLine + costLine + durationMarks + costMarks + observed + suggested + legendMarkup,
  });
}
