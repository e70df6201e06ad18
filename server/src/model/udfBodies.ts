/**
 * What a UDF's callable is when the code does not write the body inside `udf(...)`: a lambda bound
 * to a name (`f = lambda s: s.upper()`, Scala `val f: String => String = _.trim`), and a lambda
 * that only passes its arguments on to another function (`udf(lambda p: to_upper(p))`).
 */
import type { Expr, LambdaExpr, Stmt } from '../syntax/ast';
import { perStatement, walkStatements } from '../syntax/walk';

type Bound = readonly [name: string, value: LambdaExpr | undefined];

const assignmentsMemo = new WeakMap<Stmt, readonly Bound[]>();

/** Every single-name assignment of a statement (nested ones too), with the lambda it assigns if it assigns one. */
function assignments(statement: Stmt): Bound[] {
  const found: Bound[] = [];
  walkStatements([statement], {
    statement(inner) {
      if (inner.kind === 'assign') for (const name of inner.targets) found.push([name, inner.targets.length === 1 && inner.value.kind === 'lambda' ? inner.value : undefined]);
    },
  });
  return found;
}

/** Names the file binds to a lambda and to nothing else: another assignment of the name anywhere makes it ambiguous. */
export function lambdasByName(statements: readonly Stmt[]): ReadonlyMap<string, LambdaExpr> {
  const lambdas = new Map<string, LambdaExpr>();
  const ambiguous = new Set<string>();
  for (const [name, lambda] of perStatement(assignmentsMemo, statements, assignments)) {
    if (!lambda || lambdas.has(name)) ambiguous.add(name);
    else lambdas.set(name, lambda);
  }
  for (const name of ambiguous) lambdas.delete(name);
  return lambdas;
}

/**
 * The function a lambda only forwards to: `lambda p: to_upper(p)`, `(s: String) => clean(s)`; its
 * arguments must be the lambda's parameters, each once and in order.
 */
export function forwardedTo(lambda: LambdaExpr): string | undefined {
  const body = Array.isArray(lambda.body) ? undefined : lambda.body;
  if (body?.kind !== 'call' || body.callee.kind !== 'name' || body.args.length !== lambda.params.length) return undefined;
  const passesOn = body.args.every((arg, index) => arg.name === undefined && arg.value.kind === 'name' && arg.value.id === lambda.params[index]!.name);
  return passesOn ? body.callee.id : undefined;
}

/** `t = s.strip()` then `return t.lower()`: a body's single-use locals put in place, or undefined when a local is assigned twice or in a branch. */
export function inlineLocals(statements: readonly Stmt[], params: readonly string[]): { returned: Expr; locals: number } | undefined {
  const locals = new Map<string, Expr>();
  for (const [index, statement] of statements.entries()) {
    const last = index === statements.length - 1;
    if (last && statement.kind === 'return' && statement.value) return { returned: substitute(statement.value, locals), locals: locals.size };
    if (last && statement.kind === 'expr') return { returned: substitute(statement.expr, locals), locals: locals.size };
    if (statement.kind !== 'assign' || statement.targets.length !== 1 || statement.operator !== '=') return undefined;
    const name = statement.targets[0]!;
    if (params.includes(name) || locals.has(name)) return undefined;
    locals.set(name, substitute(statement.value, locals));
  }
  return undefined;
}

/** `expr` with names of `locals` replaced by what they hold (only in the expression kinds a built-in equivalent can have). */
function substitute(expr: Expr, locals: ReadonlyMap<string, Expr>): Expr {
  if (locals.size === 0) return expr;
  switch (expr.kind) {
    case 'name':
      return locals.get(expr.id) ?? expr;
    case 'member':
      return { ...expr, object: substitute(expr.object, locals) };
    case 'call':
      return { ...expr, callee: substitute(expr.callee, locals), args: expr.args.map((a) => ({ ...a, value: substitute(a.value, locals) })) };
    case 'binary':
      return { ...expr, left: substitute(expr.left, locals), right: substitute(expr.right, locals) };
    case 'unary':
      return { ...expr, operand: substitute(expr.operand, locals) };
    case 'index':
      return { ...expr, object: substitute(expr.object, locals), index: substitute(expr.index, locals) };
    case 'unknown':
      return { ...expr, children: expr.children.map((child) => substitute(child, locals)) };
    default:
      return expr;
  }
}
