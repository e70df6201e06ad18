import type { Argument, Expr, FunctionStmt, Stmt } from '../syntax/ast';
import { argument, toChain } from './chains';
import { DATAFRAME_TRANSFORMATIONS } from './sparkApi';
import { memberRootsIn } from '../syntax/walk';
import { importStatements } from './imports';

/**
 * Knowing a DataFrame or an RDD by how the code uses it, when its origin is not in sight: an
 * untyped parameter, a notebook's predefined `df`, a name from another module. Precision first:
 * one method other libraries also have (pandas, polars, Dask, tf.data, SQLAlchemy) says nothing;
 * only API that Spark alone has, or Spark column expressions handed to the name, do.
 */

/** The origin of a value known only by how it is used: no source, no size. */
export const KNOWN_BY_USE = 'known by use';

export type UsedKind = 'dataframe' | 'rdd';

const set = (...names: string[]): ReadonlySet<string> => new Set(names);

/** Methods, called on the name itself, that only a Spark DataFrame/Dataset has. */
const DATAFRAME_ONLY_CALLS = set(
  'withColumn', 'withColumns', 'withColumnRenamed', 'withColumnsRenamed', 'selectExpr', 'createOrReplaceTempView', 'createTempView',
  'createGlobalTempView', 'createOrReplaceGlobalTempView', 'registerTempTable', 'writeTo', 'printSchema', 'toPandas', 'unionByName',
  'crossJoin', 'dropDuplicates', 'sortWithinPartitions', 'repartitionByRange', 'collectAsList', 'localCheckpoint', 'joinWith',
  'orderBy', 'withWatermark', 'dropDuplicatesWithinWatermark', 'mapInPandas', 'mapInArrow', 'unionAll',
);

/** Properties of a DataFrame, known as such by the method that follows them (`df.write.mode(…)`, `df.na.fill(…)`). */
const DATAFRAME_PROPERTIES = new Map<string, ReadonlySet<string>>([
  ['write', set('mode', 'format', 'option', 'options', 'parquet', 'save', 'saveAsTable', 'insertInto', 'partitionBy', 'bucketBy', 'csv', 'json', 'orc', 'jdbc', 'text', 'delta')],
  ['writeStream', set('format', 'option', 'options', 'outputMode', 'trigger', 'start', 'foreachBatch', 'queryName', 'toTable')],
  ['na', set('fill', 'drop', 'replace')],
  ['rdd', set('map', 'flatMap', 'mapPartitions', 'getNumPartitions', 'isEmpty', 'collect', 'count', 'take', 'first', 'foreach', 'foreachPartition', 'keyBy', 'zipWithIndex', 'glom', 'filter', 'reduce', 'reduceByKey', 'groupByKey', 'aggregateByKey', 'combineByKey', 'foldByKey', 'mapValues', 'flatMapValues', 'sortBy', 'saveAsTextFile')],
]);

/** Methods, called on the name itself, that only a Spark RDD has (a Scala Dataset has some: Python only there). */
const RDD_ONLY_CALLS = set(
  'reduceByKey', 'aggregateByKey', 'combineByKey', 'foldByKey', 'saveAsTextFile', 'saveAsPickleFile',
  'saveAsSequenceFile', 'saveAsHadoopFile', 'saveAsNewAPIHadoopFile', 'saveAsObjectFile', 'mapPartitionsWithIndex', 'collectAsMap',
  'countByKey', 'countByValue', 'sortByKey', 'leftOuterJoin', 'rightOuterJoin', 'fullOuterJoin', 'subtractByKey', 'getNumPartitions', 'toDebugString', 'treeAggregate', 'treeReduce',
);
/** RDD methods that a Scala Dataset or Scala collection also has: evidence in Python only. */
const PYTHON_ONLY_RDD_CALLS = set('groupByKey', 'mapPartitions', 'mapValues', 'zipWithIndex', 'keyBy', 'glom', 'takeSample', 'takeOrdered', 'zipWithUniqueId', 'flatMapValues');

/** RDD transformations taking a function, through which RDD-only API further down the chain still says what the name is. */
const RDD_PIPELINE = set('map', 'flatMap', 'filter', 'mapPartitions', 'keyBy', 'mapValues', 'flatMapValues');

/** Methods a DataFrame has whose result may come from something else's same-named method (an ML model's `transform`). */
const OPAQUE_RESULTS = set('transform', 'map', 'flatMap', 'mapPartitions', 'apply');

/** Methods whose arguments may be Spark column expressions, which nothing but a DataFrame takes. */
const COLUMN_TAKING = set('filter', 'where', 'select', 'agg', 'groupBy', 'groupby', 'orderBy', 'sort', 'withColumn', 'drop', 'join', 'dropna', 'fillna');

/** Spark methods other libraries share (tf.data, Dask, SQLAlchemy, custom classes): two of them together, with one that marks Spark. */
const SPARK_MARKERS = set('cache', 'persist', 'unpersist', 'show');
const DATAFRAME_PARTNERS = set('select', 'where', 'agg', 'limit', 'describe', 'show', 'alias', 'explain');
const SHARED_PARTNERS = set('count', 'collect', 'take', 'first', 'filter', 'distinct', 'union', 'join', 'foreach', 'foreachPartition', 'isEmpty', 'sample', 'groupBy', 'groupby', 'repartition', 'coalesce', 'toLocalIterator');

/** Spark join types pandas' `join(how=…)` does not have. */
const SPARK_JOIN_TYPES = set('left_semi', 'leftsemi', 'semi', 'left_anti', 'leftanti', 'anti', 'full_outer', 'fullouter', 'full', 'left_outer', 'leftouter', 'right_outer', 'rightouter', 'outer');

/** What pandas, pandas-on-Spark (Koalas), Dask and Python collections do that a Spark DataFrame does not: the name is something else. */
const NOT_SPARK_MEMBERS = set(
  'loc', 'iloc', 'at', 'iat', 'merge', 'apply', 'applymap', 'to_csv', 'to_dict', 'to_numpy', 'to_parquet', 'to_excel', 'to_json', 'to_sql',
  'iterrows', 'itertuples', 'shape', 'values', 'index', 'reset_index', 'set_index', 'sort_values', 'astype', 'to_spark', 'to_pandas',
  'koalas', 'pandas_api', 'compute', 'map_partitions', 'npartitions', 'to_frame', 'query', 'assign', 'pivot_table', 'value_counts',
  'nunique', 'isna', 'notna', 'copy', 'items', 'append', 'extend', 'pop', 'keys', 'get', 'update', 'insert', 'spark', 'batch', 'prefetch',
  'shuffle', 'as_numpy_iterator', 'all', 'one', 'order_by', 'group_by', 'with_columns', 'lazy', 'to_arrow', 'execute', 'fetchall',
);

/** Spark SQL functions people call unqualified that Python and its other libraries do not define. */
const SPARK_FUNCTION_NAMES = set(
  'col', 'lit', 'expr', 'when', 'concat_ws', 'collect_list', 'collect_set', 'countDistinct', 'count_distinct', 'to_date', 'to_timestamp',
  'date_format', 'regexp_replace', 'regexp_extract', 'explode', 'array_contains', 'from_json', 'to_json', 'struct', 'row_number',
  'monotonically_increasing_id', 'current_date', 'current_timestamp', 'datediff', 'date_add', 'date_sub', 'broadcast', 'approx_count_distinct',
  'sumDistinct', 'first_value', 'dense_rank', 'unix_timestamp', 'from_unixtime', 'isnull', 'isnan', 'array', 'create_map', 'get_json_object',
);

/** Frame libraries whose API mimics pandas or Spark: in a file importing one, column-like arguments and shared methods prove nothing. */
const LOOK_ALIKE_LIBRARIES = /^(polars|dask|modin|ray|vaex|ibis|cudf|pyspark\.pandas|databricks\.koalas|koalas|datatable|sqlmodel|tensorflow)\b/;
/** Other libraries with frames or lazy collections that share Spark's method names (`count`, `collect`, `show`, `select`). */
const OTHER_FRAME_LIBRARIES = /^(pandas|geopandas|pyarrow|duckdb|sqlalchemy|django|peewee|pymongo|numpy|torch|datasets|apache_beam|snowflake)\b/;
const SPARK_FUNCTIONS_MODULES = set('pyspark.sql.functions', 'org.apache.spark.sql.functions');

/** Names people give DataFrames: `df`, `df2`, `sdf`, `orders_df`, `df_orders`, `dataframe`. */
const DATAFRAME_NAME = /(^|_)s?df\d*$|^df_|_df_|dataframe/i;

interface Evidence {
  dataframe: number;
  rdd: number;
  markers: Set<string>;
  partners: Set<string>;
  notSpark: boolean;
}

/** What a file's imports say about the names it uses: which are Spark's functions, which another library's. */
export interface EvidenceContext {
  language: 'python' | 'scala';
  /** Local names bound by imports from Spark's functions module (`F`, `col`). */
  sparkFunctionNames: ReadonlySet<string>;
  sparkFunctionModules: ReadonlySet<string>;
  /** Local names bound by other imports: they are not Spark's `col` or `F`. */
  otherImports: ReadonlySet<string>;
  /** The file imports a library whose frames look like Spark's or pandas' (polars, Dask, Koalas…). */
  importsStrictLookAlike: boolean;
  /** The file imports Spark and no other frame library (not even pandas): a free name called like a DataFrame can only be Spark's. */
  importsOnlySparkFrames?: boolean;
  /** What the file's own function `callee` shows its parameter at `index` (or named `keyword`) to be: an argument passed there is the same. */
  parameterKind?: (callee: string, index: number, keyword: string | undefined) => UsedKind | undefined;
}

/**
 * The context with `parameterKind` answered from the file's functions, one level deep (what a
 * called function's own calls show is not followed), each function read once.
 */
export function withCalledParameters(context: EvidenceContext, functionNamed: (name: string) => FunctionStmt | undefined): {
  context: EvidenceContext;
  /** `f.x:dataframe` for what the named functions show of their parameters (what the context's answers depend on), one list per function, the same list while the function is. */
  fingerprint: (names: readonly string[]) => Array<readonly string[]>;
} {
  const kindsOf = (fn: FunctionStmt): Map<string, UsedKind> => parameterKindsOf(fn, context).kinds;
  const parameterKind = (callee: string, index: number, keyword: string | undefined): UsedKind | undefined => {
    const fn = functionNamed(callee);
    if (!fn) return undefined;
    const kinds = kindsOf(fn);
    const positional = fn.params.filter((p) => p.name !== 'self' && p.name !== 'cls');
    if (positional.some((p) => p.name.startsWith('*'))) return undefined;
    const name = keyword ?? positional[index]?.name;
    return name === undefined ? undefined : kinds.get(name);
  };
  const fingerprint = (names: readonly string[]): Array<readonly string[]> => {
    const all: Array<readonly string[]> = [];
    for (const name of names) {
      const fn = functionNamed(name);
      if (!fn) continue;
      const known = parameterKindsOf(fn, context);
      if (known.fingerprint?.name !== name) known.fingerprint = { name, parts: [...known.kinds].map(([parameter, kind]) => `${name}.${parameter}:${kind}`) };
      all.push(known.fingerprint.parts);
    }
    return all;
  };
  return { context: { ...context, parameterKind }, fingerprint };
}

/**
 * What each function shows of its parameters, kept across builds while the function (the same
 * lowered object) and the context (the same object while the file's imports are: see
 * evidenceContext) are the same: per keystroke the file's every function is asked.
 */
const parameterKindsByFunction = new WeakMap<FunctionStmt, { context: EvidenceContext; kinds: Map<string, UsedKind>; fingerprint?: { name: string; parts: string[] } }>();

function parameterKindsOf(fn: FunctionStmt, context: EvidenceContext): { kinds: Map<string, UsedKind>; fingerprint?: { name: string; parts: string[] } } {
  let known = parameterKindsByFunction.get(fn);
  if (known?.context !== context) parameterKindsByFunction.set(fn, (known = { context, kinds: parametersKnownByUse(fn, context) }));
  return known;
}

/** The context of the file last asked, and the import statements it was made of. */
let lastContext: { language: 'python' | 'scala'; imports: readonly Stmt[]; context: EvidenceContext } | undefined;

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The same object for the same import statements (the lowering reuses unchanged statements): what is kept per context stays valid. */
export function evidenceContext(language: 'python' | 'scala', statements: readonly Stmt[]): EvidenceContext {
  const imports = importStatements(statements);
  if (lastContext?.language === language && sameItems(lastContext.imports, imports)) return lastContext.context;
  const context = contextOfImports(language, imports);
  lastContext = { language, imports, context };
  return context;
}

function contextOfImports(language: 'python' | 'scala', imports: ReturnType<typeof importStatements>): EvidenceContext {
  const sparkFunctionNames = new Set<string>();
  const sparkFunctionModules = new Set<string>(['F', 'functions', 'sf', 'fn', 'psf']);
  const otherImports = new Set<string>();
  let importsStrictLookAlike = false;
  let importsSpark = false;
  let importsOtherFrames = false;
  for (const statement of imports) {
    const fromFunctions = SPARK_FUNCTIONS_MODULES.has(statement.module);
    if (LOOK_ALIKE_LIBRARIES.test(statement.module)) importsStrictLookAlike = true;
    if (OTHER_FRAME_LIBRARIES.test(statement.module)) importsOtherFrames = true;
    if (/^pyspark\b/.test(statement.module) && !/^pyspark\.pandas\b/.test(statement.module)) importsSpark = true;
    if (statement.names.length === 0) {
      const local = statement.alias ?? statement.module.split('.')[0]!;
      if (fromFunctions) sparkFunctionModules.add(local);
      else {
        otherImports.add(local);
        sparkFunctionModules.delete(local);
      }
    }
    for (const imported of statement.names) {
      const local = imported.alias ?? imported.name;
      if (fromFunctions) sparkFunctionNames.add(local);
      else if ((statement.module === 'pyspark.sql' || statement.module === 'org.apache.spark.sql') && imported.name === 'functions') sparkFunctionModules.add(local);
      else if (!/^(py)?spark\b|^org\.apache\.spark\b/.test(statement.module)) {
        otherImports.add(local);
        sparkFunctionModules.delete(local);
      }
    }
  }
  const importsOnlySparkFrames = language === 'python' && importsSpark && !importsStrictLookAlike && !importsOtherFrames;
  return { language, sparkFunctionNames, sparkFunctionModules, otherImports, importsStrictLookAlike, importsOnlySparkFrames };
}


/**
 * The names among `candidates` that `statements` show to be a DataFrame or an RDD. A candidate
 * rebound to something other than its own chain (`df = load()`) is a different value after that:
 * its later uses are not evidence about the first.
 */
export function framesKnownByUse(statements: readonly Stmt[], candidates: ReadonlySet<string>, context: EvidenceContext, byConventionalName = false): Map<string, UsedKind> {
  const known = new Map<string, UsedKind>();
  if (candidates.size === 0) return known;
  const walker = new EvidenceWalker(candidates, context);
  walker.statements(statements);
  // Only a DataFrame joins or unions with a DataFrame: each name found lets us know its partners.
  for (let round = 0; round < 3; round++) {
    let grew = false;
    for (const [name, evidence] of walker.evidence) {
      if (known.has(name)) continue;
      const kind = decide(name, evidence, byConventionalName) ?? (walker.combinedWith.get(name)?.some((other) => known.get(other) === 'dataframe') && !evidence.notSpark ? 'dataframe' : undefined);
      if (kind) {
        known.set(name, kind);
        grew = true;
      }
    }
    if (!grew) break;
  }
  return known;
}

/**
 * `byConventionalName`: a free name (never bound in the file: a notebook's earlier cell, a snippet) in a
 * file that imports Spark and no other frame library, named as DataFrames are (`df`, `orders_df`, `sdf2`),
 * on which Spark DataFrame methods are called, is one even when each method alone is shared with others.
 */
function decide(name: string, evidence: Evidence, byConventionalName = false): UsedKind | undefined {
  if (evidence.notSpark) return undefined;
  if (evidence.dataframe > 0 && evidence.rdd > 0) return undefined;
  if (evidence.dataframe > 0) return 'dataframe';
  if (evidence.rdd > 0) return 'rdd';
  if (byConventionalName && evidence.partners.size > 0 && DATAFRAME_NAME.test(name)) return 'dataframe';
  if (evidence.markers.size === 0) return undefined;
  const others = [...evidence.partners].filter((p) => !evidence.markers.has(p) || evidence.markers.size > 1);
  if (others.some((p) => DATAFRAME_PARTNERS.has(p))) return 'dataframe';
  if (evidence.markers.has('show') && others.length > 0) return 'dataframe';
  // `x.cache(); x.count()`: Spark, but an RDD as much as a DataFrame; the name tells which.
  if (others.length > 0) return /rdd/i.test(name) ? 'rdd' : DATAFRAME_NAME.test(name) ? 'dataframe' : undefined;
  return undefined;
}

class EvidenceWalker {
  readonly evidence = new Map<string, Evidence>();
  /** Names a candidate was joined or unioned with (`a.join(b, …)`): both sides are DataFrames. */
  readonly combinedWith = new Map<string, string[]>();
  private readonly rebound = new Set<string>();

  constructor(private readonly candidates: ReadonlySet<string>, private readonly context: EvidenceContext) {}

  private of(name: string): Evidence | undefined {
    if (!this.candidates.has(name) || this.rebound.has(name)) return undefined;
    let found = this.evidence.get(name);
    if (!found) this.evidence.set(name, (found = { dataframe: 0, rdd: 0, markers: new Set(), partners: new Set(), notSpark: false }));
    return found;
  }

  statements(statements: readonly Stmt[]): void {
    for (const statement of statements) this.statement(statement);
  }

  private statement(statement: Stmt): void {
    switch (statement.kind) {
      case 'assign':
        this.expr(statement.value);
        for (const target of statement.targets) if (this.candidates.has(target) && !rootedAt(statement.value, target)) this.rebound.add(target);
        return;
      case 'expr':
        return this.expr(statement.expr);
      case 'return':
        if (statement.value) this.expr(statement.value);
        return;
      case 'loop':
        if (statement.iterable) {
          // `for row in x:` — a Spark DataFrame is not iterable.
          if (statement.loopKind === 'for' && statement.iterable.kind === 'name') this.markNotSpark(statement.iterable.id);
          this.expr(statement.iterable);
        }
        for (const variable of statement.variables) if (this.candidates.has(variable)) this.rebound.add(variable);
        return this.statements(statement.body);
      case 'if':
        this.expr(statement.condition);
        this.statements(statement.then);
        return this.statements(statement.otherwise);
      case 'function': {
        // A nested function's own parameter of the same name is another value.
        const shadowed = statement.params.map((p) => p.name).filter((n) => this.candidates.has(n) && !this.rebound.has(n));
        for (const name of shadowed) this.rebound.add(name);
        this.statements(statement.body);
        for (const name of shadowed) this.rebound.delete(name);
        return;
      }
      case 'class':
        return this.statements(statement.body);
      case 'import':
        return;
    }
  }

  private markNotSpark(name: string): void {
    const evidence = this.of(name);
    if (evidence) evidence.notSpark = true;
  }

  private expr(expr: Expr): void {
    switch (expr.kind) {
      case 'call':
        if (expr.callee.kind === 'member') {
          this.chain(expr);
          this.expr(expr.callee.object);
        } else {
          if (expr.callee.kind === 'name') this.callOf(expr.callee.id, expr.args);
          this.expr(expr.callee);
        }
        for (const arg of expr.args) this.expr(arg.value);
        return;
      case 'member':
        this.chain(expr);
        return this.expr(expr.object);
      case 'index':
        this.expr(expr.object);
        return this.expr(expr.index);
      case 'binary':
        this.expr(expr.left);
        return this.expr(expr.right);
      case 'unary':
        return this.expr(expr.operand);
      case 'lambda':
        if (Array.isArray(expr.body)) return this.statements(expr.body);
        return this.expr(expr.body);
      case 'comprehension':
        this.expr(expr.iterable);
        return this.expr(expr.element);
      case 'sequence':
        for (const item of expr.items) this.expr(item);
        return;
      case 'mapping':
        for (const entry of expr.entries) {
          this.expr(entry.key);
          this.expr(entry.value);
        }
        return;
      case 'block':
        return this.statements(expr.body);
      case 'unknown':
        for (const child of expr.children) this.expr(child);
        return;
      case 'literal':
        for (const field of expr.interpolations ?? []) this.expr(field);
        return;
      case 'name':
      case 'column':
        return;
    }
  }

  /** `len(x)` (a DataFrame has no length); `isinstance(x, …)` (the code itself says the type varies); `broadcast(x)` (only a DataFrame is broadcast as a join side). */
  private callOf(callee: string, args: readonly Argument[]): void {
    args.forEach((arg, index) => {
      if (arg.value.kind !== 'name') return;
      const kind = this.context.parameterKind?.(callee, index, arg.name);
      const evidence = kind && this.of(arg.value.id);
      if (evidence) evidence[kind]++;
    });
    const tested = args[0]?.value;
    if (callee === 'isinstance' && tested?.kind === 'name') this.markNotSpark(tested.id);
    const only = args.length === 1 && args[0]!.value.kind === 'name' ? args[0]!.value.id : undefined;
    if (!only) return;
    if (callee === 'len' && this.context.language === 'python') this.markNotSpark(only);
    if (callee === 'broadcast' && this.isSparkFunction({ kind: 'name', id: callee, span: args[0]!.span })) {
      const evidence = this.of(only);
      if (evidence) evidence.dataframe++;
    }
  }

  /** What the steps of a chain rooted at a candidate say about it. Only the steps applied to the name itself, or to DataFrames derived from it, count. */
  private chain(expr: Expr): void {
    const chain = toChain(expr);
    if (chain.root.kind !== 'name') return;
    const name = chain.root.id;
    const evidence = this.of(name);
    if (!evidence) return;
    const python = this.context.language === 'python';
    const first = chain.steps[0];
    if (!first) return;
    if (NOT_SPARK_MEMBERS.has(first.name)) {
      evidence.notSpark = true;
      return;
    }
    const second = chain.steps[1];
    const property = DATAFRAME_PROPERTIES.get(first.name);
    if (!first.args && property && second?.args && property.has(second.name)) evidence.dataframe++;
    if (first.args) {
      // Koalas frames have `toPandas` too.
      const lookAlike = first.name === 'toPandas' && this.context.importsStrictLookAlike;
      if ((DATAFRAME_ONLY_CALLS.has(first.name) && !lookAlike) || (first.name === 'groupBy' && !isLambda(first.args[0]))) evidence.dataframe++;
      if (RDD_ONLY_CALLS.has(first.name) || (python && PYTHON_ONLY_RDD_CALLS.has(first.name))) evidence.rdd++;
      // `rdd.groupBy(lambda r: …)`; a Scala collection's `groupBy(x => …)` is no RDD.
      if (first.name === 'groupBy' && python && isLambda(first.args[0])) evidence.rdd++;
      if (SPARK_MARKERS.has(first.name)) evidence.markers.add(first.name);
      if (SPARK_MARKERS.has(first.name) || DATAFRAME_PARTNERS.has(first.name) || SHARED_PARTNERS.has(first.name)) evidence.partners.add(first.name);
      if (first.name === 'join' || first.name === 'union' || first.name === 'unionByName' || first.name === 'crossJoin') this.combined(name, first.args[0]?.value);
    }
    // `x.map(…).reduceByKey(…)`: RDD-only API after RDD transformations of the name.
    for (const step of chain.steps.slice(1)) {
      // `x.rdd.reduceByKey(…)`: the RDD is the DataFrame's, not the name's own value.
      if (!step.args || !first.args) break;
      if (RDD_ONLY_CALLS.has(step.name) || (python && PYTHON_ONLY_RDD_CALLS.has(step.name) && step.name !== 'mapPartitions')) {
        evidence.rdd++;
        break;
      }
      if (!RDD_PIPELINE.has(step.name)) break;
    }
    if (this.context.importsStrictLookAlike) return;
    // Spark column expressions handed to the name's own DataFrame methods: `x.filter(col("a") > 1)`, `x.groupby("k").agg(F.sum("v"))`.
    for (const step of chain.steps) {
      if (!step.args) break;
      if (COLUMN_TAKING.has(step.name) && this.takesColumns(step.name, step.args, name)) {
        evidence.dataframe++;
        break;
      }
      // `model.transform(df).withColumn(…)`: what an ML model's transform returns says nothing about the model.
      if ((!DATAFRAME_TRANSFORMATIONS.has(step.name) && step.name !== 'groupby') || OPAQUE_RESULTS.has(step.name)) break;
    }
  }

  private combined(name: string, other: Expr | undefined): void {
    if (other?.kind !== 'name' || !this.of(other.id)) return;
    for (const [from, to] of [[name, other.id], [other.id, name]] as const) {
      const partners = this.combinedWith.get(from) ?? [];
      partners.push(to);
      this.combinedWith.set(from, partners);
    }
  }

  private takesColumns(method: string, args: readonly Argument[], name: string): boolean {
    if (method === 'join') return this.sparkJoinArguments(args);
    // pandas' `where(cond)` takes a boolean Series built from its own columns; `filter` and `select` do not exist in that form there.
    const ownColumns = method === 'filter' || method === 'select';
    return args.some((arg) => arg.name !== 'items' && arg.name !== 'like' && arg.name !== 'regex' && this.isColumnExpression(arg.value, ownColumns ? name : undefined));
  }

  /** `a.join(b, a.k == b.k)`, `a.join(b, on=col("k"))`, `a.join(b, "k", "left_anti")`: forms pandas' join does not take. */
  private sparkJoinArguments(args: readonly Argument[]): boolean {
    const step = { args: [...args] };
    const condition = argument(step, 1, 'on');
    const how = argument(step, 2, 'how');
    if (how?.kind === 'literal' && typeof how.value === 'string' && SPARK_JOIN_TYPES.has(how.value.toLowerCase()) && how.value !== 'outer') return true;
    const other = argument(step, 0, 'other');
    if (other?.kind === 'call' && this.isSparkFunctionCall(other) === 'broadcast') return true;
    if (!condition) return false;
    const conditions = condition.kind === 'sequence' ? condition.items : [condition];
    return conditions.some((c) => c.kind === 'binary' && ['==', '===', '&', '|', '&&', '<=>', '>=', '<=', '>', '<'].includes(c.operator) && this.isComparisonOfColumns(c)) || conditions.some((c) => this.isColumnExpression(c));
  }

  /** `a.k == b.k`, `a["k"] == b["k"]`: columns of two DataFrames compared. */
  private isComparisonOfColumns(expr: Expr): boolean {
    if (expr.kind !== 'binary') return false;
    if (expr.operator === '&' || expr.operator === '|' || expr.operator === '&&') return this.isComparisonOfColumns(expr.left) || this.isComparisonOfColumns(expr.right);
    const side = (e: Expr) => ((e.kind === 'member' && e.object.kind === 'name') || (e.kind === 'index' && e.object.kind === 'name' && e.index.kind === 'literal') || this.isColumnExpression(e));
    return side(expr.left) && side(expr.right);
  }

  /** A Spark column: `col("a")`, `F.sum("v")`, `$"a"`, operators and methods over one; with `own`, also `own.a > 1` / `own["a"] > 1`. */
  private isColumnExpression(expr: Expr, own?: string): boolean {
    switch (expr.kind) {
      case 'column':
        return true;
      case 'call': {
        if (this.isSparkFunctionCall(expr) !== undefined) return true;
        if (expr.callee.kind === 'member') return this.isColumnExpression(expr.callee.object);
        return false;
      }
      case 'member':
        return this.isColumnExpression(expr.object);
      case 'binary':
        if (own !== undefined && ['>', '<', '>=', '<=', '==', '!=', '&', '|'].includes(expr.operator) && (ownColumn(expr.left, own) || ownColumn(expr.right, own))) return true;
        return this.isColumnExpression(expr.left, own) || this.isColumnExpression(expr.right, own);
      case 'unary':
        return this.isColumnExpression(expr.operand, own);
      case 'sequence':
        return expr.items.some((item) => this.isColumnExpression(item));
      default:
        return false;
    }
  }

  /** The name of the Spark function a call calls, if it does. */
  private isSparkFunctionCall(expr: Extract<Expr, { kind: 'call' }>): string | undefined {
    const callee = expr.callee;
    if (callee.kind === 'name') return this.isSparkFunction(callee) ? callee.id : undefined;
    if (callee.kind === 'member' && callee.object.kind === 'name' && this.context.sparkFunctionModules.has(callee.object.id)) return callee.property;
    return undefined;
  }

  private isSparkFunction(callee: Extract<Expr, { kind: 'name' }>): boolean {
    if (this.context.sparkFunctionNames.has(callee.id)) return true;
    return SPARK_FUNCTION_NAMES.has(callee.id) && !this.context.otherImports.has(callee.id) && !this.candidates.has(callee.id);
  }
}

/** `x.a` / `x["a"]` of the name itself. */
function ownColumn(expr: Expr, own: string): boolean {
  if (expr.kind === 'member') return expr.object.kind === 'name' && expr.object.id === own;
  if (expr.kind === 'index') return expr.object.kind === 'name' && expr.object.id === own && expr.index.kind === 'literal' && typeof expr.index.value === 'string';
  return false;
}

function isLambda(arg: Argument | undefined): boolean {
  return arg?.value.kind === 'lambda';
}

/** `df = df.withColumn(...)`: the name's own chain, so what it holds is still derived from it. */
function rootedAt(expr: Expr, name: string): boolean {
  if (expr.kind !== 'call' && expr.kind !== 'member') return false;
  const root = toChain(expr).root;
  return root.kind === 'name' && root.id === name;
}

/** Every name a file binds anywhere (assignments, parameters, definitions, imports, loop variables): the rest are free. */
export function boundNames(statements: readonly Stmt[]): Set<string> {
  const names = new Set<string>();
  const fromExpr = (expr: Expr): void => {
    if (expr.kind === 'lambda') {
      for (const param of expr.params) names.add(param.name);
      if (Array.isArray(expr.body)) fromStatements(expr.body);
      else fromExpr(expr.body);
    } else if (expr.kind === 'comprehension') {
      for (const variable of expr.variables) names.add(variable);
      fromExpr(expr.iterable);
      fromExpr(expr.element);
    } else if (expr.kind === 'call') {
      fromExpr(expr.callee);
      for (const arg of expr.args) fromExpr(arg.value);
    } else if (expr.kind === 'member') fromExpr(expr.object);
    else if (expr.kind === 'block') fromStatements(expr.body);
    else if (expr.kind === 'unknown') for (const child of expr.children) fromExpr(child);
    else if (expr.kind === 'binary') {
      fromExpr(expr.left);
      fromExpr(expr.right);
    } else if (expr.kind === 'sequence') for (const item of expr.items) fromExpr(item);
  };
  const fromStatements = (list: readonly Stmt[]): void => {
    for (const statement of list) {
      switch (statement.kind) {
        case 'assign':
          for (const target of statement.targets) names.add(target);
          fromExpr(statement.value);
          break;
        case 'expr':
          fromExpr(statement.expr);
          break;
        case 'return':
          if (statement.value) fromExpr(statement.value);
          break;
        case 'loop':
          for (const variable of statement.variables) names.add(variable);
          if (statement.iterable) fromExpr(statement.iterable);
          fromStatements(statement.body);
          break;
        case 'if':
          fromExpr(statement.condition);
          fromStatements(statement.then);
          fromStatements(statement.otherwise);
          break;
        case 'function':
          names.add(statement.name);
          for (const param of statement.params) names.add(param.name);
          fromStatements(statement.body);
          break;
        case 'class':
          names.add(statement.name);
          for (const param of statement.params ?? []) names.add(param.name);
          fromStatements(statement.body);
          break;
        case 'import':
          if (statement.names.length === 0) names.add(statement.alias ?? statement.module.split('.')[0]!);
          for (const imported of statement.names) names.add(imported.alias ?? imported.name);
          break;
      }
    }
  };
  fromStatements(statements);
  return names;
}

/** Python names the file uses but never binds (a notebook's predefined `df`, a name from another module's star import) that its code shows to be Spark values. */
export function freeFramesKnownByUse(statements: readonly Stmt[], context: EvidenceContext): Map<string, UsedKind> {
  // A Scala name the file does not declare is an inherited member or a pattern variable, with a type the compiler knows and we do not.
  if (context.language !== 'python') return new Map();
  return framesKnownByUse(statements, freeChainRoots(statements), context, context.importsOnlySparkFrames === true);
}

const boundByStatement = new WeakMap<Stmt, readonly string[]>();

/** The names of the last file asked, per top-level statement, and its free chain roots. */
let lastFreeRoots: { bound: ReadonlyArray<readonly string[]>; used: ReadonlyArray<readonly string[]>; free: ReadonlySet<string> } | undefined;

/**
 * The chain roots no statement binds. Per top-level statement, so a keystroke looks again only at
 * the statement it changed; when that statement binds and uses the same names as before (typing
 * inside it), the free names of the last file asked are the same, not gathered again.
 */
function freeChainRoots(statements: readonly Stmt[]): ReadonlySet<string> {
  const bound = statements.map((statement) => remembered(boundByStatement, statement, boundNamesOf));
  // Names at the root of a member access: the only names evidence can be about (a cheap first cut).
  const used = statements.map(memberRootsIn);
  if (lastFreeRoots && sameParts(lastFreeRoots.bound, bound) && sameParts(lastFreeRoots.used, used)) {
    // The arrays of this file from now on: a statement edited once compares at once again (the same arrays), not name by name on every later keystroke.
    lastFreeRoots = { bound, used, free: lastFreeRoots.free };
    return lastFreeRoots.free;
  }
  const boundNow = new Set<string>();
  for (const names of bound) for (const name of names) boundNow.add(name);
  const free = new Set<string>();
  for (const names of used) for (const name of names) if (!boundNow.has(name)) free.add(name);
  lastFreeRoots = { bound, used, free };
  return free;
}

function remembered<T>(memo: WeakMap<Stmt, T>, statement: Stmt, find: (statement: Stmt) => T): T {
  let found = memo.get(statement);
  if (found === undefined) memo.set(statement, (found = find(statement)));
  return found;
}

/** Module-level, not made per statement per keystroke. */
function boundNamesOf(statement: Stmt): string[] {
  return [...boundNames([statement])];
}


/** The same names statement by statement (the same arrays, or arrays of the same names). */
function sameParts(a: ReadonlyArray<readonly string[]>, b: ReadonlyArray<readonly string[]>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x !== y && (x.length !== y.length || x.some((name, k) => name !== y[k]))) return false;
  }
  return true;
}

/** The untyped parameters of a function its body shows to be Spark values. */
export function parametersKnownByUse(fn: FunctionStmt, context: EvidenceContext): Map<string, UsedKind> {
  const untyped = new Set(fn.params.filter((p) => !p.type && p.name !== 'self' && p.name !== 'cls' && !p.name.startsWith('*')).map((p) => p.name));
  return framesKnownByUse(fn.body, untyped, context);
}

