/** Walks over lowered statements and every expression inside them, lambda bodies and Scala blocks included. */
import type { Expr, Stmt } from './ast';

export interface SyntaxVisitor {
  /** Called before the statement's contents; `false` skips them. */
  statement?(statement: Stmt): boolean | void;
  /** Called before the expression's sub-expressions; `false` skips them. */
  expression?(expr: Expr): boolean | void;
}

export function walkStatements(statements: readonly Stmt[], visitor: SyntaxVisitor): void {
  const visitExpr = (expr: Expr): void => {
    if (visitor.expression?.(expr) === false) return;
    if (expr.kind === 'lambda' && Array.isArray(expr.body)) return visitStatements(expr.body);
    if (expr.kind === 'block') return visitStatements(expr.body);
    children(expr).forEach(visitExpr);
  };
  const visitStatements = (body: readonly Stmt[]): void => body.forEach(visitStatement);
  const visitStatement = (statement: Stmt): void => {
    if (visitor.statement?.(statement) === false) return;
    switch (statement.kind) {
      case 'assign':
        return visitExpr(statement.value);
      case 'expr':
        return visitExpr(statement.expr);
      case 'return':
        return statement.value && visitExpr(statement.value);
      case 'loop':
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
  visitStatements(statements);
}

type CallExpr = Extract<Expr, { kind: 'call' }>;

/**
 * What `find` reports of each statement, concatenated in order. Remembered per statement in
 * `memo`: the lowering reuses a top-level statement while its text is unchanged, so on a keystroke
 * only the edited statement is looked at again. `find` must read nothing but the statement.
 */
export function perStatement<T>(memo: WeakMap<Stmt, readonly T[]>, statements: readonly Stmt[], find: (statement: Stmt) => readonly T[]): T[] {
  const all: T[] = [];
  for (const statement of statements) {
    let found = memo.get(statement);
    if (!found) memo.set(statement, (found = find(statement)));
    for (const item of found) all.push(item);
  }
  return all;
}

const callsByStatement = new WeakMap<Stmt, readonly CallExpr[]>();

/** Every call in the statements, nested ones included, in source order. */
export function callsIn(statements: readonly Stmt[]): CallExpr[] {
  return perStatement(callsByStatement, statements, (statement) => {
    const found: CallExpr[] = [];
    walkStatements([statement], { expression: (expr) => void (expr.kind === 'call' && found.push(expr)) });
    return found;
  });
}

/** Every expression of a lowered file, nested ones included, in source order. */
export function forEachExpression(statements: readonly Stmt[], visit: (expr: Expr) => void): void {
  walkStatements(statements, { expression: visit });
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
