/**
 * Whether code in a loop depends on the iteration: mentions a loop variable or a name assigned in
 * the loop body. A job that mentions none of them is the same job every time (a retry, polling or
 * benchmark loop), which is deliberate rather than a per-key pattern.
 */
import type { Expr, Span, Stmt } from '../syntax/ast';
import type { ChainStep, LoopContext, SparkModel } from './types';

/** Whether `inner` lies inside `outer` (inclusive). */
export function within(inner: Span, outer: Span): boolean {
  const atOrBefore = (a: Span['start'], b: Span['start']) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return atOrBefore(outer.start, inner.start) && atOrBefore(inner.end, outer.end);
}

/** The loop's variables and every name assigned (or bound by an inner loop) inside it. */
export function namesVaryingIn(model: SparkModel, loop: LoopContext): Set<string> {
  const names = new Set(loop.variables);
  const visitStatements = (statements: Stmt[]) => statements.forEach(visitStatement);
  const visitStatement = (statement: Stmt): void => {
    switch (statement.kind) {
      case 'assign':
        if (within(statement.span, loop.span)) statement.targets.forEach((t) => names.add(t));
        return visitExpr(statement.value);
      case 'expr':
        return visitExpr(statement.expr);
      case 'return':
        return statement.value && visitExpr(statement.value);
      case 'loop':
        if (within(statement.span, loop.span)) statement.variables.forEach((v) => names.add(v));
        if (statement.iterable) visitExpr(statement.iterable);
        return visitStatements(statement.body);
      case 'if':
        visitExpr(statement.condition);
        visitStatements(statement.then);
        return visitStatements(statement.otherwise);
      case 'function':
      case 'class':
        return visitStatements(statement.body);
      case 'import':
        return;
    }
  };
  const visitExpr = (expr: Expr): void => {
    if (!within(loop.span, expr.span) && !within(expr.span, loop.span)) return;
    if (expr.kind === 'lambda') {
      if (within(expr.span, loop.span)) expr.params.forEach((p) => names.add(p.name));
      if (Array.isArray(expr.body)) visitStatements(expr.body);
      else visitExpr(expr.body);
      return;
    }
    if (expr.kind === 'block') return visitStatements(expr.body);
    if (expr.kind === 'comprehension' && within(expr.span, loop.span)) expr.variables.forEach((v) => names.add(v));
    children(expr).forEach(visitExpr);
  };
  visitStatements(model.statements);
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

/** The sub-expressions of an expression (a Scala block's expression statements included). */
export function children(expr: Expr): Expr[] {
  switch (expr.kind) {
    case 'member':
      return [expr.object];
    case 'call':
      return [expr.callee, ...expr.args.map((a) => a.value)];
    case 'index':
      return [expr.object, expr.index];
    case 'sequence':
      return expr.items;
    case 'mapping':
      return expr.entries.flatMap((e) => [e.key, e.value]);
    case 'lambda':
      return Array.isArray(expr.body) ? [] : [expr.body];
    case 'binary':
      return [expr.left, expr.right];
    case 'unary':
      return [expr.operand];
    case 'comprehension':
      return [expr.element, expr.iterable];
    case 'unknown':
      return expr.children;
    // Scala `${name}` inside an interpolated string.
    case 'block':
      return expr.body.flatMap((s) => (s.kind === 'expr' ? [s.expr] : s.kind === 'return' && s.value ? [s.value] : []));
    default:
      return [];
  }
}
