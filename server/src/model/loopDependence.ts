/**
 * Whether code in a loop depends on the iteration: mentions a loop variable or a name assigned in
 * the loop body. A job that mentions none of them is the same job every time (a retry, polling or
 * benchmark loop), which is deliberate rather than a per-key pattern.
 */
import type { Expr, Span, Stmt } from '../syntax/ast';
import { children, walkStatements } from '../syntax/walk';
import type { ChainStep, LoopContext, SparkModel } from './types';

/** Whether `inner` lies inside `outer` (inclusive). Asked per statement of every walk that looks for a span: no closure per call. */
export function within(inner: Span, outer: Span): boolean {
  return atOrBefore(outer.start, inner.start) && atOrBefore(inner.end, outer.end);
}

function atOrBefore(a: Span['start'], b: Span['start']): boolean {
  return a.line < b.line || (a.line === b.line && a.character <= b.character);
}

/** The loop's variables and every name assigned (or bound by an inner loop) inside it. */
export function namesVaryingIn(model: SparkModel, loop: LoopContext): Set<string> {
  const names = new Set(loop.variables);
  walkStatements(model.statements, {
    statement(statement) {
      if (!within(statement.span, loop.span)) return;
      if (statement.kind === 'assign') statement.targets.forEach((t) => names.add(t));
      if (statement.kind === 'loop') statement.variables.forEach((v) => names.add(v));
    },
    expression(expr) {
      if (!within(loop.span, expr.span) && !within(expr.span, loop.span)) return false;
      if (!within(expr.span, loop.span)) return;
      if (expr.kind === 'lambda') expr.params.forEach((p) => names.add(p.name));
      if (expr.kind === 'comprehension') expr.variables.forEach((v) => names.add(v));
    },
  });
  return names;
}

/** Whether an argument of any step mentions one of the names, also inside f-strings and `s"..."` interpolation. */
export function stepsMention(steps: readonly ChainStep[], names: ReadonlySet<string>): boolean {
  const interpolated = names.size > 0
    ? new RegExp(`[{$](?:\\{)?(?:${[...names].map((n) => n.replace(/[^\w]/g, '\\$&')).join('|')})\\b`)
    : undefined;
  const mentions = (expr: Expr): boolean => {
    if (expr.kind === 'name') return names.has(expr.id);
    if (expr.kind === 'literal') return typeof expr.value === 'string' && interpolated !== undefined && interpolated.test(expr.value);
    return children(expr).some(mentions);
  };
  return steps.some((step) => (step.args ?? []).some((arg) => mentions(arg.value)));
}

/** The conditions of the `if`s around `span` (innermost last), also inside lambda bodies and Scala blocks. */
export function conditionsAround(statements: readonly Stmt[], span: Span): Expr[] {
  const found: Expr[] = [];
  walkStatements(statements, {
    statement(statement) {
      if (!within(span, statement.span)) return false;
      if (statement.kind === 'if') found.push(statement.condition);
    },
    expression: (expr) => within(span, expr.span),
  });
  return found;
}
