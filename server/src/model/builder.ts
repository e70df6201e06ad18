import type { AssignStmt, ClassStmt, Expr, FunctionStmt, LambdaExpr, LoweredFile, Span, Stmt } from '../syntax/ast';
import { isChainExpression, spanKey, toChain } from './chains';
import { frameTypeOf, functionReturnsFrame } from './frameTypes';
import { projectionOfIndex } from './frameIndexing';
import { contributionOf, fileContextOf, identity, markLists, recall, remember, withContributions, type FunctionContribution } from './functionReuse';
import { attributeRooted, conditionalAssignment, conditionalParts, indentedValue, infixMethodCall } from './idioms';
import { describeBinding, OuterReads } from './scopes';
import type { Binding, FrameValue, LoopContext, SparkModel } from './types';
import { udfFromCall, udfFromFunction } from './udfs';
import { CallSemantics } from './callSemantics';
import { summarise, type FunctionSummary } from './summaries';
import { namesChangedInPlace, UNKNOWN_EXTENT, type LoopExtent } from './loopExtent';
import { stringTemplate } from './sqlText';
import { freeFramesKnownByUse, KNOWN_BY_USE, parametersKnownByUse, withCalledParameters } from './frameEvidence';
import { perStatement } from '../syntax/walk';
import type { Fate } from './builderState';
import { makesTextOfArguments } from './frameText';
import type { ImportedFunctions } from './importedFunctions';
import { collectedOnDriver } from './collectedRows';
import { lambdasByName } from './udfBodies';

const FOLD_METHODS = new Set(['foldLeft', 'foldRight', 'fold']);
/** Boolean operators whose operands are tested for truth when the whole expression is. */
const TRUTH_OPERATORS = new Set(['and', 'or', '&&', '||']);

/** Builds the Spark model of one lowered file. */
export function buildSparkModel(file: LoweredFile, imported?: ImportedFunctions): SparkModel {
  return buildModelIncrementally(file, undefined, imported).whole;
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

/**
 * Builds the model, reusing unchanged top-level functions from earlier builds of the same document.
 * `checkpoint` is called before each statement and may throw to abandon the build (a time budget).
 */
export function buildModelIncrementally(file: LoweredFile, checkpoint?: () => void, imported?: ImportedFunctions): IncrementalModel {
  const builder = new ModelBuilder(file);
  if (checkpoint) builder.checkpoint = checkpoint;
  if (imported) builder.useImported(imported);
  const fresh = builder.build();
  return { whole: withContributions(fresh, builder.replayed), fresh, reused: builder.replayed.map((r) => r.contribution), rebuilt: builder.rebuilt };
}

/**
 * The summary of `name` (a top-level function, or `Class.method`) of `file` when `frameParameters`
 * hold DataFrames: what the workspace index hands to the files that import it. `definition` is the
 * function itself when the name alone is ambiguous (a Scala object beside its companion class).
 */
export function summariseFunction(file: LoweredFile, name: string, frameParameters: readonly string[], imported?: ImportedFunctions, definition?: FunctionStmt): FunctionSummary | undefined {
  let facts = factsOfSummarisedFiles.get(file);
  if (!facts) factsOfSummarisedFiles.set(file, (facts = ModelBuilder.factsOf(file)));
  const builder = new ModelBuilder(file, facts.imports());
  builder.shareFileFacts(facts);
  if (imported) builder.useImported(imported);
  return builder.summaryOfExported(name, frameParameters, definition);
}

/**
 * What a file defines and shows of its names depends on its lowering alone: the workspace index
 * summarises many functions of one module, and each summary's build reads these instead of working them out again.
 */
const factsOfSummarisedFiles = new WeakMap<LoweredFile, ModelBuilder>();

/** Walks statements and expressions; method chains are interpreted by ChainSemantics. */
class ModelBuilder extends CallSemantics {
  checkpoint: () => void = () => undefined;
  /** In a summary build: the scope of the function summarised, and the values its `return`s hand back. */
  private summaryScope: number | undefined;
  private readonly returnedValues: Array<FrameValue | undefined> = [];
  /** The values of the `return a, b` tuples, place by place (their `returnedValues` entry is undefined). */
  private readonly returnedTuples: Array<Array<FrameValue | undefined>> = [];

  build(): SparkModel {
    this.collectFileFacts();
    this.position.scope.changeInPlace(namesChangedInPlace(this.file.statements));
    this.reusableScopes.add(this.position.scope.info.id);
    this.visitStatements(this.file.statements);
    return this.model;
  }

  useImported(imported: ImportedFunctions): void {
    this.imported = imported;
    if (imported.callersOf) this.model.callersElsewhere = imported.callersOf;
  }

  /** A builder holding `file`'s facts (collectFileFacts), for summary builds to share. */
  static factsOf(file: LoweredFile): ModelBuilder {
    const facts = new ModelBuilder(file);
    facts.collectFileFacts();
    return facts;
  }

  imports(): SparkModel['imports'] {
    return this.model.imports;
  }

  /** Expects the file's facts collected or shared (shareFileFacts). */
  summaryOfExported(name: string, frameParameters: readonly string[], definition?: FunctionStmt): FunctionSummary | undefined {
    const [owner, method] = name.includes('.') ? name.split('.', 2) : [undefined, name];
    const fn = definition ?? (owner === undefined ? this.file.statements.find((s): s is FunctionStmt => s.kind === 'function' && s.name === method)
      : this.classes.get(owner)?.body.find((s): s is FunctionStmt => s.kind === 'function' && s.name === method));
    return fn && this.summaryFor(fn, name, frameParameters);
  }

  private collectFileFacts(): void {
    this.collectFunctions(this.file.statements);
    const called = withCalledParameters(this.evidenceContext, (name) => (this.ambiguousFunctions.has(name) ? undefined : this.functions.get(name)));
    this.evidenceContext = called.context;
    this.freeFramesByUse = freeFramesKnownByUse(this.file.statements, this.evidenceContext);
    // A function reused unchanged read its callers' parameters as they were: what the file's functions show of their parameters is part of its context.
    this.fileContext = fileContextOf({
      imports: this.file.statements.filter((s) => s.kind === 'import'),
      framesReturning: this.framesReturningFunctions,
      freeFrames: this.freeFramesByUse,
      parameters: called.fingerprint([...this.functions.keys()]),
    });
  }

  /** A summary's build is of the same file: what the file defines, and the summaries already made, are the same. */
  shareFileFacts(parent: ModelBuilder): void {
    this.functions = parent.functions;
    this.framesReturningFunctions = parent.framesReturningFunctions;
    this.ambiguousFunctions = parent.ambiguousFunctions;
    this.classNames = parent.classNames;
    this.classes = parent.classes;
    this.classOf = parent.classOf;
    this.fileContext = parent.fileContext;
    this.freeFramesByUse = parent.freeFramesByUse;
    this.evidenceContext = parent.evidenceContext;
  }

  protected buildSummary(fn: FunctionStmt, frameParameters: readonly string[], fieldsOnly: boolean): FunctionSummary {
    const nested = new ModelBuilder(this.file, this.model.imports);
    nested.summaryDepth = this.summaryDepth + 1;
    nested.summarising = new Set([...this.summarising, fn]);
    nested.fieldsOff = fieldsOnly || this.fieldsOff;
    nested.shareFileFacts(this);
    nested.summariesOfThisBuild = this.summariesOfThisBuild;
    nested.imported = this.imported;
    const summary = nested.summarise(fn, frameParameters);
    this.lastSummaryDependencies = nested.appliedSummaries;
    return summary;
  }

  /** Walks `fn` alone, its DataFrame parameters (typed, or filled with DataFrames by the caller) bound, and reads its summary off the result. */
  private summarise(fn: FunctionStmt, frameParameters: readonly string[]): FunctionSummary {
    this.enclosingClass = this.classOf.get(fn);
    const parameters = new Map<string, Binding>();
    const byUse = parametersKnownByUse(fn, this.evidenceContext);
    this.position.withScope(fn.name, fn.span, () => {
      this.summaryScope = this.position.scope.info.id;
      this.position.scope.changeInPlace(namesChangedInPlace(fn.body));
      for (const param of fn.params) {
        this.position.scope.declared.add(param.name);
        this.position.scope.parameters.add(param.name);
        this.position.scope.collectionExtents.set(param.name, UNKNOWN_EXTENT);
        const declared = frameTypeOf(param.type) ?? (frameParameters.includes(param.name) ? 'dataframe' : undefined);
        const kind = declared ?? byUse.get(param.name);
        if (!kind) continue;
        const binding = this.bindParameter(param.name, kind, fn.span, fn, declared ? 'parameter' : KNOWN_BY_USE);
        if (kind === 'dataframe' || kind === 'rdd') parameters.set(param.name, binding);
      }
      this.visitStatements(fn.body);
    });
    const fields = this.model.bindings.filter((b) => b.name.startsWith('self.') && b.scope.id === this.summaryScope);
    return summarise(this.model, parameters, this.returnedValues, fields, fn.params.map((p) => p.name), this.returnedTuples);
  }

  // ------------------------------------------------------------------ statements

  protected collectFunctions(statements: Stmt[]): void {
    for (const definition of perStatement(definitionsByStatement, statements, (statement) => definitionsIn([statement]))) {
      if (definition.kind === 'function') {
        const { fn, enclosingClass } = definition;
        if (this.functions.has(fn.name)) this.ambiguousFunctions.add(fn.name);
        this.functions.set(fn.name, fn);
        if (enclosingClass) this.classOf.set(fn, enclosingClass);
        if (definition.returnsFrame) this.framesReturningFunctions.add(fn.name);
      } else {
        const { cls } = definition;
        this.classNames.add(cls.name);
        this.classes.set(cls.name, this.classes.has(cls.name) ? undefined : cls);
      }
    }
  }

  protected visitStatements(statements: Stmt[]): void {
    for (const statement of statements) {
      this.checkpoint();
      // visitStatement's closures would allocate their context for every function too (all of a file's, per keystroke).
      if (statement.kind === 'function') this.visitFunction(statement);
      else this.visitStatement(statement);
    }
  }

  protected visitStatement(statement: Stmt): void {
    switch (statement.kind) {
      case 'assign':
        return this.withStatement(statement, () => this.visitAssign(statement));
      case 'expr':
        return this.withStatement(statement, () => {
          const before = this.model.actions.length;
          this.visitExpr(statement.expr, 'discard');
          this.resolvePending(undefined, 'discard');
          if (statement.role === 'assert') this.expectTests(before, 'holds');
        });
      case 'return':
        return this.withStatement(statement, () => {
          const summarised = this.position.scope.info.id === this.summaryScope;
          // `return totals, details`: each place is handed back as it is, for a caller that unpacks them.
          const tuple = statement.value?.kind === 'sequence' ? statement.value.items : undefined;
          const places = tuple?.map((item) => this.visitExpr(item, 'result'));
          if (places && summarised) this.returnedTuples.push(places);
          const value = tuple ? undefined : statement.value && this.visitExpr(statement.value, 'result');
          if (summarised) this.returnedValues.push(value);
          // What the function hands back escapes here, but a caller that applies its summary follows it.
          for (const entry of this.pending) {
            if (entry.fate !== 'result') continue;
            entry.use.returned = true;
            entry.fate = 'escape';
          }
          this.resolvePending(undefined, 'escape');
        });
      case 'loop':
        this.withStatement(statement, () => {
          // A `while` condition is tested for truth (`while df.count():`); a `for` collection is not.
          if (statement.iterable) this.visitExpr(statement.iterable, 'escape', { truthTest: statement.loopKind === 'while' });
          this.resolvePending(undefined, 'escape');
        });
        const extent = statement.iterable && statement.loopKind === 'for' ? this.extentOf(statement.iterable) : undefined;
        // The loop variables hide whatever collections those names held before.
        for (const variable of statement.variables) this.position.scope.collectionExtents.set(variable, UNKNOWN_EXTENT);
        return this.position.withLoop({ kind: statement.loopKind, span: statement.span, variables: statement.variables, extent }, () => {
          this.bindFrameElement(statement);
          this.visitStatements(statement.body);
        });
      case 'if': {
        this.withStatement(statement, () => {
          const before = this.model.actions.length;
          this.visitExpr(statement.condition, 'discard', { truthTest: true });
          this.resolvePending(undefined, 'discard');
          // `if df.count() > 0: raise …`: the code expects the test to fail.
          if (statement.then.some(raises)) this.expectTests(before, 'fails');
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
        const outerClass = this.enclosingClass;
        this.enclosingClass = statement;
        try {
          this.visitClass(statement, topLevel);
        } finally {
          this.enclosingClass = outerClass;
        }
        return;
      }
      case 'import':
        return;
    }
  }

  protected visitClass(statement: ClassStmt, topLevel: boolean): void {
        this.position.withScope(statement.name, statement.span, () => {
          this.position.scope.isClassBody = true;
          this.position.scope.changeInPlace(namesChangedInPlace(statement.body));
          if (topLevel) this.reusableScopes.add(this.position.scope.info.id);
          // Scala `class Job(input: DataFrame)`: the constructor parameters are in scope in the body.
          for (const param of statement.params ?? []) {
            const kind = frameTypeOf(param.type);
            if (kind) this.bindParameter(param.name, kind, statement.span, statement);
          }
          this.visitStatements(statement.body);
        });
  }

  /**
   * After `if c: df = a.cache() else: df = b`, later reads of `df` are recorded on the binding the
   * name has last (the else branch's); the other branch's value is read there too, as far as we know.
   */
  protected mergeBranches(before: Map<string, Binding>, afterThen: Map<string, Binding>): void {
    const names = this.position.scope.names;
    for (const [name, final] of names) {
      const thenEnd = afterThen.get(name);
      const elseEnd = final !== thenEnd ? final : before.get(name);
      for (const shadowed of [thenEnd, elseEnd]) {
        if (!shadowed || shadowed === final || (shadowed.value.kind !== 'dataframe' && shadowed.value.kind !== 'rdd')) continue;
        (final.alternatives ??= []).push(shadowed);
        shadowed.uses.push({
          binding: shadowed, kind: 'escape', span: shadowed.span, statement: shadowed.statement, executed: false,
          loops: shadowed.loops, branches: shadowed.branches, order: this.position.order,
        });
      }
    }
  }

  protected visitFunction(fn: FunctionStmt): void {
    const reusable = this.reusableScopes.has(this.position.scope.info.id) && this.position.loops.length === 0 && this.position.branches.length === 0;
    if (reusable) {
      const earlier = recall(fn, this.fileContext);
      if (earlier && this.readsOutsideAlike(earlier.outerReads)) {
        this.replayed.push({ contribution: earlier, at: markLists(this.model) });
        return;
      }
    }
    this.visitFunctionAfresh(fn, reusable);
  }

  /** A method of its own: its closures would have every reused function (each keystroke, all of them) allocate their context. */
  private visitFunctionAfresh(fn: FunctionStmt, reusable: boolean): void {
    const marks = markLists(this.model);
    const createdSession = this.model.createsSession;
    this.model.createsSession = false;
    const outerReads = reusable ? new OuterReads() : undefined;
    const savedReads = this.outerReads;
    this.outerReads = outerReads ?? savedReads;
    try {
      const udf = udfFromFunction(fn, this.model.imports);
      if (udf) this.model.udfs.push(udf);
      const byUse = parametersKnownByUse(fn, this.evidenceContext);
      this.position.withScope(fn.name, fn.span, () => {
        this.position.scope.changeInPlace(namesChangedInPlace(fn.body));
        for (const param of fn.params) {
          this.position.scope.declared.add(param.name);
          this.position.scope.parameters.add(param.name);
          const kind = frameTypeOf(param.type);
          const used = kind ? undefined : byUse.get(param.name);
          if (kind) this.bindParameter(param.name, kind, fn.span, fn);
          else if (used) this.bindParameter(param.name, used, fn.span, fn, KNOWN_BY_USE);
          this.position.scope.collectionExtents.set(param.name, UNKNOWN_EXTENT);
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
  protected readsOutsideAlike(reads: OuterReads): boolean {
    const scope = this.position.scope;
    for (const { kind, name, value } of reads.reads()) {
      let now: string;
      switch (kind) {
        case 'name':
          now = describeBinding(scope.lookup(name));
          break;
        case 'plain':
          now = String(scope.isPlain(name));
          break;
        case 'sequence':
          now = String(scope.lookupSequenceLength(name));
          break;
        case 'driver':
          now = String(scope.lookupDriverCollection(name));
          break;
        case 'extent':
          now = JSON.stringify(scope.lookupExtent(name) ?? null);
          break;
        case 'field':
          now = String(scope.assignsField(name));
          break;
        case 'string':
          now = String(scope.lookupString(name));
          break;
        case 'summary':
          now = this.summaryFingerprint(name);
          break;
        case 'ambiguous':
          now = String(this.ambiguousFunctions.has(name));
          break;
        case 'instance':
          now = String(scope.lookupInstance(name));
          break;
        case 'constructed':
          now = String(scope.holdsConstructedObject(name));
          break;
        case 'lambda': {
          const lambda = lambdasByName(this.file.statements).get(name);
          now = lambda ? String(identity(lambda)) : '-';
          break;
        }
        default: {
          const fn = this.functions.get(name);
          now = fn ? String(identity(fn)) : '-';
        }
      }
      if (now !== value) return false;
    }
    return true;
  }

  protected visitAssign(statement: AssignStmt): void {
    const branches = conditionalAssignment(statement);
    if (branches) return this.visitStatement(branches);
    const unwrapped = indentedValue(statement);
    if (unwrapped) return this.visitAssign(unwrapped);
    const target = statement.targets.length === 1 ? statement.targets[0]! : undefined;
    if (statement.declaration !== 'none') for (const name of statement.targets) this.position.scope.declared.add(name);
    const before = target === undefined ? undefined : this.position.scope.lookup(target);
    const extent = target === undefined ? undefined : this.extentOf(statement.value);
    const value = this.visitExpr(statement.value, 'result');
    // `df = df.withColumn(...)` with an untyped `df`: visiting the value inferred what it held before.
    const previous = before ?? (target === undefined ? undefined : this.position.scope.names.get(target));
    const length = collectionLength(statement.value);
    if (length !== undefined && statement.targets.length === 1) this.position.scope.literalSequences.set(statement.targets[0]!, length);
    for (const name of statement.targets) {
      if (statement.targets.length === 1 && this.model.language === 'python' && (statement.value.kind === 'comprehension' || collectedOnDriver(statement.value))) this.position.scope.driverCollections.add(name);
      else this.position.scope.driverCollections.delete(name);
      const element = statement.targets.length === 1 ? this.comprehensionElements.get(statement.value) : undefined;
      if (element) this.position.scope.frameElements.set(name, element);
      else this.position.scope.frameElements.delete(name);
    }
    this.recordCollectionExtent(statement, extent);
    this.rememberString(statement);
    this.rememberInstance(statement);
    const udf = udfFromCall(statement.value, this.functionTable, this.model.imports, statement.targets[0]);
    if (udf) this.model.udfs.push(udf);

    let binding: Binding | undefined;
    if (value && statement.targets.length === 1) {
      binding = this.newBinding(statement.targets[0]!, value, statement, statement.span, statement.value.span, false);
      if (statement.targetSpan) binding.nameSpan = statement.targetSpan;
      if (binding.name.includes('.') || this.assignsField(statement, binding.name)) this.escapesTheMethod(binding);
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
        const unpacked = this.unpackedTuple(value);
        if (unpacked) {
          const parts = statement.targets.flatMap((name, place) => (unpacked[place] ? [this.newBinding(name, unpacked[place], statement, statement.span, statement.value.span, false)] : []));
          this.splitPendingUses(parts);
          binding = parts[0];
        } else {
          const parts = statement.targets.map((name) => this.newBinding(name, { ...value, steps: [], parent: value }, statement, statement.span, statement.value.span, false));
          this.splitPendingUses(parts);
          binding = parts[0];
        }
      }
    }
    this.resolvePending(binding, 'result');
  }

  /** DataFrames a comprehension builds, by the comprehension: a name it is assigned to holds a list of them. */
  private readonly comprehensionElements = new WeakMap<Expr, FrameValue>();

  /** `for part in parts:` over a list a comprehension built of DataFrames: the loop variable is one of them (as lazy as the element). */
  protected bindFrameElement(statement: Extract<Stmt, { kind: 'loop' }>): void {
    const iterable = statement.iterable;
    if (statement.loopKind !== 'for' || statement.variables.length !== 1 || iterable?.kind !== 'name') return;
    const element = this.position.scope.frameElements.get(iterable.id);
    if (element) this.newBinding(statement.variables[0]!, { ...element, steps: [], parent: element }, statement, statement.span, iterable.span, false);
  }

  /** Scala `cachedDict = df.cache()` in a method, with `cachedDict` a field of the class: other methods read it. */
  protected assignsField(statement: AssignStmt, name: string): boolean {
    const scope = this.position.scope;
    // In the class body itself (an `object Job extends App` script) the assignment is the body's own code.
    return this.model.language === 'scala' && statement.declaration === 'none' && scope.info.id !== 0 && !scope.isClassBody && scope.assignsField(name);
  }

  /** `cols = df.columns` makes a later `for c in cols` a loop over a table's columns. */
  protected recordCollectionExtent(statement: AssignStmt, extent: LoopExtent | undefined): void {
    const names = this.position.scope.collectionExtents;
    if (statement.targets.length !== 1) {
      for (const target of statement.targets) names.delete(target);
      return;
    }
    names.set(statement.targets[0]!, extent ?? UNKNOWN_EXTENT);
  }

  /** Actions recorded since `from` whose result feeds a test get the code's expectation of it. */
  protected expectTests(from: number, expectation: 'holds' | 'fails'): void {
    for (const action of this.model.actions.slice(from)) {
      if (action.comparison || action.truthTest) action.expectation = expectation;
    }
  }

  /** `query = f"SELECT …"`: the text is what a later `spark.sql(query)` runs. */
  protected rememberString(statement: AssignStmt): void {
    if (statement.targets.length !== 1) return;
    const target = statement.targets[0]!;
    const lookup = (name: string) => this.position.scope.lookupString(name);
    const value = stringTemplate(statement.value, lookup);
    // `query += " WHERE …"` extends the text it had.
    const before = statement.operator === '+=' ? lookup(target) : '';
    const text = before === undefined || (statement.operator !== '=' && statement.operator !== '+=') ? undefined : value === undefined && before === '' ? undefined : `${before}${value ?? '?'}`;
    if (text !== undefined) this.position.scope.stringConstants.set(target, text);
    else this.position.scope.stringConstants.delete(target);
  }

  protected recordLoopRebinding(binding: Binding, previous: Binding | undefined, statement: AssignStmt): void {
    const loop = this.position.loops.at(-1);
    const value = infixMethodCall(statement.value) ?? statement.value;
    if (!loop || !previous || !isChainExpression(value)) return;
    const chain = attributeRooted(toChain(value));
    const fromItself = chain.root.kind === 'name' && chain.root.id === binding.name;
    const inArgument = !fromItself && chain.steps.some((step) => step.args?.some((a) => a.value.kind === 'name' && a.value.id === binding.name));
    if (fromItself || inArgument) this.model.loopRebindings.push({ binding, previous, chain, loop, accumulatorInArgument: inArgument });
  }

  /** `self.df = ...`: the object outlives the method, and other methods may read the attribute any number of times. */
  protected escapesTheMethod(binding: Binding): void {
    binding.uses.push({
      binding, kind: 'escape', span: binding.span, statement: binding.statement, executed: false,
      loops: binding.loops, branches: binding.branches, order: Number.MAX_SAFE_INTEGER,
    });
  }

  /** Each part of a split (`train, test = df.randomSplit(...)`) reads the data again: one use per part; resolvePending links the first. */
  protected splitPendingUses(parts: Binding[]): void {
    for (const { use, fate } of this.pending) {
      if (fate !== 'result') continue;
      for (const part of parts.slice(1)) use.binding.uses.push({ ...use, derived: part });
    }
  }

  /** Uses whose value flowed into the statement's result are settled once we know what the statement did with it. */
  protected resolvePending(derived: Binding | undefined, statementFate: Fate): void {
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

  protected visitExpr(expr: Expr, fate: Fate, context: { truthTest?: boolean } = {}): FrameValue | undefined {
    switch (expr.kind) {
      case 'name':
        return this.visitName(expr.id, expr.span, fate);
      case 'member':
        return this.visitChain(toChain(expr), fate);
      case 'call':
        return this.visitCall(expr, fate, context);
      case 'index': {
        const projection = this.model.language === 'python' ? projectionOfIndex(expr) : undefined;
        if (projection && expr.object.kind === 'name' && this.position.scope.lookup(expr.object.id)?.value.kind === 'dataframe') return this.visitChain(projection, fate);
        this.visitExpr(expr.object, 'discard');
        this.visitExpr(expr.index, 'discard');
        return undefined;
      }
      case 'binary': {
        const call = infixMethodCall(expr);
        return call ? this.visitCall(call, fate, context) : this.visitBinary(expr, context);
      }
      case 'unary': {
        const negates = expr.operator === 'not' || expr.operator === '!';
        this.visitExpr(expr.operand, 'discard', { truthTest: negates });
        const action = negates ? this.actionsBySpan.get(expr.operand.span) : undefined;
        if (action?.truthTest) action.negation = expr.span;
        return undefined;
      }
      case 'lambda':
        this.visitLambda(expr);
        return undefined;
      case 'comprehension': {
        this.visitExpr(expr.iterable, 'escape');
        const element = this.position.withLoop({ kind: 'comprehension', span: expr.span, variables: expr.variables, extent: this.extentOf(expr.iterable) }, () => this.visitExpr(expr.element, 'escape'));
        if (element?.kind === 'dataframe' || element?.kind === 'rdd') this.comprehensionElements.set(expr, element);
        return undefined;
      }
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
        if (!conditional) return this.visitBlock(expr, fate);
        this.visitExpr(conditional.condition, 'discard', { truthTest: true });
        for (const part of conditional.values) this.visitExpr(part, fate === 'discard' ? 'discard' : 'escape');
        return undefined;
      }
      case 'unknown':
        for (const child of expr.children) this.visitExpr(child, fate === 'discard' ? 'discard' : 'escape');
        return undefined;
      case 'literal':
        // f-string fields run when the string is built (a job in `f"{df.count()}"`); the text is no use of the data.
        for (const field of expr.interpolations ?? []) this.visitExpr(field, 'discard');
        return undefined;
      case 'column':
        return undefined;
    }
  }

  /** A Scala block's value is its last expression (`val ret = df.cache(); ret.count(); ret`), which goes where the block goes. */
  protected visitBlock(block: Extract<Expr, { kind: 'block' }>, fate: Fate): FrameValue | undefined {
    const last = block.body.at(-1);
    if (last?.kind !== 'expr' || fate === 'discard') {
      this.visitStatements(block.body);
      return undefined;
    }
    this.visitStatements(block.body.slice(0, -1));
    return this.visitExpr(last.expr, fate);
  }

  protected visitName(name: string, span: Span, fate: Fate): FrameValue | undefined {
    const binding = this.position.scope.lookup(name) ?? this.freeFrameKnownByUse(name, span);
    if (!binding) return undefined;
    if (binding.value.kind === 'dataframe' || binding.value.kind === 'rdd') this.recordUse(binding, 'other', span, fate);
    return binding.value;
  }

  protected visitBinary(expr: Extract<Expr, { kind: 'binary' }>, context: { truthTest?: boolean } = {}): FrameValue | undefined {
    // `if x and df.count():` tests each operand for truth; `n = x and df.count()` may use the number.
    const operandsTested = context.truthTest === true && TRUTH_OPERATORS.has(expr.operator);
    this.visitExpr(expr.left, 'discard', { truthTest: operandsTested });
    this.visitExpr(expr.right, 'discard', { truthTest: operandsTested });
    if (['==', '!=', '>', '<', '>=', '<=', '===', '=!='].includes(expr.operator)) {
      for (const [side, other, actionOnLeft] of [[expr.left, expr.right, true], [expr.right, expr.left, false]] as const) {
        const action = this.actionsBySpan.get(side.span);
        if (action) action.comparison = { operator: expr.operator, other, actionOnLeft, span: expr.span };
      }
    }
    return undefined;
  }

  protected visitLambda(lambda: LambdaExpr, bound?: Map<string, FrameValue>, loop?: Omit<LoopContext, 'id'>): FrameValue | undefined {
    const body = () =>
      this.position.withScope('<lambda>', lambda.span, () => {
        if (loop) this.inlineScopes.add(this.position.scope.info.id);
        for (const param of lambda.params) {
          this.position.scope.collectionExtents.set(param.name, UNKNOWN_EXTENT);
          this.position.scope.declared.add(param.name);
        }
        for (const [name, value] of bound ?? []) this.newBinding(name, { ...value, steps: [], parent: value }, this.statement!, lambda.span, lambda.span, true);
        if (Array.isArray(lambda.body)) {
          this.visitStatements(lambda.body);
          return undefined;
        }
        return this.visitExpr(lambda.body, 'escape');
      });
    return loop ? this.position.withLoop(loop, body) : body();
  }

  protected visitCall(expr: Extract<Expr, { kind: 'call' }>, fate: Fate, context: { truthTest?: boolean }): FrameValue | undefined {
    // `functools.reduce(lambda acc, x: ..., items, initial)` is the same fold as a bare `reduce(...)`.
    if (expr.callee.kind === 'member' && expr.callee.property === 'reduce' && expr.callee.object.kind === 'name' && expr.callee.object.id === 'functools'
      && expr.args[0]?.value.kind === 'lambda' && expr.args.length >= 3) {
      return this.visitFunctionCall('reduce', expr, fate);
    }
    const called = this.calledFunction(expr.callee);
    const constructed = called ? undefined : this.constructedImportedCallee(expr.callee);
    if ((called || constructed) && expr.callee.kind === 'member') this.visitReceiverArguments(expr.callee);
    if (called && expr.callee.kind === 'member') return this.visitHelperCall(called.fn, called.name, expr, fate);
    if (constructed) return this.visitSummarisedCall(constructed.callee, constructed.name, expr, fate);
    if (expr.callee.kind === 'member' && this.model.imports.isSparkFunction(expr.callee, 'broadcast') && expr.args.length === 1) return this.visitBroadcastCall(expr, fate);
    if (expr.callee.kind === 'member') {
      const before = this.model.actions.length;
      const value = this.visitChain(toChain(expr), fate);
      if (isStringJoin(expr)) this.markJoinedIntoString(expr, before);
      if (context.truthTest) {
        const action = this.actionsBySpan.get(expr.span);
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
      if (lambda?.kind === 'lambda') return this.visitFold(lambda, initial, expr.span, this.extentOf(collection));
      for (const arg of expr.args) this.visitExpr(arg.value, 'escape');
      return undefined;
    }
    if (expr.callee.kind === 'name') return this.visitFunctionCall(expr.callee.id, expr, fate);
    this.visitExpr(expr.callee, 'escape');
    for (const arg of expr.args) this.visitExpr(arg.value, 'escape');
    return undefined;
  }

  /** `"\n".join(rdd.collect())`: the collected rows become one string. */
  protected markJoinedIntoString(expr: Extract<Expr, { kind: 'call' }>, from: number): void {
    const argument = expr.args[0]?.value;
    for (const action of this.model.actions.slice(from)) {
      if (argument && spanKey(action.step.span) === spanKey(argument.span)) action.resultUse = { kind: 'joined-into-string', span: expr.span };
    }
  }

  protected visitFold(lambda: LambdaExpr, initial: FrameValue | undefined, span: Span, extent: LoopExtent): FrameValue | undefined {
    const accumulator = lambda.params[0]?.name;
    const bound = new Map<string, FrameValue>();
    if (accumulator && initial && (initial.kind === 'dataframe' || initial.kind === 'rdd')) bound.set(accumulator, initial);
    const before = this.model.frameChains.length;
    const result = this.visitLambda(lambda, bound, { kind: 'fold', span, variables: lambda.params.map((p) => p.name), extent });
    if (accumulator && bound.size > 0) {
      const loop = this.position.loops.at(-1);
      const foldLoop: LoopContext = { id: this.position.id(), kind: 'fold', span, variables: lambda.params.map((p) => p.name), extent };
      for (const entry of this.model.frameChains.slice(before)) {
        const root = entry.chain.root;
        if (root.kind === 'name' && root.id === accumulator && entry.rootBinding) {
          this.model.loopRebindings.push({ previous: entry.rootBinding, chain: entry.chain, loop: entry.loops.find((l) => l.kind === 'fold') ?? loop ?? foldLoop, accumulatorInArgument: false });
        }
      }
    }
    return result ? { ...result } : initial;
  }

  /**
   * `broadcast(df)` / `F.broadcast(df)` hands back `df` with a hint: a use of `df` only through what
   * the result goes on to do. A statement of its own throws the hinted copy away, reads nothing and
   * hints nothing.
   */
  protected visitBroadcastCall(expr: Extract<Expr, { kind: 'call' }>, fate: Fate): FrameValue | undefined {
    const argument = expr.args[0]!.value;
    const value = this.visitExpr(argument, fate);
    const statement = this.statement;
    if (fate === 'discard' && statement?.kind === 'expr' && statement.expr === expr && argument.kind === 'name') {
      const use = this.pending.at(-1)?.use;
      if (use && use.binding.name === argument.id && use.span === argument.span) use.discardedBroadcast = expr.span;
    }
    return value;
  }

  protected visitFunctionCall(name: string, expr: Extract<Expr, { kind: 'call' }>, fate: Fate): FrameValue | undefined {
    const imports = this.model.imports;
    if (imports.isSparkFunction(expr.callee, 'broadcast') && expr.args.length === 1) return this.visitBroadcastCall(expr, fate);
    // functools.reduce(lambda acc, x: ..., items, initial)
    if ((name === 'reduce') && expr.args[0]?.value.kind === 'lambda' && expr.args.length >= 3) {
      this.visitExpr(expr.args[1]!.value, 'escape');
      const initial = this.visitExpr(expr.args[2]!.value, fate);
      return this.visitFold(expr.args[0].value, initial, expr.span, this.extentOf(expr.args[1]!.value));
    }
    const binding = this.position.scope.lookup(name);
    if (binding && (binding.value.kind === 'dataframe' || binding.value.kind === 'rdd')) {
      // Scala `df("col")`: a column reference, not a use of the data.
      this.recordUse(binding, 'other', expr.callee.span, 'discard');
      for (const arg of expr.args) this.visitExpr(arg.value, 'discard');
      return undefined;
    }
    // Scala `assert(df.count() == 0)` / `require(...)`: the code expects the test to hold.
    if ((name === 'assert' || name === 'require' || name === 'assume') && this.model.language === 'scala') {
      const before = this.model.actions.length;
      for (const arg of expr.args) this.visitExpr(arg.value, 'discard', { truthTest: true });
      this.expectTests(before, 'holds');
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
    const called = this.calledFunction(expr.callee);
    if (called) return this.visitHelperCall(called.fn, called.name, expr, fate);
    const imported = this.importedCallee(expr.callee);
    if (imported) return this.visitSummarisedCall(imported.callee, imported.name, expr, fate);
    // `print(df)` / `str(df)`: the schema as text, no job (jobs in the arguments still run).
    const argumentFate = makesTextOfArguments(name, this.model.language) ? 'discard' : 'escape';
    for (const arg of expr.args) this.visitExpr(arg.value, argumentFate);
    if (this.framesReturningFunctions.has(name)) return { kind: 'dataframe', steps: [], inputs: [], origin: `${name}()`, span: expr.span };
    return undefined;
  }

  // ----------------------------------------------------------------------- chains

}

type Definition = { kind: 'function'; fn: FunctionStmt; enclosingClass?: ClassStmt; returnsFrame: boolean } | { kind: 'class'; cls: ClassStmt };

/** The functions and classes each top-level statement defines, remembered while the lowering reuses the statement. */
const definitionsByStatement = new WeakMap<Stmt, readonly Definition[]>();

/** Functions and classes defined in `statements`, nested ones included, in source order. */
function definitionsIn(statements: readonly Stmt[], enclosingClass?: ClassStmt, into: Definition[] = []): Definition[] {
  for (const statement of statements) {
    if (statement.kind === 'function') {
      into.push({ kind: 'function', fn: statement, enclosingClass, returnsFrame: functionReturnsFrame(statement) });
      definitionsIn(statement.body, undefined, into);
    } else if (statement.kind === 'class') {
      into.push({ kind: 'class', cls: statement });
      definitionsIn(statement.body, statement, into);
    }
  }
  return into;
}

/** `"sep".join(items)` in Python. */
function isStringJoin(expr: Extract<Expr, { kind: 'call' }>): boolean {
  return expr.callee.kind === 'member' && expr.callee.property === 'join' && expr.callee.object.kind === 'literal' && typeof expr.callee.object.value === 'string' && expr.args.length === 1;
}

/** `raise …` (Python) or `throw …` (Scala) as a statement of the branch. */
function raises(statement: Stmt): boolean {
  return statement.kind === 'expr' && statement.role === 'raise';
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
