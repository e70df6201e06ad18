/**
 * What a join condition lets Spark do. Spark plans a hash or sort-merge join only from equality
 * predicates between an expression of each side, found among the condition's top-level `AND`
 * parts (ExtractEquiJoinKeys). A condition with none — ranges, `!=`, `array_contains`, string
 * matching, an `OR` of equalities — leaves a broadcast nested-loop join or a cartesian product.
 */
import type { Expr } from '../syntax/ast';
import type { FunctionImports } from './types';

/** Why a part of a condition cannot be a join key. */
export type NonEquiReason = 'range' | 'not-equal' | 'array-contains' | 'string-match' | 'or' | 'negation' | 'one-side-filter';

export type JoinConditionShape =
  /** Column names (`"k"`, `["a", "b"]`) or at least one top-level equality of two non-constant operands. */
  | { kind: 'equi' }
  /** Every part understood, none an equality between the sides: nested loop or cartesian product. */
  | { kind: 'non-equi'; reasons: NonEquiReason[] }
  /** A part we cannot read (a Column held in a variable, a UDF, an `expr(...)` we cannot parse). */
  | { kind: 'unknown' };

const EQUALITY_OPERATORS = new Set(['==', '===', '<=>', 'eqNullSafe', 'equalTo']);
const RANGE_OPERATORS = new Set(['<', '>', '<=', '>=', 'lt', 'gt', 'leq', 'geq']);
const NOT_EQUAL_OPERATORS = new Set(['!=', '=!=', '<>', 'notEqual']);
const AND_OPERATORS = new Set(['&', '&&', 'and']);
const OR_OPERATORS = new Set(['|', '||', 'or']);
const STRING_MATCH_METHODS = new Set(['contains', 'like', 'ilike', 'rlike', 'startswith', 'startsWith', 'endswith', 'endsWith']);
const ONE_SIDE_METHODS = new Set(['isNull', 'isNotNull', 'isin', 'isNaN']);
const ARRAY_FUNCTIONS = new Set(['array_contains', 'arrays_overlap']);
const CONSTANT_FUNCTIONS = new Set(['lit', 'typedLit', 'typedlit']);

type Part = 'equality' | NonEquiReason | 'unknown';

export function joinConditionShape(condition: Expr | undefined, imports: FunctionImports): JoinConditionShape | undefined {
  if (!condition) return undefined;
  if (isColumnNames(condition)) return { kind: 'equi' };
  // PySpark's `on=[a.k == b.k, a.ts > b.ts]` is the conjunction of its items.
  const conjuncts = condition.kind === 'sequence' ? condition.items.flatMap((item) => splitAnd(item, imports)) : splitAnd(condition, imports);
  const parts = conjuncts.map((c) => classify(c, imports));
  if (parts.includes('equality')) return { kind: 'equi' };
  if (parts.includes('unknown')) return { kind: 'unknown' };
  return { kind: 'non-equi', reasons: [...new Set(parts as NonEquiReason[])] };
}

/** `"k"`, `["a", "b"]`, Scala `Seq("a", "b")`: a USING join, equality by construction. */
function isColumnNames(expr: Expr): boolean {
  if (expr.kind === 'literal') return typeof expr.value === 'string';
  return expr.kind === 'sequence' && expr.items.length > 0 && expr.items.every((item) => item.kind === 'literal' && typeof item.value === 'string');
}

function splitAnd(expr: Expr, imports: FunctionImports): Expr[] {
  if (expr.kind === 'binary' && AND_OPERATORS.has(expr.operator)) return [...splitAnd(expr.left, imports), ...splitAnd(expr.right, imports)];
  const method = methodCall(expr, imports);
  if (method?.name === 'and' && method.args.length === 1) return [...splitAnd(method.receiver, imports), ...splitAnd(method.args[0]!, imports)];
  return [expr];
}

function classify(expr: Expr, imports: FunctionImports): Part {
  if (expr.kind === 'binary') {
    if (EQUALITY_OPERATORS.has(expr.operator)) return isConstant(expr.left, imports) || isConstant(expr.right, imports) ? 'one-side-filter' : 'equality';
    if (RANGE_OPERATORS.has(expr.operator)) return 'range';
    if (NOT_EQUAL_OPERATORS.has(expr.operator)) return 'not-equal';
    if (OR_OPERATORS.has(expr.operator)) return sharedEquality(expr, imports) ? 'equality' : 'or';
    return 'unknown';
  }
  if (expr.kind === 'unary' && (expr.operator === '~' || expr.operator === '!' || expr.operator === 'not')) return 'negation';
  if (expr.kind === 'literal') return typeof expr.value === 'boolean' ? 'one-side-filter' : 'unknown';
  if (expr.kind !== 'call') return 'unknown';
  const method = methodCall(expr, imports);
  if (method) {
    const { name, receiver, args } = method;
    if (EQUALITY_OPERATORS.has(name) && args.length === 1) return isConstant(receiver, imports) || isConstant(args[0]!, imports) ? 'one-side-filter' : 'equality';
    if (RANGE_OPERATORS.has(name) || name === 'between') return 'range';
    if (NOT_EQUAL_OPERATORS.has(name)) return 'not-equal';
    if (name === 'or') return sharedEquality(expr, imports) ? 'equality' : 'or';
    if (STRING_MATCH_METHODS.has(name)) return 'string-match';
    if (ONE_SIDE_METHODS.has(name)) return 'one-side-filter';
  }
  if (ARRAY_FUNCTIONS.has(functionName(expr.callee, imports) ?? '')) return 'array-contains';
  if (imports.isSparkFunction(expr.callee, 'expr') || imports.isSparkFunction(expr.callee, 'expression')) return sqlCondition(expr.args[0]?.value);
  return 'unknown';
}

/**
 * `(a.k == b.k & x) | (a.k == b.k & y)`: Catalyst's BooleanSimplification factors an equality
 * common to every alternative out of the OR, which then gives the join its key.
 */
function sharedEquality(or: Expr, imports: FunctionImports): boolean {
  const alternatives = splitOr(or, imports).map((alternative) => new Set(splitAnd(alternative, imports).filter((c) => classify(c, imports) === 'equality').map(equalityKey)));
  const [first, ...rest] = alternatives;
  return [...(first ?? [])].some((key) => rest.every((set) => set.has(key)));
}

function splitOr(expr: Expr, imports: FunctionImports): Expr[] {
  if (expr.kind === 'binary' && OR_OPERATORS.has(expr.operator)) return [...splitOr(expr.left, imports), ...splitOr(expr.right, imports)];
  const method = methodCall(expr, imports);
  if (method?.name === 'or' && method.args.length === 1) return [...splitOr(method.receiver, imports), ...splitOr(method.args[0]!, imports)];
  return [expr];
}

/** The same equality however it is written round: `a == b` and `b == a` compare alike, as Catalyst's canonical form does. */
function equalityKey(expr: Expr): string {
  const operands = expr.kind === 'binary' ? [expr.left, expr.right] : expr.kind === 'call' && expr.callee.kind === 'member' ? [expr.callee.object, expr.args[0]!.value] : [expr];
  return operands.map(shape).sort().join(' = ');
}

/** An expression's structure without positions. */
function shape(expr: Expr): string {
  return JSON.stringify(expr, (key, value: unknown) => (key === 'span' || key.endsWith('Span') ? undefined : value));
}

/** `expr("a.ts BETWEEN b.lo AND b.hi")`: read conservatively; any `=` may be an equality of the sides. */
function sqlCondition(text: Expr | undefined): Part {
  if (text?.kind !== 'literal' || typeof text.value !== 'string') return 'unknown';
  const sql = text.value;
  if (/(^|[^<>!=])=|<=>/.test(sql)) return 'equality';
  if (/\bOR\b/i.test(sql)) return 'or';
  if (/\bBETWEEN\b|<|>/i.test(sql)) return 'range';
  if (/\b(R?LIKE|ILIKE)\b/i.test(sql)) return 'string-match';
  if (/\barray_contains\s*\(|\barrays_overlap\s*\(/i.test(sql)) return 'array-contains';
  return 'unknown';
}

/** `x.name(args)`: a Column method (not a function of the functions module such as `F.array_contains`). */
function methodCall(expr: Expr, imports: FunctionImports): { name: string; receiver: Expr; args: Expr[] } | undefined {
  if (expr.kind !== 'call' || expr.callee.kind !== 'member' || imports.isSparkFunction(expr.callee, expr.callee.property)) return undefined;
  return { name: expr.callee.property, receiver: expr.callee.object, args: expr.args.map((a) => a.value) };
}

function functionName(callee: Expr, imports: FunctionImports): string | undefined {
  for (const name of ARRAY_FUNCTIONS) if (imports.isSparkFunction(callee, name)) return name;
  return undefined;
}

/** A literal, `lit(...)`, a negative number, `None`/`null`: a filter on one side, not a key. */
function isConstant(expr: Expr, imports: FunctionImports): boolean {
  if (expr.kind === 'literal') return true;
  if (expr.kind === 'unary' && expr.operand.kind === 'literal') return true;
  return expr.kind === 'call' && [...CONSTANT_FUNCTIONS].some((name) => imports.isSparkFunction(expr.callee, name));
}
