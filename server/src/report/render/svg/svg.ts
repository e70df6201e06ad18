/**
 * Small builders for the report's inline SVG charts. Charts are strings of markup: every text that
 * came from the model goes through escapeHtml / escapeAttribute; numbers are rounded to keep the
 * document small. No xmlns: inline SVG in HTML does not need it, and the export has no URLs at all.
 */
import { escapeAttribute, escapeHtml } from '../escape';

export interface Margin {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** A coordinate with at most one decimal. */
export function num(value: number): string {
  if (!Number.isFinite(value)) return '0';
  const rounded = Math.round(value * 10) / 10;
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

/**
 * The chart element: an accessible image whose name is `label` (aria-label and <title>), scaled to
 * the page width by its viewBox.
 */
export function svgChart(options: { label: string; width: number; height: number; className: string; body: string }): string {
  const { label, width, height, className, body } = options;
  return (
    `<svg class="chart ${className}" viewBox="0 0 ${num(width)} ${num(height)}" preserveAspectRatio="xMinYMin meet" role="img" aria-label="${escapeAttribute(label)}">` +
    `<title>${escapeHtml(label)}</title>${body}</svg>`
  );
}

export function text(x: number, y: number, content: string, className: string, anchor: 'start' | 'middle' | 'end' = 'start'): string {
  return `<text class="${className}" x="${num(x)}" y="${num(y)}" text-anchor="${anchor}">${escapeHtml(content)}</text>`;
}

export function line(x1: number, y1: number, x2: number, y2: number, className: string): string {
  return `<line class="${className}" x1="${num(x1)}" y1="${num(y1)}" x2="${num(x2)}" y2="${num(y2)}"/>`;
}

export function rect(x: number, y: number, width: number, height: number, className: string, extra = ''): string {
  return `<rect class="${className}" x="${num(x)}" y="${num(y)}" width="${num(Math.max(0, width))}" height="${num(Math.max(0, height))}"${extra}/>`;
}

/** A tooltip (<title>) for a group of shapes: hovering shows it and screen readers read it. */
export function titled(title: string, shapes: string, className = ''): string {
  return `<g${className ? ` class="${className}"` : ''}><title>${escapeHtml(title)}</title>${shapes}</g>`;
}

/** Evenly spaced round values from 0 covering `max` (1, 2, 2.5 or 5 × a power of ten). */
export function niceTicks(max: number, target = 5): number[] {
  if (!(max > 0) || !Number.isFinite(max)) return [0];
  const rough = max / target;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((candidate) => candidate >= rough) ?? 10 * power;
  const ticks: number[] = [];
  for (let value = 0; value <= max + step * 1e-9; value += step) ticks.push(Math.round(value / step) * step);
  return ticks;
}

const TIME_STEPS_MS = [10, 20, 50, 100, 200, 500]
  .concat([1, 2, 5, 10, 15, 30].map((s) => s * 1000))
  .concat([1, 2, 5, 10, 15, 30].map((m) => m * 60_000), [1, 2, 3, 6, 12, 24].map((h) => h * 3_600_000));

/** Round elapsed times from 0 covering `spanMs` (100 ms, 1 s, 5 s, 1 min, 15 min, 1 h … steps). */
export function timeTicks(spanMs: number, target = 6): number[] {
  if (!(spanMs > 0) || !Number.isFinite(spanMs)) return [0];
  const step = TIME_STEPS_MS.find((candidate) => spanMs / candidate <= target) ?? Math.ceil(spanMs / target / 86_400_000) * 86_400_000;
  const ticks: number[] = [];
  for (let value = 0; value <= spanMs; value += step) ticks.push(value);
  return ticks;
}

/** Tick labels for elapsed time: "0", "45 s", "2 min 30 s", "1 h 30 min". */
export function formatElapsed(ms: number): string {
  if (ms <= 0) return '0';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${Number((ms / 1000).toFixed(1))} s`;
  const totalSeconds = Math.round(ms / 1000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const parts = [hours ? `${hours} h` : '', minutes ? `${minutes} min` : '', seconds && !hours ? `${seconds} s` : ''].filter(Boolean);
  return parts.join(' ');
}

/** A horizontal axis at `y` with ticks and labels; `position` maps a value to x. */
export function bottomAxis(ticks: readonly number[], position: (value: number) => number, y: number, gridTop: number, label: (value: number) => string): string {
  return ticks
    .map((tick) => {
      const x = position(tick);
      return line(x, gridTop, x, y, 'grid') + line(x, y, x, y + 4, 'axis') + text(x, y + 16, label(tick), 'tick', 'middle');
    })
    .join('');
}

/** A vertical axis at `x` with ticks, labels and horizontal grid lines to `gridRight`. */
export function sideAxis(ticks: readonly number[], position: (value: number) => number, x: number, gridRight: number, label: (value: number) => string, side: 'left' | 'right' = 'left'): string {
  return ticks
    .map((tick) => {
      const y = position(tick);
      const grid = side === 'left' ? line(x, y, gridRight, y, 'grid') : '';
      const labelX = side === 'left' ? x - 6 : x + 6;
      return grid + text(labelX, y + 4, label(tick), 'tick', side === 'left' ? 'end' : 'start');
    })
    .join('');
}

/** One legend entry: a swatch (any shapes drawn in a 14×14 box at x,y) and its label. */
export interface LegendItem {
  swatch: (x: number, y: number) => string;
  label: string;
}

/** Legend entries in a row from (x, y); returns the markup. Items are ~ 7 px per character wide. */
export function legend(items: readonly LegendItem[], x: number, y: number): string {
  let cursor = x;
  return `<g class="legend">${items
    .map((item) => {
      const markup = item.swatch(cursor, y) + text(cursor + 19, y + 11, item.label, 'legend-label');
      cursor += 19 + item.label.length * 6.6 + 18;
      return markup;
    })
    .join('')}</g>`;
}
