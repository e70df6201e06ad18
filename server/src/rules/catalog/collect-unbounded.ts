import { argument, literalValue, templateText } from '../../model/chains';
import type { ChainStep, Expr, FrameValue, FunctionImports, JoinSite, SparkModel } from '../../model/types';
import { rangeHint, tableHint } from '../../model/sizeHints';
import { matchesAnyGlob } from '../globs';
import { stepRange } from '../spans';
import { BOTH_LANGUAGES, type Rule, type RuleSettings } from '../types';
import { evidenceAt } from '../history';
import { knownSmall } from '../smallData';

/**
 * `toLocalIterator` is left out on purpose: it fetches one partition at a time, which is the
 * documented way to stream a large result through the driver.
 */
const COLLECTING = new Set(['collect', 'collectAsList', 'toPandas', 'toArrow', 'collectAsMap']);

type Verdict = 'bounded' | 'unbounded' | 'unknown';

/** Steps after which the row count no longer grows with the input. */
const BOUNDING_STEPS = new Set(['limit', 'sample', 'sampleBy', 'agg', 'describe', 'summary', 'reduceByKey', 'aggregateByKey', 'combineByKey', 'foldByKey']);
/** Grouped-data results with one row per group (the doc treats aggregated output as small). */
const PER_GROUP_RESULTS = new Set(['agg', 'count', 'sum', 'avg', 'mean', 'max', 'min', 'mapGroups', 'reduceGroups', 'keys']);
const GROUPING_STEPS = new Set(['groupBy', 'groupby', 'rollup', 'cube', 'pivot', 'groupByKey']);
const AGGREGATE_FUNCTIONS = new Set([
  'count', 'countDistinct', 'count_distinct', 'approx_count_distinct', 'approxCountDistinct', 'sum', 'sumDistinct', 'sum_distinct',
  'avg', 'mean', 'max', 'min', 'first', 'last', 'stddev', 'stddev_samp', 'stddev_pop', 'variance', 'var_samp', 'var_pop',
  'collect_list', 'collect_set', 'corr', 'covar_pop', 'covar_samp', 'kurtosis', 'skewness', 'percentile_approx', 'percentile',
  'approx_percentile', 'median', 'mode', 'max_by', 'min_by', 'any_value', 'bool_and', 'bool_or', 'every', 'some', 'count_if',
  'product', 'grouping', 'first_value', 'last_value',
]);
const SQL_AGGREGATE = new RegExp(`\\b(${[...AGGREGATE_FUNCTIONS].join('|')})\\s*\\(`, 'i');
const SQL_ROW_COMMANDS = /^\s*(show|describe|desc|explain|set|use)\b/i;

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
      return combine([shapeOf(expr.left, imports), shapeOf(expr.right, imports)]);
    case 'unary':
      return shapeOf(expr.operand, imports);
    case 'call': {
      if ([...AGGREGATE_FUNCTIONS].some((name) => imports.isSparkFunction(expr.callee, name))) return 'aggregate';
      if (expr.callee.kind === 'member') {
        const method = expr.callee.property;
        if (method === 'over') return 'row';
        if (['alias', 'as', 'name', 'cast', 'astype'].includes(method)) return shapeOf(expr.callee.object, imports);
        // `df("k")`, `F.col("k")` and other functions of columns: look at the arguments.
      }
      if (expr.args.length === 0) return 'constant';
      return combine(expr.args.map((arg) => shapeOf(arg.value, imports)));
    }
    default:
      return 'unknown';
  }
}

function combine(shapes: Shape[]): Shape {
  if (shapes.includes('row')) return 'row';
  if (shapes.includes('unknown')) return 'unknown';
  return shapes.includes('aggregate') ? 'aggregate' : 'constant';
}

/** `select(F.max("x"))`, `selectExpr("count(*)")`: a global aggregate gives one row. */
function isGlobalAggregate(step: ChainStep, imports: FunctionImports): boolean {
  const args = step.args ?? [];
  if (args.length === 0) return false;
  if (step.name === 'selectExpr') return args.every((a) => typeof literalValue(a.value) === 'string' && SQL_AGGREGATE.test(String(literalValue(a.value))) && !/\bover\s*\(/i.test(String(literalValue(a.value))));
  return step.name === 'select' && combine(args.map((a) => shapeOf(a.value, imports))) === 'aggregate';
}

/** A SQL query we can read: bounded by LIMIT, GROUP BY or an aggregate, or a command with a small answer. */
function sqlVerdict(step: ChainStep): Verdict {
  const query = templateText(argument(step, 0, 'sqlQuery'));
  if (query === undefined) return 'unknown';
  if (SQL_ROW_COMMANDS.test(query) || !/\bfrom\b/i.test(query)) return 'bounded';
  if (/\blimit\s+\d+/i.test(query) || /\bgroup\s+by\b/i.test(query) || (SQL_AGGREGATE.test(query) && !/\bover\s*\(/i.test(query))) return 'bounded';
  return 'unbounded';
}

/** Where the lineage starts: a read or table is as large as the data; local data already fitted on the driver. */
function sourceVerdict(value: FrameValue, context: Context): Verdict {
  const origin = value.origin ?? '';
  if (origin === 'spark.sql') return value.steps[0] ? sqlVerdict(value.steps[0]) : 'unknown';
  if (origin === 'spark.table' || origin === 'read.table') {
    // The table hint is gone once a join follows in the same chain; the table's name still says it is small.
    const hint = value.steps[0] ? tableHint(value.steps[0]) : undefined;
    return hint?.kind === 'table' && matchesAnyGlob(hint.table, context.settings.smallTables) ? 'bounded' : 'unbounded';
  }
  if (origin.startsWith('read.')) return 'unbounded';
  if (origin === 'spark.createDataFrame' || origin === 'spark.createDataset') {
    // From an RDD or DataFrame it is as large as that; from local rows it came from the driver.
    return value.inputs.length > 0 ? combineAll(value.inputs.map((input) => verdict(input, context))) : 'bounded';
  }
  if (origin === 'spark.emptyDataFrame' || origin === 'spark.emptyDataset' || origin === 'literal rows') return 'bounded';
  if (origin === 'sc.parallelize' || origin === 'sc.makeRDD' || origin === 'sc.emptyRDD') return 'bounded';
  if (origin === 'spark.range' || origin === 'sc.range') {
    const range = value.steps[0];
    if (range && rangeHint(range)) return 'bounded';
    return typeof literalValue(argument(range ?? {}, 0)) === 'number' ? 'unbounded' : 'unknown';
  }
  if (origin.startsWith('sc.')) return 'unbounded';
  // Parameters, values returned by functions: we cannot tell.
  return 'unknown';
}

function combineAll(verdicts: Verdict[]): Verdict {
  if (verdicts.includes('unbounded')) return 'unbounded';
  return verdicts.includes('unknown') ? 'unknown' : 'bounded';
}

interface Context {
  imports: FunctionImports;
  settings: RuleSettings;
  joins: Map<ChainStep, JoinSite>;
  depth: number;
}

/** Walks the lineage from the newest step back to the source, looking for something that bounds the row count. */
function verdict(value: FrameValue | undefined, context: Context): Verdict {
  if (!value || context.depth > 20) return 'unknown';
  if (knownSmall(value, context.settings)) return 'bounded';
  const inner = { ...context, depth: context.depth + 1 };
  for (let current: FrameValue | undefined = value; current; current = current.parent) {
    if (knownSmall(current, context.settings)) return 'bounded';
    const steps = current.steps;
    for (let i = steps.length - 1; i >= 0; i--) {
      const step = steps[i]!;
      const before = i > 0 ? steps[i - 1] : current.parent && isData(current.parent) ? lastStep(current.parent) : undefined;
      if (BOUNDING_STEPS.has(step.name) || isGlobalAggregate(step, context.imports)) return 'bounded';
      if (PER_GROUP_RESULTS.has(step.name) && before && GROUPING_STEPS.has(before.name)) return 'bounded';
      const join = context.joins.get(step);
      if (join) {
        if (/semi|anti/i.test(join.how ?? '')) continue;
        // A join is bounded when both inputs are: walk the left side on, and the right side separately.
        const rest: FrameValue = { ...current, steps: steps.slice(0, i) };
        return combineAll([verdict(rest, inner), join.right ? verdict(join.right, inner) : 'unknown']);
      }
    }
    // A session kept in a variable is the parent of what it reads: the data starts here.
    if (!current.parent || !isData(current.parent)) return sourceVerdict(current, inner);
  }
  return 'unknown';
}

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

function frameName(value: FrameValue): string | undefined {
  for (let current: FrameValue | undefined = value; current && isData(current); current = current.parent) {
    if (current.sourceBinding && isData(current.sourceBinding.value)) return current.sourceBinding.name;
  }
  return undefined;
}

function joinsByStep(model: SparkModel): Map<ChainStep, JoinSite> {
  return new Map(model.joins.map((join) => [join.step, join]));
}

export const collectUnbounded: Rule = {
  id: 'collect-unbounded',
  defaultSeverity: 'warning',
  summary: 'collect()/toPandas() brings a whole, unbounded DataFrame to the driver.',
  languages: BOTH_LANGUAGES,
  check({ model, settings, history, report }) {
    const context: Context = { imports: model.imports, settings, joins: joinsByStep(model), depth: 0 };
    for (const action of model.actions) {
      if (!COLLECTING.has(action.name) || (action.frame.kind !== 'dataframe' && action.frame.kind !== 'rdd')) continue;
      if (verdict(action.frame, context) !== 'unbounded') continue;
      const name = frameName(action.frame);
      const subject = name ? `\`${name}\`` : 'the DataFrame';
      const bound = action.frame.kind === 'rdd' ? 'take(n)' : '.limit(n) or take(n)';
      report({
        span: stepRange(action.step),
        message: `\`${action.name}()\` brings every row of ${subject} to the driver and nothing bounds it (no limit, sample or aggregation): a large result exceeds spark.driver.maxResultSize or runs the driver out of memory. Bound it with ${bound}, aggregate on the cluster, or write the result out instead.`,
        evidence: evidenceAt(history, action.step.span),
      });
    }
  },
};
