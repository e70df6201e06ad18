/**
 * The report as Markdown, for pull requests, wikis and chat: what the run cost, what is wrong with
 * the evidence, what to change. Every model string goes through escapeMarkdown (no raw HTML, no
 * Markdown syntax, no line breaks); the conf blocks are fenced code, verbatim by design.
 */
import { countOf, formatBytes, formatDuration, formatPercent } from '../../common/format';
import { escapeMarkdown, markdownCodeBlock } from './escape';
import { durationOrUnknown, formatChange, formatDateTime, formatExecutors, formatMoney, shareOf, shortLocation } from './figures';
import { confBlock, settingsOf } from '../recommend/confBlock';
import { describeSizing, sizingAdvice } from './sizingAdvice';
import { formatScore, predictionStanding, VALIDATION_HEADERS, validationRow } from './predictionSummary';
import type { ReportFinding, ReportModel, ReportSeverity } from '../types';

const md = escapeMarkdown;

function tableMd(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

function headerMd(model: ReportModel): string[] {
  const s = model.summary;
  const wall = s.durationMs ?? s.driverTimeMs + s.executorTimeMs;
  const identity = [s.appId ? `application ${s.appId}` : `application key ${s.appKey}`, s.attemptId ? `attempt ${s.attemptId}` : '', s.sparkVersion ? `Spark ${s.sparkVersion}` : '', s.startTime !== null ? `started ${formatDateTime(s.startTime)}` : '']
    .filter(Boolean)
    .join(' · ');
  const spilled = s.totals.memorySpilledBytes + s.totals.diskSpilledBytes;
  return [
    `# Spark performance report: ${md(s.label || s.name)}`,
    '',
    `**Job:** ${md(s.name)} · ${md(identity)}`,
    '',
    `- **Duration:** ${md(durationOrUnknown(s.durationMs))} (driver alone ${md(formatDuration(s.driverTimeMs))}, ${md(shareOf(s.driverTimeMs, wall))}; stages running ${md(formatDuration(s.executorTimeMs))})`,
    `- **Cost:** ${s.cost ? `${md(formatMoney(s.cost.amount, s.cost.currency))} (${md(s.cost.basis)})` : 'not available (set sparkAdvisor.cost.\\* to price the run)'}`,
    `- **Executors:** ${md(formatExecutors(s))}`,
    `- **Efficiency:** ${s.efficiency !== null ? `${md(formatPercent(s.efficiency))} of the paid core time ran tasks` : 'not available (no executors recorded)'}`,
    `- **Critical path:** ${md(formatDuration(s.criticalPathMs))} · **ideal time:** ${md(formatDuration(s.idealTimeMs))}`,
    `- **Tasks:** ${md(countOf(s.totals.tasks, 'task'))}${s.totals.failedTasks > 0 ? ` (${md(countOf(s.totals.failedTasks, 'failed task'))})` : ''} · shuffle read ${md(formatBytes(s.totals.shuffleReadBytes))} · spilled ${md(formatBytes(spilled))}`,
  ];
}

function subject(finding: ReportFinding): string {
  return [finding.stageId !== undefined ? `stage ${finding.stageId}` : '', finding.executionId !== undefined ? `SQL execution ${finding.executionId}` : '', finding.location ? shortLocation(finding.location) : '']
    .filter(Boolean)
    .join(' · ');
}

function findingsMd(model: ReportModel, severity: ReportSeverity, heading: string, detailed: boolean): string[] {
  const findings = model.findings.filter((f) => f.severity === severity);
  const lines = [`## ${heading} (${findings.length})`, ''];
  if (findings.length === 0) return [...lines, `No ${heading.toLowerCase()}.`];
  findings.forEach((f, index) => {
    const about = subject(f);
    lines.push(`${index + 1}. **${md(f.ruleId)}**: ${md(f.message)}${about ? ` (${md(about)})` : ''}`);
    if (!detailed) return;
    for (const e of f.evidence) lines.push(`   - Evidence, ${md(e.run)}: ${md(e.summary)}`);
    if (f.expectedImprovement) lines.push(`   - Expected improvement: ${md(f.expectedImprovement)}`);
  });
  return lines;
}

function sizingMd(model: ReportModel): string[] {
  const lines = ['## Cost optimization', ''];
  const advice = sizingAdvice(model.whatIf);
  if (!model.whatIf || !advice) return [...lines, 'What-if simulation not available for this run.'];
  return [...lines, ...describeSizing(model.whatIf, advice, model.summary.cost?.currency ?? '$').map((sentence) => `- ${md(sentence)}`)];
}

function configurationMd(model: ReportModel): string[] {
  const lines = ['## Configuration changes', ''];
  const recommendations = model.recommendations;
  if (recommendations.length === 0) return [...lines, 'No configuration changes recommended.'];
  const conf = confBlock(recommendations);
  return [
    ...lines,
    tableMd(
      ['Setting', 'Current', 'Suggested', 'Why and expected effect', 'Where'],
      recommendations.map((r) => {
        // A change of several settings is one row, its settings listed in order in each cell.
        const settings = settingsOf(r);
        return [settings.map((s) => md(s.key)).join(', '), settings.map((s) => (s.current === null ? '_default_' : md(s.current))).join(', '), settings.map((s) => md(s.suggested)).join(', '), `${md(r.reason)} **${md(r.effect.expected)}.**`, md(r.where)];
      }),
    ),
    '',
    'spark-defaults.conf:',
    '',
    markdownCodeBlock(conf.sparkDefaults.trimEnd(), 'properties'),
    '',
    'spark-submit:',
    '',
    markdownCodeBlock(conf.submitArgs, 'shell'),
  ];
}

function predictionMd(model: ReportModel): string[] {
  const p = model.prediction;
  const lines = ['## Prediction', '', md(predictionStanding(p))];
  if (p.correction.model) lines.push('', tableMd(['', 'Held-out score on this job\'s runs'], [['Learned correction', md(formatScore(p.correction.model))], ['Bytes-only estimate', md(formatScore(p.correction.baseline))]]));
  if (p.effects.length > 0) {
    lines.push('', tableMd(['Change', 'Now', 'Predicted', 'Difference'], p.effects.map((e) => [md(e.change), md(durationOrUnknown(e.currentDurationMs)), md(durationOrUnknown(e.predictedDurationMs)), md(formatChange(e.predictedDurationMs, e.currentDurationMs))])));
  }
  if (model.validations.length > 0) lines.push('', 'Earlier predictions for this job, checked against this run:', '', tableMd(VALIDATION_HEADERS, model.validations.map((v) => validationRow(v).map(md))));
  return lines;
}

function comparisonMd(model: ReportModel): string[] {
  const lines = ['## Comparison with other runs', ''];
  const current = model.comparison.find((r) => r.current) ?? null;
  if (model.comparison.filter((r) => !r.current).length === 0) return [...lines, 'No other runs of this job to compare with.'];
  const currency = model.summary.cost?.currency ?? '$';
  return [
    ...lines,
    tableMd(
      ['Run', 'Started', 'Duration', 'vs this run', 'Cost', 'Shuffle', 'Spill'],
      model.comparison.map((r) => [
        `${md(r.label)}${r.current ? ' **(this run)**' : ''}`,
        md(formatDateTime(r.startTime)),
        md(durationOrUnknown(r.durationMs)),
        r.current || !current ? '' : md(formatChange(r.durationMs, current.durationMs)),
        r.cost !== null ? md(formatMoney(r.cost, currency)) : '—',
        md(formatBytes(r.shuffleBytes)),
        md(formatBytes(r.spillBytes)),
      ]),
    ),
  ];
}

function similarMd(model: ReportModel): string[] {
  const lines = ['## Similar runs', ''];
  if (model.similar.length === 0) return [...lines, 'No similar runs found.'];
  return [...lines, tableMd(['Run', 'Similarity', 'Duration', 'Why similar'], model.similar.map((r) => [md(r.label), md(formatPercent(r.similarity)), md(durationOrUnknown(r.durationMs)), md(r.reason)]))];
}

export function renderMarkdown(model: ReportModel): string {
  const blocks = [
    headerMd(model),
    findingsMd(model, 'critical', 'Critical issues', true),
    findingsMd(model, 'warning', 'Warnings', true),
    findingsMd(model, 'info', 'Info', false),
    sizingMd(model),
    configurationMd(model),
    predictionMd(model),
    comparisonMd(model),
    similarMd(model),
    [`_Generated by Spark Advisor on ${md(formatDateTime(model.generatedAt))}._`],
  ];
  return `${blocks.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}
