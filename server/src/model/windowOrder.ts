/**
 * What an unpartitioned window's order and frame say it computes. A running or moving aggregate
 * (a frame ending at the current row) and an order by the rows' current position
 * (`monotonically_increasing_id()`, for consecutive row numbers) are defined over the global row
 * order: no partition key gives the same result, so the window is a global computation by intent,
 * not a forgotten `partitionBy`. Neighbour offsets (`lag`/`lead`, a frame like `(-1, -1)`) are left
 * out: over a global order they are the classic missing-key bug. Whether the single task is large
 * depends on the frame; a spec built for a caller's frame is the case where the code cannot know.
 */
import type { Expr, FunctionStmt, Span } from '../syntax/ast';
import { walkStatements } from '../syntax/walk';
import type { FunctionImports, SparkModel, WindowSpecSite } from './types';

export type GlobalOrderWindow = 'running-frame' | 'row-position';

function isCurrentRow(expr: Expr | undefined): boolean {
  if (!expr) return false;
  if (expr.kind === 'literal') return expr.value === 0;
  return expr.kind === 'member' && expr.property === 'currentRow';
}

/** `rowsBetween(start, currentRow)` with a start before the current row: a running or moving aggregate. */
function endsAtCurrentRow(site: WindowSpecSite): boolean {
  const frame = site.chain.steps.filter((s) => s.name === 'rowsBetween' || s.name === 'rangeBetween').at(-1);
  const [start, end] = (frame?.args ?? []).map((a) => a.value);
  return start !== undefined && isCurrentRow(end) && !isCurrentRow(start) && !(start.kind === 'literal' && typeof start.value === 'number' && start.value > 0);
}

/** How an ordered window without partitionBy is a global computation by intent, if its spec shows it. */
export function globalOrderWindow(site: WindowSpecSite, imports: FunctionImports): GlobalOrderWindow | undefined {
  const order = site.chain.steps.filter((s) => s.name === 'orderBy').at(-1);
  const keys = (order?.args ?? []).map((a) => a.value);
  if (keys.length === 0) return undefined;
  if (keys.every((k) => k.kind === 'call' && k.args.length === 0 && imports.isSparkFunction(k.callee, 'monotonically_increasing_id'))) return 'row-position';
  return endsAtCurrentRow(site) ? 'running-frame' : undefined;
}

function contains(outer: Span, inner: Span): boolean {
  const before = (a: Span['start'], b: Span['start']) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}

/**
 * The spec is built in a function that takes its input from a caller (a helper, a method of a
 * library class), not in a script or a `main`: the frame it will run over, and so its size, is the
 * caller's.
 */
export function builtForCallersFrame(site: WindowSpecSite, model: SparkModel): boolean {
  let innermost: FunctionStmt | undefined;
  walkStatements(model.statements, {
    statement(statement) {
      if (statement.kind === 'function' && contains(statement.span, site.span)) innermost = statement;
    },
  });
  if (!innermost || innermost.name === 'main') return false;
  return innermost.params.some((p) => p.name !== 'self' && p.name !== 'cls');
}
