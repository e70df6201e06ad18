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
 * Past this many arms a chain is split in halves under an `if` on nothing the model reads, so its
 * nesting grows with the log of the arms: the model walks statements recursively, and a `match` of
 * thousands of cases (or an `elif` ladder as long) lowered to one chain overflowed the stack and
 * failed the whole file. Still exactly one arm (or none) runs; real chains are far shorter.
 */
export const MAX_CHAINED_ARMS = 64;

/**
 * The arms as `if (guard1) body1 else if (guard2) body2 … else otherwise`; an arm without a guard
 * tests nothing the model reads (patterns run no job). Undefined when there are no arms.
 */
export function armsAsIfChain(arms: readonly MatchArm[], span: Span, otherwise: Stmt[] = []): IfStmt | undefined {
  if (arms.length === 0) return undefined;
  if (arms.length > MAX_CHAINED_ARMS) {
    const half = Math.ceil(arms.length / 2);
    const secondStart = arms[half]!.span.start;
    const first = armsAsIfChain(arms.slice(0, half), { start: span.start, end: secondStart }, [])!;
    const second = armsAsIfChain(arms.slice(half), { start: secondStart, end: span.end }, otherwise)!;
    return { kind: 'if', condition: nothingRead(arms[0]!.span), then: [first], otherwise: [second], span };
  }
  let chain: Stmt[] = otherwise;
  for (let i = arms.length - 1; i >= 0; i--) {
    const arm = arms[i]!;
    chain = [{ kind: 'if', condition: arm.guard ?? nothingRead(arm.span), then: arm.body, otherwise: chain, span: i === 0 ? span : { ...arm.span, end: span.end } }];
  }
  return chain[0] as IfStmt;
}

function nothingRead(span: Span): Expr {
  return { kind: 'unknown', children: [], span };
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
