import type { Node as TreeNode } from 'web-tree-sitter';
import { cleanCopy, type SyntaxNode as Node } from '../syntaxNode';
import type { LoweredFile, Span, Stmt } from '../ast';
import { type LoweredChunk, LoweringCache } from '../loweringCache';
import { comparePositions } from '../spans';
import { ScalaContext } from './context';
import { classBody, functionBlock, lowerClass, lowerFunction } from './definitions';
import { isComment, isToken } from './nodes';
import { isRecoverable, lowerStatement } from './statements';
import { collectSyntaxErrors } from './syntaxErrors';

export { DOLLAR_MASK, maskDollarStrings } from './dollarStrings';

const CLASS_LIKE = new Set(['object_definition', 'class_definition', 'trait_definition', 'enum_definition', 'package_object']);

/**
 * Lowers a tree-sitter-scala tree. Each top-level definition and each member of a top-level
 * object / class / trait is lowered through `cache`, so an edit re-lowers only what it touched.
 *
 * Spark's `$"col"` syntax, which the grammar cannot parse, is masked before parsing
 * (SparkParsers.parse, see dollarStrings.ts), so the tree has `ǂ"col"` there.
 */
export function lowerScala(root: TreeNode, cache: LoweringCache, documentText?: string): LoweredFile {
  const base = root.startIndex;
  // Literal text comes from the real document, not the masked text the tree was parsed from.
  const source = documentText === undefined ? root.text : documentText.slice(base, root.endIndex);
  const ctx = new ScalaContext(source, base);
  const walked = root;

  const statements: Stmt[] = [];
  const syntaxErrors: Span[] = [];
  const lowering = new TopLevel(ctx, cache, statements, syntaxErrors);
  if (walked.type === 'ERROR') {
    // Nothing parsed as a whole file: keep the complete pieces.
    syntaxErrors.push(ctx.span(walked));
    lowering.items(walked, true);
  } else {
    lowering.items(walked, false);
  }
  syntaxErrors.sort((a, b) => comparePositions(a.start, b.start));
  return { language: 'scala', statements, syntaxErrors };
}

/**
 * Walks the top level, deciding what is a cached chunk: each top-level statement, each member of
 * a top-level class-like body, and — because a job is often one huge `def main` — each statement
 * of such a member's block body.
 */
class TopLevel {
  constructor(
    private readonly ctx: ScalaContext,
    private readonly cache: LoweringCache,
    private readonly statements: Stmt[],
    private readonly syntaxErrors: Span[],
  ) {}

  /** The children of the compilation unit, of a `package p { ... }` body, or of an ERROR root. */
  items(container: Node, insideError: boolean): void {
    const containerHasError = container.hasError;
    for (const child of container.children) {
      const type = child.type;
      if (isToken(type) || isComment(type)) {
        if (containerHasError && !insideError && child.isMissing) this.syntaxErrors.push(this.ctx.span(child));
        continue;
      }
      if (CLASS_LIKE.has(type)) {
        this.classLike(child);
      } else if (type === 'package_clause') {
        this.packageClause(child);
      } else if (!insideError || isRecoverable(type)) {
        this.chunk(child, this.statements, this.syntaxErrors);
      }
    }
  }

  /** A top-level object / class / trait: a fresh ClassStmt whose members are cached chunks. */
  private classLike(node: Node): void {
    const body = classBody(node);
    const stmt = lowerClass(this.ctx, node, (bodyNode) => this.chunks(bodyNode, this.syntaxErrors));
    if (node.hasError) {
      for (const child of node.children) if (child !== body) collectSyntaxErrors(this.ctx, child, this.syntaxErrors);
    }
    this.statements.push(stmt);
  }

  private packageClause(node: Node): void {
    for (const child of node.children) {
      if (child.type === 'template_body') this.items(child, false);
      else collectSyntaxErrors(this.ctx, child, this.syntaxErrors);
    }
  }

  /** Every statement of a body or block as a cached chunk; MISSING braces are errors too. */
  private chunks(container: Node, errors: Span[]): Stmt[] {
    const out: Stmt[] = [];
    const hasError = container.hasError;
    for (const child of container.children) {
      const type = child.type;
      if (isToken(type) || isComment(type)) {
        if (hasError && child.isMissing) errors.push(this.ctx.span(child));
        continue;
      }
      this.chunk(child, out, errors);
    }
    return out;
  }

  /** Lowers one chunk through the cache; its syntax errors travel with it. */
  private chunk(node: Node, out: Stmt[], errors: Span[]): void {
    const lowered = this.cache.lower(node, (chunk) => this.ctx.inChunk(chunk, () => this.lowerChunk(chunk)));
    out.push(...lowered.statements);
    errors.push(...lowered.syntaxErrors);
  }

  private lowerChunk(chunk: Node): LoweredChunk {
    const ctx = this.ctx;
    const depth = ctx.depth;
    ctx.placeholderSeen = false;
    ctx.depth = 0;
    const statements: Stmt[] = [];
    const syntaxErrors: Span[] = [];
    const block = chunk.type === 'function_definition' ? functionBlock(chunk) : undefined;
    if (block) {
      statements.push(lowerFunction(ctx, chunk, (body) => this.chunks(body, syntaxErrors)));
      for (const child of chunk.children) if (child !== block) collectSyntaxErrors(ctx, child, syntaxErrors);
    } else {
      lowerStatement(ctx, cleanCopy(chunk, ctx.source, ctx.base), statements);
      collectSyntaxErrors(ctx, chunk, syntaxErrors);
    }
    ctx.depth = depth;
    return { statements, syntaxErrors };
  }
}
