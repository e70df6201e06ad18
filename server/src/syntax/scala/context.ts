import type { SyntaxNode as Node } from '../syntaxNode';
import type { Span } from '../ast';
import { CopiedRange } from '../sourceText';

/**
 * What the lowering functions share while walking one file: the document text (so leaf text is
 * sliced from a JS string instead of asking the Wasm tree for it) and the placeholder flag used to
 * turn `_.sum` / `_ + _` arguments into lambdas.
 *
 * The tree being walked may be a re-parse of a same-length masked copy of the document (see
 * dollarStrings.ts); offsets and positions are identical, so text is always read from `source`,
 * the document as the user wrote it.
 */
export const MAX_DEPTH = 400;

export class ScalaContext {
  /** Set when a `_` placeholder was lowered; argument lowering consumes it. */
  placeholderSeen = false;

  /**
   * Nesting depth of lowerExpr / lowerStatement. Past MAX_DEPTH the rest of a pathological
   * nest is dropped (as an empty `unknown`) rather than overflowing the stack — ours, or the
   * model's when it walks the result.
   */
  depth = 0;

  /**
   * @param source the document text starting at `base` (tree-sitter's root node can start after
   *   leading whitespace and comments, so `root.text` need not begin at offset 0).
   */
  constructor(
    readonly source: string,
    readonly base: number,
  ) {}

  span(node: Node): Span {
    const start = node.startPosition;
    const end = node.endPosition;
    return { start: { line: start.row, character: start.column }, end: { line: end.row, character: end.column } };
  }

  /** The text of the chunk being lowered, which token text is sliced from (see sourceText.ts). */
  private chunk: CopiedRange | undefined;

  /** Lowers `node`, a cached chunk, with its text copied; returns what `lower` returns. */
  inChunk<T>(node: Node, lower: () => T): T {
    const outer = this.chunk;
    this.chunk = new CopiedRange(this.source, node.startIndex - this.base, node.endIndex - this.base);
    try {
      return lower();
    } finally {
      this.chunk = outer;
    }
  }

  private slice(start: number, end: number): string {
    return this.chunk?.slice(start, end) ?? this.source.slice(start, end);
  }

  text(node: Node): string {
    return this.slice(node.startIndex - this.base, node.endIndex - this.base);
  }

  /**
   * Text and span of a token that cannot contain a line break (identifiers, numbers, operators):
   * one Wasm call instead of two.
   */
  token(node: Node): { text: string; span: Span } {
    const startIndex = node.startIndex;
    const endIndex = node.endIndex;
    const start = node.startPosition;
    const text = this.slice(startIndex - this.base, endIndex - this.base);
    return {
      text,
      span: {
        start: { line: start.row, character: start.column },
        end: { line: start.row, character: start.column + (endIndex - startIndex) },
      },
    };
  }

  /** The document character at a tree offset, or '' outside the text. */
  charAt(index: number): string {
    return this.source.charAt(index - this.base);
  }
}
