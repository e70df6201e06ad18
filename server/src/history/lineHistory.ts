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

/** "7 min 53 s · 2 stages · 210 tasks · 2.9 GB shuffle": one run's figures at a line. */
export function runFigures(run: LineRun): string {
  const parts = [formatDuration(run.durationMs), countOf(run.stages, 'stage'), countOf(run.tasks, 'task')];
  if (run.shuffleReadBytes > 0) parts.push(`${formatBytes(run.shuffleReadBytes)} shuffle`);
  if (run.spilledBytes > 0) parts.push(`${formatBytes(run.spilledBytes)} spill`);
  if (run.failedTasks > 0) parts.push(`${formatCount(run.failedTasks)} failed`);
  return parts.join(' · ');
}

/** The lens title: latest run's figures and the trend across runs. */
export function lensTitle(history: LineHistory): string {
  const latest = history.runs[history.runs.length - 1]!;
  const change = trend(history.runs);
  const runs = history.runs.length > 1 ? ` · ${change ? `${change} vs previous ` : ''}(${history.runs.length} runs)` : '';
  return `Spark: ${runFigures(latest)}${runs} — ${plainLabel(latest.run.label)}`;
}

/**
 * An application name as lens text: names come from logs, and lens titles render `$(icon)` syntax;
 * control characters and absurd lengths would garble the editor line.
 */
function plainLabel(label: string): string {
  const clean = label.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\$\(/g, '$ (');
  return clean.length > 80 ? `${clean.slice(0, 79)}…` : clean;
}

/** The hover's table: the newest `limit` runs, newest first, without columns that are zero in every row shown. */
export function runTable(history: LineHistory, escape: (text: string) => string, limit = 5): string {
  const shown = [...history.runs].reverse().slice(0, limit);
  const all: Array<{ title: string; value: (run: LineRun) => string; numeric: boolean; shown: boolean }> = [
    { title: 'run', value: (run) => escape(run.run.label.replace(/\s+/g, ' ')), numeric: false, shown: true },
    { title: 'time', value: (run) => formatDuration(run.durationMs), numeric: true, shown: true },
    { title: 'tasks', value: (run) => formatCount(run.tasks), numeric: true, shown: true },
    { title: 'shuffle', value: (run) => formatBytes(run.shuffleReadBytes), numeric: true, shown: shown.some((run) => run.shuffleReadBytes > 0) },
    { title: 'spill', value: (run) => formatBytes(run.spilledBytes), numeric: true, shown: shown.some((run) => run.spilledBytes > 0) },
    { title: 'failed', value: (run) => formatCount(run.failedTasks), numeric: true, shown: shown.some((run) => run.failedTasks > 0) },
  ];
  const columns = all.filter((column) => column.shown);
  const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [row(columns.map((c) => c.title)), row(columns.map((c) => (c.numeric ? '---:' : '---'))), ...shown.map((run) => row(columns.map((c) => c.value(run))))].join('\n');
}
