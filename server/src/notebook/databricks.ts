import type { Language } from '../syntax/ast';
import type { NotebookCell, NotebookText } from './cells';
import { pythonLinesOf } from './magics';

/**
 * Databricks exports notebooks as plain source files: a header line, cells separated by
 * `# COMMAND ----------` (`// …` in Scala) with a blank line on each side, and other languages'
 * cells and Markdown as `# MAGIC` comment lines, which the analysis reads as the comments they are.
 * Hand-edited Python sources sometimes hold bare magics (`%run ./setup`, a `%sql` cell): those
 * are blanked as in a Databricks .ipynb.
 */
const COMMENT: Record<Language, string> = { python: '#', scala: '//' };

export function isDatabricksSource(text: string, language: Language): boolean {
  const end = text.indexOf('\n');
  const first = (end < 0 ? text : text.slice(0, end)).trimEnd();
  return first === `${COMMENT[language]} Databricks notebook source`;
}

/** The notebook view of a Databricks source file, or undefined when it is not one. */
export function readDatabricksSource(text: string, language: Language): NotebookText | undefined {
  if (!isDatabricksSource(text, language)) return undefined;
  const separator = new RegExp(`^${COMMENT[language]} COMMAND -{3,}\\s*$`);
  const lines = text.split('\n');
  const cells: NotebookCell[] = [{ index: 1, startLine: 1 }];
  const bounds = [0];
  for (let line = 1; line < lines.length; line++) {
    if (!separator.test(lines[line]!)) continue;
    bounds.push(line);
    // The blank line Databricks writes after a separator is not part of the cell.
    const start = lines[line + 1]?.trim() === '' && line + 2 < lines.length ? line + 2 : line + 1;
    cells.push({ index: cells.length + 1, startLine: start });
  }
  bounds.push(lines.length);
  if (language === 'scala') return { kind: 'databricks', language, text, cells };
  // The header or separator line (a comment) as it is, then the cell's lines up to the next one.
  const code = bounds.slice(1).map((end, i) => [lines[bounds[i]!], ...(end > bounds[i]! + 1 ? [pythonLinesOf(lines.slice(bounds[i]! + 1, end).join('\n'), true)] : [])].join('\n'));
  return { kind: 'databricks', language, text: code.join('\n'), cells };
}
