/** Where the file applies a UDF of its own, as far as a rule needs to know. */
import type { Span, Stmt } from '../syntax/ast';
import { callsIn, perStatement } from '../syntax/walk';
import { sparkFunctionName, type CallExpr } from './functionCalls';
import type { SparkModel } from './types';

export interface CollectedListArgument {
  /** The collected column as written (`amount`), or undefined when it is an expression. */
  column?: string;
  span: Span;
}

const callsMemo = new WeakMap<Stmt, readonly CallExpr[]>();

function columnName(call: CallExpr, model: SparkModel): string | undefined {
  const arg = call.args[0]?.value;
  if (arg?.kind === 'literal' && typeof arg.value === 'string') return arg.value;
  if (arg?.kind === 'column') return arg.name;
  const inner = arg?.kind === 'call' && sparkFunctionName(arg, ['col', 'column'], model) ? arg.args[0]?.value : undefined;
  return inner?.kind === 'literal' && typeof inner.value === 'string' ? inner.value : undefined;
}

/** `median_udf(F.collect_list("amount"))`: the first place the UDF named `name` is applied to a collect_list, if any. */
export function collectedListArgument(model: SparkModel, name: string): CollectedListArgument | undefined {
  for (const call of perStatement(callsMemo, model.statements, (statement) => callsIn([statement]))) {
    if (call.callee.kind !== 'name' || call.callee.id !== name || call.args.length !== 1) continue;
    const argument = call.args[0]!.value;
    if (argument.kind === 'call' && sparkFunctionName(argument, ['collect_list'], model)) return { column: columnName(argument, model), span: call.span };
  }
  return undefined;
}
