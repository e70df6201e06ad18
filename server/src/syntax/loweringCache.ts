import type { Node } from 'web-tree-sitter';
import type { Span, Stmt } from './ast';

export interface LoweredChunk {
  statements: Stmt[];
  syntaxErrors: Span[];
}

/**
 * Re-lowering a whole file on every keystroke would cost as much as the parse itself. A chunk
 * (a top-level statement, or a member of a top-level Scala object) whose text and start position
 * are unchanged lowers to exactly the same statements with the same spans, so it is reused.
 * Chunks not seen in the latest pass are dropped, which keeps the cache the size of one file.
 */
export class LoweringCache {
  private previous = new Map<string, LoweredChunk>();
  private current = new Map<string, LoweredChunk>();

  constructor(
    private readonly text: string,
    /** Called before each chunk; may throw to abandon the pass (a time budget). */
    private readonly checkpoint: () => void = () => undefined,
  ) {}

  /** Returns a cache for the next version of the document that can reuse this pass's chunks. */
  next(text: string, checkpoint?: () => void): LoweringCache {
    const successor = new LoweringCache(text, checkpoint);
    successor.previous = this.current;
    return successor;
  }

  lower(node: Node, lowerChunk: (node: Node) => LoweredChunk): LoweredChunk {
    this.checkpoint();
    // Error recovery can differ between trees for the same text (zero-width MISSING nodes), so
    // chunks with errors are always lowered afresh and never stored.
    if (node.hasError) return lowerChunk(node);
    const { row, column } = node.startPosition;
    const key = `${node.type}:${row}:${column}:${this.text.slice(node.startIndex, node.endIndex)}`;
    let chunk = this.current.get(key) ?? this.previous.get(key);
    if (!chunk) chunk = lowerChunk(node);
    this.current.set(key, chunk);
    return chunk;
  }
}
