/** Every expression of a lowered file, nested ones included, in source order. */
import type { Expr, Stmt } from './ast';

export function forEachExpression(statements: readonly Stmt[], visit: (expr: Expr) => void): void {
  for (const statement of statements) {
    switch (statement.kind) {
      case 'assign':
        walkExpr(statement.value, visit);
        break;
      case 'expr':
        walkExpr(statement.expr, visit);
        break;
      case 'return':
        if (statement.value) walkExpr(statement.value, visit);
        break;
      case 'loop':
        if (statement.iterable) walkExpr(statement.iterable, visit);
        forEachExpression(statement.body, visit);
        break;
      case 'if':
        walkExpr(statement.condition, visit);
        forEachExpression(statement.then, visit);
        forEachExpression(statement.otherwise, visit);
        break;
      case 'function':
      case 'class':
        forEachExpression(statement.body, visit);
        break;
      case 'import':
        break;
    }
  }
}

function walkExpr(expr: Expr, visit: (expr: Expr) => void): void {
  visit(expr);
  switch (expr.kind) {
    case 'member':
      return walkExpr(expr.object, visit);
    case 'call':
      walkExpr(expr.callee, visit);
      for (const arg of expr.args) walkExpr(arg.value, visit);
      return;
    case 'index':
      walkExpr(expr.object, visit);
      return walkExpr(expr.index, visit);
    case 'sequence':
      for (const item of expr.items) walkExpr(item, visit);
      return;
    case 'mapping':
      for (const entry of expr.entries) {
        walkExpr(entry.key, visit);
        walkExpr(entry.value, visit);
      }
      return;
    case 'lambda':
      if (Array.isArray(expr.body)) forEachExpression(expr.body, visit);
      else walkExpr(expr.body, visit);
      return;
    case 'binary':
      walkExpr(expr.left, visit);
      return walkExpr(expr.right, visit);
    case 'unary':
      return walkExpr(expr.operand, visit);
    case 'comprehension':
      walkExpr(expr.iterable, visit);
      return walkExpr(expr.element, visit);
    case 'block':
      return forEachExpression(expr.body, visit);
    case 'unknown':
      for (const child of expr.children) walkExpr(child, visit);
      return;
    default:
      return;
  }
}
