/** Walks over lowered statements and every expression inside them, lambda bodies and Scala blocks included. */
import type { Expr, Stmt } from './ast';

export interface SyntaxVisitor {
  /** Called before the statement's contents; `false` skips them. */
  statement?(statement: Stmt): boolean | void;
  /** Called before the expression's sub-expressions; `false` skips them. */
  expression?(expr: Expr): boolean | void;
}

export function walkStatements(statements: readonly Stmt[], visitor: SyntaxVisitor): void {
  // Every model build and many rules walk the whole file: plain loops, no arrays made per node.
  const visitExpr = (expr: Expr): void => {
    if (visitor.expression?.(expr) === false) return;
    if (expr.kind === 'lambda' && Array.isArray(expr.body)) return visitStatements(expr.body);
    if (expr.kind === 'block') return visitStatements(expr.body);
    forEachChild(expr, visitExpr);
  };
  const visitStatements = (body: readonly Stmt[]): void => {
    for (let i = 0; i < body.length; i++) visitStatement(body[i]!);
  };
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

/** What several model modules look for in every expression of a statement, gathered in one walk of it. */
interface StatementExpressions {
  calls: CallExpr[];
  /** The names at the root of a member access (`df` of `df.x`), each once, in order of first use. */
  memberRoots: string[];
}

const expressionsByStatement = new WeakMap<Stmt, StatementExpressions>();

function expressionsOf(statement: Stmt): StatementExpressions {
  let found = expressionsByStatement.get(statement);
  if (found) return found;
  const calls: CallExpr[] = [];
  const roots = new Set<string>();
  walkStatements([statement], {
    expression(expr) {
      if (expr.kind === 'call') calls.push(expr);
      else if (expr.kind === 'member' && expr.object.kind === 'name') roots.add(expr.object.id);
    },
  });
  expressionsByStatement.set(statement, (found = { calls, memberRoots: [...roots] }));
  return found;
}

/** Every call in the statements, nested ones included, in source order. */
export function callsIn(statements: readonly Stmt[]): CallExpr[] {
  const all: CallExpr[] = [];
  for (const statement of statements) for (const call of expressionsOf(statement).calls) all.push(call);
  return all;
}

/** The names at the root of a member access anywhere in the statement (lambda bodies and blocks included), each once. */
export function memberRootsIn(statement: Stmt): readonly string[] {
  return expressionsOf(statement).memberRoots;
}

/** Every expression of a lowered file, nested ones included, in source order. */
export function forEachExpression(statements: readonly Stmt[], visit: (expr: Expr) => void): void {
  walkStatements(statements, { expression: visit });
}

/** The sub-expressions of an expression (a Scala block's expression statements included). */
export function children(expr: Expr): Expr[] {
  const found: Expr[] = [];
  forEachChild(expr, (child) => void found.push(child));
  return found;
}

/** Calls `visit` on each sub-expression of `expr`, in the order of `children`, without making an array. */
export function forEachChild(expr: Expr, visit: (child: Expr) => void): void {
  switch (expr.kind) {
    case 'member':
      return visit(expr.object);
    case 'call':
      visit(expr.callee);
      for (const arg of expr.args) visit(arg.value);
      return;
    case 'index':
      visit(expr.object);
      return visit(expr.index);
    case 'sequence':
      for (const item of expr.items) visit(item);
      return;
    case 'mapping':
      for (const entry of expr.entries) {
        visit(entry.key);
        visit(entry.value);
      }
      return;
    case 'lambda':
      if (!Array.isArray(expr.body)) visit(expr.body);
      return;
    case 'binary':
      visit(expr.left);
      return visit(expr.right);
    case 'unary':
      return visit(expr.operand);
    case 'comprehension':
      visit(expr.element);
      return visit(expr.iterable);
    case 'unknown':
      for (const child of expr.children) visit(child);
      return;
    // Scala `${name}` inside an interpolated string.
    case 'block':
      for (const statement of expr.body) {
        if (statement.kind === 'expr') visit(statement.expr);
        else if (statement.kind === 'return' && statement.value) visit(statement.value);
      }
      return;
  }
}
