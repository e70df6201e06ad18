/**
 * Per line of a file: what ran there in each imported run, summed over the line's stages. Feeds the
 * code lens (latest run and trend) and the hover (one row per run).
 */
import type { FileHistory, RunRef, StageRun } from './evidence';
import { countOf, formatBytes, formatCount, formatDuration } from '../common/format';

export interface LineRun {
  run: RunRef;
  stages: number;
  tasks: number;
  failedTasks: number;
  /** Sum of stage wall-clock durations (stages of one line rarely overlap). */
  durationMs: number;
  shuffleReadBytes: number;
  shuffleWriteBytes: number;
  inputBytes: number;
  spilledBytes: number;
}

export interface LineHistory {
  /** 0-based. */
  line: number;
  /** One entry per run, oldest first, for runs of the same application name as the latest. */
  runs: LineRun[];
}

function sum(run: RunRef, stages: StageRun[]): LineRun {
  const total: LineRun = { run, stages: stages.length, tasks: 0, failedTasks: 0, durationMs: 0, shuffleReadBytes: 0, shuffleWriteBytes: 0, inputBytes: 0, spilledBytes: 0 };
  for (const stage of stages) {
    total.tasks += stage.tasks.tasks;
    total.failedTasks += stage.tasks.failedTasks;
    total.durationMs += stage.durationMs ?? 0;
    total.shuffleReadBytes += stage.tasks.shuffleReadBytes;
    total.shuffleWriteBytes += stage.tasks.shuffleWriteBytes;
    total.inputBytes += stage.tasks.inputBytes;
    total.spilledBytes += stage.tasks.diskSpilledBytes + stage.tasks.memorySpilledBytes;
  }
  return total;
}

export function lineHistories(history: FileHistory): LineHistory[] {
  const byLine = new Map<number, Map<string, { run: RunRef; stages: StageRun[] }>>();
  for (const stage of history.stages) {
    const runs = byLine.get(stage.line) ?? new Map<string, { run: RunRef; stages: StageRun[] }>();
    const entry = runs.get(stage.run.appKey) ?? { run: stage.run, stages: [] };
    entry.stages.push(stage);
    runs.set(stage.run.appKey, entry);
    byLine.set(stage.line, runs);
  }
  const result: LineHistory[] = [];
  for (const [line, runs] of byLine) {
    const ordered = [...runs.values()].sort((a, b) => (a.run.startTime ?? 0) - (b.run.startTime ?? 0));
    const latestJob = ordered[ordered.length - 1]!.run.job;
    // Runs of other jobs that happen to map here (shared library code) would make a meaningless trend.
    result.push({ line, runs: ordered.filter((entry) => entry.run.job === latestJob).map((entry) => sum(entry.run, entry.stages)) });
  }
  return result.sort((a, b) => a.line - b.line);
}

/** "+12%" / "−5%" against the previous run, or undefined with a single run. */
export function trend(runs: LineRun[]): string | undefined {
  if (runs.length < 2) return undefined;
  const last = runs[runs.length - 1]!.durationMs;
  const before = runs[runs.length - 2]!.durationMs;
  if (before <= 0) return undefined;
  const change = (last - before) / before;
  if (Math.abs(change) < 0.005) return '±0%';
  return `${change > 0 ? '+' : '−'}${Math.round(Math.abs(change) * 100)}%`;
}

/** The lens title: latest run's figures and the trend across runs. */
export function lensTitle(history: LineHistory): string {
  const latest = history.runs[history.runs.length - 1]!;
  const parts = [formatDuration(latest.durationMs), countOf(latest.stages, 'stage'), countOf(latest.tasks, 'task')];
  if (latest.shuffleReadBytes > 0) parts.push(`${formatBytes(latest.shuffleReadBytes)} shuffle`);
  if (latest.spilledBytes > 0) parts.push(`${formatBytes(latest.spilledBytes)} spill`);
  if (latest.failedTasks > 0) parts.push(`${formatCount(latest.failedTasks)} failed`);
  const change = trend(history.runs);
  const runs = history.runs.length > 1 ? ` · ${change ? `${change} vs previous ` : ''}(${history.runs.length} runs)` : '';
  return `Spark: ${parts.join(' · ')}${runs} — ${plainLabel(latest.run.label)}`;
}

/**
 * An application name as lens text: names come from logs, and lens titles render `$(icon)` syntax;
 * control characters and absurd lengths would garble the editor line.
 */
function plainLabel(label: string): string {
  const clean = label.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\$\(/g, '$ (');
  return clean.length > 80 ? `${clean.slice(0, 79)}…` : clean;
}

/** Markdown table rows for the hover, newest first. */
export function runTable(history: LineHistory, escape: (text: string) => string): string {
  const rows = [...history.runs].reverse().map((run) => `| ${escape(run.run.label.replace(/\s+/g, ' '))} | ${formatDuration(run.durationMs)} | ${formatCount(run.stages)} | ${formatCount(run.tasks)} | ${formatBytes(run.shuffleReadBytes)} | ${formatBytes(run.spilledBytes)} | ${formatCount(run.failedTasks)} |`);
  return ['| run | time | stages | tasks | shuffle read | spill | failed tasks |', '|---|---:|---:|---:|---:|---:|---:|', ...rows].join('\n');
}
