import type { CodeLens } from 'vscode-languageserver';
import type { FileHistory } from '../history/evidence';
import { lensTitle } from '../history/lineHistory';
import { Commands } from '../../../shared/protocol';
import { statementHistories } from './measuredStatements';

/**
 * Above each statement that ran Spark stages in an imported run: its figures (which show the runs
 * when clicked) and the latest run's report. `anchor` maps a line to its statement's lens line.
 */
export function codeLensesFor(uri: string, history: FileHistory, anchor: (line: number) => number, indentation: (line: number) => number): CodeLens[] {
  const lenses: CodeLens[] = [];
  for (const entry of statementHistories(history, anchor)) {
    const position = { line: entry.line, character: indentation(entry.line) };
    const range = { start: position, end: position };
    const latest = entry.runs[entry.runs.length - 1]!;
    lenses.push({ range, command: { title: lensTitle(entry), tooltip: 'Show the measured runs', command: Commands.showLineHistory, arguments: [uri, entry.line] } });
    lenses.push({ range, command: { title: 'Report', tooltip: `Performance report of ${latest.run.label}`, command: Commands.showReport, arguments: [latest.run.appKey] } });
  }
  return lenses;
}
