/**
 * Stage timeline (Gantt): one bar per stage attempt in start order on the run's clock. Skewed,
 * spilling and failed stages carry a hatch pattern AND a marker shape beside the bar (a stage too
 * short to show its pattern still shows its marker), explained by the legend: never colour alone.
 */
import { countOf, formatDuration } from '../../../common/format';
import { stageName } from '../figures';
import type { StageFlag, TimelineStage } from '../../types';
import { bottomAxis, formatElapsed, num, rect, svgChart, text, timeTicks, titled } from './svg';

const WIDTH = 960;
const MARGIN = { top: 34, right: 44, bottom: 30, left: 170 };

export const FLAG_ORDER: readonly StageFlag[] = ['failed', 'spilling', 'skewed'];

export const FLAG_LABELS: Record<StageFlag, string> = {
  skewed: 'skewed (a few tasks much slower)',
  spilling: 'spilling to disk',
  failed: 'failed',
};

const PATTERNS =
  '<defs>' +
  '<pattern id="sa-pattern-skewed" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)"><line class="pattern-skewed" x1="0" y1="0" x2="0" y2="6"/></pattern>' +
  '<pattern id="sa-pattern-spilling" patternUnits="userSpaceOnUse" width="5" height="5"><circle class="pattern-spilling" cx="2.5" cy="2.5" r="1.3"/></pattern>' +
  '<pattern id="sa-pattern-failed" patternUnits="userSpaceOnUse" width="6" height="6"><path class="pattern-failed" d="M0 0L6 6M6 0L0 6"/></pattern>' +
  '</defs>';

/** The marker drawn beside a flagged bar: triangle (skewed), diamond (spilling), cross (failed). */
export function flagMarker(flag: StageFlag, cx: number, cy: number, size: number): string {
  const h = size / 2;
  switch (flag) {
    case 'skewed':
      return `<path class="marker marker-skewed" d="M${num(cx)} ${num(cy - h)}L${num(cx + h)} ${num(cy + h)}L${num(cx - h)} ${num(cy + h)}Z"/>`;
    case 'spilling':
      return `<path class="marker marker-spilling" d="M${num(cx)} ${num(cy - h)}L${num(cx + h)} ${num(cy)}L${num(cx)} ${num(cy + h)}L${num(cx - h)} ${num(cy)}Z"/>`;
    case 'failed':
      return `<path class="marker marker-failed" d="M${num(cx - h)} ${num(cy - h)}L${num(cx + h)} ${num(cy + h)}M${num(cx + h)} ${num(cy - h)}L${num(cx - h)} ${num(cy + h)}"/>`;
  }
}

function rowHeight(rows: number): number {
  if (rows <= 40) return 18;
  if (rows <= 120) return 8;
  return 4;
}

function truncate(value: string, length: number): string {
  return value.length <= length ? value : `${value.slice(0, length - 1)}…`;
}

/** Stages sorted as drawn: by start, then stage and attempt id. */
export function timelineOrder(stages: readonly TimelineStage[]): TimelineStage[] {
  return [...stages].sort((a, b) => a.start - b.start || a.stageId - b.stageId || a.attemptId - b.attemptId);
}

export function stageTitle(stage: TimelineStage): string {
  const duration = formatDuration(Math.max(0, stage.end - stage.start));
  const flags = stage.flags.length > 0 ? ` — ${stage.flags.join(', ')}` : '';
  const attempt = stage.attemptId > 0 ? ` (attempt ${stage.attemptId})` : '';
  return `Stage ${stage.stageId}${attempt}: ${stageName(stage)} — ${duration}, ${countOf(stage.tasks, 'task')}${flags}`;
}

/** "stage" then each flag: its pattern swatch, its marker, its words. */
function timelineLegend(y: number): string {
  let cursor = MARGIN.left;
  let markup = `<g class="legend">${rect(cursor, y + 2, 14, 10, 'bar')}${text(cursor + 19, y + 11, 'stage', 'legend-label')}</g>`;
  cursor += 70;
  for (const flag of ['skewed', 'spilling', 'failed'] as const) {
    const swatch = rect(cursor, y + 2, 14, 10, `bar flagged-${flag}`) + rect(cursor, y + 2, 14, 10, `flag-fill flag-${flag}`, ` fill="url(#sa-pattern-${flag})"`);
    markup += `<g class="legend">${swatch}${flagMarker(flag, cursor + 24, y + 7, 9)}${text(cursor + 34, y + 11, FLAG_LABELS[flag], 'legend-label')}</g>`;
    cursor += 34 + FLAG_LABELS[flag].length * 6.6 + 20;
  }
  return markup;
}

/** The Gantt chart; `runStart` (epoch ms) anchors 0 on the axis so driver time before the first stage shows. */
export function timelineChart(stages: readonly TimelineStage[], runStart: number | null, runEnd: number | null): string {
  const ordered = timelineOrder(stages);
  const finiteStarts = ordered.map((s) => s.start).filter(Number.isFinite);
  const finiteEnds = ordered.map((s) => Math.max(s.start, s.end)).filter(Number.isFinite);
  const t0 = Math.min(...finiteStarts, ...(runStart !== null && Number.isFinite(runStart) ? [runStart] : []));
  const t1 = Math.max(...finiteEnds, ...(runEnd !== null && Number.isFinite(runEnd) ? [runEnd] : []), t0 + 1);
  const row = rowHeight(ordered.length);
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const height = MARGIN.top + ordered.length * row + MARGIN.bottom;
  const x = (time: number) => MARGIN.left + ((time - t0) / (t1 - t0)) * plotWidth;
  const barHeight = Math.max(2, row - (row >= 8 ? 4 : 1));
  const markerSize = Math.max(3, Math.min(9, row - 1));

  const bars = ordered
    .map((stage, index) => {
      const y = MARGIN.top + index * row + (row - barHeight) / 2;
      const start = x(stage.start);
      const width = Math.max(1.5, x(Math.max(stage.start, stage.end)) - start);
      const flags = FLAG_ORDER.filter((flag) => stage.flags.includes(flag));
      const flagClasses = flags.map((flag) => ` flagged-${flag}`).join('');
      let shapes = rect(start, y, width, barHeight, `bar${flagClasses}`);
      for (const flag of flags) shapes += rect(start, y, width, barHeight, `flag-fill flag-${flag}`, ` fill="url(#sa-pattern-${flag})"`);
      flags.forEach((flag, i) => {
        shapes += flagMarker(flag, start + width + 4 + markerSize / 2 + i * (markerSize + 3), y + barHeight / 2, markerSize);
      });
      if (row >= 12) shapes += text(MARGIN.left - 8, y + barHeight / 2 + 4, truncate(`${stage.stageId} · ${stageName(stage)}`, 26), 'row-label', 'end');
      return titled(stageTitle(stage), shapes, 'stage');
    })
    .join('');

  const axisY = MARGIN.top + ordered.length * row + 2;
  const axis = bottomAxis(timeTicks(t1 - t0), (tick) => x(t0 + tick), axisY, MARGIN.top - 4, formatElapsed);
  const rowsNote = row >= 12 ? '' : text(MARGIN.left - 8, MARGIN.top + 10, `${ordered.length} stages,`, 'row-label', 'end') + text(MARGIN.left - 8, MARGIN.top + 24, 'in start order', 'row-label', 'end');
  const legendMarkup = timelineLegend(6);

  const counts = FLAG_ORDER.map((flag) => `${ordered.filter((s) => s.flags.includes(flag)).length} ${flag}`).join(', ');
  return svgChart({
    label: `Stage timeline: ${ordered.length} stages over ${formatDuration(t1 - t0)}; ${counts}`,
    width: WIDTH,
    height,
    className: 'timeline-chart',
    body: PATTERNS + legendMarkup + axis + rowsNote + `<g class="bars">${bars}</g>`,
  });
}
