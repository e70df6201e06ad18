/**
 * Measured runs per statement, for the code lens, the hover and the lens's "show runs": a lens sits
 * above the first line of the statement that ran Spark stages (above the comments that introduce
 * it), never inside a method chain or between a comment and its code; every line of the statement
 * shares its figures.
 */
import type { FileHistory } from '../history/evidence';
import { lineHistories, type LineHistory } from '../history/lineHistory';
import type { Language, Stmt } from '../syntax/ast';
import { commentPrefix } from '../engine/suppressions';

function bodiesOf(statement: Stmt): Stmt[][] {
  switch (statement.kind) {
    case 'function':
    case 'class':
    case 'loop':
      return [statement.body];
    case 'if':
      return [statement.then, statement.otherwise];
    default:
      return [];
  }
}

/** 0-based first line of the innermost statement holding `line` (a compound statement's header counts as itself). */
export function statementStartLine(statements: readonly Stmt[], line: number): number | undefined {
  for (const statement of statements) {
    if (line < statement.span.start.line || line > statement.span.end.line) continue;
    for (const body of bodiesOf(statement)) {
      const inner = statementStartLine(body, line);
      if (inner !== undefined) return inner;
    }
    return statement.span.start.line;
  }
  return undefined;
}

/** Maps a measured line to where its lens goes: the statement's first line, moved above the comment lines right before it. */
export function lensAnchor(statements: readonly Stmt[], text: string, language: Language): (line: number) => number {
  const lines = text.split(/\r?\n/);
  const prefix = commentPrefix(language);
  const isComment = (index: number) => {
    const trimmed = (lines[index] ?? '').trim();
    return trimmed.startsWith(prefix) || (language === 'scala' && (trimmed.startsWith('/*') || trimmed.startsWith('*')));
  };
  const cache = new Map<number, number>();
  return (line) => {
    let anchor = cache.get(line);
    if (anchor === undefined) {
      anchor = statementStartLine(statements, line) ?? line;
      while (anchor > 0 && isComment(anchor - 1)) anchor--;
      cache.set(line, anchor);
    }
    return anchor;
  };
}

/** The runs measured at each lens anchor: the stages of every line of a statement, summed per run. */
export function statementHistories(history: FileHistory, anchor: (line: number) => number): LineHistory[] {
  return lineHistories({ ...history, stages: history.stages.map((stage) => ({ ...stage, line: anchor(stage.line) })) });
}
