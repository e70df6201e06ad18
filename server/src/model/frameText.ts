/**
 * Calls that turn their arguments into text: `print(df)`, `str(df)`, `repr(df)`, Scala
 * `println(df)`. A DataFrame's `toString` / `__repr__` is its schema (`DataFrame[id: bigint]`),
 * an RDD's its lineage name: no job runs, and the text keeps no reference to the data. A job in
 * an argument (`print(df.count())`) still runs.
 */
import type { Language } from '../syntax/ast';

const TEXT_CALLS: Record<Language, ReadonlySet<string>> = {
  python: new Set(['print', 'str', 'repr']),
  scala: new Set(['println', 'print']),
};

/** Whether a call of the free function `name` only makes text of its arguments. */
export function makesTextOfArguments(name: string, language: Language): boolean {
  return TEXT_CALLS[language]?.has(name) ?? false;
}
