import type { ClassStmt, Expr, FunctionStmt, LoweredFile, Span, Stmt } from '../syntax/ast';
import { SpanMap } from './spanMap';
import { extentOf, type LoopExtent } from './loopExtent';
import { resolveImports } from './imports';
import { identity, type FunctionContribution, type Replayed } from './functionReuse';
import { OuterReads, type Scope, WalkPosition } from './scopes';
import type { ActionSite, Binding, FunctionImports, ChainStep, FrameKind, FrameValue, LoopContext, SparkModel, Use, UseKind, WindowSpecSite } from './types';
import type { FunctionTable } from './udfs';
import { lambdasByName } from './udfBodies';
import { evidenceContext, type EvidenceContext, type UsedKind } from './frameEvidence';

/** What happens to the value of the expression being visited. */
export type Fate = 'result' | 'executed' | 'escape' | 'discard';

export interface PendingUse {
  use: Use;
  fate: Fate;
}

/**
 * What the model builder knows while it walks a file: the model so far, where it is (scope, loops,
 * branches), pending uses of the current statement, and the bookkeeping for reusing unchanged
 * functions. The walking itself is in chainSemantics.ts (method chains) and builder.ts (statements).
 */
export class ModelState {
  protected readonly model: SparkModel;
  protected readonly position: WalkPosition;
  protected functions = new Map<string, FunctionStmt>();
  protected framesReturningFunctions = new Set<string>();
  /** Function names defined more than once in the file (methods of different classes): a call cannot tell which. */
  protected ambiguousFunctions = new Set<string>();
  /** Classes and objects of the file: `Helpers.load(spark)` calls one of its functions. */
  protected classNames = new Set<string>();
  /** Classes by name, when the name is defined once; and the class each method belongs to. */
  protected classes = new Map<string, ClassStmt | undefined>();
  protected classOf = new Map<FunctionStmt, ClassStmt>();
  /** The class whose body is being visited (or whose method is being summarised). */
  protected enclosingClass: ClassStmt | undefined;
  protected readonly actionsBySpan = new SpanMap<ActionSite>();
  protected readonly windowSites = new Map<FrameValue, WindowSpecSite>();
  protected pending: PendingUse[] = [];
  protected statement: Stmt | undefined;
  /** The outside reads of the top-level function being visited, if any. */
  protected outerReads: OuterReads | undefined;
  protected readonly reusableScopes = new Set<number>();
  /** Unchanged functions reused as they were, with where their parts go in the model's lists. */
  readonly replayed: Replayed[] = [];
  readonly rebuilt: FunctionContribution[] = [];
  /** Lambdas that are loop bodies (`names.foreach { n => ... }`, folds): they run in place. */
  protected readonly inlineScopes = new Set<number>();
  /** Per scope, names assigned a value we do not follow, with the loops around that assignment. */
  protected readonly opaqueAssignments = new Map<number, Map<string, LoopContext[]>>();
  protected fileContext = '';
  /** What the file's imports say about names (Spark's `col`, another library's frames), for knowing frames by use. */
  protected evidenceContext: EvidenceContext;
  /** Names the file never binds that its code shows to be DataFrames or RDDs (a notebook's `df`). */
  protected freeFramesByUse: ReadonlyMap<string, UsedKind> = new Map();
  /** `udf(normalise)` reads another function's body: a dependency of the function that does it. */
  protected readonly functionTable: FunctionTable = {
    get: (name) => {
      const fn = this.functions.get(name);
      this.outerReads?.record(`function:${name}`, fn ? String(identity(fn)) : '-');
      return fn;
    },
    lambda: (name) => {
      const lambda = lambdasByName(this.file.statements).get(name);
      this.outerReads?.record(`lambda:${name}`, lambda ? String(identity(lambda)) : '-');
      return lambda;
    },
  };

  /** `imports`: already resolved for this file (a summary's build of one of its functions). */
  constructor(protected readonly file: LoweredFile, imports?: FunctionImports) {
    const fileSpan: Span = { start: { line: 0, character: 0 }, end: file.statements.at(-1)?.span.end ?? { line: 0, character: 0 } };
    this.position = new WalkPosition(fileSpan);
    this.model = {
      language: file.language,
      statements: file.statements,
      imports: imports ?? resolveImports(file.language, file.statements),
      bindings: [], joins: [], actions: [], writes: [], caches: [], unpersists: [], reads: [], configs: [], windows: [], udfs: [],
      frameChains: [], frameSteps: [], loopRebindings: [], helperCalls: [], cacheArrivals: [], parameterCaches: [], tempViews: [], sqlQueries: [], createsSession: false, syntaxErrors: file.syntaxErrors,
    };
    this.evidenceContext = evidenceContext(file.language, file.statements);
  }

  protected withStatement(statement: Stmt, body: () => void): void {
    const saved = this.statement;
    // A statement inside a lambda body settles its own uses only: the enclosing statement's wait for its result.
    const enclosingPending = this.pending;
    this.pending = [];
    this.statement = statement;
    this.position.order++;
    try {
      body();
    } finally {
      this.statement = saved;
      this.pending = [...enclosingPending, ...this.pending];
    }
  }

  /** `origin`: 'parameter' when typed or filled by a caller; KNOWN_BY_USE when only the code's use of the name shows it. */
  protected bindParameter(name: string, kind: FrameKind, span: Span, statement: Stmt, origin = 'parameter'): Binding {
    const value: FrameValue = { kind, steps: [], inputs: [], origin, span };
    const binding = this.newBinding(name, value, statement, span, span, true);
    return binding;
  }

  protected newBinding(name: string, value: FrameValue, statement: Stmt, span: Span, valueSpan: Span, isParameter: boolean): Binding {
    const binding: Binding = {
      name, value, statement, span, valueSpan, isParameter,
      loops: this.position.loops, branches: this.position.branches, order: this.position.order, uses: [], scope: this.position.scope.info,
    };
    this.position.scope.names.set(name, binding);
    if (value.kind === 'dataframe' || value.kind === 'rdd') this.model.bindings.push(binding);
    return binding;
  }

  protected recordUse(binding: Binding, kind: UseKind, span: Span, fate: Fate): Use {
    const crossesScope = this.crossesScope(binding);
    const use: Use = {
      binding, kind: crossesScope && kind !== 'action' && kind !== 'write' ? 'escape' : kind, span, statement: this.statement!,
      loops: this.position.loops, branches: this.position.branches, order: this.position.order, executed: false,
    };
    binding.uses.push(use);
    this.pending.push({ use, fate });
    return use;
  }

  /** A use in another function may run any number of times, or never; one in a loop-body lambda runs here. */
  protected crossesScope(binding: Binding): boolean {
    for (let scope: Scope | undefined = this.position.scope; scope; scope = scope.parent) {
      if (scope.info.id === binding.scope.id) return false;
      if (!this.inlineScopes.has(scope.info.id)) return true;
    }
    return true;
  }

  protected site(): { order: number; scopeId: number } {
    return { order: this.position.order, scopeId: this.position.scope.info.id };
  }

  /** How many items iterating `expr` visits, as far as the code shows. */
  protected extentOf(expr: Expr): LoopExtent {
    return extentOf(expr, { extentOfName: (name) => this.position.scope.lookupExtent(name) });
  }

  protected recordAction(frame: FrameValue, step: ChainStep): void {
    const action: ActionSite = { name: step.name, frame, step, statement: this.statement!, loops: this.position.loops, ...this.site() };
    this.model.actions.push(action);
    this.actionsBySpan.set(step.span, action);
  }

}
