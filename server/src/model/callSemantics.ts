import type { AssignStmt, CallExpr, ClassStmt, Expr, FunctionStmt, Span, Stmt } from '../syntax/ast';
import type { Fate, PendingUse } from './builderState';
import { ChainSemantics } from './chainSemantics';
import { MANY } from './flow';
import { lessCertainHint } from './sizeHints';
import { fillsThroughCall } from './keyFills';
import { dottedName } from './imports';
import { constructedClassName, constructedFields } from './constructedReceivers';
import { NO_IMPORTED_FUNCTIONS, type FunctionOrigin, type ImportedFunctions } from './importedFunctions';
import type { FunctionSummary } from './summaries';
import { sameSpan } from '../syntax/spans';
import type { CachedParameter, ParameterCacheArrival } from './parameterCaches';
import type { Chain, FrameKind, FrameValue, SizeHint, Use } from './types';

/** What a call site needs of the function it calls, wherever the function is defined. */
interface SummarisedCallee {
  /** The parameters a caller fills, in order. */
  parameters: readonly string[];
  summary(frameParameters: readonly string[]): FunctionSummary | undefined;
  returnsFrame: boolean;
  /** A function of another file: a size it returns is explained at the call, not at a line of that file. */
  elsewhere: boolean;
  /** Where another file's function is defined. */
  origin?: FunctionOrigin;
}

/** How deep calls are followed: a helper's helper's helper still counts; deeper calls are where data escapes, as before. */
const MAX_DEPTH = 3;
const RECEIVERS_OF_OWN_METHODS = new Set(['self', 'cls', 'this']);
/** Marks an imported name that is a method of a constructed object (`new:Reporter.report`), not a function or object method. */
const INSTANCE = 'new:';

interface RememberedSummary {
  summary: FunctionSummary | undefined;
  fileContext: string;
  /** The summaries of the functions it calls, as they were when it was summarised. */
  dependencies: ReadonlyMap<string, string>;
}

/** Per function: its summaries by depth and DataFrame parameters, kept across builds while the function's syntax lives. */
const remembered = new WeakMap<FunctionStmt, Map<string, RememberedSummary>>();

/**
 * Calls of the file's own functions (`load_lookup(spark)`, `self.enrich(df)`, `Helpers.load(spark)`):
 * each is applied through the callee's summary, so the jobs it runs on an argument count as uses
 * of that argument and what it returns keeps its lineage and size. Anything the summary cannot
 * say (recursion, depth, an ambiguous name) is an escape, as for an unknown function.
 */
export abstract class CallSemantics extends ChainSemantics {
  /** How many summaries this build is nested in (0 for the file's own build). */
  protected summaryDepth = 0;
  /** The functions being summarised around this build: a call back into one is recursion. */
  protected summarising: ReadonlySet<FunctionStmt> = new Set();
  /** The summaries this build applied, by key: what its own summary depends on. */
  protected readonly appliedSummaries = new Map<string, string>();

  /** Functions of other files of the workspace that the file's imports reach. */
  protected imported: ImportedFunctions = NO_IMPORTED_FUNCTIONS;

  /** Set in builds that summarise what methods keep in attributes: those do not read attributes themselves, which bounds the work. */
  protected fieldsOff = false;

  /** Builds the summary of `fn` with `frameParameters` holding DataFrames, one level deeper. */
  protected abstract buildSummary(fn: FunctionStmt, frameParameters: readonly string[], fieldsOnly: boolean): FunctionSummary;

  /**
   * `self.lookup` read in a method of a class whose methods assign it: small when every DataFrame
   * they assign to it is small. Only then is it a value here: anything else stays unknown, as before.
   */
  protected fieldValue(name: string, span: Span): FrameValue | undefined {
    const owner = this.enclosingClass;
    if (this.fieldsOff || !owner || !name.startsWith('self.') || this.classes.get(owner.name) !== owner || !assignedAttributes(owner).has(name)) return undefined;
    let hint: SizeHint | undefined;
    let kind: FrameKind | undefined;
    for (const method of owner.body) {
      if (method.kind !== 'function') continue;
      const field = this.summaryFor(method, `${owner.name}.${method.name}`, [], true)?.fields.get(name);
      if (!field) continue;
      if (!field.sizeHint || (kind && kind !== field.kind)) return undefined;
      kind = field.kind;
      hint = hint ? lessCertainHint(hint, field.sizeHint) : field.sizeHint;
    }
    if (!kind || !hint) return undefined;
    return { kind, steps: [], inputs: [], origin: name, sizeHint: { kind: 'field', field: name, inner: hint, span: hint.span }, span };
  }

  /** The file's function a call reaches: a plain name, or a method on `self`/`this` or on a class or object of the file. */
  protected calledFunction(callee: Expr): { fn: FunctionStmt; name: string } | undefined {
    let name: string | undefined;
    if (callee.kind === 'name') name = callee.id;
    else if (callee.kind === 'member' && callee.object.kind === 'name' && (RECEIVERS_OF_OWN_METHODS.has(callee.object.id) || this.classNames.has(callee.object.id))) name = callee.property;
    if (name === undefined) return this.constructedMethod(callee);
    const sibling = this.siblingMethod(callee, name);
    if (sibling) return sibling;
    // Renaming one of two same-named methods makes the other resolvable: a reused caller must see that.
    const ambiguous = this.ambiguousFunctions.has(name);
    this.outerReads?.record(`ambiguous:${name}`, String(ambiguous));
    if (ambiguous) return undefined;
    const fn = this.functions.get(name);
    return fn && { fn, name };
  }

  /** The class of the object a call's receiver is, when the code constructed it: `new X()`, `X(conf)`, a name or `self` field assigned one (constructedReceivers.ts). */
  protected constructedReceiver(object: Expr): string | undefined {
    if (object.kind === 'call') return constructedClassName(object);
    if (object.kind === 'name') return this.position.scope.lookup(object.id) ? undefined : this.position.scope.lookupInstance(object.id);
    const field = dottedName(object);
    const owner = this.enclosingClass;
    if (!field?.startsWith('self.') || field.indexOf('.', 'self.'.length) >= 0 || !owner || this.classes.get(owner.name) !== owner) return undefined;
    return constructedFields(owner).get(field) ?? undefined;
  }

  /**
   * A method of a class of the file called on an object of it the code constructed: that class's
   * own method, when the file has one class of that name (not an object) defining it once.
   */
  private constructedMethod(callee: Expr): { fn: FunctionStmt; name: string } | undefined {
    if (callee.kind !== 'member') return undefined;
    const className = this.constructedReceiver(callee.object);
    const owner = className === undefined ? undefined : this.classes.get(className);
    if (!owner || owner.singleton) return undefined;
    const methods = owner.body.filter((s): s is FunctionStmt => s.kind === 'function' && s.name === callee.property);
    return methods.length === 1 ? { fn: methods[0]!, name: `${owner.name}.${callee.property}` } : undefined;
  }

  /**
   * A method of another file's class called on an object of it the code constructed
   * (`new Reporter().report(df)` with `Reporter` imported): the workspace index finds the class.
   */
  protected constructedImportedCallee(callee: Expr): { callee: SummarisedCallee; name: string } | undefined {
    if (callee.kind !== 'member' || !this.imported.resolveInstanceMethod) return undefined;
    const className = this.constructedReceiver(callee.object);
    if (className === undefined || this.classNames.has(className)) return undefined;
    return this.importedTarget(`${INSTANCE}${className}.${callee.property}`);
  }

  /** The constructor's arguments (`new Reporter(df)`) go into the object, out of our sight. */
  protected visitReceiverArguments(callee: Expr): void {
    if (callee.kind === 'member' && callee.object.kind === 'call' && constructedClassName(callee.object)) {
      for (const arg of callee.object.args) this.visitExpr(arg.value, 'escape');
    }
  }

  /**
   * A method of the class or object the call is made in, called as `self.m()` / `this.m()` /
   * `Owner.m()`, or bare in Scala (where `m()` in a method means the enclosing object's own): that
   * one, even when another class of the file has a method of that name (a Scala companion's).
   */
  private siblingMethod(callee: Expr, name: string): { fn: FunctionStmt; name: string } | undefined {
    const owner = this.enclosingClass;
    if (!owner) return undefined;
    const receiver = callee.kind === 'member' && callee.object.kind === 'name' ? callee.object.id : undefined;
    const own = receiver === undefined ? this.model.language === 'scala' : RECEIVERS_OF_OWN_METHODS.has(receiver) || receiver === owner.name;
    if (!own) return undefined;
    const methods = owner.body.filter((s): s is FunctionStmt => s.kind === 'function' && s.name === name);
    if (methods.length !== 1) return undefined;
    return { fn: methods[0]!, name: this.ambiguousFunctions.has(name) ? `${owner.name}.${name}` : name };
  }

  /**
   * `r = Reporter()` / `val r = new Reporter(conf)`: later `r.m(df)` calls reach Reporter's method.
   * Any other assignment of the name hides an outer one, and a name this scope assigns objects of
   * two classes (`w = CsvWriter()`, then in a branch `w = Tee()`) stays unknown from then on.
   */
  protected rememberInstance(statement: AssignStmt): void {
    const constructed = statement.targets.length === 1 && statement.operator === '=' ? constructedClassName(statement.value) : undefined;
    const instances = this.position.scope.instances;
    for (const target of statement.targets) {
      if (target.includes('.')) continue;
      const earlier = instances.get(target);
      instances.set(target, earlier === undefined || earlier === constructed ? (constructed ?? null) : null);
      if (constructed) this.position.scope.constructedNames.add(target);
    }
  }

  /**
   * The receiver holds an object of a class the code constructs (`w = Tee()`, a `self.w` the class
   * assigns): which method runs is the code's to say, and when it is not followed it stays unknown.
   */
  protected receiverOfKnownClass(root: Expr): boolean {
    if (root.kind === 'call') return constructedClassName(root) !== undefined;
    if (root.kind !== 'name') return false;
    if (!root.id.startsWith('self.')) return this.position.scope.holdsConstructedObject(root.id);
    const owner = this.enclosingClass;
    return owner !== undefined && constructedFields(owner).has(root.id);
  }

  protected helperCallAtRoot(chain: Chain, fate: Fate): { value?: FrameValue; consumed: number } | undefined {
    const constructedRoot = chain.root.kind === 'call' && constructedClassName(chain.root) !== undefined;
    if ((chain.root.kind !== 'name' && !constructedRoot) || (chain.root.kind === 'name' && this.position.scope.lookup(chain.root.id))) return undefined;
    // `lookups.load(spark)…` or `jobs.lookups.load(spark)…`: member accesses up to the first call name the function.
    const called = chain.steps.findIndex((step) => step.args !== undefined);
    const step = chain.steps[called];
    if (called < 0 || !step?.args) return undefined;
    let callee: Expr = chain.root;
    for (const part of chain.steps.slice(0, called + 1)) {
      callee = { kind: 'member', object: callee, property: part.name, span: { start: chain.root.span.start, end: part.nameSpan.end }, propertySpan: part.nameSpan };
    }
    if (constructedRoot && called !== 0) return undefined;
    // Past the first step only a constructed receiver (`self.reporter.report(df)`) names a method of the file; a dotted path is a module's.
    const own = this.calledFunction(callee);
    const target = own ? this.ownCallee(own.fn, own.name) : constructedRoot ? undefined : this.importedCallee(callee);
    const instance = target ? undefined : this.constructedImportedCallee(callee);
    if (!target && !instance) return undefined;
    this.visitReceiverArguments(callee);
    const call: CallExpr = { kind: 'call', callee, args: step.args, span: step.span, argsSpan: { start: step.nameSpan.end, end: step.span.end } };
    const reached = (target ?? instance)!;
    return { value: this.visitSummarisedCall(reached.callee, reached.name, call, fate), consumed: called + 1 };
  }

  /** A call of the file's function `fn`, as the call site sees it. */
  protected ownCallee(fn: FunctionStmt, name: string): { callee: SummarisedCallee; name: string } {
    const parameters = fn.params.filter((p, i) => !(i === 0 && (p.name === 'self' || p.name === 'cls'))).map((p) => p.name);
    return { name, callee: { parameters, summary: (frameParameters) => this.summaryFor(fn, name, frameParameters), returnsFrame: this.framesReturningFunctions.has(name), elsewhere: false } };
  }

  /** A call that reaches a function of another file through the file's imports (`load_lookup(spark)`, `lookups.load_lookup(spark)`). */
  protected importedCallee(expr: Expr): { callee: SummarisedCallee; name: string } | undefined {
    const name = dottedName(expr);
    const head = name?.split('.')[0];
    if (!name || !head || this.functions.has(head) || this.classNames.has(head) || this.position.scope.lookup(head)) return undefined;
    return this.importedTarget(name);
  }

  /** An imported function (or, prefixed with INSTANCE, a method of an imported class's object) as a call site sees it. */
  private importedTarget(name: string): { callee: SummarisedCallee; name: string } | undefined {
    const imported = this.importedFunction(name);
    if (!imported) return undefined;
    const summary = (frameParameters: readonly string[]): FunctionSummary | undefined => {
      const found = this.importedSummary(name, frameParameters);
      const key = `import:${name}|${frameParameters.join(',')}`;
      this.appliedSummaries.set(key, found?.fingerprint ?? '-');
      this.outerReads?.record(`summary:${key}`, found?.fingerprint ?? '-');
      return found;
    };
    return { name: name.startsWith(INSTANCE) ? name.slice(INSTANCE.length) : name, callee: { parameters: imported.parameters, summary, returnsFrame: imported.returnsFrame, elsewhere: true, origin: imported.origin } };
  }

  private importedFunction(name: string): ReturnType<ImportedFunctions['resolve']> {
    if (!name.startsWith(INSTANCE)) return this.imported.resolve(name);
    const qualified = name.slice(INSTANCE.length);
    const dot = qualified.lastIndexOf('.');
    return this.imported.resolveInstanceMethod?.(qualified.slice(0, dot), qualified.slice(dot + 1));
  }

  /** An imported function's summary, unless this build is already as deep as summaries go. */
  private importedSummary(name: string, frameParameters: readonly string[]): FunctionSummary | undefined {
    if (this.summaryDepth >= MAX_DEPTH) return undefined;
    return this.importedFunction(name)?.summary(frameParameters);
  }

  /** Visits a call of the file's function `fn`; undefined when the call returns nothing we follow. */
  protected visitHelperCall(fn: FunctionStmt, name: string, expr: CallExpr, fate: Fate): FrameValue | undefined {
    return this.visitSummarisedCall(this.ownCallee(fn, name).callee, name, expr, fate);
  }

  /** Visits a call through the callee's summary; undefined when the call returns nothing we follow. */
  protected visitSummarisedCall(callee: SummarisedCallee, name: string, expr: CallExpr, fate: Fate): FrameValue | undefined {
    const parameters = callee.parameters;
    const variadic = parameters.some((p) => p.startsWith('*')) || expr.args.length > parameters.length;
    const visited = expr.args.map((arg, index) => {
      const before = this.pending.length;
      const value = this.visitExpr(arg.value, 'result');
      const flowing = this.pending.splice(before);
      const isFrame = value?.kind === 'dataframe' || value?.kind === 'rdd';
      const named = arg.value.kind === 'name' ? flowing.find((entry) => entry.fate === 'result')?.use : undefined;
      return { value: isFrame ? value : undefined, flowing, parameter: variadic ? undefined : arg.name ?? parameters[index], span: arg.value.span, named };
    });
    const frameParameters = [...new Set(visited.filter((v) => v.value && v.parameter).map((v) => v.parameter!))].sort();
    const summary = callee.summary(frameParameters);
    const unpacked = summary !== undefined && this.unpacks(summary, expr);
    let result: FrameValue | undefined;
    for (const { value, flowing, parameter, named } of visited) {
      const effect = value && parameter ? summary?.parameters.get(parameter) : undefined;
      const cachedHere = value && parameter ? summary?.cachedParameters?.get(parameter) : undefined;
      // Another file's function caches what we cannot tell is a DataFrame (`save(frame)`, `frame` untyped): its file must not judge the cache by the calls it can see.
      const unseen = !value && parameter && callee.origin ? summary?.cachedParameters?.get(parameter) : undefined;
      if (unseen) this.model.parameterCaches.push({ ...this.parameterCacheArrival(unseen, undefined, undefined, name, callee, expr), unseen: this.position.scope.info.name });
      // Let go where we cannot follow, the argument's cache is read we know not how often.
      if (cachedHere && (!effect || effect.jobs === MANY)) this.markParameterCache({ ...cachedHere, readsAfter: MANY }, named, undefined, name, callee, expr);
      // Handed back through a cache of the callee, the argument's data is read when the caller reads the result, whichever parameter it is.
      const returned = !!effect && (effect.followsResult ?? summary?.returns?.fromParameter === parameter) && (!summary?.returnedTuple || unpacked);
      if (!effect || effect.jobs === MANY || (effect.followsResult && !returned)) {
        // The callee fits an estimator to it: read many times there, and none of it kept.
        if (effect?.fitted) for (const { use, fate: own } of flowing) if (own === 'result') use.fittedIn = name;
        this.pending.push(...flowing.map(({ use, fate: own }) => ({ use, fate: own === 'result' ? 'escape' : own }) as PendingUse));
        continue;
      }
      for (const entry of flowing) {
        if (entry.fate !== 'result') {
          this.pending.push(entry);
          continue;
        }
        this.pending.push({ use: entry.use, fate: returned ? fate : 'discard' });
        // Each job the helper runs on the argument is a read of it here, where the call is.
        for (let job = 0; job < effect.jobs; job++) {
          if (job === 0 && !returned && entry.use.kind !== 'escape') entry.use.kind = 'action';
          else entry.use.binding.uses.push({ ...entry.use, kind: entry.use.kind === 'escape' ? 'escape' : 'action', derived: undefined });
        }
      }
      const handedBack = effect && summary?.returns?.fromParameter === parameter ? this.returnedFromArgument(value!, summary!, name, expr, callee.elsewhere) : undefined;
      if (handedBack) {
        result = handedBack;
        this.markCacheArrival(result, summary!, name, callee, expr);
      }
      if (cachedHere) this.markParameterCache(cachedHere, named, handedBack, name, callee, expr);
    }
    const tuple = summary && this.tupleArrival(summary, name, callee, expr);
    if (tuple) return tuple;
    if (summary?.runsJobs) {
      this.model.helperCalls.push({ name, span: expr.span, statement: this.statement!, heavy: summary.runsHeavyJobs, leavesCacheHeld: summary.leavesCacheHeld, ...this.site() });
    }
    const returns = summary?.returns;
    if (returns && !returns.fromParameter) {
      const sizeHint = returns.sizeHint && { kind: 'returned' as const, function: name, inner: returns.sizeHint, span: callee.elsewhere ? expr.span : returns.sizeHint.span };
      const filledKeys = fillsThroughCall(returns.filledKeys, name, expr.span, callee.elsewhere);
      const value: FrameValue = { kind: returns.kind, steps: [], inputs: [], origin: `${name}()`, sizeHint, filledKeys, span: expr.span, ...(returns.shuffle ? { hiddenShuffle: returns.shuffle } : {}) };
      this.markCacheArrival(value, summary, name, callee, expr);
      return value;
    }
    if (result) return result;
    return callee.returnsFrame ? { kind: 'dataframe', steps: [], inputs: [], origin: `${name}()`, span: expr.span } : undefined;
  }

  /** The DataFrames a call hands back in a tuple, by the container value the call stands for (`totals, details = summarise(df)`). */
  private readonly tupleElements = new WeakMap<FrameValue, ReadonlyArray<FrameValue | undefined>>();

  /**
   * A call whose function hands back a tuple with a cache in it, unpacked into as many names
   * (`totals, details = summarise(df)`): a value per place, each cache arriving in its name.
   */
  private tupleArrival(summary: FunctionSummary, name: string, callee: SummarisedCallee, expr: CallExpr): FrameValue | undefined {
    const places = summary.returnedTuple;
    if (!places || !this.unpacks(summary, expr)) return undefined;
    const elements = places.map((place) => {
      if (!place.kind) return undefined;
      const value: FrameValue = { kind: place.kind, steps: [], inputs: [], origin: `${name}()`, span: expr.span };
      if (place.cache) this.model.cacheArrivals.push({ value, function: name, cache: place.cache, elsewhere: callee.elsewhere, call: expr.span, scopeId: this.position.scope.info.id });
      return value;
    });
    const container: FrameValue = { kind: 'dataframe', steps: [], inputs: [], origin: `${name}()`, span: expr.span };
    this.tupleElements.set(container, elements);
    return container;
  }

  /** The call is the whole value of `a, b = f(...)`, with a name for each place of the tuple its function hands back. */
  private unpacks(summary: FunctionSummary, expr: CallExpr): boolean {
    const statement = this.statement;
    const places = summary.returnedTuple;
    return places !== undefined && statement?.kind === 'assign' && statement.targets.length === places.length && sameSpan(statement.value.span, expr.span);
  }

  /** What each name of `a, b = f(...)` receives, when the call hands back a tuple we follow. */
  protected unpackedTuple(value: FrameValue): ReadonlyArray<FrameValue | undefined> | undefined {
    return this.tupleElements.get(value);
  }

  /** The function caches the caller's DataFrame in place: the rules add the caller's reads after the call to the function's. */
  private markParameterCache(cache: CachedParameter, argument: Use | undefined, handedBack: FrameValue | undefined, name: string, callee: SummarisedCallee, expr: CallExpr): void {
    this.model.parameterCaches.push(this.parameterCacheArrival(cache, argument, handedBack, name, callee, expr));
  }

  private parameterCacheArrival(cache: CachedParameter, argument: Use | undefined, handedBack: FrameValue | undefined, name: string, callee: SummarisedCallee, expr: CallExpr): ParameterCacheArrival {
    return {
      function: name, cache, binding: argument?.binding, handedBack, elsewhere: callee.elsewhere, origin: callee.origin, call: expr.span,
      order: this.position.order, scopeId: this.position.scope.info.id, repeated: argument !== undefined && this.position.loops.some((loop) => !argument.binding.loops.some((outer) => outer.id === loop.id)),
    };
  }

  /** The call's result is the cache its function made and handed back: the rules count the caller's reads as that cache's. */
  private markCacheArrival(value: FrameValue, summary: FunctionSummary, name: string, callee: SummarisedCallee, expr: CallExpr): void {
    if (summary.returnedCache) this.model.cacheArrivals.push({ value, function: name, cache: summary.returnedCache, elsewhere: callee.elsewhere, call: expr.span, scopeId: this.position.scope.info.id });
  }

  protected returnedFromArgument(argument: FrameValue, summary: FunctionSummary, name: string, expr: CallExpr, elsewhere: boolean): FrameValue {
    const inner = summary.returns!.keepsSize ? argument.sizeHint : undefined;
    const sizeHint = inner && { kind: 'returned' as const, function: name, inner, span: inner.span };
    const filledKeys = fillsThroughCall(summary.returns!.filledKeys, name, expr.span, elsewhere);
    const shuffle = summary.returns!.shuffle;
    return { kind: summary.returns!.kind, steps: [], parent: argument, inputs: [], origin: `${name}()`, sizeHint, filledKeys, span: expr.span, ...(shuffle ? { hiddenShuffle: shuffle } : {}) };
  }

  /** The summary of a call of `fn`, remembered across builds while the function and what it depends on stay the same. */
  protected summaryFor(fn: FunctionStmt, name: string, frameParameters: readonly string[], fieldsOnly = false): FunctionSummary | undefined {
    const key = `${name}|${frameParameters.join(',')}|${fieldsOnly ? 'fields' : ''}`;
    const summary = this.summaryOfCall(fn, frameParameters, fieldsOnly);
    const fingerprint = summary?.fingerprint ?? '-';
    this.appliedSummaries.set(key, fingerprint);
    this.outerReads?.record(`summary:${key}`, fingerprint);
    return summary;
  }

  /** The fingerprint a call `name|params` (a key recorded by summaryFor) has in this build. */
  protected summaryFingerprint(key: string): string {
    if (key.startsWith('import:')) {
      const [name, parameters] = key.slice('import:'.length).split('|') as [string, string];
      return this.importedSummary(name, parameters ? parameters.split(',') : [])?.fingerprint ?? '-';
    }
    const [name, parameters, mode] = key.split('|') as [string, string, string];
    const called = this.functionNamed(name);
    const summary = called && this.summaryOfCall(called, parameters ? parameters.split(',') : [], mode === 'fields');
    return summary?.fingerprint ?? '-';
  }

  /** `load` or, for a method summarised for its attributes, `Class.method`. */
  private functionNamed(name: string): FunctionStmt | undefined {
    const dot = name.indexOf('.');
    if (dot < 0) return this.ambiguousFunctions.has(name) ? undefined : this.functions.get(name);
    const owner = this.classes.get(name.slice(0, dot));
    const method = name.slice(dot + 1);
    return owner?.body.find((s): s is FunctionStmt => s.kind === 'function' && s.name === method);
  }

  /** Summaries made or checked in this build (shared with the builds nested in it): each is worked out once per build. */
  protected summariesOfThisBuild = new Map<FunctionStmt, Map<string, FunctionSummary | undefined>>();

  private summaryOfCall(fn: FunctionStmt, frameParameters: readonly string[], fieldsOnly: boolean): FunctionSummary | undefined {
    if (this.summaryDepth >= MAX_DEPTH || this.summarising.has(fn)) return undefined;
    const cacheKey = `${this.summaryDepth}|${frameParameters.join(',')}|${fieldsOnly || this.fieldsOff}`;
    let known = this.summariesOfThisBuild.get(fn);
    if (known?.has(cacheKey)) return known.get(cacheKey);
    if (!known) this.summariesOfThisBuild.set(fn, (known = new Map()));
    const summary = this.rememberedOrBuilt(fn, frameParameters, fieldsOnly, cacheKey);
    known.set(cacheKey, summary);
    return summary;
  }

  private rememberedOrBuilt(fn: FunctionStmt, frameParameters: readonly string[], fieldsOnly: boolean, cacheKey: string): FunctionSummary | undefined {
    let byKey = remembered.get(fn);
    const earlier = byKey?.get(cacheKey);
    if (earlier && earlier.fileContext === this.fileContext && this.stillAlike(earlier.dependencies, fn)) return earlier.summary;
    const summary = this.buildSummary(fn, frameParameters, fieldsOnly);
    if (!byKey) remembered.set(fn, (byKey = new Map()));
    byKey.set(cacheKey, { summary, fileContext: this.fileContext, dependencies: this.lastSummaryDependencies });
    return summary;
  }

  /** Set by buildSummary: the summaries the function just summarised applied. */
  protected lastSummaryDependencies: ReadonlyMap<string, string> = new Map();

  /** Whether the summaries a remembered summary applied read the same now (seen from inside `fn`, one level deeper). */
  private stillAlike(dependencies: ReadonlyMap<string, string>, fn: FunctionStmt): boolean {
    if (dependencies.size === 0) return true;
    const saved = { depth: this.summaryDepth, summarising: this.summarising };
    this.summaryDepth++;
    this.summarising = new Set([...this.summarising, fn]);
    try {
      for (const [key, fingerprint] of dependencies) if (this.summaryFingerprint(key) !== fingerprint) return false;
      return true;
    } finally {
      this.summaryDepth = saved.depth;
      this.summarising = saved.summarising;
    }
  }
}

const attributes = new WeakMap<ClassStmt, Set<string>>();

/** The `self.x` names a class's methods assign a call's result anywhere: a cheap test before summarising them. */
function assignedAttributes(owner: ClassStmt): Set<string> {
  let found = attributes.get(owner);
  if (!found) {
    found = new Set();
    collectAssigned(owner.body, found);
    attributes.set(owner, found);
  }
  return found;
}

function collectAssigned(statements: Stmt[], into: Set<string>): void {
  for (const statement of statements) {
    // Only a call (`spark.createDataFrame(...)`, `x.filter(...)`) can give the attribute a DataFrame with a known size.
    if (statement.kind === 'assign' && statement.value.kind === 'call') for (const target of statement.targets) if (target.startsWith('self.')) into.add(target);
    if (statement.kind === 'function' || statement.kind === 'loop') collectAssigned(statement.body, into);
    if (statement.kind === 'if') {
      collectAssigned(statement.then, into);
      collectAssigned(statement.otherwise, into);
    }
  }
}
