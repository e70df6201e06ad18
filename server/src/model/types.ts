/**
 * The language-neutral Spark model: what a Spark job does with its DataFrames, independent of
 * whether it was written in Python or Scala. Rules read only this (never syntax trees).
 */
import type { CacheArrival } from './returnedCaches';
import type { ParameterCacheArrival } from './parameterCaches';
import type { ImportedFunctions } from './importedFunctions';
import type { Argument, Expr, Language, Span, Stmt } from '../syntax/ast';
import type { LoopExtent } from './loopExtent';

export type FrameKind = 'dataframe' | 'rdd' | 'window' | 'session' | 'context' | 'builder' | 'conf' | 'reader' | 'writer' | 'grouped'
  // A Spark ML estimator, the model its fit hands back, or that model's summary (origin says which: mlEstimators.ts).
  | 'model';

/** One method call or member access in a chain: `.join(dim, "k")` or Scala's `.cache`. */
export interface ChainStep {
  name: string;
  /** Undefined for a member access that is not called (`df.write`, `df.na`, Scala `df.cache`). */
  args?: Argument[];
  /** The whole expression up to and including this step. */
  span: Span;
  /** The method or property name. */
  nameSpan: Span;
  /** From the end of the receiver (the dot) to the end of this step: what to delete to remove it. */
  tailSpan: Span;
}

/** `root.step1(...).step2(...)`: an expression flattened into its receiver and method calls. */
export interface Chain {
  root: Expr;
  steps: ChainStep[];
  span: Span;
}

/** Why a DataFrame is known to be small enough to broadcast. */
export type SizeHint =
  | { kind: 'literal-rows'; rows: number; span: Span }
  | { kind: 'range'; rows: number; span: Span }
  | { kind: 'limit'; rows: number; span: Span }
  | { kind: 'table'; table: string; span: Span }
  /** PySpark `createDataFrame` of a list built on the driver: it fits in the driver's memory, and Spark has no size estimate for it. */
  | { kind: 'driver-rows'; span: Span }
  /** Returned by a function of this file (`small = load_lookup(spark)`), small for the inner reason. */
  | { kind: 'returned'; function: string; inner: SizeHint; span: Span }
  /** Read from an attribute (`self.lookup`) that every method assigning it fills with small data. */
  | { kind: 'field'; field: string; inner: SizeHint; span: Span }
  /**
   * A JDBC read, which Spark has no statistics for: small when `tables` are all listed in
   * sparkAdvisor.smallTables (none for a query ending in a small LIMIT or a global aggregate, `rows`).
   */
  | { kind: 'jdbc'; source: string; tables: string[]; rows?: number; span: Span }
  /** A PySpark DataFrame rebuilt from rows a `collect()`/`take(n)` brought to the driver. */
  | { kind: 'collected-rows'; span: Span }
  /** A join or union whose sides are all small. */
  | { kind: 'combined'; method: string; sides: SizeHint[]; span: Span }
  /** Grouped only by columns set to one constant on every row (`fills`): one row, though Spark estimates it as large as its input. */
  // `when`: the key is a constant only on the way through the branches where this assignment (of the key's name) runs.
  | { kind: 'constant-keys'; keys: string[]; fills: Span[]; span: Span; when?: Span }
  /** Grouped only by keys of an inner or semi join with a small side (`inner`): at most one row per row of that side. */
  | { kind: 'small-side-keys'; keys: string[]; inner: SizeHint; span: Span }
  /** Grouped only by the partition id (one row per partition) or the input file's name (one row per file read). */
  | { kind: 'few-value-keys'; keys: string[]; per: 'partition' | 'file'; span: Span };

/** A key column whose missing values were replaced by one constant (`coalesce(k, lit(""))`, `na.fill("unknown", ["k"])`). */
export interface KeyFill {
  /** Lower-cased column name. */
  column: string;
  /** The constant as written (`"unknown"`, `-1`). */
  constant: string;
  /** Where the fill is: the fill step, or the call of a helper of another file that fills. */
  span: Span;
  /** The helpers that filled it and returned the value, nearest call first (`clean_events`). */
  via: string[];
  /** The column was set to the constant on every row (`lit(0)`), not only where it was missing. */
  everyRow?: true;
}

/**
 * A value flowing through the job. `steps` are the operations applied in this expression; `parent`
 * is the value they were applied to (another binding's value), so the full lineage is the chain of
 * parents. `inputs` are the other sides of joins and unions.
 */
export interface FrameValue {
  kind: FrameKind;
  steps: ChainStep[];
  parent?: FrameValue;
  /** The binding this value came from when the chain's root is a name. */
  sourceBinding?: Binding;
  inputs: FrameValue[];
  sizeHint?: SizeHint;
  /** Key columns the function that returned this value filled with a constant (applied before `steps`). */
  filledKeys?: readonly KeyFill[];
  /** How it was created when it did not come from a binding (`spark.read…parquet`, `createDataFrame`, a typed parameter). */
  origin?: string;
  /** What the source step itself reads: `createDataFrame(rdd)`, `spark.read.json(lines_rdd)` (later joins and unions are in `inputs`). */
  sourceInputs?: FrameValue[];
  /** For `spark.sql(…)`: the query's text as far as the code shows it (run-time parts as `?`). */
  sqlText?: string;
  /** Returned by a function whose lineage for it shuffles (`totals(df)` groups its input): the shuffle the code here does not show. */
  hiddenShuffle?: string;
  span: Span;
}

export type UseKind =
  | 'transform' // a new DataFrame is derived (and assigned or used further)
  | 'action'
  | 'write'
  | 'cache'
  | 'unpersist'
  | 'join-input' // the other side of someone else's join/union
  | 'escape' // passed to an unknown function, returned, stored: anything may happen to it
  | 'iterative' // passed to an ML estimator's fit: read many times
  | 'other';

export interface Use {
  binding: Binding;
  kind: UseKind;
  span: Span;
  /** The statement containing the use. */
  statement: Stmt;
  /** When the use's value is assigned to another name: that binding (for transitive counting). */
  derived?: Binding;
  /** The expression the use is in runs a Spark job on it (`a.join(b).count()` for `b`). */
  executed: boolean;
  loops: LoopContext[];
  branches: BranchStep[];
  /** Source order of the enclosing statement, for "after" comparisons. */
  order: number;
  /** The value flows out of its function as the return value (an escape the caller can follow). */
  returned?: boolean;
  /** `broadcast(df)` as a statement of its own: the hinted copy is thrown away (the call's span). */
  discardedBroadcast?: Span;
  /** Handed to a function of the workspace that fits a Spark ML estimator to it (read many times, none of it kept): that function's name. */
  fittedIn?: string;
}

/** A name bound to a Spark value by one assignment (re-assignment makes a new Binding). */
export interface Binding {
  name: string;
  value: FrameValue;
  statement: Stmt;
  span: Span;
  /** Span of the assigned expression. */
  valueSpan: Span;
  /** The name where it is bound (`x` of `val x = …`), when the code shows it: where findings about the name go. */
  nameSpan?: Span;
  loops: LoopContext[];
  branches: BranchStep[];
  order: number;
  uses: Use[];
  /** Set when a later statement caches it in place: `name.cache()`, `name.cache().count()`, `other = name.cache()`. */
  cachedBy?: CacheSite;
  /** The function (or module) scope it belongs to. */
  scope: ScopeInfo;
  isParameter: boolean;
  /** Other bindings of the name that reach the code after an `if` from its other branch (`df` set differently in each). */
  alternatives?: Binding[];
}

export interface ScopeInfo {
  id: number;
  name: string;
  span: Span;
}

export interface LoopContext {
  id: number;
  kind: 'for' | 'while' | 'comprehension' | 'foreach' | 'fold';
  span: Span;
  /** Loop variables and, for folds, the accumulator. */
  variables: string[];
  /** How many times it runs, as far as its collection shows (undefined for `while`). */
  extent?: LoopExtent;
}

export interface BranchStep {
  ifId: number;
  branch: number;
}

export interface JoinSite {
  method: string; // join, crossJoin, joinWith, cartesian
  left: FrameValue;
  right?: FrameValue;
  rightArgument?: Argument;
  /** Whether each side is wrapped in broadcast(...) or hinted. */
  leftBroadcast: boolean;
  rightBroadcast: boolean;
  /** Column names joined on, when they can be read from the code. */
  keys: string[];
  hasCondition: boolean;
  /** The join condition as written (`on=`, `joinExprs`, a column list), when there is one. */
  condition?: Expr;
  how?: string;
  howSpecified: boolean;
  step: ChainStep;
  statement: Stmt;
  loops: LoopContext[];
}

/** `df.createOrReplaceTempView("dim")`, `registerTempTable`, the global kinds: `df` is what SQL reads as `dim` afterwards. */
export interface TempViewSite {
  /** The view's name as registered, lower-cased (Spark's temporary views are case-insensitive). */
  name: string;
  global: boolean;
  frame: FrameValue;
  step: ChainStep;
  statement: Stmt;
  order: number;
}

/** `spark.sql(text)` with the text the code shows (run-time parts as `?`). */
export interface SqlQuerySite {
  text: string;
  /** The string literal written in the call itself, when the text is all of it: offsets into `text` are offsets into it. */
  literal?: Expr & { kind: 'literal' };
  /** The DataFrame the call returns. */
  frame: FrameValue;
  step: ChainStep;
  statement: Stmt;
  order: number;
}

export interface ActionSite {
  name: string;
  frame: FrameValue;
  step: ChainStep;
  statement: Stmt;
  loops: LoopContext[];
  order: number;
  scopeId: number;
  /** `df.count() == 0` and similar: the comparison the action's result feeds. */
  comparison?: { operator: string; other: Expr; actionOnLeft: boolean; span: Span };
  /** `if df.count():` / `not df.count()`. */
  truthTest?: Span;
  /** The whole `not df.count()` when the truth test is negated. */
  negation?: Span;
  /**
   * Whether the code expects the test the result feeds to hold (`assert df.count() == 0`, Scala
   * `require(...)`) or to fail (`if df.count() > 0: raise …`).
   */
  expectation?: 'holds' | 'fails';
  /** What the code does with the result right away, when that says what the action is for. */
  resultUse?: ActionResultUse;
}

/**
 * `rdd.collect().mkString("\n")` / `"\n".join(rdd.collect())`: joined into one string; `toPandas().head(5)`: only the first rows;
 * `pdf.groupby(...)` after `pdf = df.toPandas()`: work Spark does on the cluster, done on the driver (model/driverSideWork.ts).
 */
export type ActionResultUse =
  | { kind: 'joined-into-string'; span: Span }
  | { kind: 'head'; rows: number; span: Span }
  | { kind: 'driver-side-work'; operation: string; does: string; instead: string; span: Span };

export interface WriteSite {
  frame: FrameValue;
  /** The `.write` / `.writeTo` / `saveAsTextFile` step. */
  step: ChainStep;
  /** The terminal step (`parquet`, `save`, `saveAsTable`, …). */
  terminal?: ChainStep;
  statement: Stmt;
  loops: LoopContext[];
  order: number;
  scopeId: number;
}

export interface CacheSite {
  method: 'cache' | 'persist' | 'checkpoint' | 'localCheckpoint';
  /** The binding whose data is cached (for `x = y.cache()`, y's value; for `df.cache()`, df). */
  target?: Binding;
  /** For `x = <expr>.cache()`: the binding that holds the cached value. */
  holder?: Binding;
  step: ChainStep;
  statement: Stmt;
  /** `df.cache()` alone on its line: removing the statement removes the cache. */
  standalone: boolean;
  order: number;
  loops: LoopContext[];
}

/** A call of a function of this file whose summary says it runs Spark jobs (`write_report(df)`, `main()` steps). */
export interface HelperCall {
  name: string;
  span: Span;
  statement: Stmt;
  order: number;
  scopeId: number;
  /** Its summary says it writes, joins or shuffles (itself or through what it calls). */
  heavy?: boolean;
  /** Its summary says it leaves a cache held when it returns. */
  leavesCacheHeld?: boolean;
}

export interface UnpersistSite {
  target?: Binding;
  step: ChainStep;
  statement: Stmt;
  order: number;
}

export interface ReadSite {
  format?: string;
  /** `text` is a string option's text with run-time parts as `?` (a JDBC `dbtable` subquery built with interpolation). */
  options: Map<string, { value: unknown; span: Span; text?: string }>;
  hasSchema: boolean;
  step: ChainStep;
  chain: Chain;
  /** The path is a parameter of the enclosing function (`def load(path): return spark.read.csv(path)`): the caller picks the file. */
  pathFromCaller?: boolean;
  /** The read is a statement of its own whose DataFrame nothing keeps (`spark.read.parquet(p)` on its own line). */
  discarded?: boolean;
}

export interface ConfigSetting {
  key: string;
  value: string | number | boolean | null | undefined;
  span: Span;
  valueSpan?: Span;
  via: 'builder' | 'runtime-conf' | 'spark-conf' | 'sql-set';
  /** Set on a builder or SparkConf chain that also sets a local master (`.master("local[*]")`): a test or a local tool. */
  localSession?: boolean;
}

export interface WindowSpecSite {
  chain: Chain;
  /** Steps of a named spec this one refines (`w.orderBy(...)`) count too. */
  hasPartitionBy: boolean;
  /** The spec's last partitionBy() has no columns. */
  emptyPartitionBy: boolean;
  hasOrderOrFrame: boolean;
  /** A later spec built from this one (`w.partitionBy("k")` after `w = Window.orderBy(...)`) adds partition columns. */
  partitionedLater: boolean;
  span: Span;
}

export interface UdfDefinition {
  name?: string;
  kind: 'udf' | 'pandas_udf' | 'registered';
  params: string[];
  /** The body as a single expression when it is one (a lambda, or a def whose body is `return e`). */
  bodyExpression?: Expr;
  body: Stmt[];
  /** The function or lambda name whose body it is, when `udf(...)` names it or a lambda forwards to it (`udf(lambda p: to_upper(p))`). */
  bodyOf?: string;
  /** `udf(..., useArrow=True)`: an Arrow-optimised Python UDF (Spark 3.5+), rows cross to Python in Arrow batches. */
  arrow?: true;
  span: Span;
}

/** A reference to a Spark function resolved through the file's imports (`F.broadcast`, `broadcast`, `functions.col`). */
export interface FunctionImports {
  /** Is `expr` (a callee) the Spark SQL function `name`? */
  isSparkFunction(expr: Expr, name: string): boolean;
  /** The local name by which `name` can be called unqualified, if imported. */
  unqualifiedName(name: string): string | undefined;
  /** The local alias of the `functions` module (`F`, `fn`), if any. */
  functionsModuleAlias(): string | undefined;
  /** True when the file imports anything from Spark. */
  usesSpark: boolean;
  /** Does the file import anything from this package or module (`com.typesafe.scalalogging`, `org.slf4j`)? */
  importsFrom(prefix: string): boolean;
  /** The last import statement, where new imports are added. */
  lastImport?: Stmt;
  firstStatement?: Stmt;
}

export interface SparkModel {
  language: Language;
  statements: Stmt[];
  imports: FunctionImports;
  bindings: Binding[];
  joins: JoinSite[];
  actions: ActionSite[];
  writes: WriteSite[];
  caches: CacheSite[];
  unpersists: UnpersistSite[];
  reads: ReadSite[];
  configs: ConfigSetting[];
  windows: WindowSpecSite[];
  udfs: UdfDefinition[];
  /** Every chain applied to a known Spark value, with the value it starts from. */
  frameChains: Array<{ chain: Chain; start: FrameValue; rootBinding?: Binding; statement: Stmt; loops: LoopContext[] }>;
  /** Every step applied to a known Spark value, with the kind of the value it was applied to (`rdd` for `df.rdd.reduceByKey`). */
  frameSteps: Array<{ step: ChainStep; kind: FrameKind; statement: Stmt; loops: LoopContext[] }>;
  /** Re-bindings of a name inside a loop from its own previous value (`df = df.withColumn(...)`). */
  loopRebindings: Array<{ binding?: Binding; previous?: Binding; chain: Chain; loop: LoopContext; accumulatorInArgument: boolean }>;
  /** Calls of this file's functions that run Spark jobs: work that follows, for rules that ask what runs after a point. */
  helperCalls: HelperCall[];
  /** Call results that are a cache the called function made and handed back (returnedCaches.ts). */
  cacheArrivals: CacheArrival[];
  /** Calls whose function caches the caller's DataFrame in place (parameterCaches.ts). */
  parameterCaches: ParameterCacheArrival[];
  /** DataFrames registered as temporary views (`df.createOrReplaceTempView("dim")`): what SQL text reads under that name. */
  tempViews: TempViewSite[];
  /** `spark.sql(text)` calls whose text the code shows. */
  sqlQueries: SqlQuerySite[];
  /** The calls of the file's functions in other files of the workspace (parameterCaches.ts), when the analysis has a workspace index. */
  callersElsewhere?: ImportedFunctions['callersOf'];
  /** Whether the file creates its own SparkSession / SparkConf (so it owns the configuration). */
  createsSession: boolean;
  syntaxErrors: Span[];
}

export type { Argument, Expr, Span, Stmt };
