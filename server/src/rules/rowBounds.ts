/** The model's row-bound verdict with the user's settings (which tables are small) applied. */
import { inputRowBound, rowBound, type RowBound } from '../model/rowBound';
import type { FrameValue, SparkModel } from '../model/types';
import { matchesAnyGlob } from '../common/globs';
import type { RuleSettings } from './types';

export type { RowBound };

/** A function giving the row bound of values of `model`. */
export function rowBounds(model: SparkModel, settings: RuleSettings): (value: FrameValue | undefined) => RowBound {
  const context = { model, isSmallTable: (table: string) => matchesAnyGlob(table, settings.smallTables) };
  return (value) => rowBound(value, context);
}

/** A function giving the bound of what values of `model` read (their sources and join inputs). */
export function inputRowBounds(model: SparkModel, settings: RuleSettings): (value: FrameValue | undefined) => RowBound {
  const context = { model, isSmallTable: (table: string) => matchesAnyGlob(table, settings.smallTables) };
  return (value) => inputRowBound(value, context);
}
