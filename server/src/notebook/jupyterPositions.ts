import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';
import { lastAtOrBefore, lspLineStarts } from '../engine/lineBreaks';
import type { Position } from '../syntax/ast';
import { cellSource } from './jupyter';

/**
 * Where a cell's code is in the .ipynb file itself: tools that only know files (SARIF, GitHub code
 * scanning) get the line and column of the character inside the JSON string that holds it.
 */
interface SourcePiece {
  /** Offset of the piece in the cell's source. */
  start: number;
  length: number;
  /** The JSON string token's offset in the file (at its opening quote). */
  tokenOffset: number;
}

export class JupyterFilePositions {
  private readonly lineStarts: number[];
  private readonly cells = new Map<number, { lineStarts: number[]; pieces: SourcePiece[] } | undefined>();
  private readonly root: Node | undefined;

  constructor(private readonly raw: string) {
    this.root = treeOf(raw);
    this.lineStarts = lspLineStarts(raw);
  }

  /** The file position of a 0-based position in the 1-based cell; undefined when the cell has no such text. */
  filePosition(cell: number, position: Position): Position | undefined {
    const source = this.cell(cell);
    if (!source) return undefined;
    const lineStart = source.lineStarts[position.line];
    if (lineStart === undefined) return undefined;
    const offset = lineStart + position.character;
    const piece = source.pieces.find((p) => offset < p.start + p.length) ?? source.pieces.at(-1);
    if (!piece) return undefined;
    const rawOffset = piece.tokenOffset + 1 + rawLength(this.raw, piece.tokenOffset + 1, Math.min(offset - piece.start, piece.length));
    return positionAt(this.lineStarts, rawOffset);
  }

  private cell(cell: number) {
    if (!this.cells.has(cell)) {
      const node = this.root && findNodeAtLocation(this.root, ['cells', cell - 1, 'source']);
      const tokens = node?.type === 'string' ? [node] : (node?.children ?? []).filter((child) => child.type === 'string');
      let start = 0;
      const pieces = tokens.map((token) => {
        const length = String(token.value).length;
        const piece = { start, length, tokenOffset: token.offset };
        start += length;
        return piece;
      });
      const text = cellSource(tokens.map((token) => String(token.value)));
      // Lines counted as the notebook's text counts them (see readJupyterNotebook).
      this.cells.set(cell, pieces.length > 0 ? { lineStarts: lspLineStarts(text), pieces } : undefined);
    }
    return this.cells.get(cell);
  }
}

/**
 * jsonc-parser descends recursively: JSON nested some thousands deep (anywhere in the notebook, its
 * metadata or outputs included) overflows the stack, which JSON.parse does not. Such a notebook is
 * still analysed; its findings keep their cell positions and point at the file's start.
 */
function treeOf(raw: string): Node | undefined {
  try {
    return parseTree(raw);
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

/** Raw characters of a JSON string body (from `from`) that decode to `decoded` UTF-16 units. */
function rawLength(raw: string, from: number, decoded: number): number {
  let i = from;
  for (let n = 0; n < decoded && raw[i] !== '"' && i < raw.length; n++) i += raw[i] === '\\' ? (raw[i + 1] === 'u' ? 6 : 2) : 1;
  return i - from;
}

function positionAt(lineStarts: number[], offset: number): Position {
  const line = lastAtOrBefore(lineStarts, offset);
  return { line, character: offset - lineStarts[line]! };
}
