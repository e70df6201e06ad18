import type { Expr, LambdaExpr, Span } from '../syntax/ast';
import { argument, chainPrefix, isChainExpression, spanKey, toChain } from './chains';
import { configFromSqlSet, settingsOfChain } from './configs';
import { isBroadcastWrapped, joinKeys, readJoinArguments } from './joins';
import { lineageSteps } from './flow';
import { combinedHint, literalRowsHint, propagateHint, rangeHint, tableHint } from './sizeHints';
import { collectedOnDriver } from './collectedRows';
import { jdbcHint } from './jdbcSources';
import { attributeRooted, executesMergeSource, transformerInput } from './idioms';
import { within } from './loopDependence';
import { readReaderStep } from './readers';
import { writerCallName, writesItsArguments } from './writerCalls';
import { MICRO_BATCH } from './microBatches';
import {
  CONTEXT_RDD_SOURCES, DATAFRAME_ACTIONS, DATAFRAME_TRANSFORMATIONS, GROUPED_RESULTS, ITERATIVE_FIT_METHODS, RDD_ACTIONS, RDD_ONLY_TRANSFORMATIONS,
  RDD_WRITES, READER_CONFIG, READER_TERMINALS, SESSION_FRAME_SOURCES, SPARK_ONLY_METHODS, TEMP_VIEW_METHODS, WRITER_TERMINALS,
} from './sparkApi';
import { escapesThroughFirstStep, executionIndex, useKind } from './useKinds';
import type { ActionResultUse, Binding, Chain, ChainStep, FrameKind, FrameValue, LoopContext, ReadSite } from './types';
import { numberValue } from './constants';
import { stringTemplate } from './sqlText';
import { udfFromRegistration } from './udfs';
import { sqlQuerySite, tempViewSite } from './sqlViews';
import { ModelState, type Fate } from './builderState';
import { KNOWN_BY_USE } from './frameEvidence';
import { ESTIMATOR, ESTIMATOR_FITS, importsSparkMl, modelStep } from './mlEstimators';

const COLLECTION_LOOP_METHODS = new Set(['foreach', 'map', 'flatMap', 'forEach', 'filter', 'withFilter', 'collect']);
const DATAFRAME_PROPERTIES_TO_STAY = new Set(['na', 'stat']);
const CONVENTIONAL_SESSIONS = new Set(['spark', 'session', 'sparkSession', 'spark_session', 'ss']);
const CONVENTIONAL_CONTEXTS = new Set(['sc', 'sparkContext', 'spark_context']);

/**
 * The meaning of method chains: which Spark value a chain starts from, what each step does to it
 * (reads, transformations, joins, actions, writes, caches, configuration, windows) and the sites
 * it records in the model.
 */
export abstract class ChainSemantics extends ModelState {
  protected abstract visitExpr(expr: Expr, fate: Fate, context?: { truthTest?: boolean }): FrameValue | undefined;
  /** The receiver holds an object of a class the code constructs (callSemantics.ts). */
  protected abstract receiverOfKnownClass(root: Expr): boolean;
  /** `Helpers.load(spark).filter(...)`, `self.lookup().select(...)`: a chain that starts with a call of the file's own function. */
  protected abstract fieldValue(name: string, span: Span): FrameValue | undefined;
  protected abstract helperCallAtRoot(chain: Chain, fate: Fate): { value?: FrameValue; consumed: number } | undefined;
  protected abstract visitLambda(lambda: LambdaExpr, bound?: Map<string, FrameValue>, loop?: Omit<LoopContext, 'id'>): FrameValue | undefined;

  /** The value a chain's root denotes: a binding, the session, a context, `Window`, a builder… */
  protected rootValue(chain: Chain, fate: Fate): { value?: FrameValue; binding?: Binding } {
    const root = chain.root;
    if (root.kind === 'name') {
      const binding = this.position.scope.lookup(root.id);
      if (binding) return { value: binding.value, binding };
      const field = this.fieldValue(root.id, root.span);
      if (field) return { value: field };
      const conventional = this.conventionalRoot(root.id, chain);
      if (conventional) return { value: conventional };
      // Scala `rows.toDF("k", "v")` after `val rows = Seq(...)`: local rows, small by construction.
      const rows = chain.steps[0]?.name === 'toDF' || chain.steps[0]?.name === 'toDS' ? this.position.scope.lookupSequenceLength(root.id) : undefined;
      if (rows !== undefined) return { value: { kind: 'dataframe', steps: [], inputs: [], origin: 'literal rows', sizeHint: literalRowsHint(rows, root.span), span: root.span } };
      const known = this.freeFrameKnownByUse(root.id, root.span);
      if (known) return { value: known.value, binding: known };
      const estimator = this.estimatorRoot(chain);
      if (estimator) return { value: estimator };
      // An untyped parameter or a name defined elsewhere that calls Spark-only methods is a DataFrame.
      if ((chain.steps.some(isSparkOnly) || this.combinesWithFrame(chain.steps[0])) && /^[a-z_]/.test(root.id) && !this.position.scope.isPlain(root.id)) {
        const inferred = this.bindParameter(root.id, 'dataframe', root.span, this.statement!, KNOWN_BY_USE);
        inferred.loops = this.inferredLoops(root.id);
        return { value: inferred.value, binding: inferred };
      }
      return {};
    }
    if (root.kind === 'sequence') return {};
    if (root.kind === 'call' || root.kind === 'index' || root.kind === 'unknown' || root.kind === 'block') {
      // `ALS(...).fit(df)`, `new Pipeline().setStages(...).fit(df)`: an estimator built in place.
      return { value: this.visitExpr(root, fate) ?? this.estimatorRoot(chain) };
    }
    if (root.kind !== 'literal' && root.kind !== 'column') this.visitExpr(root, 'escape');
    return {};
  }

  /** The receiver of an estimator's fit (`als.fit(df)` with `als` built by code we do not follow), in a file that imports Spark ML. */
  protected estimatorRoot(chain: Chain): FrameValue | undefined {
    const first = chain.steps[0];
    if (!first?.args || !ESTIMATOR_FITS.has(first.name) || !importsSparkMl(this.model.imports)) return undefined;
    return { kind: 'model', steps: [], inputs: [], origin: ESTIMATOR, span: chain.root.span };
  }

  /** A name the file never binds, read where nothing shadows it, that the file's code shows to be a DataFrame or RDD: bound where first read. */
  protected freeFrameKnownByUse(name: string, span: Span): Binding | undefined {
    const kind = this.freeFramesByUse.get(name);
    if (!kind || this.position.scope.isPlain(name) || this.position.scope.lookup(name)) return undefined;
    const inferred = this.bindParameter(name, kind, span, this.statement!, KNOWN_BY_USE);
    inferred.loops = this.inferredLoops(name);
    return inferred;
  }

  /** `batch_df.join(thresholds, ...)`: only a DataFrame joins or unions with a DataFrame. */
  protected combinesWithFrame(step: ChainStep | undefined): boolean {
    if (!step || !['join', 'crossJoin', 'union', 'unionAll', 'unionByName'].includes(step.name)) return false;
    const other = step.args?.[0]?.value;
    if (other?.kind === 'member' && other.object.kind === 'name' && other.object.id === 'self') return this.fieldValue(`self.${other.property}`, other.span)?.kind === 'dataframe';
    return other?.kind === 'name' && this.position.scope.lookup(other.id)?.value.kind === 'dataframe';
  }

  /**
   * The loops an inferred name's value already existed in. Read before its scope binds it, it comes
   * from outside the scope's loops, unless it is a loop variable or the scope assigned it something we do not follow.
   */
  protected inferredLoops(name: string): LoopContext[] {
    const loops = this.position.loops;
    const assigned = this.opaqueAssignments.get(this.position.scope.info.id)?.get(name);
    if (assigned) return assigned;
    for (let i = loops.length - 1; i >= 0; i--) if (loops[i]!.variables.includes(name)) return loops.slice(0, i + 1);
    const scope = this.position.scope.info.span;
    return loops.filter((loop) => !within(loop.span, scope));
  }

  protected conventionalRoot(qualified: string, chain: Chain): FrameValue | undefined {
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

  protected visitChain(whole: Chain, fate: Fate): FrameValue | undefined {
    const chain = attributeRooted(whole);
    const transformed = this.transformerArgument(chain);
    const helper = transformed ? undefined : this.helperCallAtRoot(chain, fate);
    const root = transformed || helper ? {} : this.rootValue(chain, fate);
    let value = helper ? helper.value : root.value;
    const consumed = transformed ? this.visitTransformerInput(chain, transformed, fate, (input) => (value = input)) : helper ? helper.consumed : 0;
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
    // `writer.write(df)` on a receiver nothing says more of: one write job reading its arguments (writerCalls.ts).
    const opaqueWriter = (step: ChainStep) => !value && writesItsArguments(step) && !this.receiverOfKnownClass(chain.root);

    chain.steps.forEach((step, index) => {
      if (index < consumed) return;
      if (stopped || !frame) {
        if (opaqueWriter(step)) {
          const frames = (step.args ?? []).map((arg) => this.visitExpr(arg.value, 'executed')).filter((v) => v?.kind === 'dataframe' || v?.kind === 'rdd');
          // A write job of its own when it is handed Spark data (`file.write(text)` is not): later work for a cache held before it.
          if (frames.length > 0) this.model.helperCalls.push({ name: writerCallName(chain, index), span: step.span, statement: this.statement!, heavy: true, ...this.site() });
          return;
        }
        this.visitPlainStep(step, stopped ? (executesMergeSource(chain, step) ? 'executed' : 'escape') : fateAt(index), chainPrefix(chain, index));
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
      const path = argument(reader.step, 0, 'path');
      if (path?.kind === 'name' && this.position.scope.parameters.has(path.id)) reader.pathFromCaller = true;
      if (!stopped && frame?.kind === 'dataframe' && this.statement?.kind === 'expr' && spanKey(this.statement.expr.span) === spanKey(whole.span)) reader.discarded = true;
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
  protected transformerArgument(chain: Chain): Expr | undefined {
    const argument = transformerInput(chain);
    if (!argument || chain.root.kind !== 'name' || this.position.scope.lookup(chain.root.id) || this.conventionalName(chain.root.id)) return undefined;
    const source = isChainExpression(argument) ? toChain(argument).root : argument;
    if (source.kind !== 'name') return undefined;
    const kind = this.position.scope.lookup(source.id)?.value.kind;
    if (kind === 'dataframe') return argument;
    const session = kind === 'session' || (kind === undefined && this.conventionalName(source.id));
    return session && source !== argument ? argument : undefined;
  }

  protected conventionalName(name: string): boolean {
    return CONVENTIONAL_SESSIONS.has(name) || name === 'SparkSession';
  }

  /** `model.transform(test)`: the result is `test` with more columns. Returns how many steps it consumed. */
  protected visitTransformerInput(chain: Chain, argument: Expr, fate: Fate, found: (value: FrameValue) => void): number {
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
  protected derive(parent: FrameValue, binding: Binding, span: Span): FrameValue {
    return { kind: parent.kind, steps: [], parent, sourceBinding: binding, inputs: [], sizeHint: parent.sizeHint, span };
  }

  /** Applies one step to a value; undefined when the result is no longer a Spark value we follow. */
  protected applyStep(frame: FrameValue, step: ChainStep, chain: Chain, index: number, fate: Fate): FrameValue | undefined {
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
          const sqlText = stringTemplate(argument(step, 0, 'sqlQuery'), (name) => this.position.scope.lookupString(name));
          const result = extend('dataframe', { origin: 'spark.sql', steps: [step], ...(sqlText !== undefined ? { sqlText } : {}) });
          if (sqlText !== undefined) this.model.sqlQueries.push(sqlQuerySite(sqlText, result, step, this.statement!, this.site().order));
          return result;
        }
        if (step.name === 'udf' || step.name === 'catalog') return extend('session', { origin: step.name });
        if (step.name === 'register' && frame.origin === 'udf') {
          const udf = udfFromRegistration({ kind: 'call', callee: { kind: 'name', id: 'register', span: step.nameSpan }, args: step.args ?? [], span: step.span, argsSpan: step.span }, this.functionTable);
          if (udf) this.model.udfs.push(udf);
          visitArgs('escape');
          return undefined;
        }
        if (SESSION_FRAME_SOURCES.has(step.name)) {
          // `createDataFrame(rdd)`: the new DataFrame's jobs read the RDD.
          const inputs = visitArgs(fate);
          return extend('dataframe', { origin: `spark.${step.name}`, steps: [step], inputs, sourceInputs: inputs, sizeHint: this.sourceHint(step) });
        }
        visitArgs('escape');
        return step.name === 'newSession' ? frame : undefined;
      case 'builder':
        if (step.name === 'config' || step.name === 'master') this.model.configs.push(...settingsOfChain(chain, step, 'builder'));
        visitArgs('discard');
        if (step.name === 'getOrCreate' || step.name === 'create') return extend('session', { steps: [] });
        return extend('builder');
      case 'conf':
        if (step.name === 'set' || step.name === 'setAll' || step.name === 'setMaster') this.model.configs.push(...settingsOfChain(chain, step, frame.origin === 'runtime-conf' ? 'runtime-conf' : 'spark-conf'));
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
      case 'reader': {
        // `spark.read.json(sc.parallelize(rows))`: the data comes from the RDD it parses.
        const inputs = visitArgs('discard');
        if (READER_TERMINALS.has(step.name)) return extend('dataframe', { origin: `read.${step.name}`, steps: [step], inputs, sourceInputs: inputs, sizeHint: step.name === 'table' ? tableHint(step) : jdbcHint(frame.steps, step) });
        return READER_CONFIG.has(step.name) ? extend('reader') : undefined;
      }
      case 'writer':
        if (!this.visitBatchLambda(step)) visitArgs('discard');
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
      case 'model': {
        const next = modelStep(modelOrigin(frame), step.name, step.args !== undefined);
        if (next?.kind === 'model') {
          // The fit reads its input many times and keeps none of it; what it hands back is a model, not the data.
          visitArgs('escape');
          return { kind: 'model', steps: [], inputs: [], origin: next.origin, span: step.span };
        }
        if (next?.kind === 'dataframe') {
          // `model.transform(df)` reads its argument when the new DataFrame is read; `model.userFactors` is the model's own table.
          const inputs = next.fromArguments ? visitArgs(fate) : [];
          // `transform(df)` keeps df's rows and adds columns: df's lineage is its own (a table read stays a table read).
          if (step.name === 'transform' && inputs.length === 1) return { kind: 'dataframe', steps: [], parent: inputs[0], inputs: [], origin: `model.${step.name}`, span: step.span };
          return { kind: 'dataframe', steps: [], inputs, sourceInputs: inputs, origin: `model.${step.name}`, span: step.span };
        }
        visitArgs('escape');
        return undefined;
      }
      default:
        visitArgs('escape');
        return undefined;
    }
  }

  protected applyFrameStep(
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
      const resultUse = resultUseInChain(chain.steps[index + 1]);
      if (resultUse) this.model.actions.at(-1)!.resultUse = resultUse;
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
    // `df.sparkSession.conf.set(...)`: the session the DataFrame belongs to.
    if ((name === 'sparkSession' || name === 'sql_ctx') && !step.args && !isRdd) return { kind: 'session', steps: [], inputs: [], origin: name, span: step.span };
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
      const view = tempViewSite(frame, step, (n) => this.position.scope.lookupString(n), this.statement!, this.site().order);
      if (view) this.model.tempViews.push(view);
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

  protected markJoinInputs(inputs: FrameValue[]): void {
    for (const pending of this.pending) {
      if (inputs.some((input) => input.sourceBinding === pending.use.binding) && pending.use.kind === 'other') pending.use.kind = 'join-input';
    }
  }

  protected visitJoin(frame: FrameValue, step: ChainStep, fate: Fate, extend: (kind: FrameKind, extra?: Partial<FrameValue>) => FrameValue): FrameValue {
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
      keys: joinKeys(join.condition, imports), hasCondition: join.condition !== undefined, condition: join.condition, how: join.how, howSpecified: join.howSpecified,
      step, statement: this.statement!, loops: this.position.loops,
    });
    return extend(frame.kind, { inputs: right ? [...frame.inputs, right] : frame.inputs, sizeHint: step.name === 'join' ? combinedHint(step.name, [frame.sizeHint, right?.sizeHint], step.span) : undefined });
  }

  /** `names.foreach { n => ... }` / `names.map(n => ...)` on a plain collection is a loop. */
  protected visitPlainStep(step: ChainStep, fate: Fate, receiver: Expr): void {
    const lambda = step.args?.length === 1 ? blockLambda(step.args[0]!.value) : undefined;
    if (this.visitBatchLambda(step)) return;
    if (COLLECTION_LOOP_METHODS.has(step.name) && lambda?.kind === 'lambda') {
      this.visitLambda(lambda, undefined, { kind: 'foreach', span: step.span, variables: lambda.params.map((p) => p.name), extent: this.extentOf(receiver) });
      return;
    }
    for (const arg of step.args ?? []) this.visitExpr(arg.value, fate);
  }

  /** `foreachBatch((batch, id) => …)`: Spark calls the lambda with each micro-batch's DataFrame, bound as its first parameter. */
  protected visitBatchLambda(step: ChainStep): boolean {
    const lambda = step.name === 'foreachBatch' && step.args?.length === 1 ? blockLambda(step.args[0]!.value) : undefined;
    const batch = lambda?.kind === 'lambda' ? lambda.params[0] : undefined;
    if (lambda?.kind !== 'lambda' || !batch) return false;
    this.visitLambda(lambda, new Map([[batch.name, { kind: 'dataframe', steps: [], inputs: [], origin: MICRO_BATCH, span: lambda.span }]]));
    return true;
  }

  protected sourceHint(step: ChainStep) {
    if (step.name === 'range') return rangeHint(step);
    if (step.name === 'table') return tableHint(step);
    if (step.name === 'createDataFrame' || step.name === 'createDataset') {
      const data = argument(step, 0, 'data');
      const rows = this.literalLength(data);
      if (rows !== undefined) return literalRowsHint(rows, step.span);
      if (this.model.language === 'python' && collectedOnDriver(data)) return { kind: 'collected-rows' as const, span: step.span };
      return this.builtOnDriver(data) ? { kind: 'driver-rows' as const, span: step.span } : undefined;
    }
    return undefined;
  }

  /** PySpark rows in a list built on the driver: a comprehension, or a name holding one (or a literal list filled in place). */
  protected builtOnDriver(expr: Expr | undefined): boolean {
    if (this.model.language !== 'python' || !expr) return false;
    return expr.kind === 'comprehension' || (expr.kind === 'name' && this.position.scope.lookupDriverCollection(expr.id));
  }

  protected literalLength(expr: Expr | undefined): number | undefined {
    if (!expr) return undefined;
    if (expr.kind === 'sequence') return expr.items.length;
    if (expr.kind === 'name') return this.position.scope.lookupSequenceLength(expr.id);
    return localRangeLength(expr);
  }

  protected recordWindow(chain: Chain, start: FrameValue, result: FrameValue | undefined): void {
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

/** Scala `cols.foreach({ c => ... })`: the lambda inside the braces. */
function blockLambda(expr: Expr): Expr {
  const only = expr.kind === 'block' && expr.body.length === 1 ? expr.body[0] : undefined;
  return only?.kind === 'expr' && only.expr.kind === 'lambda' ? only.expr : expr;
}

/** `.mkString(…)` / `.head(5)` applied to an action's result in the same chain. */
function resultUseInChain(next: ChainStep | undefined): ActionResultUse | undefined {
  if (!next) return undefined;
  if (next.name === 'mkString') return { kind: 'joined-into-string', span: next.span };
  const rows = next.name === 'head' ? numberValue(argument(next, 0, 'n')) : undefined;
  return rows !== undefined ? { kind: 'head', rows, span: next.span } : undefined;
}

/** Python `range(12)` / `list(range(0, 12))`, Scala `0 until 12` passed as data: a local collection of known length. */
function localRangeLength(expr: Expr): number | undefined {
  if (expr.kind === 'call' && expr.callee.kind === 'name' && expr.callee.id === 'list' && expr.args.length === 1) return localRangeLength(expr.args[0]!.value);
  if (expr.kind !== 'call' || expr.callee.kind !== 'name' || expr.callee.id !== 'range' || expr.args.length === 0 || expr.args.length > 3) return undefined;
  const bounds = expr.args.map((a) => numberValue(a.value));
  if (bounds.some((b) => b === undefined)) return undefined;
  const [start, end] = bounds.length === 1 ? [0, bounds[0]!] : [bounds[0]!, bounds[1]!];
  const step = bounds[2] ?? 1;
  return step > 0 ? Math.max(0, Math.ceil((end - start) / step)) : undefined;
}

/** `DataFrame.write` is a property; `model.write()` (called) is an ML model's writer. */
function isSparkOnly(step: ChainStep): boolean {
  return SPARK_ONLY_METHODS.has(step.name) && !(step.name === 'write' && step.args !== undefined);
}

/** What a model value is (estimator, fitted model, summary): read through the names it was bound to. */
function modelOrigin(value: FrameValue): string | undefined {
  let current: FrameValue | undefined = value;
  while (current && current.origin === undefined) current = current.parent;
  return current?.origin;
}

/** The binding a value was read from when it was used as-is (`df.cache()`), not derived. */
function chainTargetBinding(frame: FrameValue): Binding | undefined {
  return frame.steps.length === 0 ? frame.sourceBinding : undefined;
}
