/**
 * PySpark's `df[["a", "b"]]` (a list or tuple index) is `df.select("a", "b")`: DataFrame.__getitem__ selects the
 * listed columns. (`df["a"]` is a Column, `df[cond]` a filter; neither is read as a projection here.)
 */
import type { Expr } from '../syntax/ast';
import type { Chain } from './types';

type IndexExpr = Extract<Expr, { kind: 'index' }>;

/** The `select` chain an index expression stands for, when its index is a list or tuple of columns. */
export function projectionOfIndex(expr: IndexExpr): Chain | undefined {
  if (expr.index.kind !== 'sequence' || expr.index.items.length === 0) return undefined;
  const args = expr.index.items.map((item) => ({ value: item, span: item.span }));
  const step = { name: 'select', args, span: expr.span, nameSpan: expr.index.span, tailSpan: { start: expr.object.span.end, end: expr.span.end } };
  return { root: expr.object, steps: [step], span: expr.span };
}
