/**
 * `match` / `case` arms in both languages: exactly one arm runs, like the branches of an
 * `if` / `else if` chain, so they are lowered to one. The model then counts the reads in the arms
 * as alternatives (the most any one arm reads), not one after another.
 */
import type { Expr, IfStmt, Span, Stmt } from './ast';

/** One `case`: its guard (`case x if cond =>`), if any, and its body. */
export interface MatchArm {
  guard?: Expr;
  body: Stmt[];
  span: Span;
}

/**
 * The arms as `if (guard1) body1 else if (guard2) body2 …`; an arm without a guard tests nothing
 * the model reads (patterns run no job). Undefined when there are no arms.
 */
export function armsAsIfChain(arms: readonly MatchArm[], span: Span): IfStmt | undefined {
  let chain: IfStmt | undefined;
  for (let i = arms.length - 1; i >= 0; i--) {
    const arm = arms[i]!;
    const condition: Expr = arm.guard ?? { kind: 'unknown', children: [], span: arm.span };
    chain = { kind: 'if', condition, then: arm.body, otherwise: chain ? [chain] : [], span: i === 0 ? span : { ...arm.span, end: span.end } };
  }
  return chain;
}

/**
 * A value-returning body whose last statement is such a chain (or an `if`) returns the value of
 * whichever branch ran: each branch's last expression becomes a `return`.
 */
export function returnFromBranches(statement: IfStmt): IfStmt {
  return { ...statement, then: returnLast(statement.then), otherwise: returnLast(statement.otherwise) };
}

function returnLast(body: Stmt[]): Stmt[] {
  const last = body.at(-1);
  if (last?.kind === 'expr' && last.role !== 'raise') return [...body.slice(0, -1), { kind: 'return', value: last.expr, span: last.span }];
  if (last?.kind === 'if') return [...body.slice(0, -1), returnFromBranches(last)];
  return body;
}
