import type { Language, Position } from '../syntax/ast';

/**
 * A notebook read as one source text: its code cells in order, each starting on a new line, so a
 * position in the text maps back to a cell and a line within it.
 */
export type NotebookKind = 'jupyter' | 'databricks';

export interface NotebookCell {
  /** 1-based place among all the notebook's cells (Markdown cells too), as the notebook shows them. */
  index: number;
  /** 0-based line of the notebook text where the cell's first line is. */
  startLine: number;
}

export interface NotebookText {
  kind: NotebookKind;
  language: Language;
  /** The code cells, line for line; lines the analysis must not read (magics, shell) are blank. */
  text: string;
  /** In text order; every line of the text belongs to the last cell starting at or before it. */
  cells: NotebookCell[];
}

/** A position as the notebook shows it: the cell and the 0-based position within the cell. */
export interface CellPosition {
  cell: number;
  position: Position;
}

export function cellPosition(cells: readonly NotebookCell[], position: Position): CellPosition | undefined {
  let lo = 0;
  let hi = cells.length - 1;
  let found: NotebookCell | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cells[mid]!.startLine <= position.line) {
      found = cells[mid];
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found && { cell: found.index, position: { line: position.line - found.startLine, character: position.character } };
}

/** "cell 3, line 4" for messages (1-based, as people count). */
export function describeCellLine(place: CellPosition): string {
  return `cell ${place.cell}, line ${place.position.line + 1}`;
}
