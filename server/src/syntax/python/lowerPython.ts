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
  const lowered = lowerTopLevel(root.namedChildren, cache, () => LowerContext.forRoot(root));
  if (root.type === 'ERROR') lowered.syntaxErrors.unshift(LowerContext.forRoot(root).span(root));
  return lowered;
}

/**
 * Lowers top-level statements that need not come from one tree: a document whose edited statements
 * were re-parsed on their own (`IncrementalDocument`). `text` is the whole document's.
 */
export function lowerPythonStatements(nodes: Node[], text: SourceText, cache: LoweringCache): LoweredFile {
  return lowerTopLevel(nodes, cache, () => new LowerContext(text, 0, 0));
}

function lowerTopLevel(children: Node[], cache: LoweringCache, makeContext: () => LowerContext): LoweredFile {
  const statements: Stmt[] = [];
  const syntaxErrors: Span[] = [];
  let ctx: LowerContext | undefined;
  for (let i = 0; i < children.length; i++) {
    const child = children[i];
    const type = child.type;
    if (type === 'comment' || type === 'line_continuation') continue;
    const chunk = cache.lower(child, (node) => lowerChunk((ctx ??= makeContext()), node, type));
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
