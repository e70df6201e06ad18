/**
 * How many rows a DataFrame (or RDD) can have, as far as the code shows: one verdict that every
 * rule weighing size reads (collect-unbounded, cross-join, single-partition-write, …), each with
 * the reason in words so a message can say why. Walks the lineage from the newest step back to the
 * source: a step that bounds the rows (limit, an aggregate, one row per partition) decides; joins
 * and unions combine their inputs; the source decides otherwise (a file read grows with the data,
 * rows built on the driver do not).
 *
 * A whole-program model can later supply what this file cannot see (what a function returns, what
 * a parameter holds) through `SizeFacts`.
 */
import type { Expr } from '../syntax/ast';
import { argument, literalValue, stringLiterals } from './chains';
import { numberValue } from './constants';
import { columnName } from './joins';
import { groupsByPartition } from './partitionIds';
import { SMALL_LIMIT_ROWS, SMALL_RANGE_ROWS, rangeHint } from './sizeHints';
import { SIZE_PRESERVING } from './sparkApi';
import { sqlShape, unwrapSubquery, type SqlShape } from './sqlText';
import type { ActionSite, Binding, ChainStep, FrameValue, FunctionImports, JoinSite, SparkModel } from './types';

export type RowBound =
  /** Few rows whatever the input (literal rows, a limit, a global aggregate). `guess` when it rests on a convention, not a certainty. */
  | { size: 'small'; reason: string; guess: boolean; rows?: number }
  /** One row per group or a sample: bounded by the number of keys, which may still be large. */
  | { size: 'reduced'; reason: string }
  /** Grows with the input data. */
  | { size: 'unbounded'; reason: string }
  | { size: 'unknown' };

/** What a wider analysis knows about values this file cannot follow (a function's result, a parameter). */
export interface SizeFacts {
  boundOf(value: FrameValue): RowBound | undefined;
}

export interface RowBoundContext {
  model: SparkModel;
  /** Tables the user listed as small (sparkAdvisor.smallTables). */
  isSmallTable(name: string): boolean;
  facts?: SizeFacts;
}

const UNKNOWN: RowBound = { size: 'unknown' };
const MAX_DEPTH = 24;

/** The row bound of `value`. */
export function rowBound(value: FrameValue | undefined, context: RowBoundContext): RowBound {
  return boundOf(value, { ...context, joins: joinsByStep(context.model) }, 0);
}

/**
 * The bound of what the lineage reads (its sources and every join or union input), whatever later
 * steps keep: small when every job on it is cheap, however it is aggregated.
 */
export function inputRowBound(value: FrameValue | undefined, context: RowBoundContext): RowBound {
  return boundOf(value, { ...context, joins: joinsByStep(context.model), inputsOnly: true }, 0);
}

/** Known small, for certain (not a guess). */
export function isCertainlySmall(bound: RowBound): boolean {
  return bound.size === 'small' && !bound.guess;
}

interface Walk extends RowBoundContext {
  joins: ReadonlyMap<ChainStep, JoinSite>;
  /** Ignore the steps that bound the result: only what is read counts. */
  inputsOnly?: boolean;
}

const joinCache = new WeakMap<SparkModel, ReadonlyMap<ChainStep, JoinSite>>();

function joinsByStep(model: SparkModel): ReadonlyMap<ChainStep, JoinSite> {
  let joins = joinCache.get(model);
  if (!joins) {
    joins = new Map(model.joins.map((join) => [join.step, join]));
    joinCache.set(model, joins);
  }
  return joins;
}

function boundOf(value: FrameValue | undefined, walk: Walk, depth: number): RowBound {
  if (!value || depth > MAX_DEPTH) return UNKNOWN;
  const known = walk.facts?.boundOf(value);
  if (known) return known;
  // Steps since the start of the walk that may add rows (explode, flatMap): a small source no longer says much.
  let grows = false;
  for (let current: FrameValue | undefined = value; current; current = current.parent) {
    const checked = current.sourceBinding && current.steps.length === 0 && !walk.inputsOnly ? checkedRowCount(current.sourceBinding, walk.model) : undefined;
    if (checked) return checked;
    const steps = current.steps;
    for (let i = steps.length - 1; i >= 0; i--) {
      const step = steps[i]!;
      const before = i > 0 ? steps[i - 1] : current.parent && isData(current.parent) ? lastStep(current.parent) : undefined;
      const bound = walk.inputsOnly ? undefined : stepBound(step, before, walk);
      if (bound) return grows && bound.size === 'small' ? UNKNOWN : bound;
      const join = walk.joins.get(step);
      if (join) return joinBound(join, { ...current, steps: steps.slice(0, i) }, walk, depth, grows);
      if (UNIONS.has(step.name)) {
        const rest = boundOf({ ...current, steps: steps.slice(0, i) }, walk, depth + 1);
        const others = current.inputs.filter((input) => ![...walk.joins.values()].some((j) => j.right === input));
        return afterGrowth(combine([rest, ...others.map((o) => boundOf(o, walk, depth + 1))], 'a union of small inputs'), grows);
      }
      const isSource = i === 0 && (!current.parent || !isData(current.parent));
      if (!isSource && !SIZE_PRESERVING.has(step.name) && !KEEPS_ROW_COUNT.has(step.name) && !SHRINKING.has(step.name)) grows = true;
    }
    if (!current.parent || !isData(current.parent)) return afterGrowth(sourceBound(current, walk, depth), grows);
  }
  return UNKNOWN;
}

/** One output row per input row (or fewer): a small input stays small. */
const KEEPS_ROW_COUNT = new Set(['map', 'mapValues', 'keyBy', 'zipWithIndex', 'withColumn', 'rdd', 'toDF', 'toDS', 'as', 'intersect', 'subtract', 'except', 'exceptAll', 'filter', 'unpersist']);
const UNIONS = new Set(['union', 'unionAll', 'unionByName']);
/** Aggregations and cuts: never more rows than their input. */
const SHRINKING = new Set(['count', 'sum', 'avg', 'mean', 'max', 'min', 'agg', 'reduceByKey', 'aggregateByKey', 'combineByKey', 'foldByKey', 'groupByKey', 'pivot', 'rollup', 'cube', 'sampleBy', 'describe', 'summary', 'offset', 'tail', 'mapGroups', 'reduceGroups', 'keys', 'values']);

function afterGrowth(bound: RowBound, grows: boolean): RowBound {
  return grows && bound.size === 'small' ? UNKNOWN : bound;
}

// ------------------------------------------------------------------------------------------ steps

const PAIR_AGGREGATIONS = new Set(['reduceByKey', 'aggregateByKey', 'combineByKey', 'foldByKey', 'countByKey']);
const GROUPINGS = new Set(['groupBy', 'groupby', 'rollup', 'cube', 'pivot', 'groupByKey']);
/** Grouped-data results with one row per group. */
const PER_GROUP_RESULTS = new Set(['agg', 'count', 'sum', 'avg', 'mean', 'max', 'min', 'mapGroups', 'reduceGroups', 'keys']);

/** What one step says on its own, if it bounds the rows. */
function stepBound(step: ChainStep, before: ChainStep | undefined, walk: Walk): RowBound | undefined {
  const imports = walk.model.imports;
  switch (step.name) {
    case 'limit': {
      const rows = numberValue(argument(step, 0, 'num'));
      if (rows === undefined) return { size: 'small', reason: 'it is cut by limit()', guess: true };
      return rows <= SMALL_LIMIT_ROWS ? { size: 'small', reason: `it is limited to ${rows} row${rows === 1 ? '' : 's'}`, guess: false, rows } : { size: 'reduced', reason: `it is limited to ${rows} rows` };
    }
    case 'sample':
    case 'sampleBy':
      return { size: 'reduced', reason: 'it is a sample' };
    case 'describe':
    case 'summary':
      return { size: 'small', reason: 'it holds summary statistics (a few rows)', guess: false };
  }
  if (PAIR_AGGREGATIONS.has(step.name)) return { size: 'reduced', reason: `${step.name}() leaves one row per key` };
  // RDD `groupByKey().mapValues(sum)`: one row per key.
  if (step.name === 'mapValues' && before?.name === 'groupByKey') return { size: 'reduced', reason: 'groupByKey().mapValues(…) leaves one row per key' };
  if (step.name === 'mapPartitions' && onePerPartition(step)) return { size: 'small', reason: 'mapPartitions() yields one record per partition', guess: false };
  if (isGlobalAggregate(step, before, imports)) return { size: 'small', reason: 'it is a global aggregate (one row)', guess: false };
  if (PER_GROUP_RESULTS.has(step.name) && before && GROUPINGS.has(before.name)) {
    if (groupsByPartition(before, walk.model)) return { size: 'small', reason: 'it is grouped by partition id (one row per partition)', guess: false };
    const keys = groupingKeys(before, imports);
    return { size: 'reduced', reason: `it is aggregated${keys ? ` by ${keys}` : ''} (one row per group)` };
  }
  if ((step.name === 'distinct' || ((step.name === 'dropDuplicates' || step.name === 'drop_duplicates') && (step.args ?? []).length === 0)) && before?.name === 'select') {
    const columns = (before.args ?? []).map((a) => columnName(a.value, imports));
    return distinctValuesBound(columns);
  }
  return undefined;
}

/** The distinct values of one or two columns are usually few (a category, a date); of an identifier, not. */
function distinctValuesBound(columns: Array<string | undefined>): RowBound | undefined {
  if (columns.length === 0 || columns.length > 2 || columns.some((c) => c === undefined || c === '*')) return undefined;
  const names = columns as string[];
  if (names.every(looksLikeIdentifier)) return undefined;
  return { size: 'small', reason: `it holds the distinct values of ${names.map((c) => `\`${c}\``).join(' and ')}, which are usually few`, guess: true };
}

function looksLikeIdentifier(column: string): boolean {
  const name = column.split('.').pop() ?? column;
  return /^(id|uuid|guid|key|email)$/i.test(name) || /(_id|Id|ID|_key|_uuid|_email)$/.test(name);
}

function groupingKeys(step: ChainStep, imports: FunctionImports): string | undefined {
  const names = (step.args ?? []).flatMap((a) => {
    const name = columnName(a.value, imports);
    return name ? [name] : stringLiterals(a.value);
  });
  return names.length > 0 && names.length <= 4 ? names.map((n) => `\`${n}\``).join(', ') : undefined;
}

/** `mapPartitions(lambda it: [summary(it)])` / Scala `mapPartitions(it => Iterator(summary(it)))`: one record per partition. */
function onePerPartition(step: ChainStep): boolean {
  const fn = argument(step, 0, 'f');
  if (fn?.kind !== 'lambda' || Array.isArray(fn.body)) return false;
  return singleRecord(fn.body);
}

function singleRecord(expr: Expr): boolean {
  if (expr.kind === 'sequence') return expr.items.length === 1;
  if (expr.kind !== 'call') return false;
  const callee = expr.callee;
  // `iter([x])`, `Iterator(x)`, `Iterator.single(x)`, `Seq(x).iterator`.
  if (callee.kind === 'name' && callee.id === 'iter' && expr.args.length === 1) return singleRecord(expr.args[0]!.value);
  if (callee.kind === 'name' && (callee.id === 'Iterator' || callee.id === 'Seq' || callee.id === 'List') && expr.args.length === 1) return true;
  return callee.kind === 'member' && callee.property === 'single' && callee.object.kind === 'name' && callee.object.id === 'Iterator';
}

// -------------------------------------------------------------------------------- aggregates

const AGGREGATE_FUNCTIONS = new Set([
  'count', 'countDistinct', 'count_distinct', 'approx_count_distinct', 'approxCountDistinct', 'sum', 'sumDistinct', 'sum_distinct',
  'avg', 'mean', 'max', 'min', 'first', 'last', 'stddev', 'stddev_samp', 'stddev_pop', 'variance', 'var_samp', 'var_pop',
  'collect_list', 'collect_set', 'corr', 'covar_pop', 'covar_samp', 'kurtosis', 'skewness', 'percentile_approx', 'percentile',
  'approx_percentile', 'median', 'mode', 'max_by', 'min_by', 'any_value', 'bool_and', 'bool_or', 'every', 'some', 'count_if',
  'product', 'grouping', 'first_value', 'last_value',
]);
const SQL_AGGREGATE = new RegExp(`\\b(${[...AGGREGATE_FUNCTIONS].join('|')})\\s*\\(`, 'i');

type Shape = 'aggregate' | 'constant' | 'row' | 'unknown';

/** Whether a select-list expression yields one row overall (an aggregate), one per row, or a constant. */
function shapeOf(expr: Expr, imports: FunctionImports): Shape {
  switch (expr.kind) {
    case 'literal':
      return typeof expr.value === 'string' ? 'row' : 'constant';
    case 'column':
    case 'member':
    case 'index':
      return 'row';
    case 'binary':
      return combineShapes([shapeOf(expr.left, imports), shapeOf(expr.right, imports)]);
    case 'unary':
      return shapeOf(expr.operand, imports);
    case 'call': {
      if ([...AGGREGATE_FUNCTIONS].some((name) => imports.isSparkFunction(expr.callee, name))) return 'aggregate';
      if (expr.callee.kind === 'member') {
        const method = expr.callee.property;
        if (method === 'over') return 'row';
        if (['alias', 'as', 'name', 'cast', 'astype'].includes(method)) return shapeOf(expr.callee.object, imports);
      }
      if (expr.args.length === 0) return 'constant';
      return combineShapes(expr.args.map((arg) => shapeOf(arg.value, imports)));
    }
    default:
      return 'unknown';
  }
}

function combineShapes(shapes: Shape[]): Shape {
  if (shapes.includes('row')) return 'row';
  if (shapes.includes('unknown')) return 'unknown';
  return shapes.includes('aggregate') ? 'aggregate' : 'constant';
}

/** `select(F.max("x"))`, `selectExpr("count(*)")`, `df.agg(...)`, `groupBy().agg(...)`: one row. */
function isGlobalAggregate(step: ChainStep, before: ChainStep | undefined, imports: FunctionImports): boolean {
  if (step.name === 'agg') return !before || !GROUPINGS.has(before.name) || (before.args ?? []).length === 0;
  const args = step.args ?? [];
  if (args.length === 0) return false;
  if (step.name === 'selectExpr') {
    return args.every((a) => typeof literalValue(a.value) === 'string' && SQL_AGGREGATE.test(String(literalValue(a.value))) && !/\bover\s*\(/i.test(String(literalValue(a.value))));
  }
  return step.name === 'select' && combineShapes(args.map((a) => shapeOf(a.value, imports))) === 'aggregate';
}

// ------------------------------------------------------------------------------ joins, unions

function joinBound(join: JoinSite, left: FrameValue, walk: Walk, depth: number, grows: boolean): RowBound {
  const leftBound = boundOf(left, walk, depth + 1);
  const how = (join.how ?? 'inner').toLowerCase();
  // A semi or anti join only drops rows of the left side.
  if (/semi|anti/.test(how)) return afterGrowth(leftBound, grows);
  const rightBound = join.right ? boundOf(join.right, walk, depth + 1) : UNKNOWN;
  // An inner join with a list built on the driver (an allow-list) keeps the other side's matching rows: a filter.
  if (join.method === 'join' && join.hasCondition && (how === 'inner' || how === '') && !walk.inputsOnly) {
    if (builtOnDriver(rightBound)) return afterGrowth(leftBound, grows);
    if (builtOnDriver(leftBound)) return afterGrowth(rightBound, grows);
  }
  return afterGrowth(combine([leftBound, rightBound], 'a join of small inputs'), grows);
}

function builtOnDriver(bound: RowBound): boolean {
  return bound.size === 'small' && !bound.guess && bound.reason.startsWith(DRIVER_ROWS);
}

/** Several inputs together: small only when all are, unbounded when any is. */
function combine(bounds: RowBound[], smallReason: string): RowBound {
  const unbounded = bounds.find((b) => b.size === 'unbounded');
  if (unbounded) return unbounded;
  if (bounds.some((b) => b.size === 'unknown')) return UNKNOWN;
  if (bounds.every((b) => b.size === 'small')) {
    const reasons = [...new Set(bounds.map((b) => (b.size === 'small' ? b.reason : '')))];
    return { size: 'small', reason: reasons.length === 1 ? reasons[0]! : `it is ${smallReason}`, guess: bounds.some((b) => b.size === 'small' && b.guess) };
  }
  return { size: 'reduced', reason: bounds.find((b) => b.size === 'reduced')!.reason };
}

// ---------------------------------------------------------------------------------- sources

const DRIVER_ROWS = 'it is built on the driver';
const LOOKUP_TABLE_NAME = /(dictionary|codelist|code_list|lookup|vocabulary)/i;

/** Where the lineage starts. */
function sourceBound(value: FrameValue, walk: Walk, depth: number): RowBound {
  const origin = value.origin ?? '';
  const first = value.steps[0];
  if (origin === 'spark.sql') return value.sqlText === undefined ? UNKNOWN : sqlBound(value.sqlText, 'the query');
  if (origin === 'spark.table' || origin === 'read.table') return tableBound(first, walk);
  if (origin === 'read.jdbc' || origin === 'read.load' || origin === 'read.format') {
    const jdbc = jdbcQueryBound(first, walk.model);
    if (jdbc) return jdbc;
  }
  if (origin.startsWith('read.')) {
    // `spark.read.json(sc.parallelize(rows))`: it parses data the code already holds.
    const parsed = value.sourceInputs ?? [];
    if (parsed.length > 0) return combine(parsed.map((input) => boundOf(input, walk, depth + 1)), 'read from small inputs');
    return { size: 'unbounded', reason: `it is read from ${origin.slice('read.'.length)} data` };
  }
  if (origin === 'spark.createDataFrame' || origin === 'spark.createDataset') {
    // From an RDD or DataFrame it is as large as that; from local rows it came from the driver.
    const data = value.sourceInputs ?? [];
    if (data.length > 0) return combine(data.map((input) => boundOf(input, walk, depth + 1)), 'built from small inputs');
    return driverRows(value);
  }
  if (origin === 'literal rows' || origin === 'sc.parallelize' || origin === 'sc.makeRDD') return driverRows(value);
  if (origin === 'spark.emptyDataFrame' || origin === 'spark.emptyDataset' || origin === 'sc.emptyRDD') return { size: 'small', reason: 'it is empty', guess: false, rows: 0 };
  if (origin === 'spark.range' || origin === 'sc.range') {
    const hint = first ? rangeHint(first) : undefined;
    if (hint?.kind === 'range') return { size: 'small', reason: `it is a range of ${hint.rows.toLocaleString('en-US')} rows`, guess: false, rows: hint.rows };
    const rows = numberValue(argument(first ?? {}, 0));
    return rows !== undefined && rows > SMALL_RANGE_ROWS ? { size: 'unbounded', reason: `it is a range of ${rows.toLocaleString('en-US')} rows` } : UNKNOWN;
  }
  if (origin.startsWith('sc.')) return { size: 'unbounded', reason: `it is read by ${origin}()` };
  // Parameters, values returned by functions: we cannot tell.
  return UNKNOWN;
}

function driverRows(value: FrameValue): RowBound {
  const rows = value.sizeHint?.kind === 'literal-rows' ? value.sizeHint.rows : undefined;
  return { size: 'small', reason: `${DRIVER_ROWS}${rows !== undefined ? ` from ${rows} row${rows === 1 ? '' : 's'}` : ' from local data'}`, guess: false, rows };
}

function tableBound(step: ChainStep | undefined, walk: Walk): RowBound {
  const name = literalValue(argument(step ?? {}, 0, 'tableName'));
  if (typeof name !== 'string') return { size: 'unbounded', reason: 'it reads a table' };
  if (walk.isSmallTable(name)) return { size: 'small', reason: `table \`${name}\` is listed in sparkAdvisor.smallTables`, guess: false };
  if (LOOKUP_TABLE_NAME.test(name)) return { size: 'small', reason: `table \`${name}\` is named like a lookup table`, guess: true };
  return { size: 'unbounded', reason: `it reads table \`${name}\`` };
}

/** JDBC `dbtable` = `(SELECT max(id) FROM t) tmp`, or a `query` option: the database answers the query. */
function jdbcQueryBound(step: ChainStep | undefined, model: SparkModel): RowBound | undefined {
  const read = step && model.reads.find((r) => r.step === step);
  if (!read) return undefined;
  const query = read.options.get('query')?.text;
  if (query !== undefined) return sqlBound(query, 'the JDBC query');
  const table = read.options.get('dbtable')?.text;
  const subquery = table === undefined ? undefined : unwrapSubquery(table);
  return subquery === undefined ? undefined : sqlBound(subquery, 'the JDBC subquery');
}

/** What a query's text says, in words. */
export function sqlBound(text: string, what: string): RowBound {
  return boundOfShape(sqlShape(text), text, what);
}

function boundOfShape(shape: SqlShape, text: string, what: string): RowBound {
  switch (shape.kind) {
    case 'union':
      return combine(shape.parts.map((part) => boundOfShape(part, text, what)), `${what}'s parts are all small`);
    case 'command':
      return { size: 'small', reason: `${what} is a command (SHOW, DESCRIBE, …) with a short answer`, guess: false };
    case 'no-from':
      return { size: 'small', reason: `${what} selects literal values (no FROM)`, guess: false };
    case 'limit':
      return shape.rows <= SMALL_LIMIT_ROWS
        ? { size: 'small', reason: `${what} ends in LIMIT ${shape.rows}`, guess: false, rows: shape.rows }
        : { size: 'reduced', reason: `${what} ends in LIMIT ${shape.rows}` };
    case 'global-aggregate':
      return { size: 'small', reason: `${what} is a global aggregate (one row)`, guess: false };
    case 'grouped':
      return { size: 'reduced', reason: `${what} groups by ${shape.keys} (one row per group)` };
    case 'distinct': {
      const bound = distinctValuesBound(shape.columns.map((c) => (/^[\w.]+$/.test(c) ? c : undefined)));
      return bound ?? { size: 'unbounded', reason: `${what} reads tables` };
    }
    case 'rows': {
      const table = /\bfrom\s+([^\s,;()]+)/i.exec(text)?.[1];
      if (table && LOOKUP_TABLE_NAME.test(table)) return { size: 'small', reason: `${what} reads \`${table}\`, named like a lookup table`, guess: true };
      return { size: 'unbounded', reason: `${what} reads tables` };
    }
  }
}

// ---------------------------------------------------------------------------- checked counts

/** `assert df.count() == 1` before: the code checked how many rows `binding` holds. */
function checkedRowCount(binding: Binding, model: SparkModel): RowBound | undefined {
  for (const action of model.actions) {
    if (action.name !== 'count' || action.frame.steps.length > 0 || action.frame.sourceBinding !== binding) continue;
    const rows = assertedMaximum(action);
    if (rows !== undefined && rows <= SMALL_LIMIT_ROWS) {
      return { size: 'small', reason: `the count() on line ${action.step.span.start.line + 1} checks it holds at most ${rows} row${rows === 1 ? '' : 's'}`, guess: false, rows };
    }
  }
  return undefined;
}

/** The largest row count the code lets through: `assert n == 1`, `assert n <= 5`, `if n != 1: raise`, `if n > 1: raise`. */
function assertedMaximum(action: ActionSite): number | undefined {
  const comparison = action.comparison;
  if (!comparison || !action.expectation) return undefined;
  const other = numberValue(comparison.other);
  if (other === undefined) return undefined;
  const flipped: Record<string, string> = { '<': '>', '>': '<', '<=': '>=', '>=': '<=' };
  const operator = comparison.actionOnLeft ? comparison.operator : (flipped[comparison.operator] ?? comparison.operator);
  if (action.expectation === 'holds') {
    if (operator === '==' || operator === '===' || operator === '<=') return other;
    if (operator === '<') return other - 1;
  } else {
    if (operator === '!=' || operator === '=!=' || operator === '>') return other;
    if (operator === '>=') return other - 1;
  }
  return undefined;
}

// ------------------------------------------------------------------------------------ helpers

function isData(value: FrameValue): boolean {
  return value.kind === 'dataframe' || value.kind === 'rdd' || value.kind === 'grouped';
}

function lastStep(value: FrameValue): ChainStep | undefined {
  for (let current: FrameValue | undefined = value; current; current = current.parent) {
    const step = current.steps.at(-1);
    if (step) return step;
  }
  return undefined;
}
