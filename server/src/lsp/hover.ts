/**
 * The hover adds only what VS Code does not already show: the diagnostics under the cursor are
 * in VS Code's own hover (message, rule link, quick fixes), so ours is the compact table of the
 * runs measured at the statement and a link to the latest run's report, or nothing.
 */
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import type { FileHistory } from '../history/evidence';
import { runTable } from '../history/lineHistory';
import { Commands } from '../../../shared/protocol';
import { statementHistories } from './measuredStatements';

/** Longest hover we produce: a table of five runs and the link fit well under it. */
export const MAX_HOVER_CHARACTERS = 1000;

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (ch) => `\\${ch}`);
}

/** The measured runs of the statement under the cursor, when Spark stages ran there. */
export function hoverFor(history: FileHistory, position: Position, anchor: (line: number) => number): Hover | undefined {
  if (history.stages.length === 0) return undefined;
  const at = anchor(position.line);
  const entry = statementHistories(history, anchor).find((candidate) => candidate.line === at);
  if (!entry) return undefined;
  const latest = entry.runs[entry.runs.length - 1]!;
  const link = `[Open the report of ${escapeMarkdown(latest.run.label)}](command:${Commands.showReport}?${encodeURIComponent(JSON.stringify([latest.run.appKey]))} "Spark performance report")`;
  const more = entry.runs.length > 5 ? ` · ${entry.runs.length - 5} older run${entry.runs.length === 6 ? '' : 's'} not shown` : '';
  return { contents: { kind: MarkupKind.Markdown, value: `**Spark · measured here**${more}\n\n${runTable(entry, escapeMarkdown)}\n\n${link}` } };
}
