/**
 * A Python UDF whose whole body walks one array argument element by element — a comprehension, an
 * `all(...)`/`any(...)`/`sum(...)` over it, or a `for` loop appending to or adding into one
 * result — with per-element work Spark's higher-order functions can express (arithmetic,
 * comparisons, string methods, struct fields). Such a UDF is `transform`, `filter`, `forall`,
 * `exists` or `aggregate` over the array column, without sending the array to Python.
 */
import type { Expr, Span, Stmt } from '../syntax/ast';
import type { UdfDefinition } from './types';

export type HigherOrderFunction = 'transform' | 'filter' | 'forall' | 'exists' | 'aggregate';

export interface ArrayWork {
  /** The UDF parameter holding the array. */
  param: string;
  /** The higher-order function(s) that do the same, in the order they would be applied. */
  functions: HigherOrderFunction[];
  span: Span;
}

/** String methods with a Spark function of the same meaning. */
const STRING_METHODS = new Set(['upper', 'lower', 'strip', 'lstrip', 'rstrip', 'startswith', 'endswith', 'replace', 'title', 'capitalize']);
/** Python built-ins with a Spark function or cast of the same meaning. */
const BUILTINS = new Set(['len', 'abs', 'round', 'int', 'float', 'str', 'bool']);
const OPERATORS = new Set(['+', '-', '*', '/', '//', '%', '**', '==', '!=', '<', '<=', '>', '>=', 'and', 'or']);

/** Whether Spark's column expressions inside a higher-order function's lambda can compute `expr`. */
function expressible(expr: Expr, names: ReadonlySet<string>): boolean {
  switch (expr.kind) {
    case 'name':
      return names.has(expr.id) || ['True', 'False', 'None'].includes(expr.id);
    case 'literal':
      return true;
    case 'unary':
      return (expr.operator === 'not' || expr.operator === '-') && expressible(expr.operand, names);
    case 'binary':
      if (expr.operator === 'in' || expr.operator === 'not in') return expr.right.kind === 'sequence' && expr.right.items.every((i) => i.kind === 'literal') && expressible(expr.left, names);
      return OPERATORS.has(expr.operator) && expressible(expr.left, names) && expressible(expr.right, names);
    case 'member':
      // A struct element's field: `item.price`.
      return expr.object.kind === 'name' && names.has(expr.object.id);
    case 'index':
      return expr.index.kind === 'literal' && expressible(expr.object, names);
    case 'call': {
      const args = expr.args.every((a) => a.name === undefined && expressible(a.value, names));
      if (expr.callee.kind === 'name') return BUILTINS.has(expr.callee.id) && args;
      return expr.callee.kind === 'member' && STRING_METHODS.has(expr.callee.property) && expressible(expr.callee.object, names) && args;
    }
    default:
      return false;
  }
}

/** `[e for v in p]` (or a generator) over the parameter `p`: the element, its filter conditions, the variable. */
function overParam(expr: Expr | undefined, params: ReadonlySet<string>): { param: string; element: Expr; conditions: Expr[]; variable: string } | undefined {
  if (expr?.kind === 'call' && expr.callee.kind === 'name' && ['list', 'tuple'].includes(expr.callee.id) && expr.args.length === 1) return overParam(expr.args[0]!.value, params);
  if (expr?.kind !== 'comprehension' || expr.variables.length !== 1 || expr.iterable.kind !== 'name' || !params.has(expr.iterable.id)) return undefined;
  // A filtered comprehension is lowered as its element followed by its conditions.
  const [element, ...conditions] = expr.element.kind === 'unknown' && expr.element.children.length >= 2 ? expr.element.children : [expr.element];
  return { param: expr.iterable.id, element: element!, conditions, variable: expr.variables[0]! };
}

function isName(expr: Expr | undefined, id: string): boolean {
  return expr?.kind === 'name' && expr.id === id;
}

function fromExpression(expr: Expr, params: ReadonlySet<string>): { param: string; functions: HigherOrderFunction[] } | undefined {
  const usable = (found: NonNullable<ReturnType<typeof overParam>>) => {
    const names = new Set([...params, found.variable]);
    names.delete(found.param);
    return [found.element, ...found.conditions].every((e) => expressible(e, names));
  };
  if (expr.kind === 'call' && expr.callee.kind === 'name' && expr.args.length === 1) {
    const quantifier = ({ all: 'forall', any: 'exists', sum: 'aggregate' } as const)[expr.callee.id as 'all' | 'any' | 'sum'];
    if (!quantifier) return undefined;
    const argument = expr.args[0]!.value;
    // `all(items)`: every element truthy.
    if (argument.kind === 'name' && params.has(argument.id)) return { param: argument.id, functions: [quantifier] };
    const found = overParam(argument, params);
    if (!found || !usable(found)) return undefined;
    return { param: found.param, functions: found.conditions.length > 0 ? ['filter', quantifier] : [quantifier] };
  }
  const found = overParam(expr, params);
  if (!found || !usable(found)) return undefined;
  if (found.conditions.length === 0) return isName(found.element, found.variable) ? undefined : { param: found.param, functions: ['transform'] };
  return { param: found.param, functions: isName(found.element, found.variable) ? ['filter'] : ['filter', 'transform'] };
}

/** `acc = []` / `acc = 0`, then `for v in p:` appending to it or adding into it (optionally under one `if`), then `return acc`. */
function fromLoop(body: readonly Stmt[], params: ReadonlySet<string>): { param: string; functions: HigherOrderFunction[] } | undefined {
  const statements = body.filter((s) => s.kind !== 'import');
  if (statements.length !== 3) return undefined;
  const [init, loop, result] = statements as [Stmt, Stmt, Stmt];
  if (init.kind !== 'assign' || init.targets.length !== 1 || loop.kind !== 'loop' || loop.loopKind !== 'for' || result.kind !== 'return') return undefined;
  const acc = init.targets[0]!;
  if (!isName(result.value, acc) || loop.variables.length !== 1 || loop.iterable?.kind !== 'name' || !params.has(loop.iterable.id)) return undefined;
  const param = loop.iterable.id;
  const names = new Set([...params, loop.variables[0]!]);
  names.delete(param);
  let inner = loop.body;
  let condition: Expr | undefined;
  if (inner.length === 1 && inner[0]!.kind === 'if' && inner[0].otherwise.length === 0) {
    condition = inner[0].condition;
    inner = inner[0].then;
  }
  if (inner.length !== 1 || (condition && !expressible(condition, names))) return undefined;
  const only = inner[0]!;
  const filter: HigherOrderFunction[] = condition ? ['filter'] : [];
  if (init.value.kind === 'sequence' && init.value.items.length === 0 && only.kind === 'expr' && only.expr.kind === 'call' && only.expr.callee.kind === 'member'
    && only.expr.callee.property === 'append' && isName(only.expr.callee.object, acc) && only.expr.args.length === 1 && expressible(only.expr.args[0]!.value, names)) {
    // Appending the element itself copies or filters the array.
    if (isName(only.expr.args[0]!.value, loop.variables[0]!)) return condition ? { param, functions: ['filter'] } : undefined;
    return { param, functions: [...filter, 'transform'] };
  }
  if (init.value.kind === 'literal' && typeof init.value.value === 'number' && only.kind === 'assign' && only.operator === '+=' && only.targets[0] === acc && expressible(only.value, names)) {
    return { param, functions: [...filter, 'aggregate'] };
  }
  return undefined;
}

/** What the UDF does to an array argument, when that is all it does and higher-order functions can do it. */
export function arrayWorkInUdf(udf: UdfDefinition): ArrayWork | undefined {
  if (udf.kind === 'pandas_udf' || udf.params.length === 0) return undefined;
  const params = new Set(udf.params);
  const found = udf.bodyExpression ? fromExpression(udf.bodyExpression, params) : fromLoop(udf.body, params);
  return found && { ...found, span: udf.span };
}
