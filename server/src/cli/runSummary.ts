import type { AnalysisRun } from './analyzeFiles';
import type { Discovery } from './discovery';
import { displayPath } from './report';

/**
 * `check --verbose`: what was analysed, and what was left out and why, so no file goes unanalysed
 * without a word. One line per kind of thing left out.
 */
export function describeRun(discovery: Discovery, run: AnalysisRun, cwd: string): string[] {
  const analysed = run.results.filter((result) => !result.notSpark);
  const notebooks = analysed.filter((result) => result.notebook).length;
  const partial = analysed.filter((result) => result.syntaxError).length;
  const notSpark = run.results.length - analysed.length;
  const details = [notebooks > 0 ? `${count(notebooks, 'notebook')}` : '', partial > 0 ? `${partial} only in part (syntax errors)` : ''].filter(Boolean);
  const lines = [
    `${count(discovery.files.length, 'file')} to check: ${analysed.length} analysed${details.length > 0 ? ` (${details.join(', ')})` : ''}, ` +
      `${notSpark} not parsed (no Spark import, session or entry point), ${run.skipped.length} skipped, ${run.failures.length} failed`,
  ];
  if (run.fromCache !== undefined) lines.push(`${count(run.fromCache, 'file')} unchanged since the cached run, ${discovery.files.length - run.fromCache} read afresh`);
  if (run.filesPerThread && run.filesPerThread.length > 1) lines.push(`read on ${run.filesPerThread.length} threads (${run.filesPerThread.join(' + ')} files)`);
  const index = run.workspaceIndex;
  if (index && index.modules > 0) {
    const reused = index.reused > 0 ? ` (${index.reused} then analysed from that reading)` : '';
    lines.push(`calls into other files: ${count(index.modules, 'module')} read${reused}, ${count(index.summaries, 'function summary', 'function summaries')} in ${Math.round(index.milliseconds)} ms (all threads)`);
  }
  if (run.skipped.length > 0) {
    // "larger than 2 MB (2100000 bytes)" and the like group by what they say, not by the figure.
    lines.push(`skipped ${count(run.skipped.length, 'file')}: ${tally(run.skipped.map((skipped) => skipped.reason.replace(/ \(\d+ bytes\)$/, '')))}`);
  }
  if (discovery.excludedFiles > 0) lines.push(`${count(discovery.excludedFiles, 'file')} left out by the include/exclude globs`);
  if (discovery.skippedFolders.length > 0) {
    const buildOutput = discovery.skippedFolders.filter((skipped) => skipped.reason.startsWith('build output'));
    lines.push(`${count(discovery.skippedFolders.length, 'folder')} not walked: ${tally(discovery.skippedFolders.map((skipped) => (skipped.reason.startsWith('build output') ? 'build output' : skipped.reason)))}`);
    for (const skipped of buildOutput) lines.push(`  ${displayPath(cwd, skipped.folder)}: ${skipped.reason}`);
  }
  return lines;
}

function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}

/** "node_modules (3), .git (1)": most frequent first, then by name. */
function tally(reasons: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const reason of reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([reason, n]) => `${reason} (${n})`)
    .join(', ');
}
