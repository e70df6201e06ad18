/**
 * Numbers the code writes as constant expressions: `1000`, `-1`, `2 ** 12`, `1L << 20`,
 * `10 * 1000`. Enough to read sizes (`spark.range(2 ** 12)`) and thresholds without running the code.
 */
import type { Expr } from '../syntax/ast';

const OPERATORS: Record<string, (a: number, b: number) => number> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '**': (a, b) => a ** b,
  '<<': (a, b) => a * 2 ** b,
  '//': (a, b) => Math.floor(a / b),
  '/': (a, b) => a / b,
};

export function numberValue(expr: Expr | undefined, depth = 0): number | undefined {
  if (!expr || depth > 16) return undefined;
  if (expr.kind === 'literal') return typeof expr.value === 'number' && Number.isFinite(expr.value) ? expr.value : undefined;
  if (expr.kind === 'unary' && (expr.operator === '-' || expr.operator === '+')) {
    const inner = numberValue(expr.operand, depth + 1);
    return inner === undefined ? undefined : expr.operator === '-' ? -inner : inner;
  }
  if (expr.kind === 'binary') {
    const apply = Object.prototype.hasOwnProperty.call(OPERATORS, expr.operator) ? OPERATORS[expr.operator] : undefined;
    if (!apply) return undefined;
    const left = numberValue(expr.left, depth + 1);
    const right = numberValue(expr.right, depth + 1);
    if (left === undefined || right === undefined) return undefined;
    const value = apply(left, right);
    return Number.isFinite(value) ? value : undefined;
  }
  return undefined;
}
