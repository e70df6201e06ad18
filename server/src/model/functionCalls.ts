/**
 * Calls of Spark SQL functions wherever they are written: column expressions are often built away
 * from the chain that uses them (`n = F.size(F.collect_list("id"))`, then `.agg(n)`).
 */
import type { Expr, Stmt } from '../syntax/ast';
import { callsIn, perStatement } from '../syntax/walk';
import type { FunctionImports, SparkModel } from './types';

export type CallExpr = Extract<Expr, { kind: 'call' }>;

export interface SparkFunctionCall {
  /** The Spark name of the function, whatever it is imported as. */
  name: string;
  call: CallExpr;
}

/** Which of `names` the call's callee is, resolved through the file's imports. */
export function sparkFunctionName(expr: Expr, names: readonly string[], model: SparkModel): string | undefined {
  if (expr.kind !== 'call') return undefined;
  const callee = expr.callee;
  // `F.size(...)` can only be the function its property names: one look at the qualifier, not one per name.
  if (callee.kind === 'member') return names.includes(callee.property) && model.imports.isSparkFunction(callee, callee.property) ? callee.property : undefined;
  if (callee.kind !== 'name') return undefined;
  return names.find((name) => model.imports.isSparkFunction(callee, name));
}

/** Per imports and list of names: each statement's calls of those functions. */
const callsByImports = new WeakMap<FunctionImports, Map<string, WeakMap<Stmt, readonly SparkFunctionCall[]>>>();

/** Every call of one of `names` in the file, outermost first. */
export function sparkFunctionCalls(model: SparkModel, names: readonly string[]): SparkFunctionCall[] {
  let byNames = callsByImports.get(model.imports);
  if (!byNames) callsByImports.set(model.imports, (byNames = new Map()));
  const key = names.join(',');
  let memo = byNames.get(key);
  if (!memo) byNames.set(key, (memo = new WeakMap()));
  return perStatement(memo, model.statements, (statement) => {
    const found: SparkFunctionCall[] = [];
    for (const call of callsIn([statement])) {
      const name = sparkFunctionName(call, names, model);
      if (name) found.push({ name, call });
    }
    return found;
  });
}
