import type { Node as TreeNode } from 'web-tree-sitter';
import type { SyntaxNode as Node } from '../syntaxNode';
import type { Expr, Position, Span } from '../ast';
import { ownCopy, type SourceText } from '../sourceText';

/**
 * Deeper expressions than this are cut off as an `unknown` with no children: recursion on
 * pathological input (thousands of nested brackets) must not overflow the stack.
 */
export const MAX_EXPRESSION_DEPTH = 400;

/**
 * Per-file state of one Python lowering pass: the source text (so token text is sliced from a JS
 * string instead of crossing into wasm for every `node.text`) and the line table used to turn
 * `endIndex` into an end position without another wasm call.
 *
 * tree-sitter indices and columns over a JS string are UTF-16 code units, like JS string indices
 * and LSP characters, so slicing and column arithmetic agree.
 */
export class LowerContext {
  /** Current expression nesting, reset per chunk. */
  depth = 0;
  /**
   * The current chunk has no ERROR or MISSING node, so token boundaries can be read from the
   * source text (a MISSING token would be zero-width where the text has something else).
   */
  clean = false;
  /** UTF-16 offsets (relative to `src`) of every '\n' in the window below; built on first use. */
  private newlines: number[] | undefined;
  /** The part of `src` whose line breaks `newlines` holds (the chunk being lowered), and the row it starts on. */
  private window: { start: number; end: number; row: number };

  /** The text read (`src[i - base]` is index `i` of the tree), from row `baseRow` on: the chunk's once one is entered. */
  src: string;
  base: number;
  private baseRow: number;

  /**
   * @param documentSrc the text of the root node (from its `startIndex` on)
   * @param documentBase the root node's `startIndex`: index `i` of the tree is `documentSrc[i - documentBase]`
   * @param documentRow the root node's start row
   */
  constructor(
    private readonly documentSrc: SourceText,
    private readonly documentBase: number,
    documentRow: number,
  ) {
    // Until a chunk is entered only a whole root's text (a string) is read.
    this.src = typeof documentSrc === 'string' ? documentSrc : '';
    this.base = documentBase;
    this.baseRow = documentRow;
    this.window = { start: 0, end: this.src.length, row: documentRow };
  }

  /**
   * Lowering moves on to a top-level statement: what is read is inside it, so from here on text
   * is read from a copy of its own (the strings lowered keep only that alive, see sourceText.ts) and
   * only its line breaks are indexed (per keystroke, the edited statement's, not the whole file's).
   */
  enterChunk(node: Node): void {
    const start = node.startIndex;
    this.src = ownCopy(this.documentSrc.slice(start - this.documentBase, node.endIndex - this.documentBase));
    this.base = start;
    this.baseRow = node.startPosition.row;
    this.window = { start: 0, end: this.src.length, row: this.baseRow };
    this.newlines = undefined;
  }

  static forRoot(root: TreeNode): LowerContext {
    return new LowerContext(root.text, root.startIndex, root.startPosition.row);
  }

  /** Source text between two tree indices. */
  slice(start: number, end: number): string {
    return this.src.slice(start - this.base, end - this.base);
  }

  /** The source text of a node (sliced from `src`, no `node.text` wasm round trips). */
  text(node: Node): string {
    return this.slice(node.startIndex, node.endIndex);
  }

  start(node: Node): Position {
    const p = node.startPosition;
    return { line: p.row, character: p.column };
  }

  /**
   * The span of a node that starts with its first lowered child `first` (when `firstKept`) and
   * ends at `end` (when known). Sharing the child's start position instead of allocating one
   * per node keeps long chains cheap: the spans of `a.b().c()` all share the start of `a`.
   */
  spanOver(node: Node, first: Expr, firstKept: boolean, end: Position | undefined): Span {
    return {
      start: firstKept ? first.span.start : this.start(node),
      end: end ?? this.endPosition(node, node.endIndex),
    };
  }

  /** The span of `node`: one wasm call (`endIndex`). */
  span(node: Node): Span {
    return this.spanTo(node, node.endIndex);
  }

  /** The span of `node` given its already known `endIndex`. */
  spanTo(node: Node, endIndex: number): Span {
    const p = node.startPosition;
    return { start: { line: p.row, character: p.column }, end: this.endPosition(node, endIndex) };
  }

  /** A span from the start of `node` to `end` (typically the end of its last lowered child). */
  spanFrom(node: Node, end: Position): Span {
    const p = node.startPosition;
    return { start: { line: p.row, character: p.column }, end };
  }

  /** The span of a token known not to contain a line break. */
  lineSpan(node: Node, endIndex: number): Span {
    const p = node.startPosition;
    return {
      start: { line: p.row, character: p.column },
      end: { line: p.row, character: p.column + (endIndex - node.startIndex) },
    };
  }

  /** The position of `endIndex`, a tree index at or after the start of `node`. */
  endPosition(node: Node, endIndex: number): Position {
    const startIndex = node.startIndex;
    const p = node.startPosition;
    if (endIndex <= startIndex) return { line: p.row, character: p.column };
    const local = endIndex - this.base;
    const newline = this.src.lastIndexOf('\n', local - 1);
    if (newline < startIndex - this.base) {
      return { line: p.row, character: p.column + (endIndex - startIndex) };
    }
    return { line: this.rowAfterNewline(newline), character: local - newline - 1 };
  }

  /** The row that starts right after the '\n' at `src[offset]`. */
  private rowAfterNewline(offset: number): number {
    if (offset < this.window.start || offset >= this.window.end) {
      this.window = { start: 0, end: this.src.length, row: this.baseRow };
      this.newlines = undefined;
    }
    const newlines = (this.newlines ??= findNewlines(this.src, this.window.start, this.window.end));
    let lo = 0;
    let hi = newlines.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (newlines[mid] < offset) lo = mid + 1;
      else hi = mid;
    }
    return this.window.row + lo + 1;
  }

  unknown(node: Node, children: Expr[] = []): Expr {
    return { kind: 'unknown', children, span: this.span(node) };
  }
}

function findNewlines(src: string, start: number, end: number): number[] {
  const result: number[] = [];
  for (let i = src.indexOf('\n', start); i !== -1 && i < end; i = src.indexOf('\n', i + 1)) result.push(i);
  return result;
}

/** Named children that are not part of the syntax proper. */
function isNoise(type: string): boolean {
  return type === 'comment' || type === 'line_continuation' || type === 'ERROR';
}

/**
 * The named children of a node without comments, line continuations and ERROR nodes, with their
 * types read once.
 */
export interface Kids {
  nodes: Node[];
  types: string[];
  /**
   * The node's first named child survived and lowers to an expression with the child's own span
   * (not an unwrapped parenthesized expression). For node types whose first child is named, the
   * node then starts where that expression starts.
   */
  firstKept: boolean;
  /**
   * Likewise for the last named child: for node types whose last child is named, the node then
   * ends where that expression ends, which saves the wasm call for its `endIndex`.
   */
  lastKept: boolean;
}

/** Whether the lowering of a node of this type has the node's own start and end. */
export function keepsSpan(type: string): boolean {
  return type !== 'parenthesized_expression' && !isNoise(type);
}

export function kids(node: Node): Kids {
  const all = node.namedChildren;
  const n = all.length;
  const types: string[] = new Array(n);
  let noise = 0;
  for (let i = 0; i < n; i++) {
    const t = all[i].type;
    types[i] = t;
    if (isNoise(t)) noise++;
  }
  if (noise === 0) {
    return { nodes: all, types, firstKept: n > 0 && keepsSpan(types[0]), lastKept: n > 0 && keepsSpan(types[n - 1]) };
  }
  const nodes: Node[] = [];
  const kept: string[] = [];
  for (let i = 0; i < n; i++) {
    if (isNoise(types[i])) continue;
    nodes.push(all[i]);
    kept.push(types[i]);
  }
  return { nodes, types: kept, firstKept: keepsSpan(types[0]), lastKept: keepsSpan(types[n - 1]) };
}
