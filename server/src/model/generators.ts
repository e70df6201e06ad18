/**
 * Generator columns (`explode` and kin) in projections: which array a step explodes and the names
 * of the columns it adds, so rules can tell a nested explode (an array inside the exploded
 * element) from two independent ones (a cross product of the two arrays).
 */
import { argument, stringLiterals } from './chains';
import { columnName } from './joins';
import { children } from '../syntax/walk';
import type { ChainStep, Expr, FunctionImports } from './types';

export const GENERATORS = ['explode', 'explode_outer', 'posexplode', 'posexplode_outer', 'inline', 'inline_outer'];

export interface GeneratorUse {
  step: ChainStep;
  generator: string;
  /** The exploded column's top-level name, when the code names it. */
  input?: string;
  /** The exploded column as written (`residueMapping.pdbPosition`), for messages. */
  column?: string;
  /** Names of the columns the step adds; undefined when the code does not show them (inline's struct fields). */
  outputs?: string[];
}

function generatorCall(expr: Expr, imports: FunctionImports): { call: Extract<Expr, { kind: 'call' }>; name: string } | undefined {
  if (expr.kind === 'call') {
    const name = GENERATORS.find((g) => imports.isSparkFunction(expr.callee, g));
    if (name) return { call: expr, name };
  }
  for (const child of children(expr)) {
    const found = generatorCall(child, imports);
    if (found) return found;
  }
  return undefined;
}

/** `explode(x).alias("a")` / Scala `.as("a")`: the alias names. */
function aliasNames(expr: Expr): string[] {
  if (expr.kind === 'call' && expr.callee.kind === 'member' && ['alias', 'as', 'name'].includes(expr.callee.property)) {
    return expr.args.flatMap((a) => stringLiterals(a.value));
  }
  return [];
}

function rootName(name: string | undefined): string | undefined {
  return name?.split('.')[0];
}

/** The generator a projection step applies, if any (one per step: Spark allows one generator per select). */
export function generatorIn(step: ChainStep, imports: FunctionImports): GeneratorUse | undefined {
  if (step.name === 'withColumn') {
    const value = argument(step, 1, 'col');
    const found = value && generatorCall(value, imports);
    if (!found) return undefined;
    const name = argument(step, 0, 'colName');
    const output = name?.kind === 'literal' && typeof name.value === 'string' ? [name.value] : undefined;
    return { step, generator: found.name, input: inputOf(found.call, imports), column: columnOf(found.call, imports), outputs: found.name.startsWith('inline') ? undefined : output };
  }
  if (step.name !== 'select') return undefined;
  for (const arg of step.args ?? []) {
    const found = generatorCall(arg.value, imports);
    if (!found) continue;
    const aliases = aliasNames(arg.value);
    const defaults = found.name.startsWith('posexplode') ? ['pos', 'col'] : ['col'];
    return { step, generator: found.name, input: inputOf(found.call, imports), column: columnOf(found.call, imports), outputs: found.name.startsWith('inline') ? undefined : aliases.length > 0 ? aliases : defaults };
  }
  return undefined;
}

function inputOf(call: Extract<Expr, { kind: 'call' }>, imports: FunctionImports): string | undefined {
  return rootName(columnOf(call, imports));
}

function columnOf(call: Extract<Expr, { kind: 'call' }>, imports: FunctionImports): string | undefined {
  const value = call.args[0]?.value;
  return value && columnName(value, imports);
}
