/**
 * Calls of Spark SQL functions wherever they are written: column expressions are often built away
 * from the chain that uses them (`n = F.size(F.collect_list("id"))`, then `.agg(n)`).
 */
import type { Expr } from '../syntax/ast';
import { callsIn } from '../syntax/walk';
import type { SparkModel } from './types';

export type CallExpr = Extract<Expr, { kind: 'call' }>;

export interface SparkFunctionCall {
  /** The Spark name of the function, whatever it is imported as. */
  name: string;
  call: CallExpr;
}

/** Which of `names` the call's callee is, resolved through the file's imports. */
export function sparkFunctionName(expr: Expr, names: readonly string[], model: SparkModel): string | undefined {
  if (expr.kind !== 'call') return undefined;
  return names.find((name) => model.imports.isSparkFunction(expr.callee, name));
}

/** Every call of one of `names` in the file, outermost first. */
export function sparkFunctionCalls(model: SparkModel, names: readonly string[]): SparkFunctionCall[] {
  const found: SparkFunctionCall[] = [];
  for (const call of callsIn(model.statements)) {
    const name = sparkFunctionName(call, names, model);
    if (name) found.push({ name, call });
  }
  return found;
}
