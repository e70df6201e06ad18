/**
 * Per-keystroke re-analysis must not rebuild the model of every function in a long file. The
 * lowering cache hands back the very same FunctionStmt object for an unchanged function, so its
 * contribution to the model is kept here, keyed by that object, together with everything it read
 * from outside itself (names, other functions, imports). When all of that reads the same in a
 * new build, the contribution is reused as it is.
 */
import type { FunctionStmt, Stmt } from '../syntax/ast';
import { Interner } from '../common/interned';
import type { OuterReads } from './scopes';
import type { SparkModel } from './types';

const LISTS = [
  'bindings', 'joins', 'actions', 'writes', 'caches', 'unpersists', 'reads', 'configs', 'windows', 'udfs', 'frameChains', 'frameSteps', 'loopRebindings', 'helperCalls', 'cacheArrivals', 'parameterCaches', 'tempViews', 'sqlQueries',
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

/** The last marks made per model: unchanged list lengths share them (read only). */
const lastMarks = new WeakMap<SparkModel, Readonly<Record<ListName, number>>>();

/**
 * The length of each of the model's lists. Once per top-level function per keystroke, and a
 * replayed function adds nothing to the lists: consecutive reused functions share one object.
 */
export function markLists(model: SparkModel): Readonly<Record<ListName, number>> {
  const last = lastMarks.get(model);
  if (last && LISTS.every((name) => last[name] === model[name].length)) return last;
  const marks = {} as Record<ListName, number>;
  for (const name of LISTS) marks[name] = model[name].length;
  lastMarks.set(model, marks);
  return marks;
}

export function remember(fn: FunctionStmt, model: SparkModel, marks: Readonly<Record<ListName, number>>, outerReads: OuterReads, fileContext: string, createsSession: boolean): void {
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

/** A reused function's contribution, and where it goes: the length of each of the fresh model's lists when the function was reached. */
export interface Replayed {
  contribution: FunctionContribution;
  at: Readonly<Record<ListName, number>>;
}

/**
 * A model made of `base` plus the replayed contributions: the whole file's model, each list in the
 * order a fresh build makes it (a reused function's items where the function is). Each list is
 * joined on first read only: per keystroke, just the few lists the file-wide rules read are built.
 */
export function withContributions(base: SparkModel, replayed: readonly Replayed[]): SparkModel {
  if (replayed.length === 0) return base;
  const whole: SparkModel = { ...base, createsSession: base.createsSession || replayed.some((r) => r.contribution.createsSession) };
  partsOf.set(whole, { base, replayed });
  for (const name of LISTS) {
    let joined: unknown[] | undefined;
    Object.defineProperty(whole, name, {
      enumerable: true,
      get() {
        joined ??= joinInOrder(base[name], replayed, name);
        return joined;
      },
    });
  }
  return whole;
}

/** `base` with each replayed contribution's items of list `name` inserted before base item `at` (in order of `at`). */
function joinInOrder(base: readonly unknown[], replayed: readonly Replayed[], name: ListName): unknown[] {
  const joined: unknown[] = [];
  let from = 0;
  for (const { contribution, at } of replayed) {
    for (; from < at[name]; from++) joined.push(base[from]!);
    for (const item of contribution.lists[name] as readonly unknown[]) joined.push(item);
  }
  for (; from < base.length; from++) joined.push(base[from]!);
  return joined;
}

/** The parts a whole model was joined from by withContributions. */
const partsOf = new WeakMap<SparkModel, { base: SparkModel; replayed: readonly Replayed[] }>();

/**
 * What `derive` finds in one of the model's lists, part by part (what was built afresh between
 * reused functions, and each reused function), in the order of the joined list: a reused
 * function's part is remembered in `memo`, so per keystroke only what was built afresh is looked
 * at again, and the whole list is not joined. `derive` must read only what an item holds when it
 * is made (its steps, names, spans), nothing later statements add.
 */
export function derivedPerPart<K extends ListName, T>(model: SparkModel, list: K, memo: WeakMap<FunctionContribution, readonly T[]>, derive: (items: SparkModel[K]) => readonly T[]): T[] {
  const parts = partsOf.get(model);
  if (!parts) return [...derive(model[list])];
  const base = parts.base[list];
  const all: T[] = [];
  let from = 0;
  for (const { contribution, at } of parts.replayed) {
    // Most reused functions follow one another with nothing built afresh between them: nothing is derived (or made) then.
    if (at[list] > from) for (const item of derive(base.slice(from, at[list]) as SparkModel[K])) all.push(item);
    from = Math.max(from, at[list]);
    let found = memo.get(contribution);
    if (!found) memo.set(contribution, (found = derive(contribution.lists[list] as SparkModel[K])));
    for (const item of found) all.push(item);
  }
  if (base.length > from) for (const item of derive(base.slice(from) as SparkModel[K])) all.push(item);
  return all;
}

/** What a build's file context is made of (see fileContextOf). */
export interface FileContextParts {
  /** The file's top-level import statements. */
  imports: readonly Stmt[];
  /** Functions of the file known to return DataFrames. */
  framesReturning: ReadonlySet<string>;
  /** Names the file uses but never binds that its code shows to be Spark values, with their kind. */
  freeFrames: ReadonlyMap<string, string>;
  /** What each function shows of its parameters (`f.x:dataframe`): one list per function. */
  parameters: ReadonlyArray<readonly string[]>;
}

/** Each reused function's remembered file context is compared with the new one per keystroke (see Interner). */
const fileContexts = new Interner(64);
/** The last file context made, and what from. */
let lastFileContext: { parts: FileContextParts; value: string } | undefined;

/**
 * The file-level facts a function's contribution depends on, as one interned string. Typing inside
 * a function leaves them as they were: then they are compared, not written out and sorted again.
 */
export function fileContextOf(parts: FileContextParts): string {
  if (lastFileContext && sameFileContext(lastFileContext.parts, parts)) return lastFileContext.value;
  const byUse = [...[...parts.freeFrames].map(([name, kind]) => `${name}:${kind}`), ...parts.parameters.flat()].sort().join(',');
  const value = fileContexts.of(`${parts.imports.map(identity).join(',')}|${[...parts.framesReturning].sort().join(',')}|${byUse}`);
  lastFileContext = { parts: { ...parts, framesReturning: new Set(parts.framesReturning), freeFrames: new Map(parts.freeFrames) }, value };
  return value;
}

function sameFileContext(a: FileContextParts, b: FileContextParts): boolean {
  if (!sameItems(a.imports, b.imports) || a.parameters.length !== b.parameters.length) return false;
  // The edited function's list is made afresh: compared name by name.
  for (let i = 0; i < a.parameters.length; i++) if (a.parameters[i] !== b.parameters[i] && !sameItems(a.parameters[i]!, b.parameters[i]!)) return false;
  if (a.framesReturning.size !== b.framesReturning.size || a.freeFrames.size !== b.freeFrames.size) return false;
  for (const name of b.framesReturning) if (!a.framesReturning.has(name)) return false;
  for (const [name, kind] of b.freeFrames) if (a.freeFrames.get(name) !== kind) return false;
  return true;
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
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
