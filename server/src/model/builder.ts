import type { AssignStmt, Expr, FunctionStmt, LambdaExpr, LoweredFile, Span, Stmt } from '../syntax/ast';
import { argument, isChainExpression, spanKey, toChain } from './chains';
import { configFromSqlSet, configFromStep } from './configs';
import { resolveImports } from './imports';
import { isBroadcastWrapped, joinKeys, readJoinArguments } from './joins';
import { frameTypeOf, functionReturnsFrame } from './frameTypes';
import { lineageSteps } from './flow';
import { literalRowsHint, propagateHint, rangeHint, tableHint } from './sizeHints';
import { contributionOf, identity, markLists, recall, remember, withContributions, type FunctionContribution } from './functionReuse';
import { attributeRooted, conditionalAssignment, conditionalParts, executesMergeSource, infixMethodCall, transformerInput } from './idioms';
import { within } from './loopDependence';
import { describeBinding, OuterReads, type Scope, WalkPosition } from './scopes';
import { readReaderStep } from './readers';
import {
  CONTEXT_RDD_SOURCES, DATAFRAME_ACTIONS, DATAFRAME_TRANSFORMATIONS, GROUPED_RESULTS, ITERATIVE_FIT_METHODS, RDD_ACTIONS, RDD_ONLY_TRANSFORMATIONS,
  RDD_WRITES, READER_CONFIG, READER_TERMINALS, SESSION_FRAME_SOURCES, SPARK_ONLY_METHODS, TEMP_VIEW_METHODS, WRITER_TERMINALS,
} from './sparkApi';
import { escapesThroughFirstStep, executionIndex, useKind } from './useKinds';
import type {
  ActionSite, Binding, Chain, ChainStep, FrameKind, FrameValue, LoopContext, ReadSite, SparkModel, Use, UseKind, WindowSpecSite,
} from './types';
import { udfFromCall, udfFromFunction, udfFromRegistration, type FunctionTable } from './udfs';

/** What happens to the value of the expression being visited. */
type Fate = 'result' | 'executed' | 'escape' | 'discard';

interface PendingUse {
  use: Use;
  fate: Fate;
}

const COLLECTION_LOOP_METHODS = new Set(['foreach', 'map', 'flatMap', 'forEach', 'filter', 'withFilter', 'collect']);
const FOLD_METHODS = new Set(['foldLeft', 'foldRight', 'fold']);
const DATAFRAME_PROPERTIES_TO_STAY = new Set(['na', 'stat']);
const CONVENTIONAL_SESSIONS = new Set(['spark', 'session', 'sparkSession', 'spark_session', 'ss']);
const CONVENTIONAL_CONTEXTS = new Set(['sc', 'sparkContext', 'spark_context']);

/** Builds the Spark model of one lowered file. */
export function buildSparkModel(file: LoweredFile): SparkModel {
  return buildModelIncrementally(file).whole;
}

export interface IncrementalModel {
  /** The model of the whole file. */
  whole: SparkModel;
  /** Only what was built afresh: module-level code and changed functions. */
  fresh: SparkModel;
  /** Unchanged functions whose contributions were reused as they were. */
  reused: FunctionContribution[];
  /** Functions built afresh whose contributions are now remembered. */
  rebuilt: FunctionContribution[];
}

/** Builds the model, reusing unchanged top-level functions from earlier builds of the same document. */
export function buildModelIncrementally(file: LoweredFile): IncrementalModel {
  const builder = new ModelBuilder(file);
  const fresh = builder.build();
  return { whole: withContributions(fresh, builder.reused), fresh, reused: builder.reused, rebuilt: builder.rebuilt };
}

class ModelBuilder {
  private readonly model: SparkModel;
  private readonly position: WalkPosition;
  private readonly functions = new Map<string, FunctionStmt>();
  private readonly framesReturningFunctions = new Set<string>();
  private readonly actionsBySpan = new Map<string, ActionSite>();
  private readonly windowSites = new Map<FrameValue, WindowSpecSite>();
  private pending: PendingUse[] = [];
  private statement: Stmt | undefined;
  /** The outside reads of the top-level function being visited, if any. */
  private outerReads: OuterReads | undefined;
  private readonly reusableScopes = new Set<number>();
  readonly reused: FunctionContribution[] = [];
  readonly rebuilt: FunctionContribution[] = [];
  /** Lambdas that are loop bodies (`names.foreach { n => ... }`, folds): they run in place. */
  private readonly inlineScopes = new Set<number>();
  /** Per scope, names assigned a value we do not follow, with the loops around that assignment. */
  private readonly opaqueAssignments = new Map<number, Map<string, LoopContext[]>>();
  private fileContext = '';
  /** `udf(normalise)` reads another function's body: a dependency of the function that does it. */
  private readonly functionTable: FunctionTable = {
    get: (name) => {
      const fn = this.functions.get(name);
      this.outerReads?.record(`function:${name}`, fn ? String(identity(fn)) : '-');
      return fn;
    },
  };

  constructor(private readonly file: LoweredFile) {
    const fileSpan: Span = { start: { line: 0, character: 0 }, end: file.statements.at(-1)?.span.end ?? { line: 0, character: 0 } };
    this.position = new WalkPosition(fileSpan);
    this.model = {
      language: file.language,
      statements: file.statements,
      imports: resolveImports(file.language, file.statements),
      bindings: [], joins: [], actions: [], writes: [], caches: [], unpersists: [], reads: [], configs: [], windows: [], udfs: [],
      frameChains: [], frameSteps: [], loopRebindings: [], createsSession: false, syntaxErrors: file.syntaxErrors,
    };
  }

  build(): SparkModel {
    this.collectFunctions(this.file.statements);
    this.fileContext = `${this.file.statements.filter((s) => s.kind === 'import').map(identity).join(',')}|${[...this.framesReturningFunctions].sort().join(',')}`;
    this.reusableScopes.add(this.position.scope.info.id);
    this.visitStatements(this.file.statements);
    return this.model;
  }

  // ------------------------------------------------------------------ statements

  private collectFunctions(statements: Stmt[]): void {
    for (const statement of statements) {
      if (statement.kind === 'function') {
        this.functions.set(statement.name, statement);
        if (functionReturnsFrame(statement)) this.framesReturningFunctions.add(statement.name);
        this.collectFunctions(statement.body);
      } else if (statement.kind === 'class') {
        this.collectFunctions(statement.body);
      }
    }
  }

  private visitStatements(statements: Stmt[]): void {
    for (const statement of statements) this.visitStatement(statement);
  }

  private visitStatement(statement: Stmt): void {
    switch (statement.kind) {
      case 'assign':
        return this.withStatement(statement, () => this.visitAssign(statement));
      case 'expr':
        return this.withStatement(statement, () => {
          this.visitExpr(statement.expr, 'discard');
          this.resolvePending(undefined, 'discard');
        });
      case 'return':
        return this.withStatement(statement, () => {
          if (statement.value) this.visitExpr(statement.value, 'escape');
          this.resolvePending(undefined, 'escape');
        });
      case 'loop':
        this.withStatement(statement, () => {
          if (statement.iterable) this.visitExpr(statement.iterable, 'escape');
          this.resolvePending(undefined, 'escape');
        });
        return this.position.withLoop({ kind: statement.loopKind, span: statement.span, variables: statement.variables }, () => this.visitStatements(statement.body));
      case 'if': {
        this.withStatement(statement, () => {
          this.visitExpr(statement.condition, 'discard', { truthTest: true });
          this.resolvePending(undefined, 'discard');
        });
        const ifId = this.position.id();
        const before = new Map(this.position.scope.names);
        this.position.withBranch(ifId, 0, () => this.visitStatements(statement.then));
        const afterThen = new Map(this.position.scope.names);
        this.position.withBranch(ifId, 1, () => this.visitStatements(statement.otherwise));
        this.mergeBranches(before, afterThen);
        return;
      }
      case 'function':
        return this.visitFunction(statement);
      case 'class': {
        const topLevel = this.position.scope.info.id === 0;
        return this.position.withScope(statement.name, statement.span, () => {
          if (topLevel) this.reusableScopes.add(this.position.scope.info.id);
          // Scala `class Job(input: DataFrame)`: the constructor parameters are in scope in the body.
          for (const param of statement.params ?? []) {
            const kind = frameTypeOf(param.type);
            if (kind) this.bindParameter(param.name, kind, statement.span, statement);
          }
          this.visitStatements(statement.body);
        });
      }
      case 'import':
        return;
    }
  }

  /**
   * After `if c: df = a.cache() else: df = b`, later reads of `df` are recorded on the binding the
   * name has last (the else branch's); the other branch's value is read there too, as far as we know.
   */
  private mergeBranches(before: Map<string, Binding>, afterThen: Map<string, Binding>): void {
    const names = this.position.scope.names;
    for (const [name, final] of names) {
      const thenEnd = afterThen.get(name);
      const elseEnd = final !== thenEnd ? final : before.get(name);
      for (const shadowed of [thenEnd, elseEnd]) {
        if (!shadowed || shadowed === final || (shadowed.value.kind !== 'dataframe' && shadowed.value.kind !== 'rdd')) continue;
        shadowed.uses.push({
          binding: shadowed, kind: 'escape', span: shadowed.span, statement: shadowed.statement, executed: false,
          loops: shadowed.loops, branches: shadowed.branches, order: this.position.order,
        });
      }
    }
  }

  private withStatement(statement: Stmt, body: () => void): void {
    const saved = this.statement;
    this.statement = statement;
    this.position.order++;
    try {
      body();
    } finally {
      this.statement = saved;
    }
  }

  private visitFunction(fn: FunctionStmt): void {
    const reusable = this.reusableScopes.has(this.position.scope.info.id) && this.position.loops.length === 0 && this.position.branches.length === 0;
    if (reusable) {
      const earlier = recall(fn, this.fileContext);
      if (earlier && this.readsOutsideAlike(earlier.outerReads)) {
        this.reused.push(earlier);
        return;
      }
    }
    const marks = markLists(this.model);
    const createdSession = this.model.createsSession;
    this.model.createsSession = false;
    const outerReads = reusable ? new OuterReads() : undefined;
    const savedReads = this.outerReads;
    this.outerReads = outerReads ?? savedReads;
    try {
      const udf = udfFromFunction(fn, this.model.imports);
      if (udf) this.model.udfs.push(udf);
      this.position.withScope(fn.name, fn.span, () => {
        for (const param of fn.params) {
          const kind = frameTypeOf(param.type);
          if (kind) this.bindParameter(param.name, kind, fn.span, fn);
        }
        this.visitStatements(fn.body);
      }, outerReads);
    } finally {
      this.outerReads = savedReads;
    }
    if (outerReads) {
      remember(fn, this.model, marks, outerReads, this.fileContext, this.model.createsSession);
      const contribution = contributionOf(fn);
      if (contribution?.outerReads === outerReads) this.rebuilt.push(contribution);
    }
    this.model.createsSession ||= createdSession;
  }

  /** Do the names a function read from outside itself still resolve the same way here? */
  private readsOutsideAlike(reads: OuterReads): boolean {
    const scope = this.position.scope;
    for (const [key, value] of reads.entries) {
      const colon = key.indexOf(':');
      const name = key.slice(colon + 1);
      let now: string;
      switch (key.slice(0, colon)) {
        case 'name':
          now = describeBinding(scope.lookup(name));
          break;
        case 'plain':
          now = String(scope.isPlain(name));
          break;
        case 'sequence':
          now = String(scope.lookupSequenceLength(name));
          break;
        default: {
          const fn = this.functions.get(name);
          now = fn ? String(identity(fn)) : '-';
        }
      }
      if (now !== value) return false;
    }
    return true;
  }

  private bindParameter(name: string, kind: FrameKind, span: Span, statement: Stmt): Binding {
    const value: FrameValue = { kind, steps: [], inputs: [], origin: 'parameter', span };
    const binding = this.newBinding(name, value, statement, span, span, true);
    return binding;
  }

  private newBinding(name: string, value: FrameValue, statement: Stmt, span: Span, valueSpan: Span, isParameter: boolean): Binding {
    const binding: Binding = {
      name, value, statement, span, valueSpan, isParameter,
      loops: this.position.loops, branches: this.position.branches, order: this.position.order, uses: [], scope: this.position.scope.info,
    };
    this.position.scope.names.set(name, binding);
    if (value.kind === 'dataframe' || value.kind === 'rdd') this.model.bindings.push(binding);
    return binding;
  }

  private visitAssign(statement: AssignStmt): void {
    const branches = conditionalAssignment(statement);
    if (branches) return this.visitStatement(branches);
    const target = statement.targets.length === 1 ? statement.targets[0]! : undefined;
    const before = target === undefined ? undefined : this.position.scope.lookup(target);
    const value = this.visitExpr(statement.value, 'result');
    // `df = df.withColumn(...)` with an untyped `df`: visiting the value inferred what it held before.
    const previous = before ?? (target === undefined ? undefined : this.position.scope.names.get(target));
    const length = collectionLength(statement.value);
    if (length !== undefined && statement.targets.length === 1) this.position.scope.literalSequences.set(statement.targets[0]!, length);
    const udf = udfFromCall(statement.value, this.functionTable, this.model.imports, statement.targets[0]);
    if (udf) this.model.udfs.push(udf);

    let binding: Binding | undefined;
    if (value && statement.targets.length === 1) {
      binding = this.newBinding(statement.targets[0]!, value, statement, statement.span, statement.value.span, false);
      if (binding.name.includes('.')) this.escapesTheMethod(binding);
      const lastStep = value.steps.at(-1);
      const cache = lastStep && this.model.caches.find((site) => site.step === lastStep);
      if (cache) cache.holder = binding;
      this.recordLoopRebinding(binding, previous, statement);
    } else {
      const opaque = this.opaqueAssignments.get(this.position.scope.info.id) ?? new Map<string, LoopContext[]>();
      this.opaqueAssignments.set(this.position.scope.info.id, opaque);
      for (const target of statement.targets) {
        opaque.set(target, this.position.loops);
        this.position.scope.names.delete(target);
        if (isPlainValue(statement.value)) this.position.scope.plainNames.add(target);
        else this.position.scope.plainNames.delete(target);
      }
      // `train, test = df.randomSplit([0.8, 0.2])`: each target holds a DataFrame.
      if (value && statement.targets.length > 1) {
        const parts = statement.targets.map((name) => this.newBinding(name, { ...value, steps: [], parent: value }, statement, statement.span, statement.value.span, false));
        this.splitPendingUses(parts);
        binding = parts[0];
      }
    }
    this.resolvePending(binding, 'result');
  }

  private recordLoopRebinding(binding: Binding, previous: Binding | undefined, statement: AssignStmt): void {
    const loop = this.position.loops.at(-1);
    const value = infixMethodCall(statement.value) ?? statement.value;
    if (!loop || !previous || !isChainExpression(value)) return;
    const chain = attributeRooted(toChain(value));
    const fromItself = chain.root.kind === 'name' && chain.root.id === binding.name;
    const inArgument = !fromItself && chain.steps.some((step) => step.args?.some((a) => a.value.kind === 'name' && a.value.id === binding.name));
    if (fromItself || inArgument) this.model.loopRebindings.push({ binding, previous, chain, loop, accumulatorInArgument: inArgument });
  }

  /** `self.df = ...`: the object outlives the method, and other methods may read the attribute any number of times. */
  private escapesTheMethod(binding: Binding): void {
    binding.uses.push({
      binding, kind: 'escape', span: binding.span, statement: binding.statement, executed: false,
      loops: binding.loops, branches: binding.branches, order: Number.MAX_SAFE_INTEGER,
    });
  }

  /** Each part of a split (`train, test = df.randomSplit(...)`) reads the data again: one use per part; resolvePending links the first. */
  private splitPendingUses(parts: Binding[]): void {
    for (const { use, fate } of this.pending) {
      if (fate !== 'result') continue;
      for (const part of parts.slice(1)) use.binding.uses.push({ ...use, derived: part });
    }
  }

  /** Uses whose value flowed into the statement's result are settled once we know what the statement did with it. */
  private resolvePending(derived: Binding | undefined, statementFate: Fate): void {
    for (const { use, fate } of this.pending) {
      if (fate === 'executed') {
        use.executed = true;
      } else if (fate === 'result') {
        if (derived) use.derived = derived;
        else if (statementFate === 'escape') use.kind = use.kind === 'transform' || use.kind === 'other' ? 'escape' : use.kind;
      } else if (fate === 'escape' && (use.kind === 'transform' || use.kind === 'other' || use.kind === 'join-input')) {
        use.kind = 'escape';
      }
    }
    this.pending = [];
  }

  // ----------------------------------------------------------------- expressions

  private visitExpr(expr: Expr, fate: Fate, context: { truthTest?: boolean } = {}): FrameValue | undefined {
    switch (expr.kind) {
      case 'name':
        return this.visitName(expr.id, expr.span, fate);
      case 'member':
        return this.visitChain(toChain(expr), fate);
      case 'call':
        return this.visitCall(expr, fate, context);
      case 'index':
        this.visitExpr(expr.object, 'discard');
        this.visitExpr(expr.index, 'discard');
        return undefined;
      case 'binary': {
        const call = infixMethodCall(expr);
        return call ? this.visitCall(call, fate, context) : this.visitBinary(expr);
      }
      case 'unary': {
        const negates = expr.operator === 'not' || expr.operator === '!';
        this.visitExpr(expr.operand, 'discard', { truthTest: negates });
        const action = negates ? this.actionsBySpan.get(spanKey(expr.operand.span)) : undefined;
        if (action?.truthTest) action.negation = expr.span;
        return undefined;
      }
      case 'lambda':
        this.visitLambda(expr);
        return undefined;
      case 'comprehension':
        this.visitExpr(expr.iterable, 'escape');
        this.position.withLoop({ kind: 'comprehension', span: expr.span, variables: expr.variables }, () => this.visitExpr(expr.element, 'escape'));
        return undefined;
      case 'sequence':
        for (const item of expr.items) this.visitExpr(item, 'escape');
        return undefined;
      case 'mapping':
        for (const entry of expr.entries) {
          this.visitExpr(entry.key, 'discard');
          this.visitExpr(entry.value, 'escape');
        }
        return undefined;
      case 'block': {
        const conditional = conditionalParts(expr);
        if (!conditional) {
          this.visitStatements(expr.body);
          return undefined;
        }
        this.visitExpr(conditional.condition, 'discard', { truthTest: true });
        for (const part of conditional.values) this.visitExpr(part, fate === 'discard' ? 'discard' : 'escape');
        return undefined;
      }
      case 'unknown':
        for (const child of expr.children) this.visitExpr(child, fate === 'discard' ? 'discard' : 'escape');
        return undefined;
      case 'literal':
      case 'column':
        return undefined;
    }
  }

  private visitName(name: string, span: Span, fate: Fate): FrameValue | undefined {
    const binding = this.position.scope.lookup(name);
    if (!binding) return undefined;
    if (binding.value.kind === 'dataframe' || binding.value.kind === 'rdd') this.recordUse(binding, 'other', span, fate);
    return binding.value;
  }

  private recordUse(binding: Binding, kind: UseKind, span: Span, fate: Fate): Use {
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
  private crossesScope(binding: Binding): boolean {
    for (let scope: Scope | undefined = this.position.scope; scope; scope = scope.parent) {
      if (scope.info.id === binding.scope.id) return false;
      if (!this.inlineScopes.has(scope.info.id)) return true;
    }
    return true;
  }

  private visitBinary(expr: Extract<Expr, { kind: 'binary' }>): FrameValue | undefined {
    this.visitExpr(expr.left, 'discard');
    this.visitExpr(expr.right, 'discard');
    if (['==', '!=', '>', '<', '>=', '<=', '===', '=!='].includes(expr.operator)) {
      for (const [side, other, actionOnLeft] of [[expr.left, expr.right, true], [expr.right, expr.left, false]] as const) {
        const action = this.actionsBySpan.get(spanKey(side.span));
        if (action) action.comparison = { operator: expr.operator, other, actionOnLeft, span: expr.span };
      }
    }
    return undefined;
  }

  private visitLambda(lambda: LambdaExpr, bound?: Map<string, FrameValue>, loop?: Omit<LoopContext, 'id'>): FrameValue | undefined {
    const body = () =>
      this.position.withScope('<lambda>', lambda.span, () => {
        if (loop) this.inlineScopes.add(this.position.scope.info.id);
        for (const [name, value] of bound ?? []) this.newBinding(name, { ...value, steps: [], parent: value }, this.statement!, lambda.span, lambda.span, true);
        if (Array.isArray(lambda.body)) {
          this.visitStatements(lambda.body);
          return undefined;
        }
        return this.visitExpr(lambda.body, 'escape');
      });
    return loop ? this.position.withLoop(loop, body) : body();
  }

  private visitCall(expr: Extract<Expr, { kind: 'call' }>, fate: Fate, context: { truthTest?: boolean }): FrameValue | undefined {
    // `functools.reduce(lambda acc, x: ..., items, initial)` is the same fold as a bare `reduce(...)`.
    if (expr.callee.kind === 'member' && expr.callee.property === 'reduce' && expr.callee.object.kind === 'name' && expr.callee.object.id === 'functools'
      && expr.args[0]?.value.kind === 'lambda' && expr.args.length >= 3) {
      return this.visitFunctionCall('reduce', expr, fate);
    }
    if (expr.callee.kind === 'member') {
      const value = this.visitChain(toChain(expr), fate);
      if (context.truthTest) {
        const action = this.actionsBySpan.get(spanKey(expr.span));
        if (action) action.truthTest = expr.span;
      }
      return value;
    }
    // `cols.foldLeft(df)((acc, c) => ...)`: a loop whose accumulator starts as `df`.
    if (expr.callee.kind === 'call' && expr.callee.callee.kind === 'member' && FOLD_METHODS.has(expr.callee.callee.property)) {
      const collection = expr.callee.callee.object;
      this.visitExpr(collection, 'escape');
      const initial = expr.callee.args[0] ? this.visitExpr(expr.callee.args[0].value, fate) : undefined;
      const lambda = expr.args[0]?.value;
      if (lambda?.kind === 'lambda') return this.visitFold(lambda, initial, expr.span);
      for (const arg of expr.args) this.visitExpr(arg.value, 'escape');
      return undefined;
    }
    if (expr.callee.kind === 'name') return this.visitFunctionCall(expr.callee.id, expr, fate);
    this.visitExpr(expr.callee, 'escape');
    for (const arg of expr.args) this.visitExpr(arg.value, 'escape');
    return undefined;
  }

  private visitFold(lambda: LambdaExpr, initial: FrameValue | undefined, span: Span): FrameValue | undefined {
    const accumulator = lambda.params[0]?.name;
    const bound = new Map<string, FrameValue>();
    if (accumulator && initial && (initial.kind === 'dataframe' || initial.kind === 'rdd')) bound.set(accumulator, initial);
    const before = this.model.frameChains.length;
    const result = this.visitLambda(lambda, bound, { kind: 'fold', span, variables: lambda.params.map((p) => p.name) });
    if (accumulator && bound.size > 0) {
      const loop = this.position.loops.at(-1);
      const foldLoop: LoopContext = { id: this.position.id(), kind: 'fold', span, variables: lambda.params.map((p) => p.name) };
      for (const entry of this.model.frameChains.slice(before)) {
        const root = entry.chain.root;
        if (root.kind === 'name' && root.id === accumulator && entry.rootBinding) {
          this.model.loopRebindings.push({ previous: entry.rootBinding, chain: entry.chain, loop: entry.loops.find((l) => l.kind === 'fold') ?? loop ?? foldLoop, accumulatorInArgument: false });
        }
      }
    }
    return result ? { ...result } : initial;
  }

  private visitFunctionCall(name: string, expr: Extract<Expr, { kind: 'call' }>, fate: Fate): FrameValue | undefined {
    const imports = this.model.imports;
    if (imports.isSparkFunction(expr.callee, 'broadcast') && expr.args.length === 1) return this.visitExpr(expr.args[0]!.value, fate);
    // functools.reduce(lambda acc, x: ..., items, initial)
    if ((name === 'reduce') && expr.args[0]?.value.kind === 'lambda' && expr.args.length >= 3) {
      this.visitExpr(expr.args[1]!.value, 'escape');
      const initial = this.visitExpr(expr.args[2]!.value, fate);
      return this.visitFold(expr.args[0].value, initial, expr.span);
    }
    const binding = this.position.scope.lookup(name);
    if (binding && (binding.value.kind === 'dataframe' || binding.value.kind === 'rdd')) {
      // Scala `df("col")`: a column reference, not a use of the data.
      this.recordUse(binding, 'other', expr.callee.span, 'discard');
      for (const arg of expr.args) this.visitExpr(arg.value, 'discard');
      return undefined;
    }
    if (name === 'SparkConf') {
      this.model.createsSession = true;
      return { kind: 'conf', steps: [], inputs: [], origin: 'SparkConf', span: expr.span };
    }
    if (name === 'SparkContext' || name === 'SQLContext' || name === 'HiveContext') {
      for (const arg of expr.args) this.visitExpr(arg.value, 'discard');
      return { kind: name === 'SparkContext' ? 'context' : 'session', steps: [], inputs: [], origin: name, span: expr.span };
    }
    for (const arg of expr.args) this.visitExpr(arg.value, 'escape');
    if (this.framesReturningFunctions.has(name)) return { kind: 'dataframe', steps: [], inputs: [], origin: `${name}()`, span: expr.span };
    return undefined;
  }

  // ----------------------------------------------------------------------- chains

  /** The value a chain's root denotes: a binding, the session, a context, `Window`, a builder… */
  private rootValue(chain: Chain, fate: Fate): { value?: FrameValue; binding?: Binding } {
    const root = chain.root;
    if (root.kind === 'name') {
      const binding = this.position.scope.lookup(root.id);
      if (binding) return { value: binding.value, binding };
      const conventional = this.conventionalRoot(root.id, chain);
      if (conventional) return { value: conventional };
      // Scala `rows.toDF("k", "v")` after `val rows = Seq(...)`: local rows, small by construction.
      const rows = chain.steps[0]?.name === 'toDF' || chain.steps[0]?.name === 'toDS' ? this.position.scope.lookupSequenceLength(root.id) : undefined;
      if (rows !== undefined) return { value: { kind: 'dataframe', steps: [], inputs: [], origin: 'literal rows', sizeHint: literalRowsHint(rows, root.span), span: root.span } };
      // An untyped parameter or a name defined elsewhere that calls Spark-only methods is a DataFrame.
      if ((chain.steps.some(isSparkOnly) || this.combinesWithFrame(chain.steps[0])) && /^[a-z_]/.test(root.id) && !this.position.scope.isPlain(root.id)) {
        const inferred = this.bindParameter(root.id, 'dataframe', root.span, this.statement!);
        inferred.loops = this.inferredLoops(root.id);
        return { value: inferred.value, binding: inferred };
      }
      return {};
    }
    if (root.kind === 'sequence') return {};
    if (root.kind === 'call' || root.kind === 'index' || root.kind === 'unknown' || root.kind === 'block') {
      return { value: this.visitExpr(root, fate) };
    }
    if (root.kind !== 'literal' && root.kind !== 'column') this.visitExpr(root, 'escape');
    return {};
  }

  /** `batch_df.join(thresholds, ...)`: only a DataFrame joins or unions with a DataFrame. */
  private combinesWithFrame(step: ChainStep | undefined): boolean {
    if (!step || !['join', 'crossJoin', 'union', 'unionAll', 'unionByName'].includes(step.name)) return false;
    const other = step.args?.[0]?.value;
    return other?.kind === 'name' && this.position.scope.lookup(other.id)?.value.kind === 'dataframe';
  }

  /**
   * The loops an inferred name's value already existed in. Read before its scope binds it, it comes
   * from outside the scope's loops, unless it is a loop variable or the scope assigned it something we do not follow.
   */
  private inferredLoops(name: string): LoopContext[] {
    const loops = this.position.loops;
    const assigned = this.opaqueAssignments.get(this.position.scope.info.id)?.get(name);
    if (assigned) return assigned;
    for (let i = loops.length - 1; i >= 0; i--) if (loops[i]!.variables.includes(name)) return loops.slice(0, i + 1);
    const scope = this.position.scope.info.span;
    return loops.filter((loop) => !within(loop.span, scope));
  }

  private conventionalRoot(qualified: string, chain: Chain): FrameValue | undefined {
    const span = chain.root.span;
    // `self.spark` in a class-based job is the session as much as `spark` is.
    const name = qualified.startsWith('self.') ? qualified.slice('self.'.length) : qualified;
    if (name !== qualified && !CONVENTIONAL_SESSIONS.has(name) && !CONVENTIONAL_CONTEXTS.has(name)) return undefined;
    if (name === 'SparkSession' && chain.steps[0]?.name === 'builder') {
      this.model.createsSession = true;
      return { kind: 'builder', steps: [], inputs: [], origin: 'SparkSession', span };
    }
    if (name === 'SparkSession' || name === 'SparkContext') {
      return { kind: name === 'SparkSession' ? 'session' : 'context', steps: [], inputs: [], origin: name, span };
    }
    if (name === 'Window') return { kind: 'window', steps: [], inputs: [], origin: 'Window', span };
    if (CONVENTIONAL_SESSIONS.has(name)) return { kind: 'session', steps: [], inputs: [], origin: name, span };
    if (CONVENTIONAL_CONTEXTS.has(name)) return { kind: 'context', steps: [], inputs: [], origin: name, span };
    return undefined;
  }

  private visitChain(whole: Chain, fate: Fate): FrameValue | undefined {
    const chain = attributeRooted(whole);
    const transformed = this.transformerArgument(chain);
    const root = transformed ? {} : this.rootValue(chain, fate);
    let value = root.value;
    const consumed = transformed ? this.visitTransformerInput(chain, transformed, fate, (input) => (value = input)) : 0;
    if (chain.root.kind === 'sequence') {
      for (const item of chain.root.items) this.visitExpr(item, 'discard');
      if (chain.steps[0]?.name === 'toDF' || chain.steps[0]?.name === 'toDS') {
        value = { kind: 'dataframe', steps: [], inputs: [], origin: 'literal rows', sizeHint: literalRowsHint(chain.root.items.length, chain.root.span), span: chain.root.span };
      }
    }
    const terminalIndex = executionIndex(chain, value);
    const fateAt = (index: number): Fate => (terminalIndex !== undefined && index <= terminalIndex ? 'executed' : fate);

    if (root.binding && (root.value?.kind === 'dataframe' || root.value?.kind === 'rdd')) {
      this.recordUse(root.binding, useKind(chain.steps[0], root.value.kind), chain.root.span, (escapesThroughFirstStep(chain) ? 'escape' : fateAt(0)));
    }
    if (value && (value.kind === 'dataframe' || value.kind === 'rdd')) {
      this.model.frameChains.push({ chain, start: value, rootBinding: root.binding, statement: this.statement!, loops: this.position.loops });
    }
    let frame = value && root.binding ? this.derive(value, root.binding, chain.root.span) : value;
    let writerFrame: FrameValue | undefined;
    let writeStep: ChainStep | undefined;
    let reader: ReadSite | undefined;
    let stopped = !frame;

    chain.steps.forEach((step, index) => {
      if (index < consumed) return;
      if (stopped || !frame) {
        this.visitPlainStep(step, stopped ? (executesMergeSource(chain, step) ? 'executed' : 'escape') : fateAt(index));
        return;
      }
      const kind = frame.kind;
      this.model.frameSteps.push({ step, kind, statement: this.statement!, loops: this.position.loops });
      const next = this.applyStep(frame, step, chain, index, fateAt(index));
      if (kind === 'reader' && !reader && (READER_CONFIG.has(step.name) || READER_TERMINALS.has(step.name))) {
        reader = { options: new Map(), hasSchema: false, step, chain };
      }
      if (reader && kind === 'reader') readReaderStep(reader, step);
      if (kind === 'dataframe' && (step.name === 'write' || step.name === 'writeTo' || step.name === 'writeStream')) {
        writerFrame = frame;
        writeStep = step;
      }
      if (kind === 'rdd' && RDD_WRITES.has(step.name)) this.model.writes.push({ frame, step, statement: this.statement!, loops: this.position.loops, ...this.site() });
      if (kind === 'writer' && writerFrame && writeStep && WRITER_TERMINALS.has(step.name)) {
        this.model.writes.push({ frame: writerFrame, step: writeStep, terminal: step, statement: this.statement!, loops: this.position.loops, ...this.site() });
      }
      if (next === undefined) stopped = true;
      else frame = next;
    });
    if (reader) {
      reader.step = chain.steps.find((s) => READER_TERMINALS.has(s.name)) ?? reader.step;
      this.model.reads.push(reader);
    }
    if (value?.kind === 'window') this.recordWindow(chain, value, stopped ? undefined : frame);
    if (stopped) return undefined;
    return frame;
  }

  /**
   * The DataFrame argument of `model.transform(test)` when `model` is nothing we know as a DataFrame and
   * the argument plainly is one (a DataFrame name, or a chain from one or from the session).
   */
  private transformerArgument(chain: Chain): Expr | undefined {
    const argument = transformerInput(chain);
    if (!argument || chain.root.kind !== 'name' || this.position.scope.lookup(chain.root.id) || this.conventionalName(chain.root.id)) return undefined;
    const source = isChainExpression(argument) ? toChain(argument).root : argument;
    if (source.kind !== 'name') return undefined;
    const kind = this.position.scope.lookup(source.id)?.value.kind;
    if (kind === 'dataframe') return argument;
    const session = kind === 'session' || (kind === undefined && this.conventionalName(source.id));
    return session && source !== argument ? argument : undefined;
  }

  private conventionalName(name: string): boolean {
    return CONVENTIONAL_SESSIONS.has(name) || name === 'SparkSession';
  }

  /** `model.transform(test)`: the result is `test` with more columns. Returns how many steps it consumed. */
  private visitTransformerInput(chain: Chain, argument: Expr, fate: Fate, found: (value: FrameValue) => void): number {
    const step = chain.steps[0]!;
    const executed = executionIndex(chain, { kind: 'dataframe', steps: [], inputs: [], span: step.span }) !== undefined;
    const input = this.visitExpr(argument, executed ? 'executed' : fate);
    if (input?.kind === 'dataframe') {
      const binding = argument.kind === 'name' ? this.position.scope.lookup(argument.id) : undefined;
      const parent = binding ? this.derive(input, binding, argument.span) : input;
      found({ kind: 'dataframe', steps: [step], parent, inputs: [], origin: 'transform', span: step.span });
    }
    return 1;
  }

  /** Index of the first step that runs a Spark job (an action or a write), if any. */
  private derive(parent: FrameValue, binding: Binding, span: Span): FrameValue {
    return { kind: parent.kind, steps: [], parent, sourceBinding: binding, inputs: [], sizeHint: parent.sizeHint, span };
  }

  /** Applies one step to a value; undefined when the result is no longer a Spark value we follow. */
  private applyStep(frame: FrameValue, step: ChainStep, chain: Chain, index: number, fate: Fate): FrameValue | undefined {
    const extend = (kind: FrameKind, extra: Partial<FrameValue> = {}): FrameValue => ({
      ...frame, kind, steps: [...frame.steps, step], span: step.span, sizeHint: propagateHint(frame.sizeHint, step), ...extra,
    });
    const visitArgs = (argFate: Fate) => {
      const values: FrameValue[] = [];
      for (const arg of step.args ?? []) {
        const value = this.visitExpr(arg.value, argFate);
        if (value && (value.kind === 'dataframe' || value.kind === 'rdd')) values.push(value);
      }
      return values;
    };
    switch (frame.kind) {
      case 'session':
        if (step.name === 'read' || step.name === 'readStream') return extend('reader');
        if (step.name === 'sparkContext') return extend('context');
        if (step.name === 'conf') return extend('conf', { origin: 'runtime-conf' });
        if (step.name === 'sql') {
          this.model.configs.push(...configFromSqlSet(step));
          visitArgs('discard');
          return extend('dataframe', { origin: 'spark.sql', steps: [step] });
        }
        if (step.name === 'udf' || step.name === 'catalog') return extend('session', { origin: step.name });
        if (step.name === 'register' && frame.origin === 'udf') {
          const udf = udfFromRegistration({ kind: 'call', callee: { kind: 'name', id: 'register', span: step.nameSpan }, args: step.args ?? [], span: step.span, argsSpan: step.span }, this.functionTable);
          if (udf) this.model.udfs.push(udf);
          visitArgs('escape');
          return undefined;
        }
        if (SESSION_FRAME_SOURCES.has(step.name)) {
          const inputs = visitArgs('discard');
          return extend('dataframe', { origin: `spark.${step.name}`, steps: [step], inputs, sizeHint: this.sourceHint(step) });
        }
        visitArgs('escape');
        return step.name === 'newSession' ? frame : undefined;
      case 'builder':
        if (step.name === 'config') this.model.configs.push(...configFromStep(step, 'builder'));
        visitArgs('discard');
        if (step.name === 'getOrCreate' || step.name === 'create') return extend('session', { steps: [] });
        return extend('builder');
      case 'conf':
        if (step.name === 'set' || step.name === 'setAll') this.model.configs.push(...configFromStep(step, frame.origin === 'runtime-conf' ? 'runtime-conf' : 'spark-conf'));
        // SparkConf.registerKryoClasses also sets spark.serializer to Kryo.
        if (step.name === 'registerKryoClasses') this.model.configs.push({ key: 'spark.serializer', value: 'org.apache.spark.serializer.KryoSerializer', span: step.nameSpan, via: 'spark-conf' });
        visitArgs('discard');
        return step.name.startsWith('set') || step.name === 'registerKryoClasses' ? extend('conf') : undefined;
      case 'context':
        visitArgs('discard');
        if (CONTEXT_RDD_SOURCES.has(step.name)) {
          const rows = this.literalLength(argument(step, 0, 'data') ?? argument(step, 0, 'seq'));
          return extend('rdd', { origin: `sc.${step.name}`, steps: [step], sizeHint: rows !== undefined ? literalRowsHint(rows, step.span) : undefined });
        }
        return undefined;
      case 'reader':
        visitArgs('discard');
        if (READER_TERMINALS.has(step.name)) return extend('dataframe', { origin: `read.${step.name}`, steps: [step], sizeHint: step.name === 'table' ? tableHint(step) : undefined });
        return READER_CONFIG.has(step.name) ? extend('reader') : undefined;
      case 'writer':
        visitArgs('discard');
        return WRITER_TERMINALS.has(step.name) ? undefined : extend('writer');
      case 'window':
        visitArgs('discard');
        return extend('window');
      case 'grouped':
        visitArgs('discard');
        if (GROUPED_RESULTS.has(step.name)) return extend('dataframe');
        return step.name === 'pivot' ? extend('grouped') : undefined;
      case 'dataframe':
      case 'rdd':
        return this.applyFrameStep(frame, step, chain, index, fate, extend, visitArgs);
      default:
        visitArgs('escape');
        return undefined;
    }
  }

  private applyFrameStep(
    frame: FrameValue, step: ChainStep, chain: Chain, index: number, fate: Fate,
    extend: (kind: FrameKind, extra?: Partial<FrameValue>) => FrameValue, visitArgs: (fate: Fate) => FrameValue[],
  ): FrameValue | undefined {
    const name = step.name;
    const isRdd = frame.kind === 'rdd';
    if (name === 'join' || name === 'crossJoin' || name === 'joinWith' || name === 'cartesian' || name === 'leftOuterJoin' || name === 'rightOuterJoin' || name === 'fullOuterJoin') {
      return this.visitJoin(frame, step, fate, extend);
    }
    if ((isRdd ? RDD_ACTIONS : DATAFRAME_ACTIONS).has(name)) {
      visitArgs('discard');
      this.recordAction(frame, step);
      return undefined;
    }
    if (name === 'cache' || name === 'persist' || name === 'checkpoint' || name === 'localCheckpoint') {
      visitArgs('discard');
      const target = chainTargetBinding(frame);
      const site = {
        method: name, target, step, statement: this.statement!, order: this.position.order, loops: this.position.loops,
        standalone: this.statement?.kind === 'expr' && index === chain.steps.length - 1 && index === 0,
      } as const;
      this.model.caches.push({ ...site });
      const recorded = this.model.caches.at(-1)!;
      // cache() marks the plan itself: every later read of the name hits the cache, whatever the call's statement does.
      if (target) target.cachedBy = recorded;
      return extend(frame.kind);
    }
    if (name === 'unpersist') {
      visitArgs('discard');
      this.model.unpersists.push({ target: chainTargetBinding(frame), step, statement: this.statement!, order: this.position.order });
      return extend(frame.kind);
    }
    if (name === 'write' || name === 'writeTo' || name === 'writeStream') {
      visitArgs('discard');
      return extend('writer');
    }
    if (isRdd && RDD_WRITES.has(name)) {
      visitArgs('discard');
      return undefined;
    }
    if (name === 'rdd' && !step.args) return extend('rdd');
    if (name === 'toDF' || name === 'toDS') {
      visitArgs('discard');
      return extend('dataframe');
    }
    if (name === 'groupBy' || name === 'groupby' || (name === 'groupByKey' && !isRdd) || name === 'rollup' || name === 'cube') {
      visitArgs('discard');
      return extend('grouped');
    }
    if (ITERATIVE_FIT_METHODS.has(name)) {
      visitArgs('escape');
      return undefined;
    }
    // `train, test = df.randomSplit([0.8, 0.2])`: the assignment gives each part its own binding.
    if (name === 'randomSplit' && !isRdd) {
      visitArgs('discard');
      return extend(frame.kind);
    }
    if (DATAFRAME_PROPERTIES_TO_STAY.has(name) && !step.args) return extend(frame.kind);
    if (TEMP_VIEW_METHODS.has(name)) {
      visitArgs('discard');
      return undefined;
    }
    if (name === 'union' || name === 'unionAll' || name === 'unionByName' || name === 'intersect' || name === 'subtract' || name === 'exceptAll' || name === 'except') {
      const inputs = visitArgs(fate);
      this.markJoinInputs(inputs);
      return extend(frame.kind, { inputs: [...frame.inputs, ...inputs], sizeHint: inputs.every((i) => i.sizeHint) ? frame.sizeHint : undefined });
    }
    if (DATAFRAME_TRANSFORMATIONS.has(name) || (isRdd && RDD_ONLY_TRANSFORMATIONS.has(name)) || (frame.steps.at(-1)?.name === 'na')) {
      visitArgs('discard');
      return extend(frame.kind);
    }
    // Column references (`df.amount`, `df.columns`) and anything else we do not follow.
    visitArgs('discard');
    return undefined;
  }

  private markJoinInputs(inputs: FrameValue[]): void {
    for (const pending of this.pending) {
      if (inputs.some((input) => input.sourceBinding === pending.use.binding) && pending.use.kind === 'other') pending.use.kind = 'join-input';
    }
  }

  private visitJoin(frame: FrameValue, step: ChainStep, fate: Fate, extend: (kind: FrameKind, extra?: Partial<FrameValue>) => FrameValue): FrameValue {
    const join = readJoinArguments(step);
    let right: FrameValue | undefined;
    for (const arg of step.args ?? []) {
      const value = this.visitExpr(arg.value, arg === join.rightArgument ? fate : 'discard');
      if (arg === join.rightArgument && value && (value.kind === 'dataframe' || value.kind === 'rdd')) right = value;
    }
    if (right) this.markJoinInputs([right]);
    const imports = this.model.imports;
    const leftBroadcast = frame.steps.some((s) => s.name === 'hint' && /broadcast|mapjoin/i.test(String(argument(s, 0)?.kind === 'literal' ? (argument(s, 0) as { value: unknown }).value : '')));
    this.model.joins.push({
      method: step.name, left: frame, right, rightArgument: join.rightArgument,
      leftBroadcast, rightBroadcast: join.rightArgument ? isBroadcastWrapped(join.rightArgument.value, imports) : false,
      keys: joinKeys(join.condition, imports), hasCondition: join.condition !== undefined, how: join.how, howSpecified: join.howSpecified,
      step, statement: this.statement!, loops: this.position.loops,
    });
    return extend(frame.kind, { inputs: right ? [...frame.inputs, right] : frame.inputs, sizeHint: undefined });
  }

  private site(): { order: number; scopeId: number } {
    return { order: this.position.order, scopeId: this.position.scope.info.id };
  }

  private recordAction(frame: FrameValue, step: ChainStep): void {
    const action: ActionSite = { name: step.name, frame, step, statement: this.statement!, loops: this.position.loops, ...this.site() };
    this.model.actions.push(action);
    this.actionsBySpan.set(spanKey(step.span), action);
  }

  /** `names.foreach { n => ... }` / `names.map(n => ...)` on a plain collection is a loop. */
  private visitPlainStep(step: ChainStep, fate: Fate): void {
    const lambda = step.args?.length === 1 ? step.args[0]!.value : undefined;
    if (COLLECTION_LOOP_METHODS.has(step.name) && lambda?.kind === 'lambda') {
      this.visitLambda(lambda, undefined, { kind: 'foreach', span: step.span, variables: lambda.params.map((p) => p.name) });
      return;
    }
    for (const arg of step.args ?? []) this.visitExpr(arg.value, fate);
  }

  private sourceHint(step: ChainStep) {
    if (step.name === 'range') return rangeHint(step);
    if (step.name === 'table') return tableHint(step);
    if (step.name === 'createDataFrame' || step.name === 'createDataset') {
      const rows = this.literalLength(argument(step, 0, 'data'));
      return rows !== undefined ? literalRowsHint(rows, step.span) : undefined;
    }
    return undefined;
  }

  private literalLength(expr: Expr | undefined): number | undefined {
    if (!expr) return undefined;
    if (expr.kind === 'sequence') return expr.items.length;
    if (expr.kind === 'name') return this.position.scope.lookupSequenceLength(expr.id);
    return undefined;
  }

  private recordWindow(chain: Chain, start: FrameValue, result: FrameValue | undefined): void {
    const steps = [...lineageSteps(start), ...chain.steps];
    const lastPartition = steps.filter((s) => s.name === 'partitionBy').at(-1);
    const site = {
      chain,
      hasPartitionBy: lastPartition !== undefined,
      emptyPartitionBy: lastPartition !== undefined && (lastPartition.args ?? []).length === 0,
      hasOrderOrFrame: steps.some((s) => s.name === 'orderBy' || s.name === 'rowsBetween' || s.name === 'rangeBetween'),
      partitionedLater: false,
      span: chain.span,
    };
    this.model.windows.push(site);
    if (result) this.windowSites.set(result, site);
    const base = this.windowSites.get(start);
    const partitionHere = chain.steps.filter((s) => s.name === 'partitionBy').at(-1);
    if (base && partitionHere && (partitionHere.args ?? []).length > 0) base.partitionedLater = true;
  }
}

/**
 * A value that is plainly not a DataFrame: a literal, a collection, a lambda, or a constructor call
 * (`Store()`, `new Cache(...)`), so a later `store.cache()` is the user's own method.
 */
function isPlainValue(expr: Expr): boolean {
  if (['literal', 'sequence', 'mapping', 'comprehension', 'lambda'].includes(expr.kind)) return true;
  return expr.kind === 'call' && expr.callee.kind === 'name' && /^[A-Z]/.test(expr.callee.id) && !/^(Spark|SQLContext|HiveContext|DataFrame|Dataset)/.test(expr.callee.id);
}

/** How many items a literal collection holds: `[a, b]`, `Seq(a, b)`, Scala `6 to 20`. */
function collectionLength(expr: Expr): number | undefined {
  if (expr.kind === 'sequence') return expr.items.length;
  if (expr.kind !== 'binary' || (expr.operator !== 'to' && expr.operator !== 'until')) return undefined;
  const [from, to] = [expr.left, expr.right].map((e) => (e.kind === 'literal' && typeof e.value === 'number' ? e.value : undefined));
  if (from === undefined || to === undefined) return undefined;
  const length = Math.max(0, to - from + (expr.operator === 'to' ? 1 : 0));
  // The same bound as for spark.range(n): beyond it a local range is no longer "small".
  return length <= 1_000_000 ? length : undefined;
}

/** `DataFrame.write` is a property; `model.write()` (called) is an ML model's writer. */
function isSparkOnly(step: ChainStep): boolean {
  return SPARK_ONLY_METHODS.has(step.name) && !(step.name === 'write' && step.args !== undefined);
}

/** The binding a value was read from when it was used as-is (`df.cache()`), not derived. */
function chainTargetBinding(frame: FrameValue): Binding | undefined {
  return frame.steps.length === 0 ? frame.sourceBinding : undefined;
}
