import type { Node } from 'web-tree-sitter';
import type { Position, Span } from './ast';

/** tree-sitter rows/columns over a JS string are UTF-16 units: the same as LSP positions. */
export function spanOf(node: Node): Span {
  const start = node.startPosition;
  const end = node.endPosition;
  return { start: { line: start.row, character: start.column }, end: { line: end.row, character: end.column } };
}

export function spanBetween(first: Span, last: Span): Span {
  return { start: first.start, end: last.end };
}

export function comparePositions(a: Position, b: Position): number {
  return a.line !== b.line ? a.line - b.line : a.character - b.character;
}

export function spanContains(outer: Span, inner: Span): boolean {
  return comparePositions(outer.start, inner.start) <= 0 && comparePositions(inner.end, outer.end) <= 0;
}
