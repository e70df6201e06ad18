import type { Argument, Expr } from '../syntax/ast';
import { toChain } from './chains';
import { BROADCAST_HINT_NAMES } from './sparkApi';
import type { ChainStep, FunctionImports } from './types';

export interface JoinArguments {
  rightArgument?: Argument;
  condition?: Expr;
  how?: string;
  howSpecified: boolean;
}

/** Reads `join(right, on, how)` in both languages' argument conventions. */
export function readJoinArguments(step: ChainStep): JoinArguments {
  const args = step.args ?? [];
  const positional = args.filter((a) => a.name === undefined);
  const keyword = (name: string) => args.find((a) => a.name === name);
  const rightArgument = keyword('other') ?? keyword('right') ?? positional[0];
  const condition = (keyword('on') ?? keyword('joinExprs') ?? keyword('usingColumns') ?? keyword('usingColumn') ?? positional[1])?.value;
  const howArgument = keyword('how') ?? keyword('joinType') ?? positional[2];
  let how: string | undefined;
  if (howArgument?.value.kind === 'literal' && typeof howArgument.value.value === 'string') how = howArgument.value.value;
  // `join(df, None, "left")` in Python: a literal None is no condition.
  const realCondition = condition && !(condition.kind === 'literal' && condition.value === null) ? condition : undefined;
  return { rightArgument, condition: realCondition, how, howSpecified: howArgument !== undefined };
}

/** `broadcast(df)`, `F.broadcast(df)`, `df.hint("broadcast")` — or the same inside a chain. */
export function isBroadcastWrapped(expr: Expr, imports: FunctionImports): boolean {
  if (expr.kind === 'call' && imports.isSparkFunction(expr.callee, 'broadcast')) return true;
  if (expr.kind === 'call' && expr.callee.kind === 'member') {
    const chain = toChain(expr);
    const hinted = chain.steps.some(
      (step) => step.name === 'hint' && step.args?.[0]?.value.kind === 'literal' && BROADCAST_HINT_NAMES.has(String(step.args[0].value.value).toLowerCase()),
    );
    if (hinted) return true;
    if (chain.root.kind === 'call') return isBroadcastWrapped(chain.root, imports);
    // `F.broadcast(df).alias("d")` is a chain whose first step is the broadcast call.
    const first = chain.steps[0];
    if (first && first.name === 'broadcast' && chain.root.kind === 'name') return true;
  }
  return false;
}

/** The column names a join condition mentions: `"k"`, `["a","b"]`, `a.k == b.k`, `$"k" === col("k")`. */
export function joinKeys(condition: Expr | undefined, imports: FunctionImports): string[] {
  if (!condition) return [];
  const keys = new Set<string>();
  collectKeys(condition, imports, keys);
  return [...keys];
}

function collectKeys(expr: Expr, imports: FunctionImports, keys: Set<string>): void {
  switch (expr.kind) {
    case 'literal':
      if (typeof expr.value === 'string') keys.add(lastSegment(expr.value));
      return;
    case 'sequence':
      for (const item of expr.items) collectKeys(item, imports, keys);
      return;
    case 'column':
      keys.add(lastSegment(expr.name));
      return;
    case 'binary':
      if (['==', '===', '<=>', 'eqNullSafe', '&', '&&', 'and', '|', '||', 'or'].includes(expr.operator)) {
        collectKeys(expr.left, imports, keys);
        collectKeys(expr.right, imports, keys);
      }
      return;
    default: {
      const column = columnName(expr, imports);
      if (column !== undefined) keys.add(lastSegment(column));
      else if (expr.kind === 'call' && expr.callee.kind === 'member' && ['eqNullSafe', 'equalTo'].includes(expr.callee.property)) {
        collectKeys(expr.callee.object, imports, keys);
        for (const arg of expr.args) collectKeys(arg.value, imports, keys);
      }
    }
  }
}

/** The column a single expression refers to: `col("k")`, `df.k`, `df["k"]`, Scala `df("k")`, `$"k"`. */
export function columnName(expr: Expr, imports: FunctionImports): string | undefined {
  if (expr.kind === 'column') return expr.name;
  if (expr.kind === 'literal' && typeof expr.value === 'string') return expr.value;
  if (expr.kind === 'call') {
    const first = expr.args[0]?.value;
    const isColFunction = imports.isSparkFunction(expr.callee, 'col') || imports.isSparkFunction(expr.callee, 'column');
    if ((isColFunction || expr.callee.kind === 'name' || (expr.callee.kind === 'member' && expr.callee.property === 'col')) && expr.args.length === 1) {
      return first?.kind === 'literal' && typeof first.value === 'string' ? first.value : undefined;
    }
    return undefined;
  }
  if (expr.kind === 'index' && expr.index.kind === 'literal' && typeof expr.index.value === 'string') return expr.index.value;
  if (expr.kind === 'member' && expr.object.kind === 'name') return expr.property;
  return undefined;
}

/** `d.k` → `k`: a column without the side's alias. */
export function lastSegment(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot >= 0 ? name.slice(dot + 1) : name;
}
