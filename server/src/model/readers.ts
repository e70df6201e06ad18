import type { Expr } from '../syntax/ast';
import { argument } from './chains';
import { stringTemplate } from './sqlText';
import { READER_TERMINALS } from './sparkApi';
import type { ChainStep, ReadSite } from './types';

/** A reader option's value that switches it on: `True`, `true` or the string "true". */
export function isTrueOption(value: unknown): boolean {
  return value === true || (typeof value === 'string' && value.trim().toLowerCase() === 'true');
}

/** Records what one reader step (`format`, `option`, `options`, `schema`, the terminal) says. */
export function readReaderStep(reader: Pick<ReadSite, 'format' | 'options' | 'hasSchema'>, step: ChainStep): void {
  const put = (key: string, value: Expr) => reader.options.set(key.toLowerCase(), { value: value.kind === 'literal' ? value.value : undefined, span: value.span, text: stringTemplate(value) });
  if (step.name === 'format') {
    const format = argument(step, 0, 'source');
    if (format?.kind === 'literal' && typeof format.value === 'string') reader.format = format.value;
  } else if (step.name === 'option') {
    const key = argument(step, 0, 'key');
    const value = argument(step, 1, 'value');
    if (key?.kind === 'literal' && typeof key.value === 'string' && value) put(key.value, value);
  } else if (step.name === 'options') {
    const map = step.args?.[0]?.value;
    if (map?.kind === 'mapping') {
      for (const entry of map.entries) if (entry.key.kind === 'literal' && typeof entry.key.value === 'string') put(entry.key.value, entry.value);
    }
    for (const arg of step.args ?? []) if (arg.name) put(arg.name, arg.value);
  } else if (step.name === 'schema') {
    reader.hasSchema = true;
  } else if (READER_TERMINALS.has(step.name)) {
    reader.format ??= step.name;
    for (const arg of step.args ?? []) {
      if (arg.name === 'schema') reader.hasSchema = true;
      else if (arg.name) put(arg.name, arg.value);
    }
  }
}

/**
 * A spec refined from a named spec (`w.orderBy(...)` after `w = Window.partitionBy(...)`) inherits
 * its steps; the last `partitionBy` wins, as in Spark.
 */
