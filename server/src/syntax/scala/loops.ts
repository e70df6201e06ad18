import type { SyntaxNode as Node } from '../syntaxNode';
import type { Expr, LoopStmt, Stmt } from '../ast';
import type { ScalaContext } from './context';
import { lowerExpr } from './expressions';
import { isComment, isToken } from './nodes';
import { patternNames } from './patterns';
import { lowerStatement, lowerBlockItems } from './statements';

/**
 * `for (x <- xs; (k, v) <- m; y = f(x) if p) body` and `for ... yield e` → a `for` loop over the
 * first generator's collection. Every generator's names are loop variables. Later generators'
 * collections and `y = f(x)` bindings are evaluated once per iteration of the first, so they
 * open the body (as an expression and an assignment statement); guards are ignored.
 */
export function lowerFor(ctx: ScalaContext, node: Node): LoopStmt {
  const variables: string[] = [];
  const prelude: Stmt[] = [];
  let iterable: Expr | undefined;
  let bodyNode: Node | undefined;
  let afterEnumerators = false;
  for (const child of node.children) {
    const type = child.type;
    if (type === 'enumerators') {
      for (const enumerator of child.children) {
        if (enumerator.type !== 'enumerator') continue;
        iterable = lowerEnumerator(ctx, enumerator, variables, prelude, iterable);
      }
      afterEnumerators = true;
    } else if (afterEnumerators && !isToken(type) && !isComment(type)) {
      bodyNode ??= child;
    }
  }
  const body = prelude;
  if (bodyNode) appendBody(ctx, bodyNode, body);
  const loop: LoopStmt = { kind: 'loop', loopKind: 'for', variables, body, span: ctx.span(node) };
  if (iterable) loop.iterable = iterable;
  return loop;
}

/** One `pattern <- expr` / `pattern = expr` / guard; returns the loop's iterable so far. */
function lowerEnumerator(
  ctx: ScalaContext,
  enumerator: Node,
  variables: string[],
  prelude: Stmt[],
  iterable: Expr | undefined,
): Expr | undefined {
  let pattern: Node | undefined;
  let operator = '';
  let valueNode: Node | undefined;
  for (const child of enumerator.children) {
    const type = child.type;
    if (type === 'guard' || isComment(type)) continue;
    if (type === '<-' || type === '=') operator = type;
    else if (isToken(type)) continue;
    else if (!operator) pattern ??= child;
    else valueNode ??= child;
  }
  if (!pattern || !valueNode) return iterable;
  const names = patternNames(ctx, pattern);
  const value = lowerExpr(ctx, valueNode);
  if (operator === '<-') {
    variables.push(...names);
    if (!iterable) return value;
    prelude.push({ kind: 'expr', expr: value, span: ctx.span(valueNode) });
  } else if (names.length > 0) {
    prelude.push({ kind: 'assign', targets: names, value, declaration: 'val', operator: '=', span: ctx.span(enumerator) });
  }
  return iterable;
}

/** `while (c) body` / `do body while (c)`: the condition is the loop's `iterable`. */
export function lowerWhile(ctx: ScalaContext, node: Node): LoopStmt {
  let condition: Node | undefined;
  let bodyNode: Node | undefined;
  const isDoWhile = node.type === 'do_while_expression';
  let seenWhile = false;
  for (const child of node.children) {
    const type = child.type;
    if (type === 'while') {
      seenWhile = true;
      continue;
    }
    if (isToken(type) || isComment(type)) continue;
    const isCondition = isDoWhile ? seenWhile : !condition;
    if (isCondition) condition ??= child;
    else bodyNode ??= child;
  }
  const body: Stmt[] = [];
  if (bodyNode) appendBody(ctx, bodyNode, body);
  const loop: LoopStmt = { kind: 'loop', loopKind: 'while', variables: [], body, span: ctx.span(node) };
  if (condition) loop.iterable = lowerExpr(ctx, condition);
  return loop;
}

/** A loop or branch body: a block's statements, or the one statement it is. */
export function appendBody(ctx: ScalaContext, bodyNode: Node, out: Stmt[]): void {
  const type = bodyNode.type;
  if (type === 'block' || type === 'indented_block') out.push(...lowerBlockItems(ctx, bodyNode));
  else lowerStatement(ctx, bodyNode, out);
}
