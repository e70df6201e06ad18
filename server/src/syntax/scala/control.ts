import type { SyntaxNode as Node } from '../syntaxNode';
import type { IfStmt, Stmt } from '../ast';
import type { ScalaContext } from './context';
import { caseBodyStatements, emptyExpr, lowerExpr } from './expressions';
import { appendBody } from './loops';
import { isComment, isToken } from './nodes';

/** `if (c) a else b` as a statement; `else if` chains nest in `otherwise`. */
export function lowerIf(ctx: ScalaContext, node: Node): IfStmt {
  let condition: Node | undefined;
  let consequence: Node | undefined;
  let alternative: Node | undefined;
  let seenElse = false;
  for (const child of node.children) {
    const type = child.type;
    if (type === 'else') {
      seenElse = true;
      continue;
    }
    if (isToken(type) || isComment(type)) continue;
    if (seenElse) alternative ??= child;
    else if (!condition) condition = child;
    else consequence ??= child;
  }
  const span = ctx.span(node);
  const then: Stmt[] = [];
  const otherwise: Stmt[] = [];
  if (consequence) appendBody(ctx, consequence, then);
  if (alternative) appendBody(ctx, alternative, otherwise);
  return { kind: 'if', condition: condition ? lowerExpr(ctx, condition) : emptyExpr(span), then, otherwise, span };
}

/** `try { a } catch { case e => b } finally { c }` → the statements of a, b and c in order. */
export function lowerTry(ctx: ScalaContext, node: Node, out: Stmt[]): void {
  for (const child of node.children) {
    const type = child.type;
    if (type === 'catch_clause' || type === 'finally_clause') {
      for (const part of child.children) {
        const partType = part.type;
        if (partType === 'case_block' || partType === 'indented_cases') {
          for (const clause of part.children) if (clause.type === 'case_clause') out.push(...caseBodyStatements(ctx, clause));
        } else if (!isToken(partType) && !isComment(partType)) {
          appendBody(ctx, part, out);
        }
      }
    } else if (!isToken(type) && !isComment(type)) {
      appendBody(ctx, child, out);
    }
  }
}
