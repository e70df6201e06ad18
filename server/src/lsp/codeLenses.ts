import type { CodeLens } from 'vscode-languageserver';
import type { FileHistory } from '../history/evidence';
import { lensTitle, lineHistories } from '../history/lineHistory';

/** The client command a lens runs: shows the per-run figures of that line. */
export const SHOW_LINE_HISTORY_COMMAND = 'sparkAdvisor.showLineHistory';
export const SHOW_REPORT_COMMAND = 'sparkAdvisor.showReport';

/** One lens above each line that ran Spark stages in an imported run. */
export function codeLensesFor(uri: string, history: FileHistory, lineSpan: (line: number) => { start: { line: number; character: number } } | undefined): CodeLens[] {
  const lenses: CodeLens[] = [];
  for (const line of lineHistories(history)) {
    const span = lineSpan(line.line);
    if (!span) continue;
    const range = { start: span.start, end: span.start };
    const latest = line.runs[line.runs.length - 1]!;
    lenses.push({ range, command: { title: lensTitle(line), command: SHOW_LINE_HISTORY_COMMAND, arguments: [uri, line.line] } });
    lenses.push({ range, command: { title: 'Report', tooltip: `Performance report of ${latest.run.label}`, command: SHOW_REPORT_COMMAND, arguments: [latest.run.appKey] } });
  }
  return lenses;
}
