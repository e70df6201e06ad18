/**
 * Ways of writing ordinary Spark code that the model sees through: a value chosen by a
 * conditional, a DataFrame kept on `self`, a Delta MERGE that reads its source, an ML model's
 * `transform(df)`, Scala's infix method calls.
 */
import type { AssignStmt, CallExpr, Expr, IfStmt, Stmt } from '../syntax/ast';
import type { Chain, ChainStep } from './types';

/**
 * `x = a if c else b` (Python) / `x = if (c) a else b` (Scala) assigns `x` in each branch, exactly
 * like the `if` statement with an assignment in each branch. Undefined when a branch has no value.
 */
export function conditionalAssignment(statement: AssignStmt): IfStmt | undefined {
  if (statement.targets.length !== 1 || statement.value.kind !== 'block' || statement.value.body.length !== 1) return undefined;
  const only = statement.value.body[0]!;
  return only.kind === 'if' ? assignInBranches(only, statement) : undefined;
}

function assignInBranches(conditional: IfStmt, statement: AssignStmt): IfStmt | undefined {
  const then = assignLast(conditional.then, statement);
  const otherwise = assignLast(conditional.otherwise, statement);
  return then && otherwise ? { ...conditional, then, otherwise } : undefined;
}

/** The branch with its value (its last expression) assigned; the assignment keeps the whole statement's span. */
function assignLast(body: Stmt[], statement: AssignStmt): Stmt[] | undefined {
  const last = body.at(-1);
  if (last?.kind === 'expr') return [...body.slice(0, -1), { ...statement, value: last.expr }];
  if (last?.kind !== 'if') return undefined;
  const nested = assignInBranches(last, statement);
  return nested && [...body.slice(0, -1), nested];
}

/**
 * Scala's `val x =` with the value on the next line, indented (how scalafmt breaks long lines),
 * is parsed as a block holding one expression: the same assignment as on one line.
 */
export function indentedValue(statement: AssignStmt): AssignStmt | undefined {
  const value = statement.value;
  if (value.kind !== 'block' || value.body.length !== 1) return undefined;
  const only = value.body[0]!;
  return only.kind === 'expr' && only.expr.kind !== 'block' ? { ...statement, value: only.expr } : undefined;
}

/** `a if c else b` used in place (an argument, a return value): its condition and branch values. */
export function conditionalParts(expr: Expr): { condition: Expr; values: Expr[] } | undefined {
  if (expr.kind !== 'block' || expr.body.length !== 1 || expr.body[0]!.kind !== 'if') return undefined;
  const conditional = expr.body[0];
  const values: Expr[] = [];
  for (const branch of [conditional.then, conditional.otherwise]) {
    const only = branch.length === 1 ? branch[0]! : undefined;
    if (only?.kind !== 'expr') return undefined;
    values.push(only.expr);
  }
  return { condition: conditional.condition, values };
}

/**
 * `self.df.withColumn(...)`: the attribute, not `self`, holds the DataFrame, so the chain starts
 * at a name `self.df`. Assignments to attributes bind nothing, so such a name is always inferred.
 */
export function attributeRooted(chain: Chain): Chain {
  const first = chain.steps[0];
  if (chain.root.kind !== 'name' || chain.root.id !== 'self' || !first || first.args) return chain;
  return { root: { kind: 'name', id: `self.${first.name}`, span: first.span }, steps: chain.steps.slice(1), span: chain.span };
}

/** `DeltaTable…merge(source, condition)…execute()`: executing the merge reads the source DataFrame. */
export function executesMergeSource(chain: Chain, step: ChainStep): boolean {
  return step.name === 'merge' && chain.steps.at(-1)?.name === 'execute';
}

/**
 * `model.transform(test)` on something that is not a DataFrame: an ML Transformer (a fitted model or
 * pipeline) returns its argument DataFrame with added columns. DataFrame.transform takes a function.
 */
export function transformerInput(chain: Chain): Expr | undefined {
  const first = chain.steps[0];
  const args = first?.args;
  if (chain.root.kind !== 'name' || first?.name !== 'transform' || args?.length !== 1 || args[0]!.name !== undefined) return undefined;
  return args[0]!.value;
}

/** DataFrame methods of one argument that Scala code writes infix: `a union b`, `events crossJoin dims`. */
const INFIX_FRAME_METHODS = new Set(['join', 'crossJoin', 'union', 'unionAll', 'unionByName', 'intersect', 'intersectAll', 'except', 'exceptAll']);

/** `a union b` as the method call it is, `a.union(b)`. */
export function infixMethodCall(expr: Expr): CallExpr | undefined {
  if (expr.kind !== 'binary' || !expr.operatorSpan || !INFIX_FRAME_METHODS.has(expr.operator)) return undefined;
  const callee: Expr = {
    kind: 'member', object: expr.left, property: expr.operator, span: { start: expr.left.span.start, end: expr.operatorSpan.end }, propertySpan: expr.operatorSpan,
  };
  return { kind: 'call', callee, args: [{ value: expr.right, span: expr.right.span }], span: expr.span, argsSpan: expr.right.span };
}
