import type { Expr, FunctionStmt, LambdaExpr, Stmt } from '../syntax/ast';
import { forwardedTo } from './udfBodies';
import type { FunctionImports, UdfDefinition } from './types';

/** Looks up a function defined in the file by name (for `udf(normalise)`). */
export interface FunctionTable {
  get(name: string): FunctionStmt | undefined;
  /** A lambda the file binds to the name and nothing else (`f = lambda s: s.upper()`; for `udf(f)`). */
  lambda?(name: string): LambdaExpr | undefined;
}

/** How many functions `udf(lambda p: a(p))` → `def a(s): return b(s)` → … are followed. */
const MAX_FORWARDS = 3;

const UDF_FACTORIES = ['udf', 'pandas_udf'] as const;

function udfFactory(callee: Expr, imports: FunctionImports): UdfDefinition['kind'] | undefined {
  for (const name of UDF_FACTORIES) if (imports.isSparkFunction(callee, name)) return name;
  return undefined;
}

/** The single expression a body computes: a lambda's body, or a def whose body is one `return`. */
function singleExpression(body: Expr | Stmt[]): Expr | undefined {
  if (!Array.isArray(body)) return body;
  const meaningful = body.filter((s) => s.kind !== 'import');
  const only = meaningful.length === 1 ? meaningful[0] : undefined;
  if (only?.kind === 'return') return only.value;
  if (only?.kind === 'expr') return only.expr;
  return undefined;
}

/** `useArrow=True` among a `udf(...)` call's arguments. */
function arrowOptimised(call: Expr): { arrow?: true } {
  return call.kind === 'call' && call.args.some((a) => a.name === 'useArrow' && a.value.kind === 'literal' && a.value.value === true) ? { arrow: true } : {};
}

export function udfFromFunction(fn: FunctionStmt, imports: FunctionImports): UdfDefinition | undefined {
  for (const decorator of fn.decorators) {
    const callee = decorator.kind === 'call' ? decorator.callee : decorator;
    const kind = udfFactory(callee, imports);
    if (kind) {
      return { name: fn.name, kind, params: fn.params.map((p) => p.name), bodyExpression: singleExpression(fn.body), body: fn.body, span: fn.nameSpan, ...arrowOptimised(decorator) };
    }
  }
  return undefined;
}

type Callable = { params: string[]; body: Stmt[]; bodyExpression?: Expr; bodyOf?: string };

function fromCallable(callable: Expr | undefined, functions: FunctionTable, forwards = 0): Callable | undefined {
  if (!callable) return undefined;
  if (callable.kind === 'lambda') return fromLambda(callable, functions, forwards);
  // Scala eta-expansion `udf(normalise _)` lowers to an unknown node around the name.
  const name = callable.kind === 'name' ? callable.id : callable.kind === 'unknown' && callable.children[0]?.kind === 'name' ? callable.children[0].id : undefined;
  return name === undefined ? undefined : named(name, functions, forwards);
}

/** A def of the file, or a lambda bound to the name. */
function named(name: string, functions: FunctionTable, forwards: number): Callable | undefined {
  const fn = functions.get(name);
  if (fn) return { params: fn.params.map((p) => p.name), body: fn.body, bodyExpression: singleExpression(fn.body), bodyOf: name };
  const lambda = functions.lambda?.(name);
  const source = lambda && fromLambda(lambda, functions, forwards);
  return source && { ...source, bodyOf: source.bodyOf ?? name };
}

function fromLambda(lambda: LambdaExpr, functions: FunctionTable, forwards: number): Callable {
  // `lambda p: to_upper(p)`: the body that runs is to_upper's.
  const target = forwards < MAX_FORWARDS ? forwardedTo(lambda) : undefined;
  const forwarded = target === undefined ? undefined : named(target, functions, forwards + 1);
  if (forwarded) return forwarded;
  return { params: lambda.params.map((p) => p.name), body: Array.isArray(lambda.body) ? lambda.body : [], bodyExpression: singleExpression(lambda.body) };
}

/** `udf(lambda s: s.upper(), StringType())`, `F.udf(fn)`, Scala `udf((s: String) => s.trim)`. */
export function udfFromCall(call: Expr, functions: FunctionTable, imports: FunctionImports, name?: string): UdfDefinition | undefined {
  if (call.kind !== 'call') return undefined;
  const kind = udfFactory(call.callee, imports);
  if (!kind) return undefined;
  const source = fromCallable(call.args.find((a) => a.name === undefined || a.name === 'f')?.value, functions);
  if (!source) return undefined;
  return { name, kind, ...source, span: call.span, ...arrowOptimised(call) };
}

/** `spark.udf.register("name", fn_or_lambda, returnType)`. */
export function udfFromRegistration(call: Expr, functions: FunctionTable): UdfDefinition | undefined {
  if (call.kind !== 'call') return undefined;
  const source = fromCallable(call.args[1]?.value, functions);
  if (!source) return undefined;
  const nameArg = call.args[0]?.value;
  const name = nameArg?.kind === 'literal' && typeof nameArg.value === 'string' ? nameArg.value : undefined;
  return { name, kind: 'registered', ...source, span: call.span };
}
