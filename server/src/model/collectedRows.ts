/**
 * Rows a Spark job brought to the driver: `df.collect()`, `df.take(10)`, `df.head(5)`,
 * `df.collect()[:10]`, `list(df.collect())`, `sorted(rdd.collect())`. They fit in the driver's
 * memory, so a DataFrame rebuilt from them (`spark.createDataFrame(small.collect())`) is small.
 */
import type { Expr } from '../syntax/ast';

const COLLECTING = new Set(['collect', 'take', 'head', 'tail', 'takeOrdered', 'top', 'collectAsList']);
const KEEPING = new Set(['list', 'sorted', 'tuple']);

export function collectedOnDriver(expr: Expr | undefined): boolean {
  if (!expr) return false;
  // `df.collect()[:10]`, `rows[1:]`: part of the collected rows.
  if (expr.kind === 'index') return collectedOnDriver(expr.object);
  if (expr.kind !== 'call') return false;
  if (expr.callee.kind === 'member') return COLLECTING.has(expr.callee.property);
  return expr.callee.kind === 'name' && KEEPING.has(expr.callee.id) && expr.args.length === 1 && collectedOnDriver(expr.args[0]!.value);
}
