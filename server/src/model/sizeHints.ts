import { argument } from './chains';
import { numberValue } from './constants';
import { SIZE_PRESERVING } from './sparkApi';
import type { ChainStep, SizeHint } from './types';

export const SMALL_RANGE_ROWS = 1_000_000;
export const SMALL_LIMIT_ROWS = 10_000;

/** `spark.range(n)` / `spark.range(a, b)` with literal bounds. */
export function rangeHint(step: ChainStep): SizeHint | undefined {
  const first = numberValue(argument(step, 0, 'start'));
  const second = numberValue(argument(step, 1, 'end'));
  const rows = second === undefined ? first : first === undefined ? undefined : second - first;
  return rows !== undefined && rows <= SMALL_RANGE_ROWS ? { kind: 'range', rows, span: step.span } : undefined;
}

export function limitHint(step: ChainStep): SizeHint | undefined {
  const rows = numberValue(argument(step, 0, 'num'));
  return rows !== undefined && rows <= SMALL_LIMIT_ROWS ? { kind: 'limit', rows, span: step.span } : undefined;
}

export function tableHint(step: ChainStep): SizeHint | undefined {
  const table = argument(step, 0, 'tableName');
  return table?.kind === 'literal' && typeof table.value === 'string' ? { kind: 'table', table: table.value, span: step.span } : undefined;
}

export function literalRowsHint(rows: number, span: SizeHint['span']): SizeHint {
  return { kind: 'literal-rows', rows, span };
}

/** A size hint survives only transformations that cannot make the data larger. */
export function propagateHint(hint: SizeHint | undefined, step: ChainStep): SizeHint | undefined {
  if (step.name === 'limit') return limitHint(step) ?? hint;
  return hint && SIZE_PRESERVING.has(step.name) ? hint : undefined;
}
