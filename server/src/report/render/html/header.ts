/** The top of the report: which run, how long, how much, on what, and how well it used it. */
import { countOf, formatBytes, formatDuration, formatPercent } from '../../../common/format';
import { escapeHtml } from '../escape';
import { durationOrUnknown, formatDateTime, formatExecutors, formatMoney, NOT_AVAILABLE, shareOf } from '../figures';
import { timeBudgetChart } from '../svg/timeBudget';
import type { ReportModel } from '../../types';

function figureItem(label: string, valueHtml: string, noteHtml = ''): string {
  return `<div class="figure"><dt>${escapeHtml(label)}</dt><dd><span class="value">${valueHtml}</span>${noteHtml ? `<span class="note">${noteHtml}</span>` : ''}</dd></div>`;
}

function runIdentity(model: ReportModel): string {
  const s = model.summary;
  const parts = [
    s.appId ? `application ${s.appId}` : `application key ${s.appKey}`,
    s.attemptId ? `attempt ${s.attemptId}` : '',
    s.sparkVersion ? `Spark ${s.sparkVersion}` : '',
    s.startTime !== null ? `started ${formatDateTime(s.startTime)}` : '',
  ].filter(Boolean);
  return parts.map(escapeHtml).join(' · ');
}

export function headerHtml(model: ReportModel): string {
  const s = model.summary;
  const wall = s.durationMs ?? s.driverTimeMs + s.executorTimeMs;
  const efficiency = s.efficiency !== null ? formatPercent(s.efficiency) : NOT_AVAILABLE;
  const efficiencyNote = s.efficiency !== null ? `cores idle ${formatPercent(Math.max(0, 1 - s.efficiency))} of the time they were paid for` : 'no executors recorded';
  const cost = s.cost ? escapeHtml(formatMoney(s.cost.amount, s.cost.currency)) : escapeHtml(NOT_AVAILABLE);
  const costNote = s.cost ? escapeHtml(s.cost.basis) : 'set sparkAdvisor.cost.* to price the run';
  const tasks = s.totals;
  const taskNote = [tasks.failedTasks > 0 ? `${countOf(tasks.failedTasks, 'failed task')}` : '', tasks.killedTasks > 0 ? `${countOf(tasks.killedTasks, 'killed task')}` : ''].filter(Boolean).join(', ');
  const spilled = tasks.memorySpilledBytes + tasks.diskSpilledBytes;
  const figures = [
    figureItem('Duration', escapeHtml(durationOrUnknown(s.durationMs))),
    figureItem('Cost', cost, costNote),
    figureItem('Executors', escapeHtml(formatExecutors(s))),
    figureItem('Efficiency', escapeHtml(efficiency), escapeHtml(efficiencyNote)),
    figureItem('Driver vs executors', `${escapeHtml(formatDuration(s.driverTimeMs))} / ${escapeHtml(formatDuration(s.executorTimeMs))}`, `driver alone ${escapeHtml(shareOf(s.driverTimeMs, wall))} of the wall time`),
    figureItem('Critical path', escapeHtml(formatDuration(s.criticalPathMs)), 'the floor: more executors cannot beat it'),
    figureItem('Ideal time', escapeHtml(formatDuration(s.idealTimeMs)), 'every task perfectly parallel'),
    figureItem('Tasks', escapeHtml(countOf(tasks.tasks, 'task')), escapeHtml(taskNote)),
    figureItem('Shuffle / spill', `${escapeHtml(formatBytes(tasks.shuffleReadBytes))} / ${escapeHtml(formatBytes(spilled))}`, 'shuffle read / memory + disk spilled'),
  ].join('');
  return (
    `<header class="report-header"><p class="eyebrow">Spark performance report</p>` +
    `<h1>${escapeHtml(s.label || s.name)}</h1>` +
    `<p class="run-identity">${escapeHtml(s.name)} · ${runIdentity(model)}</p>` +
    `<dl class="figures">${figures}</dl>` +
    `<figure class="chart-figure budget">${timeBudgetChart(s)}</figure>` +
    `</header>`
  );
}
