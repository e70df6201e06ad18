/**
 * `writer.write(df)`, `sink.save(df, path)`, `self.output.insert_into(df, "t")`: a method named like a
 * write, called on something that is no Spark value the model knows (a workspace trait whose
 * implementations it cannot choose between, a library's writer object). Such a method writes the
 * DataFrame it is given: one job reading it at the call. Treating the call as a place where the data
 * escapes (read any number of times, later) would hide every cache around it; treating it as no read
 * would make a cache it reads look needless. Any other method of an unknown receiver stays unknown.
 */
import type { Chain, ChainStep } from './types';

/** The first word of a method name that says it writes its argument out (`writeBatch`, `save_table`, `insertInto`, `upsert`). */
const WRITE_VERBS = new Set(['write', 'save', 'insert', 'upsert', 'sink', 'output', 'export']);

/** The words of a method name: `saveAsTable` → save, as, table; `insert_into` → insert, into. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split('_')
    .filter((word) => word.length > 0);
}

/** `write`, `writeBatch`, `save_overwrite_table`, `insertInto`, `persistTo`/`persist_to_delta` (a bare `persist` is Spark's cache). */
export function namesAWrite(method: string): boolean {
  const [first, second] = words(method);
  if (first === undefined) return false;
  return WRITE_VERBS.has(first) || (first === 'persist' && second === 'to');
}

/** A step of a chain whose receiver is no Spark value is such a write: a call, with arguments, of a method named like one. */
export function writesItsArguments(step: ChainStep): boolean {
  return step.args !== undefined && step.args.length > 0 && namesAWrite(step.name);
}

/** How a message names the call: `writer.write`, or the method alone when the receiver is no plain name. */
export function writerCallName(chain: Chain, index: number): string {
  const step = chain.steps[index]!;
  return index === 0 && chain.root.kind === 'name' ? `${chain.root.id}.${step.name}` : step.name;
}
