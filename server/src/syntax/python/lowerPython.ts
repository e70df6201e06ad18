import type { Node } from 'web-tree-sitter';
import { copyOfTree } from '../syntaxNode';
import type { LoweredFile, Span, Stmt } from '../ast';
import type { LoweredChunk, LoweringCache } from '../loweringCache';
import type { SourceText } from '../sourceText';
import { LowerContext } from './context';
import { lowerStatement } from './statements';
import { collectSyntaxErrors } from './syntaxErrors';

/**
 * Lowers a tree-sitter-python tree into the language-neutral syntax. Each top-level statement
 * is one cache chunk, so statements whose text and position did not change since the previous
 * pass are reused as they are. Never throws: broken input yields `syntaxErrors` and whatever
 * statements could be recovered.
 *
 * Span and Position objects are shared where they coincide (`a.b().c()` and all its sub-chains
 * start at one Position object; a lone expression statement shares its expression's Span), so
 * treat them as immutable.
 */
export function lowerPython(root: Node, cache: LoweringCache): LoweredFile {
  const lowered = joinChunks(lowerEachChunk(root.namedChildren, cache, () => LowerContext.forRoot(root)));
  if (root.type === 'ERROR') lowered.syntaxErrors.unshift(LowerContext.forRoot(root).span(root));
  return lowered;
}

/**
 * Each of `nodes` (top-level statements of the document `text`) lowered as one cache chunk, in
 * order (undefined for a comment): for a caller that keeps the chunks of each statement and
 * lowers again only the statements edited since (`IncrementalDocument`).
 */
export function lowerPythonChunks(nodes: readonly Node[], text: SourceText, cache: LoweringCache): Array<LoweredChunk | undefined> {
  return lowerEachChunk(nodes, cache, () => new LowerContext(text, 0, 0));
}

function lowerEachChunk(children: readonly Node[], cache: LoweringCache, makeContext: () => LowerContext): Array<LoweredChunk | undefined> {
  const chunks: Array<LoweredChunk | undefined> = [];
  let ctx: LowerContext | undefined;
  for (let i = 0; i < children.length; i++) {
    const child = children[i];
    const type = child.type;
    chunks.push(type === 'comment' || type === 'line_continuation' ? undefined : cache.lower(child, (node) => lowerChunk((ctx ??= makeContext()), node, type)));
  }
  return chunks;
}

/** A Python file of lowered chunks, in order. */
export function joinChunks(chunks: Iterable<LoweredChunk | undefined>): LoweredFile {
  const statements: Stmt[] = [];
  const syntaxErrors: Span[] = [];
  for (const chunk of chunks) {
    if (!chunk) continue;
    for (const stmt of chunk.statements) statements.push(stmt);
    for (const error of chunk.syntaxErrors) syntaxErrors.push(error);
  }
  return { language: 'python', statements, syntaxErrors };
}

/** One top-level statement (or a top-level ERROR node and what can be recovered from it). */
export function lowerChunk(ctx: LowerContext, node: Node, type: string): LoweredChunk {
  const statements: Stmt[] = [];
  const syntaxErrors: Span[] = [];
  ctx.depth = 0;
  ctx.clean = false;
  ctx.enterChunk(node);
  try {
    const hasError = node.hasError;
    if (hasError) collectSyntaxErrors(ctx, node, syntaxErrors);
    ctx.clean = !hasError && type !== 'ERROR';
    // A clean statement is read from a copy made in one walk (see syntaxNode.ts); a broken one from the tree.
    lowerStatement(ctx, ctx.clean ? copyOfTree(node, ctx.src, ctx.base) : node, type, statements);
  } catch {
    // A bug or a stack overflow on absurd input must not take the analysis down: keep what was
    // lowered so far.
  }
  return { statements, syntaxErrors };
}
