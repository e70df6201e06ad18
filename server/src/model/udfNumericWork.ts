/**
 * Whether a row-at-a-time Python UDF is element-wise numeric work that a `pandas_udf` runs on whole
 * Arrow batches with numpy: a formula over its parameters built from arithmetic and `math` / numpy
 * functions only (`haversine`, a logistic score, a unit conversion with logs). Such a body
 * carries over almost word for word (`math.sin` → `np.sin`), and numpy computes a batch in compiled
 * loops instead of one Python call per row. Bodies that touch anything else (a dict, a string, a
 * model, a field of a struct) are not judged: what they would gain depends on code we cannot read.
 */
import type { Expr } from '../syntax/ast';
import { bodyOf } from './udfEquivalents';
import type { UdfDefinition } from './types';

const NUMERIC_MODULES: ReadonlySet<string> = new Set(['math', 'np', 'numpy']);

/** Element-wise math functions, by their `math` / numpy name, with the numpy spelling and Spark's built-in of the same work (if any). */
const ELEMENT_WISE: Record<string, { numpy: string; spark?: string }> = {
  sqrt: { numpy: 'sqrt', spark: 'sqrt' }, cbrt: { numpy: 'cbrt', spark: 'cbrt' }, exp: { numpy: 'exp', spark: 'exp' }, expm1: { numpy: 'expm1', spark: 'expm1' },
  exp2: { numpy: 'exp2' }, log: { numpy: 'log', spark: 'log' }, log10: { numpy: 'log10', spark: 'log10' }, log2: { numpy: 'log2', spark: 'log2' },
  log1p: { numpy: 'log1p', spark: 'log1p' }, pow: { numpy: 'power', spark: 'pow' }, power: { numpy: 'power', spark: 'pow' },
  sin: { numpy: 'sin', spark: 'sin' }, cos: { numpy: 'cos', spark: 'cos' }, tan: { numpy: 'tan', spark: 'tan' },
  asin: { numpy: 'arcsin', spark: 'asin' }, arcsin: { numpy: 'arcsin', spark: 'asin' }, acos: { numpy: 'arccos', spark: 'acos' },
  arccos: { numpy: 'arccos', spark: 'acos' }, atan: { numpy: 'arctan', spark: 'atan' }, arctan: { numpy: 'arctan', spark: 'atan' },
  atan2: { numpy: 'arctan2', spark: 'atan2' }, arctan2: { numpy: 'arctan2', spark: 'atan2' }, hypot: { numpy: 'hypot', spark: 'hypot' },
  sinh: { numpy: 'sinh', spark: 'sinh' }, cosh: { numpy: 'cosh', spark: 'cosh' }, tanh: { numpy: 'tanh', spark: 'tanh' },
  radians: { numpy: 'radians', spark: 'radians' }, degrees: { numpy: 'degrees', spark: 'degrees' }, floor: { numpy: 'floor', spark: 'floor' },
  ceil: { numpy: 'ceil', spark: 'ceil' }, fabs: { numpy: 'abs', spark: 'abs' }, abs: { numpy: 'abs', spark: 'abs' },
  erf: { numpy: 'scipy.special.erf' }, erfc: { numpy: 'scipy.special.erfc' }, gamma: { numpy: 'scipy.special.gamma' },
  lgamma: { numpy: 'scipy.special.gammaln' }, copysign: { numpy: 'copysign' }, fmod: { numpy: 'fmod', spark: 'pmod' },
  square: { numpy: 'square' }, sign: { numpy: 'sign', spark: 'signum' },
};
const ARITHMETIC: ReadonlySet<string> = new Set(['+', '-', '*', '/', '//', '%', '**']);

export interface NumericUdfWork {
  /** The math functions the body calls, as written (`math.atan2`), outermost first. */
  calls: string[];
  /** Their numpy spellings, for the rewrite. */
  numpy: string[];
  /** Spark's built-ins of the same work, when every function has one (the formula can stay in the JVM). */
  builtins?: string[];
  /** The calls Spark has no built-in for. */
  withoutBuiltin: string[];
}

/** The numeric work of a row-at-a-time Python UDF that numpy vectorises, or undefined when the body is anything else. */
export function numericUdfWork(udf: UdfDefinition): NumericUdfWork | undefined {
  if (udf.kind === 'pandas_udf' || udf.params.length === 0) return undefined;
  const body = bodyOf(udf);
  if (!body) return undefined;
  const params = new Set(udf.params);
  const calls: string[] = [];
  let usesParameter = false;
  const numeric = (expr: Expr): boolean => {
    switch (expr.kind) {
      case 'name':
        if (params.has(expr.id)) usesParameter = true;
        return true;
      case 'literal':
        return expr.literalKind === 'number';
      case 'binary':
        return ARITHMETIC.has(expr.operator) && numeric(expr.left) && numeric(expr.right);
      case 'unary':
        return (expr.operator === '-' || expr.operator === '+') && numeric(expr.operand);
      case 'call': {
        const callee = expr.callee;
        const plainNumeric = callee.kind === 'name' && (callee.id === 'abs' || callee.id === 'float');
        const moduleCall = callee.kind === 'member' && callee.object.kind === 'name' && NUMERIC_MODULES.has(callee.object.id) && Object.hasOwn(ELEMENT_WISE, callee.property);
        if (!plainNumeric && !moduleCall) return false;
        if (moduleCall) {
          const written = `${(callee.object as { id: string }).id}.${callee.property}`;
          if (!calls.includes(written)) calls.push(written);
        }
        return expr.args.every((arg) => arg.name === undefined && numeric(arg.value));
      }
      default:
        return false;
    }
  };
  if (!numeric(body.expr) || !usesParameter || calls.length === 0) return undefined;
  const entries = calls.map((call) => ELEMENT_WISE[call.slice(call.indexOf('.') + 1)]!);
  const numpy = [...new Set(entries.map((e) => (e.numpy.includes('.') ? e.numpy : `np.${e.numpy}`)))];
  const builtins = entries.every((e) => e.spark !== undefined) ? [...new Set(entries.map((e) => e.spark!))] : undefined;
  const withoutBuiltin = calls.filter((_, i) => entries[i]!.spark === undefined);
  return { calls, numpy, withoutBuiltin, ...(builtins ? { builtins } : {}) };
}
