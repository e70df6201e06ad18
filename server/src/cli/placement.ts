import { cellPosition, describeCellLine } from '../notebook/cells';
import { JupyterFilePositions } from '../notebook/jupyterPositions';
import type { Span } from '../syntax/ast';
import type { FileResult } from './report';

/** Where a span of the analysed text is shown. */
export interface Placement {
  /** In the file as stored; for an .ipynb, the characters inside the JSON strings that hold the code. */
  file: Span;
  /** Notebooks: the 1-based cell and the 0-based span within it. */
  cell?: { index: number; span: Span };
}

export interface Placer {
  place(span: Span): Placement;
  /** A message's line references ("line 12") as the notebook shows them ("cell 3, line 4"). */
  message(text: string): string;
}

const AS_IS: Placer = { place: (span) => ({ file: span }), message: (text) => text };

/** Places the spans of one file's findings: as they are, or in a notebook's cells and file. */
export function placerFor(result: FileResult): Placer {
  const notebook = result.notebook;
  if (!notebook) return AS_IS;
  const jupyter = notebook.kind === 'jupyter' && notebook.fileText !== undefined ? new JupyterFilePositions(notebook.fileText) : undefined;
  return {
    place(span) {
      const start = cellPosition(notebook.cells, span.start);
      if (!start) return { file: span };
      const cellSpan = { start: start.position, end: { line: span.end.line - span.start.line + start.position.line, character: span.end.character } };
      const file = jupyter
        ? { start: jupyter.filePosition(start.cell, cellSpan.start) ?? FILE_START, end: jupyter.filePosition(start.cell, cellSpan.end) ?? FILE_START }
        : span;
      return { file, cell: { index: start.cell, span: cellSpan } };
    },
    message(text) {
      return text.replace(/\bline (\d+)\b/g, (whole, line: string) => {
        const place = cellPosition(notebook.cells, { line: Number(line) - 1, character: 0 });
        return place ? describeCellLine(place) : whole;
      });
    },
  };
}

const FILE_START = { line: 0, character: 0 };
