import type { Span, Stmt } from './ast';
import { ownCopy, type SourceText } from './sourceText';
import type { SyntaxNode } from './syntaxNode';

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
  /** Keyed by type, start and length; the text is compared on a hit (hashing every chunk's text per keystroke cost more than lowering). */
  private previous = new Map<string, { text: string; chunk: LoweredChunk }>();
  private current = new Map<string, { text: string; chunk: LoweredChunk }>();
  /** Each stored chunk's key, for `forget`. */
  private keys = new WeakMap<LoweredChunk, string>();

  constructor(
    private readonly text: SourceText,
    /** Called before each chunk; may throw to abandon the pass (a time budget). */
    private readonly checkpoint: () => void = () => undefined,
  ) {}

  /**
   * A pass that lowers only the chunks edited since this one (their earlier versions `forget`
   * first): the chunks it does not visit stay, where `next` would drop them.
   */
  continued(text: SourceText, checkpoint?: () => void): LoweringCache {
    const successor = new LoweringCache(text, checkpoint);
    successor.previous = this.previous;
    successor.current = this.current;
    successor.keys = this.keys;
    return successor;
  }

  /** Drops a chunk this cache holds (one a continued pass lowers again). */
  forget(chunk: LoweredChunk): void {
    const key = this.keys.get(chunk);
    if (key !== undefined && this.current.get(key)?.chunk === chunk) this.current.delete(key);
  }

  /** Returns a cache for the next version of the document that can reuse this pass's chunks. */
  next(text: SourceText, checkpoint?: () => void): LoweringCache {
    const successor = new LoweringCache(text, checkpoint);
    successor.previous = this.current;
    successor.keys = this.keys;
    return successor;
  }

  lower<N extends SyntaxNode>(node: N, lowerChunk: (node: N) => LoweredChunk): LoweredChunk {
    this.checkpoint();
    // Error recovery can differ between trees for the same text (zero-width MISSING nodes), so
    // chunks with errors are always lowered afresh and never stored.
    if (node.hasError) return lowerChunk(node);
    const { row, column } = node.startPosition;
    const start = node.startIndex;
    const end = node.endIndex;
    const key = `${node.type}:${row}:${column}:${end - start}`;
    const text = this.text.slice(start, end);
    let entry = this.current.get(key) ?? this.previous.get(key);
    // Kept as a copy: a slice would keep this version of the whole document alive (see sourceText.ts).
    if (entry?.text !== text) {
      entry = { text: ownCopy(text), chunk: lowerChunk(node) };
      this.keys.set(entry.chunk, key);
    }
    this.current.set(key, entry);
    return entry.chunk;
  }
}
