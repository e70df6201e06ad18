/**
 * The report as plain text for a terminal or an e-mail: the job, its duration and cost, critical
 * issues with evidence, cost optimisation, configuration changes, prediction and comparison. Model
 * strings lose control characters, so a name can neither fake a line nor drive the terminal.
 */
import { countOf, formatBytes, formatDuration, formatPercent } from '../../common/format';
import { plainText } from './escape';
import { durationOrUnknown, formatChange, formatDateTime, formatExecutors, formatMoney, shareOf, shortLocation } from './figures';
import { confBlock, settingsOf } from '../recommend/confBlock';
import { describeSizing, sizingAdvice } from './sizingAdvice';
import { formatScore, predictionStanding } from './predictionSummary';
import type { ReportFinding, ReportModel, ReportSeverity } from '../types';

const t = plainText;

/** The lines of a block, indented, each without control characters. */
function indent(block: string, spaces: number): string[] {
  return block.split('\n').map((line) => `${' '.repeat(spaces)}${plainText(line)}`);
}

/** Columns padded to their widest cell (counted in characters, not UTF-16 units). */
function columns(rows: readonly (readonly string[])[]): string[] {
  const width = (cell: string) => [...cell].length;
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => width(row[c]!))));
  return rows.map((row) => row.map((cell, c) => `${cell}${' '.repeat(widths[c]! - width(cell))}`).join('  ').trimEnd());
}

function headerText(model: ReportModel): string[] {
  const s = model.summary;
  const wall = s.durationMs ?? s.driverTimeMs + s.executorTimeMs;
  const identity = [s.appId ? `application ${s.appId}` : `application key ${s.appKey}`, s.attemptId ? `attempt ${s.attemptId}` : '', s.sparkVersion ? `Spark ${s.sparkVersion}` : '', s.startTime !== null ? `started ${formatDateTime(s.startTime)}` : '']
    .filter(Boolean)
    .join(', ');
  const spilled = s.totals.memorySpilledBytes + s.totals.diskSpilledBytes;
  return [
    `SPARK PERFORMANCE REPORT: ${t(s.label || s.name)}`,
    `Job ${t(s.name)}; ${t(identity)}`,
    '',
    `Duration     ${durationOrUnknown(s.durationMs)} (driver alone ${formatDuration(s.driverTimeMs)}, ${shareOf(s.driverTimeMs, wall)}; stages running ${formatDuration(s.executorTimeMs)})`,
    `Cost         ${s.cost ? `${t(formatMoney(s.cost.amount, s.cost.currency))} (${t(s.cost.basis)})` : 'not available (set sparkAdvisor.cost.* to price the run)'}`,
    `Executors    ${t(formatExecutors(s))}`,
    `Efficiency   ${s.efficiency !== null ? `${formatPercent(s.efficiency)} of the paid core time ran tasks` : 'not available (no executors recorded)'}`,
    `Time floor   critical path ${formatDuration(s.criticalPathMs)}, ideal ${formatDuration(s.idealTimeMs)}`,
    `Tasks        ${countOf(s.totals.tasks, 'task')}${s.totals.failedTasks > 0 ? ` (${countOf(s.totals.failedTasks, 'failed task')})` : ''}, shuffle read ${formatBytes(s.totals.shuffleReadBytes)}, spilled ${formatBytes(spilled)}`,
  ];
}

function findingsText(model: ReportModel, severity: ReportSeverity, heading: string, detailed: boolean): string[] {
  const findings = model.findings.filter((f) => f.severity === severity);
  const lines = [`${heading} (${findings.length})`];
  if (findings.length === 0) return [...lines, '  none'];
  findings.forEach((f: ReportFinding, index) => {
    const about = [f.stageId !== undefined ? `stage ${f.stageId}` : '', f.executionId !== undefined ? `SQL execution ${f.executionId}` : '', f.location ? shortLocation(f.location) : ''].filter(Boolean).join(', ');
    lines.push(`  ${index + 1}. [${t(f.ruleId)}] ${t(f.message)}`);
    if (about) lines.push(`     at ${t(about)}`);
    if (!detailed) return;
    for (const e of f.evidence) lines.push(`     evidence (${t(e.run)}): ${t(e.summary)}`);
    if (f.expectedImprovement) lines.push(`     expected improvement: ${t(f.expectedImprovement)}`);
  });
  return lines;
}

function sizingText(model: ReportModel): string[] {
  const advice = sizingAdvice(model.whatIf);
  if (!model.whatIf || !advice) return ['COST OPTIMIZATION', '  What-if simulation not available for this run.'];
  return ['COST OPTIMIZATION', ...describeSizing(model.whatIf, advice, model.summary.cost?.currency ?? '$').map((sentence) => `  ${t(sentence)}`)];
}

function configurationText(model: ReportModel): string[] {
  const recommendations = model.recommendations;
  if (recommendations.length === 0) return ['CONFIGURATION CHANGES', '  No configuration changes recommended.'];
  const lines = ['CONFIGURATION CHANGES'];
  for (const r of recommendations) {
    for (const s of settingsOf(r)) lines.push(`  ${t(s.key)}: ${s.current === null ? '(default)' : t(s.current)} -> ${t(s.suggested)}`);
    lines.push(`     ${t(r.reason)}`, `     ${t(r.effect.expected)}.`, `     where: ${t(r.where)}`);
  }
  const conf = confBlock(recommendations);
  lines.push('', '  spark-defaults.conf:', ...indent(conf.sparkDefaults.trimEnd(), 4), '', '  spark-submit:', ...indent(conf.submitArgs, 4));
  return lines;
}

function predictionText(model: ReportModel): string[] {
  const p = model.prediction;
  const lines = ['PREDICTION', `  ${t(predictionStanding(p))}`];
  if (p.correction.model) lines.push(`  learned correction:  ${formatScore(p.correction.model)}`, `  bytes-only estimate: ${formatScore(p.correction.baseline)}`);
  for (const e of p.effects) lines.push(`  ${t(e.change)}: ${durationOrUnknown(e.currentDurationMs)} -> ${durationOrUnknown(e.predictedDurationMs)} (${formatChange(e.predictedDurationMs, e.currentDurationMs)})`);
  if (model.validations.length > 0) lines.push('  earlier predictions for this job, checked against this run:', ...model.validations.map((v) => `    ${t(v.sentence)}`));
  return lines;
}

function comparisonText(model: ReportModel): string[] {
  if (model.comparison.filter((r) => !r.current).length === 0) return ['COMPARISON WITH OTHER RUNS', '  No other runs of this job to compare with.'];
  const current = model.comparison.find((r) => r.current) ?? null;
  const currency = model.summary.cost?.currency ?? '$';
  const rows = [
    ['run', 'started', 'duration', 'vs this run', 'cost', 'shuffle', 'spill'],
    ...model.comparison.map((r) => [
      `${r.current ? '* ' : '  '}${t(r.label)}`,
      formatDateTime(r.startTime),
      durationOrUnknown(r.durationMs),
      r.current || !current ? '' : formatChange(r.durationMs, current.durationMs),
      r.cost !== null ? t(formatMoney(r.cost, currency)) : '-',
      formatBytes(r.shuffleBytes),
      formatBytes(r.spillBytes),
    ]),
  ];
  return ['COMPARISON WITH OTHER RUNS (* this run)', ...columns(rows).map((line) => `  ${line}`)];
}

function similarText(model: ReportModel): string[] {
  if (model.similar.length === 0) return ['SIMILAR RUNS', '  No similar runs found.'];
  return ['SIMILAR RUNS', ...model.similar.map((r) => `  ${t(r.label)}: ${formatPercent(r.similarity)} similar, ${durationOrUnknown(r.durationMs)} (${t(r.reason)})`)];
}

export function renderText(model: ReportModel): string {
  const blocks = [
    headerText(model),
    findingsText(model, 'critical', 'CRITICAL ISSUES', true),
    findingsText(model, 'warning', 'WARNINGS', true),
    findingsText(model, 'info', 'INFO', false),
    sizingText(model),
    configurationText(model),
    predictionText(model),
    comparisonText(model),
    similarText(model),
    [`Generated by Spark Advisor on ${formatDateTime(model.generatedAt)}.`],
  ];
  return `${blocks.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}
