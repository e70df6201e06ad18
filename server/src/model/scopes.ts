import type { Span } from '../syntax/ast';
import type { Binding, BranchStep, LoopContext, ScopeInfo } from './types';

/** A lexical scope: module, class body, function or lambda. */
export class Scope {
  readonly names = new Map<string, Binding>();
  /** Names bound to literal sequences (`rows = [(...), (...)]`), for createDataFrame size hints. */
  readonly literalSequences = new Map<string, number>();
  /** Names assigned something that is plainly not Spark (`store = Store()`, `cols = [...]`). */
  readonly plainNames = new Set<string>();

  constructor(
    readonly info: ScopeInfo,
    readonly parent?: Scope,
  ) {}

  lookup(name: string): Binding | undefined {
    return this.names.get(name) ?? this.parent?.lookup(name);
  }

  /** Whether the nearest scope that assigns `name` gave it a plainly non-Spark value. */
  isPlain(name: string): boolean {
    if (this.names.has(name)) return false;
    return this.plainNames.has(name) || (this.parent?.isPlain(name) ?? false);
  }

  lookupSequenceLength(name: string): number | undefined {
    return this.literalSequences.get(name) ?? this.parent?.lookupSequenceLength(name);
  }
}

/** Where the walk currently is: scope, enclosing loops and branches, source order. */
export class WalkPosition {
  scope: Scope;
  loops: LoopContext[] = [];
  branches: BranchStep[] = [];
  order = 0;
  private nextId = 1;

  constructor(fileSpan: Span) {
    this.scope = new Scope({ id: 0, name: '<module>', span: fileSpan });
  }

  id(): number {
    return this.nextId++;
  }

  withScope<T>(name: string, span: Span, body: () => T): T {
    const saved = this.scope;
    this.scope = new Scope({ id: this.id(), name, span }, saved);
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
