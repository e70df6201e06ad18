/**
 * Per-keystroke re-analysis must not rebuild the model of every function in a long file. The
 * lowering cache hands back the very same FunctionStmt object for an unchanged function, so its
 * contribution to the model is kept here, keyed by that object, together with everything it read
 * from outside itself (names, other functions, imports). When all of that reads the same in a
 * new build, the contribution is reused as it is.
 */
import type { FunctionStmt } from '../syntax/ast';
import type { OuterReads } from './scopes';
import type { SparkModel } from './types';

const LISTS = [
  'bindings', 'joins', 'actions', 'writes', 'caches', 'unpersists', 'reads', 'configs', 'windows', 'udfs', 'frameChains', 'frameSteps', 'loopRebindings', 'helperCalls',
] as const;
export type ListName = (typeof LISTS)[number];

export interface FunctionContribution {
  fn: FunctionStmt;
  outerReads: OuterReads;
  /** The file-level facts it depended on (imports, which functions return DataFrames, UDF bodies). */
  fileContext: string;
  lists: { [K in ListName]: SparkModel[K] };
  createsSession: boolean;
}

const contributions = new WeakMap<FunctionStmt, FunctionContribution>();

export function markLists(model: SparkModel): Record<ListName, number> {
  return Object.fromEntries(LISTS.map((name) => [name, model[name].length])) as Record<ListName, number>;
}

export function remember(fn: FunctionStmt, model: SparkModel, marks: Record<ListName, number>, outerReads: OuterReads, fileContext: string, createsSession: boolean): void {
  if (outerReads.touchedOuterData) return;
  const lists = Object.fromEntries(LISTS.map((name) => [name, model[name].slice(marks[name])])) as FunctionContribution['lists'];
  contributions.set(fn, { fn, outerReads, fileContext, lists, createsSession });
}

/** The function's contribution as last remembered (for callers that attach results to it). */
export function contributionOf(fn: FunctionStmt): FunctionContribution | undefined {
  return contributions.get(fn);
}

export function recall(fn: FunctionStmt, fileContext: string): FunctionContribution | undefined {
  const found = contributions.get(fn);
  return found && found.fileContext === fileContext ? found : undefined;
}

/**
 * A model made of `base` plus the replayed contributions: the whole file's model. Each list is
 * joined on first read only: per keystroke, just the few lists the file-wide rules read are built.
 */
export function withContributions(base: SparkModel, replayed: readonly FunctionContribution[]): SparkModel {
  if (replayed.length === 0) return base;
  const whole: SparkModel = { ...base, createsSession: base.createsSession || replayed.some((c) => c.createsSession) };
  partsOf.set(whole, { base, replayed });
  for (const name of LISTS) {
    let joined: unknown[] | undefined;
    Object.defineProperty(whole, name, {
      enumerable: true,
      get() {
        if (!joined) {
          joined = [...(base[name] as unknown[])];
          for (const contribution of replayed) for (const item of contribution.lists[name] as unknown[]) joined.push(item);
        }
        return joined;
      },
    });
  }
  return whole;
}

/** The parts a whole model was joined from by withContributions. */
const partsOf = new WeakMap<SparkModel, { base: SparkModel; replayed: readonly FunctionContribution[] }>();

/**
 * What `derive` finds in one of the model's lists, part by part (what was built afresh, then each
 * reused function): a reused function's part is remembered in `memo`, so per keystroke only what
 * was built afresh is looked at again, and the whole list is not joined. `derive` must read only
 * what an item holds when it is made (its steps, names, spans), nothing later statements add.
 */
export function derivedPerPart<K extends ListName, T>(model: SparkModel, list: K, memo: WeakMap<FunctionContribution, readonly T[]>, derive: (items: SparkModel[K]) => readonly T[]): T[] {
  const parts = partsOf.get(model);
  if (!parts) return [...derive(model[list])];
  const all = [...derive(parts.base[list])];
  for (const contribution of parts.replayed) {
    let found = memo.get(contribution);
    if (!found) memo.set(contribution, (found = derive(contribution.lists[list] as SparkModel[K])));
    for (const item of found) all.push(item);
  }
  return all;
}

const ids = new WeakMap<object, number>();
let nextIdentity = 1;

/** A number that stays with an object (a lowered statement) for as long as it lives. */
export function identity(node: object): number {
  let id = ids.get(node);
  if (id === undefined) {
    id = nextIdentity++;
    ids.set(node, id);
  }
  return id;
}
