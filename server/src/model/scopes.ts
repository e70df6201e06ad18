import type { Span } from '../syntax/ast';
import { UNKNOWN_EXTENT, type LoopExtent } from './loopExtent';
import type { Binding, BranchStep, FrameValue, LoopContext, ScopeInfo } from './types';

/** Ids are unique across builds, so parts of a model reused from an earlier build never collide. */
let nextId = 1;

/**
 * Everything a function's analysis read from outside itself. A function whose outside reads come
 * out the same in a later build contributes exactly the same model parts, so they can be reused.
 */
export class OuterReads {
  readonly entries = new Map<string, string>();
  /** Set when the function used a DataFrame from outside: its uses live on the outer binding. */
  touchedOuterData = false;

  /** The entries split into kind and name once: reused functions are checked on every keystroke. */
  private split: Array<{ kind: string; name: string; value: string }> | undefined;

  record(key: string, value: string): void {
    this.entries.set(key, value);
    this.split = undefined;
  }

  /** Each read as its kind (`name`, `extent`, …), the name read, and what it was then. */
  reads(): ReadonlyArray<{ kind: string; name: string; value: string }> {
    this.split ??= [...this.entries].map(([key, value]) => {
      const colon = key.indexOf(':');
      return { kind: key.slice(0, colon), name: key.slice(colon + 1), value };
    });
    return this.split;
  }
}

export function describeBinding(binding: Binding | undefined): string {
  return binding ? `${binding.value.kind}:${binding.value.origin ?? ''}` : '-';
}

/** A lexical scope: module, class body, function or lambda. */
export class Scope {
  /** Set on the scope of a top-level function whose outside reads are being recorded. */
  outerReads?: OuterReads;

  readonly names = new Map<string, Binding>();
  /** Names bound to literal sequences (`rows = [(...), (...)]`), for createDataFrame size hints. */
  readonly literalSequences = new Map<string, number>();
  /** Python names holding a list built on the driver (a comprehension, or a literal list filled in place). */
  readonly driverCollections = new Set<string>();
  /** Names holding a list of DataFrames built by a comprehension (`parts = [df.where(...) for c in cs]`): what each element is. */
  readonly frameElements = new Map<string, FrameValue>();
  /** Names assigned something that is plainly not Spark (`store = Store()`, `cols = [...]`). */
  readonly plainNames = new Set<string>();
  /** How many items the collection a name holds has, as far as its assignment shows (`cols = df.columns`). */
  readonly collectionExtents = new Map<string, LoopExtent>();
  /** Names this scope declares (`val`/`var`, parameters); in a class body, its fields. */
  readonly declared = new Set<string>();
  /** The parameters of a function scope. */
  readonly parameters = new Set<string>();
  /** Set on class and object bodies. */
  isClassBody = false;
  /** Names bound to string templates (`query = f"SELECT …"`), for the SQL passed to spark.sql(query). */
  readonly stringConstants = new Map<string, string>();
  /** Names assigned an object the code constructs (`r = Reporter()`, `val r = new Reporter(conf)`): the class, or null when this scope assigns the name anything else. */
  readonly instances = new Map<string, string | null>();
  /** Names some assignment of this scope gives an object the code constructs, whatever else it assigns them (writerCalls.ts). */
  readonly constructedNames = new Set<string>();

  constructor(
    readonly info: ScopeInfo,
    readonly parent?: Scope,
  ) {}

  lookup(name: string): Binding | undefined {
    const own = this.names.get(name);
    if (own || !this.parent) return own;
    const outer = this.parent.lookup(name);
    if (this.outerReads) {
      this.outerReads.record(`name:${name}`, describeBinding(outer));
      if (outer && (outer.value.kind === 'dataframe' || outer.value.kind === 'rdd' || outer.value.kind === 'window')) this.outerReads.touchedOuterData = true;
    }
    return outer;
  }

  /** Whether the nearest scope that assigns `name` gave it a plainly non-Spark value. */
  isPlain(name: string): boolean {
    if (this.names.has(name)) return false;
    if (this.plainNames.has(name)) return true;
    const outer = this.parent?.isPlain(name) ?? false;
    this.outerReads?.record(`plain:${name}`, String(outer));
    return outer;
  }

  /** Names whose collection this scope's code changes in place (`cols.append(c)`, `fields += f`). */
  private changedInPlace: ReadonlySet<string> = new Set();

  changeInPlace(names: ReadonlySet<string>): void {
    this.changedInPlace = names;
  }

  lookupExtent(name: string): LoopExtent | undefined {
    const own = this.collectionExtents.get(name);
    // What a changed collection was first assigned says nothing of its length.
    if (own !== undefined) return this.changedInPlace.has(name) ? UNKNOWN_EXTENT : own;
    if (!this.parent) return own;
    const outer = this.parent.lookupExtent(name);
    this.outerReads?.record(`extent:${name}`, JSON.stringify(outer ?? null));
    return outer;
  }

  /**
   * Whether a Scala assignment `name = …` without val/var writes a field: the name is declared in a
   * class body, or nowhere in the file's scopes (a field inherited from a trait or parent class).
   */
  assignsField(name: string): boolean {
    if (this.declared.has(name)) return this.isClassBody;
    const outer = this.parent ? this.parent.assignsField(name) : true;
    this.outerReads?.record(`field:${name}`, String(outer));
    return outer;
  }

  /** The class of the object the nearest scope assigning `name` constructed there (constructedReceivers.ts). */
  lookupInstance(name: string): string | undefined {
    if (this.names.has(name) || this.parameters.has(name)) return undefined;
    const own = this.instances.get(name);
    if (own !== undefined || !this.parent) return own ?? undefined;
    const outer = this.parent.lookupInstance(name);
    this.outerReads?.record(`instance:${name}`, String(outer));
    return outer;
  }

  /** The nearest scope assigning `name` gives it, in one of its assignments, an object the code constructs. */
  holdsConstructedObject(name: string): boolean {
    if (this.constructedNames.has(name)) return true;
    if (this.instances.has(name) || this.names.has(name) || this.parameters.has(name) || !this.parent) return false;
    const outer = this.parent.holdsConstructedObject(name);
    this.outerReads?.record(`constructed:${name}`, String(outer));
    return outer;
  }

  lookupString(name: string): string | undefined {
    if (this.names.has(name)) return undefined;
    const own = this.stringConstants.get(name);
    if (own !== undefined || !this.parent) return own;
    const outer = this.parent.lookupString(name);
    this.outerReads?.record(`string:${name}`, String(outer));
    return outer;
  }

  /** Whether `name` holds a list built on the driver: a comprehension, or a literal list the code fills in place. */
  lookupDriverCollection(name: string): boolean {
    if (this.driverCollections.has(name)) return true;
    if (this.literalSequences.has(name)) return this.changedInPlace.has(name);
    if (this.names.has(name) || !this.parent) return false;
    const outer = this.parent.lookupDriverCollection(name);
    this.outerReads?.record(`driver:${name}`, String(outer));
    return outer;
  }

  lookupSequenceLength(name: string): number | undefined {
    const own = this.literalSequences.get(name);
    // `rows = []` then `rows.append(...)`: what it was first assigned says nothing of its length.
    if (own !== undefined) return this.changedInPlace.has(name) ? undefined : own;
    if (!this.parent) return own;
    const outer = this.parent.lookupSequenceLength(name);
    this.outerReads?.record(`sequence:${name}`, String(outer));
    return outer;
  }
}

/** Where the walk currently is: scope, enclosing loops and branches, source order. */
export class WalkPosition {
  scope: Scope;
  loops: LoopContext[] = [];
  branches: BranchStep[] = [];
  order = 0;

  constructor(fileSpan: Span) {
    this.scope = new Scope({ id: 0, name: '<module>', span: fileSpan });
  }

  id(): number {
    return nextId++;
  }

  withScope<T>(name: string, span: Span, body: () => T, outerReads?: OuterReads): T {
    const saved = this.scope;
    this.scope = new Scope({ id: this.id(), name, span }, saved);
    this.scope.outerReads = outerReads;
    try {
      return body();
    } finally {
      this.scope = saved;
    }
  }

  withLoop<T>(loop: Omit<LoopContext, 'id'>, body: (loop: LoopContext) => T): T {
    const context: LoopContext = { id: this.id(), ...loop };
    this.loops = [...this.loops, context];
    try {
      return body(context);
    } finally {
      this.loops = this.loops.slice(0, -1);
    }
  }

  withBranch<T>(ifId: number, branch: number, body: () => T): T {
    const saved = this.branches;
    this.branches = [...saved, { ifId, branch }];
    try {
      return body();
    } finally {
      this.branches = saved;
    }
  }
}
