/**
 * Measured evidence that contradicts a finding read from the code lowers it one step (warning →
 * information) and says why, so the editor does not keep warning about what the latest run showed
 * to be harmless: a `collect()` that brought back 61 KB, a "skew-prone" join whose stage ran even.
 * The finding stays: the code can still go wrong on other data; its weight follows the evidence.
 */
import type { FileHistory, MeasuredEvidence } from '../history/evidence';
import { countOf, formatBytes, formatDuration } from '../common/format';
import { latestRunOnly, stagesRunFor } from './history';
import type { Finding, Severity } from './types';

/** Far below spark.driver.maxResultSize (1 GB by default) and any driver's heap. */
const HARMLESS_COLLECT_BYTES = 16 * 1024 * 1024;

const LOWER: Record<Severity, Severity> = { error: 'warning', warning: 'information', information: 'information', hint: 'hint' };

/** All the data the collecting job read is small: so is what it brought to the driver. */
function smallCollect(finding: Finding, history: FileHistory): MeasuredEvidence | undefined {
  const stages = stagesRunFor(history, finding.span.start.line);
  // A failed job says nothing about what a successful one brings back (it may have failed on exactly that).
  if (stages.length === 0 || stages.some((stage) => stage.status === 'failed')) return undefined;
  const bytes = stages.reduce((sum, stage) => sum + stage.tasks.inputBytes + stage.tasks.shuffleReadBytes, 0);
  if (bytes > HARMLESS_COLLECT_BYTES) return undefined;
  const tasks = stages.reduce((sum, stage) => sum + stage.tasks.tasks, 0);
  const time = stages.reduce((sum, stage) => sum + (stage.durationMs ?? 0), 0);
  return {
    run: stages[0]!.run.label,
    summary: `measured ${formatBytes(bytes)} read in ${countOf(tasks, 'task')} (${formatDuration(time)}): small in this run, so this is information, not a warning`,
    figures: { readBytes: bytes, tasks, durationMs: time },
  };
}

/** The join's own stage was measured and the verdict engine found no skew in it. */
function evenJoin(finding: Finding, history: FileHistory): MeasuredEvidence | undefined {
  const stages = latestRunOnly(history.stages.filter((stage) => stage.line === finding.span.start.line && /Join/.test(stage.placement?.operation ?? '')));
  if (stages.length === 0 || stages.some((stage) => stage.verdicts['task-skew'] !== undefined)) return undefined;
  const stage = stages[0]!;
  const duration = stage.taskDuration;
  const spread = duration ? `max task ${formatDuration(duration.max)} vs median ${formatDuration(duration.p50)}` : countOf(stage.tasks.tasks, 'task');
  return {
    run: stage.run.label,
    summary: `stage ${stage.stageId} ran this join without skew (${spread}), so this is information, not a warning`,
    figures: { stageId: stage.stageId, maxTaskMs: duration?.max ?? 0, medianTaskMs: duration?.p50 ?? 0 },
  };
}

const CONTRADICTED_BY: Readonly<Record<string, (finding: Finding, history: FileHistory) => MeasuredEvidence | undefined>> = {
  'collect-unbounded': smallCollect,
  'skew-prone-join': evenJoin,
};

/** The findings, each lowered one step where the latest run contradicts it, with that run's figures first. */
export function weighAgainstRuns(findings: Finding[], history: FileHistory): Finding[] {
  if (history.stages.length === 0) return findings;
  return findings.map((finding) => {
    // A hint or an information already says the size is unknown or small: there is nothing to lower.
    if (LOWER[finding.severity] === finding.severity) return finding;
    const contradiction = CONTRADICTED_BY[finding.ruleId]?.(finding, history);
    if (!contradiction) return finding;
    return { ...finding, severity: LOWER[finding.severity], evidence: [contradiction, ...finding.evidence.filter((e) => e.run !== contradiction.run)] };
  });
}
