/** One walk over lowered statements and every expression inside them, lambda bodies and Scala blocks included. */
import type { Expr, Stmt } from '../syntax/ast';
import { subExpressions } from './loopDependence';

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
    subExpressions(expr).forEach(visitExpr);
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
