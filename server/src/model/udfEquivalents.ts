/**
 * Whether a UDF body is one built-in Spark SQL operation in disguise (`s.strip().lower()` is
 * `lower(trim(s))`). Python and Scala spellings share one table: the names rarely collide, and
 * where they do (`trim`, `replace`) they mean the same thing.
 */
import type { Expr, Stmt } from '../syntax/ast';
import { inlineLocals } from './udfBodies';
import type { UdfDefinition } from './types';

/** The built-in expression a UDF body computes, with the UDF's parameters as columns. */
export type BuiltinExpr =
  | { kind: 'column'; name: string }
  | { kind: 'literal'; value: string | number }
  | { kind: 'function'; name: string; args: BuiltinExpr[] }
  /** Column methods spelled the same in both languages: `cast`, `getItem`, `like`. */
  | { kind: 'method'; name: 'cast' | 'getItem' | 'like'; target: BuiltinExpr; args: BuiltinExpr[] }
  | { kind: 'operator'; operator: string; left: BuiltinExpr; right: BuiltinExpr };

export interface BuiltinEquivalent {
  expression: BuiltinExpr;
  /** Spark SQL functions used, innermost first (casts and operators not included). */
  functions: string[];
  /** The body returned null for null input by hand (`s.upper() if s else None`); built-ins do that already. */
  nullGuarded: boolean;
  /**
   * The body is the median of a list (`np.median(values)`): its built-in is an aggregate
   * (`percentile_approx(v, 0.5)`) that replaces collecting the list, not a function of the list.
   */
  medianOfList?: true;
}

/** A "short chain": more operations than this is logic worth a closer look, not a disguised built-in. */
const MAX_OPERATIONS = 3;

const lit = (value: string | number): BuiltinExpr => ({ kind: 'literal', value });
const fn = (name: string, ...args: BuiltinExpr[]): BuiltinExpr => ({ kind: 'function', name, args });
const cast = (target: BuiltinExpr, type: string): BuiltinExpr => ({ kind: 'method', name: 'cast', target, args: [lit(type)] });

type Args = Expr[];
/** Builds the equivalent of `receiver.method(args)`, or undefined when the arguments do not fit. */
type MethodRule = (receiver: BuiltinExpr, args: Args) => BuiltinExpr | undefined;

const REGEX_SPECIAL = /[\\^$.|?*+()[\]{}]/;
const noArgs = (build: (r: BuiltinExpr) => BuiltinExpr): MethodRule => (r, args) => (args.length === 0 ? build(r) : undefined);

/** Methods on the value (Python `str`, Scala/Java `String`, numbers). */
const METHODS: Record<string, MethodRule> = {
  upper: noArgs((r) => fn('upper', r)),
  toUpperCase: noArgs((r) => fn('upper', r)),
  lower: noArgs((r) => fn('lower', r)),
  toLowerCase: noArgs((r) => fn('lower', r)),
  strip: noArgs((r) => fn('trim', r)),
  trim: noArgs((r) => fn('trim', r)),
  lstrip: noArgs((r) => fn('ltrim', r)),
  rstrip: noArgs((r) => fn('rtrim', r)),
  title: noArgs((r) => fn('initcap', r)),
  length: noArgs((r) => fn('length', r)),
  reverse: noArgs((r) => fn('reverse', r)),
  toInt: noArgs((r) => cast(r, 'int')),
  toLong: noArgs((r) => cast(r, 'bigint')),
  toDouble: noArgs((r) => cast(r, 'double')),
  toFloat: noArgs((r) => cast(r, 'float')),
  toString: noArgs((r) => cast(r, 'string')),
  abs: noArgs((r) => fn('abs', r)),
  round: noArgs((r) => fn('round', r)),
  // Python's str.replace and Java's String.replace are literal; regexp_replace needs the pattern escaped.
  replace: (r, args) => {
    const [from, to] = args.map(stringLiteral);
    if (args.length !== 2 || from === undefined || to === undefined || from === '' || /[$\\]/.test(to)) return undefined;
    return fn('regexp_replace', r, lit(from.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&')), lit(to));
  },
  // Java's replaceAll already takes a Java regex, the dialect regexp_replace uses.
  replaceAll: (r, args) => {
    const [pattern, to] = args.map(stringLiteral);
    return args.length === 2 && pattern !== undefined && to !== undefined ? fn('regexp_replace', r, lit(pattern), lit(to)) : undefined;
  },
  // Python splits on a literal, Java on a regex: only separators that mean the same in both.
  split: (r, args) => {
    const separator = stringLiteral(args[0]);
    return args.length === 1 && separator && !REGEX_SPECIAL.test(separator) ? fn('split', r, lit(separator)) : undefined;
  },
  startswith: (r, args) => likePattern(r, args, (s) => `${s}%`),
  startsWith: (r, args) => likePattern(r, args, (s) => `${s}%`),
  endswith: (r, args) => likePattern(r, args, (s) => `%${s}`),
  endsWith: (r, args) => likePattern(r, args, (s) => `%${s}`),
  zfill: (r, args) => {
    const width = nonNegativeInteger(args[0]);
    return args.length === 1 && width !== undefined ? fn('lpad', r, lit(width), lit('0')) : undefined;
  },
  rjust: (r, args) => pad('lpad', r, args),
  ljust: (r, args) => pad('rpad', r, args),
  // Java substring(begin, end) is 0-based and end-exclusive; Spark's substring is 1-based with a length.
  substring: (r, args) => {
    const [begin, end] = args.map(nonNegativeInteger);
    return args.length === 2 && begin !== undefined && end !== undefined && end > begin ? fn('substring', r, lit(begin + 1), lit(end - begin)) : undefined;
  },
  strftime: (r, args) => {
    const pattern = javaDatePattern(stringLiteral(args[0]));
    return args.length === 1 && pattern ? fn('date_format', r, lit(pattern)) : undefined;
  },
};

/** Scala calls these without parentheses (`s.trim`), which the syntax keeps as a member access. */
const PARAMETERLESS = new Set(['toUpperCase', 'toLowerCase', 'trim', 'length', 'reverse', 'toInt', 'toLong', 'toDouble', 'toFloat', 'toString', 'abs', 'round']);

/** `math.sqrt(x)`, `Math.abs(x)`, `np.log(x)`: one-argument math functions with a same-named built-in. */
const MATH_MODULES = new Set(['math', 'Math', 'np', 'numpy', 'StrictMath']);
const MATH_FUNCTIONS: Record<string, string> = {
  sqrt: 'sqrt', cbrt: 'cbrt', floor: 'floor', ceil: 'ceil', exp: 'exp', log: 'log', log10: 'log10', log2: 'log2', log1p: 'log1p',
  abs: 'abs', fabs: 'abs', sin: 'sin', cos: 'cos', tan: 'tan', asin: 'asin', acos: 'acos', atan: 'atan', sinh: 'sinh',
  cosh: 'cosh', tanh: 'tanh', signum: 'signum', sign: 'signum', radians: 'radians', toRadians: 'radians', degrees: 'degrees',
  toDegrees: 'degrees', round: 'round', rint: 'rint',
};

/** Python built-in functions. `round` rounds half to even, which is Spark's `bround`. */
const PYTHON_BUILTINS: Record<string, (value: BuiltinExpr, raw: Args) => BuiltinExpr | undefined> = {
  len: (value, raw) => (raw.length === 1 ? fn('length', value) : undefined),
  abs: (value, raw) => (raw.length === 1 ? fn('abs', value) : undefined),
  round: (value, raw) => {
    if (raw.length === 1) return fn('bround', value);
    const digits = nonNegativeInteger(raw[1]);
    return raw.length === 2 && digits !== undefined ? fn('bround', value, lit(digits)) : undefined;
  },
  int: (value, raw) => (raw.length === 1 ? cast(value, 'int') : undefined),
  float: (value, raw) => (raw.length === 1 ? cast(value, 'double') : undefined),
  str: (value, raw) => (raw.length === 1 ? cast(value, 'string') : undefined),
};

const ARITHMETIC = new Set(['+', '-', '*', '/', '%']);
const ORDERING = new Set(['<', '>', '<=', '>=']);

/** The built-in equivalent of a row-at-a-time UDF body, if it is one short chain of built-in operations on its parameters. */
export function builtinEquivalent(udf: UdfDefinition): BuiltinEquivalent | undefined {
  if (udf.params.length === 0) return undefined;
  const body = bodyOf(udf);
  if (!body) return undefined;
  const matcher = new Matcher(new Set(udf.params));
  const expression = matcher.match(body.expr);
  if (!expression || matcher.operations === 0 || matcher.operations > MAX_OPERATIONS || !matcher.usesColumn) return undefined;
  if (matcher.median && !isMedian(expression)) return undefined;
  return { expression, functions: matcher.functions, nullGuarded: body.guarded, ...(matcher.median ? { medianOfList: true as const } : {}) };
}

// ------------------------------------------------------------------ body shapes

/** The one expression a UDF body computes, past a docstring, null guards and single-use locals. */
export function bodyOf(udf: UdfDefinition): { expr: Expr; guarded: boolean } | undefined {
  if (udf.bodyExpression) {
    const inner = stripNullGuard(udf.bodyExpression, udf.params);
    return { expr: inner ?? udf.bodyExpression, guarded: inner !== undefined };
  }
  return returnedAfterGuards(udf.body, udf.params);
}

/**
 * A def's body: docstring, optional `if x is None: return None`, then `return expr`, maybe through
 * locals assigned once (`t = s.strip()` then `return t.lower()`).
 */
function returnedAfterGuards(body: Stmt[], params: string[]): { expr: Expr; guarded: boolean } | undefined {
  const statements = body.filter((s, i) => s.kind !== 'import' && !(i === 0 && s.kind === 'expr' && s.expr.kind === 'literal' && s.expr.literalKind === 'string'));
  let guarded = false;
  let first = 0;
  for (; first < statements.length - 1 && statements[first]!.kind === 'if'; first++) {
    const statement = statements[first] as Extract<Stmt, { kind: 'if' }>;
    if (statement.otherwise.length > 0 || nullTest(statement.condition, params) !== 'is-null') return undefined;
    const only = statement.then.length === 1 ? statement.then[0] : undefined;
    if (only?.kind !== 'return' || (only.value && !isNull(only.value))) return undefined;
    guarded = true;
  }
  const inlined = inlineLocals(statements.slice(first), params);
  if (!inlined) return undefined;
  const inner = stripNullGuard(inlined.returned, params);
  return { expr: inner ?? inlined.returned, guarded: guarded || inner !== undefined };
}

/**
 * The guarded expression of `e if x else None` / `None if x is None else e` (Python keeps the
 * conditional as [then, condition, else]), Scala `if (x == null) null else e`, and
 * `Option(x).map(f).orNull`.
 */
function stripNullGuard(expr: Expr, params: string[]): Expr | undefined {
  if (expr.kind === 'unknown' && expr.children.length === 3) {
    const [then, condition, otherwise] = expr.children as [Expr, Expr, Expr];
    const test = nullTest(condition, params);
    if (test === 'not-null' && isNull(otherwise)) return then;
    if (test === 'is-null' && isNull(then)) return otherwise;
    return undefined;
  }
  if (expr.kind === 'block' && expr.body.length === 1 && expr.body[0]!.kind === 'if') {
    const branch = expr.body[0];
    const then = singleExpr(branch.then);
    const otherwise = singleExpr(branch.otherwise);
    const test = nullTest(branch.condition, params);
    if (!then || !otherwise) return undefined;
    if (test === 'not-null' && isNull(otherwise)) return then;
    if (test === 'is-null' && isNull(then)) return otherwise;
    return undefined;
  }
  // Option(x).map(f).orNull / .getOrElse(null)
  const outer = expr.kind === 'member' && expr.property === 'orNull' ? expr.object
    : expr.kind === 'call' && expr.callee.kind === 'member' && expr.callee.property === 'getOrElse' && expr.args.length === 1 && isNull(expr.args[0]!.value) ? expr.callee.object
      : undefined;
  if (outer?.kind !== 'call' || outer.callee.kind !== 'member' || outer.callee.property !== 'map' || outer.args.length !== 1) return undefined;
  const option = outer.callee.object;
  const lambda = outer.args[0]!.value;
  if (option.kind !== 'call' || option.callee.kind !== 'name' || option.callee.id !== 'Option' || option.args.length !== 1) return undefined;
  const wrapped = option.args[0]!.value;
  if (wrapped.kind !== 'name' || !params.includes(wrapped.id) || lambda.kind !== 'lambda' || lambda.params.length !== 1 || Array.isArray(lambda.body)) return undefined;
  return renameParameter(lambda.body, lambda.params[0]!.name, wrapped.id);
}

function singleExpr(statements: Stmt[]): Expr | undefined {
  const only = statements.length === 1 ? statements[0] : undefined;
  if (only?.kind === 'expr') return only.expr;
  if (only?.kind === 'return') return only.value;
  return undefined;
}

function nullTest(condition: Expr, params: string[]): 'is-null' | 'not-null' | undefined {
  const isParam = (e: Expr) => e.kind === 'name' && params.includes(e.id);
  if (isParam(condition)) return 'not-null';
  if (condition.kind === 'unary' && (condition.operator === 'not' || condition.operator === '!') && isParam(condition.operand)) return 'is-null';
  if (condition.kind === 'binary' && ((isParam(condition.left) && isNull(condition.right)) || (isNull(condition.left) && isParam(condition.right)))) {
    if (condition.operator === 'is' || condition.operator === '==' || condition.operator === 'eq') return 'is-null';
    if (condition.operator === 'is not' || condition.operator === '!=' || condition.operator === 'ne') return 'not-null';
  }
  return undefined;
}

function isNull(expr: Expr): boolean {
  return expr.kind === 'literal' && expr.literalKind === 'null';
}

/** `_.toUpperCase` inside `Option(s).map(...)` is about `s`. */
function renameParameter(expr: Expr, from: string, to: string): Expr {
  switch (expr.kind) {
    case 'name':
      return expr.id === from ? { ...expr, id: to } : expr;
    case 'member':
      return { ...expr, object: renameParameter(expr.object, from, to) };
    case 'call':
      return { ...expr, callee: renameParameter(expr.callee, from, to), args: expr.args.map((a) => ({ ...a, value: renameParameter(a.value, from, to) })) };
    case 'binary':
      return { ...expr, left: renameParameter(expr.left, from, to), right: renameParameter(expr.right, from, to) };
    case 'index':
      return { ...expr, object: renameParameter(expr.object, from, to), index: renameParameter(expr.index, from, to) };
    default:
      return expr;
  }
}

// --------------------------------------------------------------- expressions

/** Modules whose `median(values)` / `percentile(values, 50)` take the median of a list. */
const MEDIAN_MODULES = new Set(['np', 'numpy', 'statistics']);

function isMedian(expr: BuiltinExpr): boolean {
  if (expr.kind === 'method' && expr.name === 'cast') return isMedian(expr.target);
  return expr.kind === 'function' && expr.name === 'percentile_approx';
}

class Matcher {
  operations = 0;
  usesColumn = false;
  /** The body takes the median of its (list) parameter. */
  median = false;
  readonly functions: string[] = [];

  constructor(private readonly params: ReadonlySet<string>) {}

  match(expr: Expr): BuiltinExpr | undefined {
    const result = this.matchInner(expr);
    if (result?.kind === 'function') this.functions.push(result.name);
    if (result && result.kind !== 'column' && result.kind !== 'literal') this.operations++;
    return result;
  }

  private matchInner(expr: Expr): BuiltinExpr | undefined {
    switch (expr.kind) {
      case 'name':
        if (!this.params.has(expr.id)) return undefined;
        this.usesColumn = true;
        return { kind: 'column', name: expr.id };
      case 'member':
        return PARAMETERLESS.has(expr.property) ? this.method(expr.object, expr.property, []) : undefined;
      case 'call':
        return this.call(expr);
      case 'index':
        return this.index(expr);
      case 'binary':
        return this.binary(expr);
      default:
        return undefined;
    }
  }

  private method(receiverExpr: Expr, name: string, args: Args): BuiltinExpr | undefined {
    const rule = Object.hasOwn(METHODS, name) ? METHODS[name] : undefined;
    if (!rule) return undefined;
    const receiver = this.match(receiverExpr);
    return receiver && receiver.kind !== 'literal' ? rule(receiver, args) : undefined;
  }

  private call(expr: Extract<Expr, { kind: 'call' }>): BuiltinExpr | undefined {
    const callee = expr.callee;
    const raw = expr.args.map((a) => a.value);
    if (expr.args.some((a) => a.name !== undefined)) return undefined;
    if (callee.kind === 'member') {
      if (callee.object.kind === 'name' && MEDIAN_MODULES.has(callee.object.id)) {
        const median = this.medianCall(callee.property, raw);
        if (median) return median;
      }
      if (callee.object.kind === 'name' && MATH_MODULES.has(callee.object.id)) return this.mathCall(callee.property, raw);
      return this.method(callee.object, callee.property, raw);
    }
    if (callee.kind === 'name' && Object.hasOwn(PYTHON_BUILTINS, callee.id)) {
      const first = raw[0] && this.match(raw[0]);
      if (!first || first.kind === 'literal') return undefined;
      return PYTHON_BUILTINS[callee.id]!(first, raw);
    }
    // Scala `s.split(",")(0)`: indexing an array is a call.
    if (callee.kind === 'call' && raw.length === 1) return this.item(callee, raw[0]!);
    return undefined;
  }

  /** `np.median(values)`, `statistics.median(values)`, `np.percentile(values, 50)` of the parameter itself. */
  private medianCall(name: string, raw: Args): BuiltinExpr | undefined {
    const isMedian = (name === 'median' && raw.length === 1) || (name === 'percentile' && raw.length === 2 && numberLiteral(raw[1]) === 50);
    const values = raw[0];
    if (!isMedian || values?.kind !== 'name' || !this.params.has(values.id)) return undefined;
    this.median = true;
    const list = this.match(values);
    return list ? fn('percentile_approx', list, lit(0.5)) : undefined;
  }

  private mathCall(name: string, raw: Args): BuiltinExpr | undefined {
    if (name === 'pow' && raw.length === 2) {
      const exponent = numberLiteral(raw[1]);
      const base = this.match(raw[0]!);
      return base && base.kind !== 'literal' && exponent !== undefined ? fn('pow', base, lit(exponent)) : undefined;
    }
    // Python math.log(x, base) is Spark's log(base, x).
    if (name === 'log' && raw.length === 2) {
      const base = numberLiteral(raw[1]);
      const value = this.match(raw[0]!);
      return value && value.kind !== 'literal' && base !== undefined ? fn('log', lit(base), value) : undefined;
    }
    const builtin = Object.hasOwn(MATH_FUNCTIONS, name) ? MATH_FUNCTIONS[name] : undefined;
    if (!builtin || raw.length !== 1) return undefined;
    const value = this.match(raw[0]!);
    return value && value.kind !== 'literal' ? fn(builtin, value) : undefined;
  }

  /** `s.split(",")[0]` → `split(s, ",").getItem(0)`; only after split, where the target is an array. */
  private item(target: Expr, index: Expr): BuiltinExpr | undefined {
    const position = nonNegativeInteger(index);
    if (position === undefined || target.kind !== 'call' || target.callee.kind !== 'member' || target.callee.property !== 'split') return undefined;
    const array = this.match(target);
    return array ? { kind: 'method', name: 'getItem', target: array, args: [lit(position)] } : undefined;
  }

  private index(expr: Extract<Expr, { kind: 'index' }>): BuiltinExpr | undefined {
    if (expr.index.kind === 'literal') return this.item(expr.object, expr.index);
    const slice = sliceOf(expr.index);
    if (!slice) return undefined;
    const target = this.match(expr.object);
    if (!target || target.kind === 'literal') return undefined;
    if (slice.step === -1 && slice.start === undefined && slice.stop === undefined) return fn('reverse', target);
    if (slice.step !== undefined || slice.stop === undefined) return undefined;
    const start = slice.start ?? 0;
    return slice.stop > start ? fn('substring', target, lit(start + 1), lit(slice.stop - start)) : undefined;
  }

  private binary(expr: Extract<Expr, { kind: 'binary' }>): BuiltinExpr | undefined {
    if (expr.operator === '+') {
      const parts = flattenPlus(expr);
      if (parts.some((p) => p.kind === 'literal' && p.literalKind === 'string')) return this.concat(parts);
    }
    if (expr.operator === '**') {
      const exponent = numberLiteral(expr.right);
      const base = this.match(expr.left);
      return base && base.kind !== 'literal' && exponent !== undefined ? fn('pow', base, lit(exponent)) : undefined;
    }
    if (!ARITHMETIC.has(expr.operator) && !ORDERING.has(expr.operator)) return undefined;
    // `n * n`: a parameter times itself is a number (Python cannot multiply two strings).
    if (expr.operator === '*' && expr.left.kind === 'name' && expr.right.kind === 'name' && expr.left.id === expr.right.id) {
      const value = this.match(expr.left);
      return value && this.match(expr.right) ? { kind: 'operator', operator: '*', left: value, right: value } : undefined;
    }
    // A number on one side keeps `+` numeric (two parameters could be strings being concatenated).
    const leftNumber = numberLiteral(expr.left);
    const rightNumber = numberLiteral(expr.right);
    if (leftNumber === undefined && rightNumber === undefined) return undefined;
    const left = leftNumber !== undefined ? lit(leftNumber) : this.match(expr.left);
    const right = rightNumber !== undefined ? lit(rightNumber) : this.match(expr.right);
    if (!left || !right || (left.kind === 'literal' && right.kind === 'literal')) return undefined;
    return { kind: 'operator', operator: expr.operator, left, right };
  }

  private concat(parts: Expr[]): BuiltinExpr | undefined {
    const args: BuiltinExpr[] = [];
    for (const part of parts) {
      if (part.kind === 'literal' && part.literalKind === 'string') {
        args.push(fn('lit', lit(String(part.value))));
        continue;
      }
      const value = this.match(part);
      if (!value || value.kind === 'literal') return undefined;
      args.push(value);
    }
    return fn('concat', ...args);
  }
}

function flattenPlus(expr: Expr): Expr[] {
  return expr.kind === 'binary' && expr.operator === '+' ? [...flattenPlus(expr.left), ...flattenPlus(expr.right)] : [expr];
}

function likePattern(receiver: BuiltinExpr, args: Args, pattern: (s: string) => string): BuiltinExpr | undefined {
  const text = stringLiteral(args[0]);
  if (args.length !== 1 || !text || /[%_\\]/.test(text)) return undefined;
  return { kind: 'method', name: 'like', target: receiver, args: [lit(pattern(text))] };
}

function pad(name: 'lpad' | 'rpad', receiver: BuiltinExpr, args: Args): BuiltinExpr | undefined {
  const width = nonNegativeInteger(args[0]);
  const fill = args.length === 2 ? stringLiteral(args[1]) : ' ';
  return width !== undefined && fill?.length === 1 && args.length <= 2 ? fn(name, receiver, lit(width), lit(fill)) : undefined;
}

function stringLiteral(expr: Expr | undefined): string | undefined {
  return expr?.kind === 'literal' && typeof expr.value === 'string' ? expr.value : undefined;
}

function numberLiteral(expr: Expr | undefined): number | undefined {
  if (expr?.kind === 'literal' && typeof expr.value === 'number') return expr.value;
  if (expr?.kind === 'unary' && expr.operator === '-' && expr.operand.kind === 'literal' && typeof expr.operand.value === 'number') return -expr.operand.value;
  return undefined;
}

function nonNegativeInteger(expr: Expr | undefined): number | undefined {
  const value = numberLiteral(expr);
  return value !== undefined && Number.isInteger(value) && value >= 0 ? value : undefined;
}

/**
 * Python slices are lowered to their bounds only (`s[1:3]` and `s[1::3]` look alike), so the shape
 * is read from where the bounds sit in the slice's span: `::-1`, `:n` and `a:b` written without spaces.
 */
function sliceOf(index: Expr): { start?: number; stop?: number; step?: number } | undefined {
  if (index.kind !== 'unknown' || index.span.start.line !== index.span.end.line) return undefined;
  const from = index.span.start.character;
  const to = index.span.end.character;
  const parts = index.children;
  if (parts.some((p) => p.span.start.line !== index.span.start.line)) return undefined;
  const [first, second] = parts;
  if (parts.length === 1 && first) {
    const value = numberLiteral(first);
    const before = first.span.start.character - from;
    if (first.span.end.character !== to || value === undefined) return undefined;
    if (before === 2 && value === -1) return { step: -1 };
    if (before === 1 && Number.isInteger(value) && value > 0) return { stop: value };
    return undefined;
  }
  if (parts.length === 2 && first && second) {
    const start = nonNegativeInteger(first);
    const stop = nonNegativeInteger(second);
    const contiguous = first.span.start.character === from && second.span.end.character === to && second.span.start.character - first.span.end.character === 1;
    return contiguous && start !== undefined && stop !== undefined ? { start, stop } : undefined;
  }
  return undefined;
}

const STRFTIME: Record<string, string> = {
  Y: 'yyyy', y: 'yy', m: 'MM', d: 'dd', H: 'HH', I: 'hh', M: 'mm', S: 'ss', f: 'SSSSSS', p: 'a', b: 'MMM', B: 'MMMM', a: 'EEE', A: 'EEEE', j: 'DDD',
};

/** `%Y-%m-%d` → `yyyy-MM-dd`; undefined for directives without a Java equivalent. */
function javaDatePattern(format: string | undefined): string | undefined {
  if (!format) return undefined;
  let out = '';
  let text = '';
  const flush = () => {
    if (text) out += /[A-Za-z']/.test(text) ? `'${text.replace(/'/g, "''")}'` : text;
    text = '';
  };
  for (let i = 0; i < format.length; i++) {
    const ch = format[i]!;
    if (ch !== '%') {
      text += ch;
      continue;
    }
    const directive = format[++i];
    if (directive === '%') {
      text += '%';
      continue;
    }
    const java = directive !== undefined && Object.hasOwn(STRFTIME, directive) ? STRFTIME[directive] : undefined;
    if (!java) return undefined;
    flush();
    out += java;
  }
  flush();
  return out;
}
