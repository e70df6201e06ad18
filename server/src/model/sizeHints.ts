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

/** The tables a size hint rests on: it holds only if every one of them is known small. */
export function tablesOf(hint: SizeHint): string[] {
  const tables: string[] = [];
  everyTableOf(hint, (table) => tables.push(table) > 0);
  return tables;
}

/** Whether `test` holds for every table the hint rests on, without making their list (every join side asks per keystroke). */
export function everyTableOf(hint: SizeHint, test: (table: string) => boolean): boolean {
  switch (hint.kind) {
    case 'table':
      return test(hint.table);
    case 'returned':
    case 'field':
    case 'small-side-keys':
      return everyTableOf(hint.inner, test);
    case 'combined':
      // A loop, not a closure over `test`: that would make every call allocate a context.
      for (const side of hint.sides) if (!everyTableOf(side, test)) return false;
      return true;
    case 'jdbc':
      return hint.tables.every(test);
    default:
      return true;
  }
}

/** A join or union of sides that are all small is small (a join of small sides has at most their product of rows, and in practice far fewer). */
export function combinedHint(method: string, sides: ReadonlyArray<SizeHint | undefined>, span: SizeHint['span']): SizeHint | undefined {
  if (sides.length < 2 || sides.some((side) => side === undefined)) return undefined;
  return { kind: 'combined', method, sides: sides as SizeHint[], span };
}

/** Of two reasons a value may be small, the one that rests on more tables: it holds only if settings list them. */
export function lessCertainHint(a: SizeHint, b: SizeHint): SizeHint {
  return tablesOf(b).length > tablesOf(a).length ? b : a;
}
