/** The pictures of the run: stage timeline, task-duration spread and executor utilisation. */
import { countOf, formatDuration, formatPercent } from '../../../common/format';
import { escapeHtml } from '../escape';
import { stageName } from '../figures';
import { boxPlotStages, distributionChart } from '../svg/distributions';
import { FLAG_ORDER, stageTitle, timelineChart, timelineOrder } from '../svg/timeline';
import { averageUtilisation, utilisationChart, utilisationOrder } from '../svg/utilisation';
import type { ReportModel, TimelineStage } from '../../types';
import { codeLocation, figure, notAvailable, section, table } from './markup';

const MAX_FLAGGED_ROWS = 25;

function flaggedStagesTable(stages: readonly TimelineStage[]): string {
  const flagged = stages.filter((s) => s.flags.length > 0).sort((a, b) => b.end - b.start - (a.end - a.start) || a.stageId - b.stageId);
  if (flagged.length === 0) return '<p class="none">No stage was skewed, spilling or failed.</p>';
  const shown = flagged.slice(0, MAX_FLAGGED_ROWS);
  const rows = shown.map((s) => [
    escapeHtml(`${s.stageId}${s.attemptId > 0 ? ` (attempt ${s.attemptId})` : ''}`),
    escapeHtml(stageName(s)),
    escapeHtml(formatDuration(Math.max(0, s.end - s.start))),
    escapeHtml(String(s.tasks)),
    FLAG_ORDER.filter((f) => s.flags.includes(f)).map((f) => `<span class="flag-tag flag-tag-${f}">${f}</span>`).join(' '),
    s.location ? codeLocation(s.location, `stage ${s.stageId}`) : '',
  ]);
  const more = flagged.length > shown.length ? `<p class="note">…and ${flagged.length - shown.length} more flagged stages (longest shown).</p>` : '';
  return (
    table(
      'Flagged stages, longest first',
      [{ header: 'Stage', numeric: true }, { header: 'Name' }, { header: 'Duration', numeric: true }, { header: 'Tasks', numeric: true }, { header: 'Flags' }, { header: 'Code' }],
      rows,
    ) + more
  );
}

export function timelineSection(model: ReportModel): string {
  if (model.timeline.length === 0) return section('timeline', 'Stage timeline', notAvailable('Stage timeline not available: the run recorded no stages.'));
  const ordered = timelineOrder(model.timeline);
  const counts = FLAG_ORDER.map((flag) => countOf(ordered.filter((s) => s.flags.includes(flag)).length, `${flag} stage`)).join(', ');
  const longest = ordered.reduce((a, b) => (b.end - b.start > a.end - a.start ? b : a));
  const caption = `${escapeHtml(countOf(ordered.length, 'stage'))} in start order; ${escapeHtml(counts)}. Longest: ${escapeHtml(stageTitle(longest))}. Hover a bar for its stage.`;
  return section('timeline', 'Stage timeline', figure(timelineChart(ordered, model.summary.startTime, model.summary.endTime), caption) + flaggedStagesTable(ordered));
}

export function distributionsSection(model: ReportModel): string {
  const shown = boxPlotStages(model.distributions);
  if (shown.length === 0) return section('distributions', 'Task durations per stage', notAvailable('Task-duration distributions not available: no stage has successful tasks.'));
  const withTasks = model.distributions.filter((d) => d.taskDuration.count > 0).length;
  const caption =
    withTasks > shown.length
      ? `The ${shown.length} stages with the longest tasks (of ${withTasks} with tasks). A whisker far right of its box is a straggler: one slow task holds the stage.`
      : `All ${shown.length} stages with tasks. A whisker far right of its box is a straggler: one slow task holds the stage.`;
  // Named after their line of code where the timeline knows it, as everywhere else in the report.
  const locations = new Map(model.timeline.map((stage) => [`${stage.stageId}.${stage.attemptId}`, stage.location]));
  const named = shown.map((d) => ({ ...d, name: stageName({ name: d.name, location: locations.get(`${d.stageId}.${d.attemptId}`) }) }));
  return section('distributions', 'Task durations per stage', figure(distributionChart(named), escapeHtml(caption)));
}

export function utilisationSection(model: ReportModel): string {
  const points = utilisationOrder(model.utilisation);
  if (points.length === 0) return section('utilisation', 'Executor utilisation', notAvailable('Utilisation not available: no executor activity was recorded.'));
  const average = averageUtilisation(points);
  const caption =
    average !== null
      ? `Cores were busy ${formatPercent(average)} of the time they were available; the gap between the outline and the solid area is idle capacity.`
      : 'No executor cores were available in the recorded buckets.';
  return section('utilisation', 'Executor utilisation', figure(utilisationChart(points), escapeHtml(caption)));
}
