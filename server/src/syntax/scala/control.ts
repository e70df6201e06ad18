import type { SyntaxNode as Node } from '../syntaxNode';
import type { IfStmt, Stmt } from '../ast';
import { armsAsIfChain, type MatchArm } from '../exclusiveArms';
import type { ScalaContext } from './context';
import { caseBodyStatements, emptyExpr, firstOperand, lowerExpr } from './expressions';
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

/**
 * `x match { case … => a; case … => b }` as a statement: `x`, then the arms as an `if` / `else if`
 * chain (one arm runs). A guard (`case y if cond =>`) is its arm's condition.
 */
export function lowerMatchStatement(ctx: ScalaContext, node: Node, out: Stmt[]): void {
  const arms: MatchArm[] = [];
  for (const child of node.children) {
    const type = child.type;
    if (type === 'case_block' || type === 'indented_cases') {
      for (const clause of child.children) if (clause.type === 'case_clause') arms.push(matchArm(ctx, clause));
    } else if (!isToken(type) && !isComment(type)) {
      out.push({ kind: 'expr', expr: lowerExpr(ctx, child), span: ctx.span(child) });
    }
  }
  const chain = armsAsIfChain(arms, ctx.span(node));
  if (chain) out.push(chain);
}

function matchArm(ctx: ScalaContext, clause: Node): MatchArm {
  let guard: Node | undefined;
  for (const child of clause.children) if (child.type === 'guard') guard = firstOperand(child);
  return { guard: guard && lowerExpr(ctx, guard), body: unbraced(caseBodyStatements(ctx, clause)), span: ctx.span(clause) };
}

/** `case A => { a; b }` runs the same statements as `case A => a; b`. */
function unbraced(body: Stmt[]): Stmt[] {
  const only = body.length === 1 ? body[0]! : undefined;
  return only?.kind === 'expr' && only.expr.kind === 'block' && !only.role ? only.expr.body : body;
}
