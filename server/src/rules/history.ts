/**
 * Reading the measured history of a file from rules: which stages and executions ran at a span,
 * the latest run of each, and the evidence lines quoted under findings.
 */
import type { Span } from '../syntax/ast';
import type { ExecutionRun, FileHistory, MeasuredEvidence, RunRef, StageRun } from '../history/evidence';
import { countOf, formatBytes, formatDuration } from '../common/format';

const onLines = (line: number, span: Span) => line >= span.start.line && line <= span.end.line;

export function stagesAt(history: FileHistory, span: Span): StageRun[] {
  return history.stages.filter((stage) => onLines(stage.line, span));
}

export function executionsAt(history: FileHistory, lines: Iterable<number>): ExecutionRun[] {
  const wanted = new Set(lines);
  return history.executions.filter((execution) => wanted.has(execution.line));
}

/**
 * Keeps, for each job, only the items of its latest run: a problem that a newer run no longer
 * shows has been fixed, and older runs would only repeat the same figures.
 */
export function latestRunOnly<T extends { run: RunRef }>(items: readonly T[]): T[] {
  const latest = new Map<string, { startTime: number; appKey: string }>();
  for (const item of items) {
    const start = item.run.startTime ?? 0;
    const seen = latest.get(item.run.job);
    if (!seen || start > seen.startTime) latest.set(item.run.job, { startTime: start, appKey: item.run.appKey });
  }
  return items.filter((item) => latest.get(item.run.job)?.appKey === item.run.appKey);
}

/** Stages of the latest run that ran for the action or write on `line` (placed on their cause or not). */
export function stagesRunFor(history: FileHistory, line: number): StageRun[] {
  return latestRunOnly(history.stages.filter((stage) => (stage.placement?.sinkLine ?? stage.line) === line));
}

/** The plain figures of a stage, for findings that are not about one particular measurement. */
export function stageFigures(stage: StageRun): MeasuredEvidence {
  const parts = [countOf(stage.tasks.tasks, 'task')];
  if (stage.durationMs !== undefined) parts.push(`${formatDuration(stage.durationMs)}`);
  if (stage.tasks.shuffleReadBytes > 0) parts.push(`${formatBytes(stage.tasks.shuffleReadBytes)} shuffle read`);
  if (stage.tasks.inputBytes > 0) parts.push(`${formatBytes(stage.tasks.inputBytes)} input`);
  const spilled = stage.tasks.memorySpilledBytes + stage.tasks.diskSpilledBytes;
  if (spilled > 0) parts.push(`${formatBytes(stage.tasks.diskSpilledBytes)} spilled to disk`);
  return {
    run: stage.run.label,
    summary: `stage ${stage.stageId}: ${parts.join(', ')}`,
    figures: {
      stageId: stage.stageId,
      tasks: stage.tasks.tasks,
      durationMs: stage.durationMs ?? 0,
      shuffleReadBytes: stage.tasks.shuffleReadBytes,
      inputBytes: stage.tasks.inputBytes,
      diskSpilledBytes: stage.tasks.diskSpilledBytes,
    },
  };
}

/** Evidence for a static finding: the stages of the latest runs that ran at its span, slowest first (at most 3). */
export function evidenceAt(history: FileHistory, span: Span): MeasuredEvidence[] {
  return latestRunOnly(stagesAt(history, span))
    .sort((a, b) => (b.durationMs ?? 0) - (a.durationMs ?? 0))
    .slice(0, 3)
    .map(stageFigures);
}
