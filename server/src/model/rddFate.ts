/**
 * What becomes of an RDD: the steps applied to it after a given step (in its chain, then through the
 * names that hold it) and where each path of its data ends: on the driver (collected, taken,
 * iterated), in an API that only takes RDDs (MLlib's RDD-based metrics and statistics, a Hadoop
 * output format, a function of this file declared to take an RDD), back in a DataFrame, in another
 * action, or somewhere the model cannot follow.
 */
import type { CallExpr, Expr, FunctionStmt, Stmt } from '../syntax/ast';
import { spanKey } from './chains';
import { dottedName } from './imports';
import { children, walkStatements } from '../syntax/walk';
import { RDD_ACTIONS, RDD_WRITES } from './sparkApi';
import type { Binding, Chain, ChainStep, SparkModel, Span } from './types';

export type RddEnd =
  | { kind: 'driver' }
  | { kind: 'rdd-api'; what: string }
  /** `schemaFromFrame`: `createDataFrame(rdd, df.schema)`, the rows rebuilt for a schema read off a DataFrame at run time. */
  | { kind: 'dataframe'; schemaFromFrame?: boolean }
  | { kind: 'action'; name: string }
  | { kind: 'unknown' }
  | { kind: 'unused' };

export interface RddPath {
  /** The steps applied after the starting one, in order, up to where the path ends. */
  steps: ChainStep[];
  end: RddEnd;
}

/** Actions that bring the rows (or some of them) to the driver as they are. */
export const DRIVER_FETCHES = new Set(['collect', 'take', 'first', 'top', 'takeOrdered', 'takeSample', 'toLocalIterator', 'collectAsMap', 'head']);

/** RDD writes through Hadoop output formats: a DataFrame writer has no equivalent. */
const HADOOP_OUTPUTS = new Set(['saveAsNewAPIHadoopFile', 'saveAsHadoopFile', 'saveAsNewAPIHadoopDataset', 'saveAsHadoopDataset', 'saveAsSequenceFile', 'saveAsObjectFile', 'saveAsPickleFile']);

/** RDD-based MLlib entry points that take an RDD argument (`Statistics.corr(rdd)`, `KernelDensity().setSample(rdd)`, `ALS.train(rdd)`). */
const MLLIB_METHODS = new Set(['setSample', 'colStats', 'corr', 'chiSqTest', 'kolmogorovSmirnovTest', 'train', 'trainImplicit', 'trainClassifier', 'trainRegressor']);

const MAX_DEPTH = 6;

/** Every path the data of `start`'s result takes. */
export function rddPaths(model: SparkModel, start: ChainStep): RddPath[] {
  const entry = model.frameChains.find((e) => e.chain.steps.includes(start));
  if (!entry) return [{ steps: [], end: { kind: 'unknown' } }];
  return followChain(model, entry.chain, entry.chain.steps.indexOf(start), entry.statement, 0);
}

function followChain(model: SparkModel, chain: Chain, after: number, statement: Stmt, depth: number): RddPath[] {
  const steps: ChainStep[] = [];
  for (const step of chain.steps.slice(after + 1)) {
    steps.push(step);
    if (step.name === 'toDF' || step.name === 'toDS') return [{ steps, end: { kind: 'dataframe' } }];
    if (HADOOP_OUTPUTS.has(step.name)) return [{ steps, end: { kind: 'rdd-api', what: `${step.name} (a Hadoop output format)` } }];
    if (DRIVER_FETCHES.has(step.name)) return [{ steps, end: { kind: 'driver' } }];
    if (RDD_ACTIONS.has(step.name) || RDD_WRITES.has(step.name)) return [{ steps, end: { kind: 'action', name: step.name } }];
  }
  return prefixed(steps, followValue(model, chain, statement, depth));
}

/** Where the value of a whole chain goes: into a name, into a call, or nowhere we can follow. */
function followValue(model: SparkModel, chain: Chain, statement: Stmt, depth: number): RddPath[] {
  if (depth >= MAX_DEPTH) return [{ steps: [], end: { kind: 'unknown' } }];
  const last = chain.steps.at(-1);
  // By position: a Scala `val x =` whose value is on the next line is bound from an unwrapped copy of its statement.
  const holder = last && model.bindings.find((b) => spanKey(b.statement.span) === spanKey(statement.span) && b.value.steps.at(-1) === last);
  if (holder) return followBinding(model, holder, depth + 1);
  const call = enclosingCall(statement, chain.span);
  if (call) return [{ steps: [], end: callEnd(model, call.call, call.position, call.keyword) }];
  return [{ steps: [], end: statement.kind === 'expr' && spanKey(statement.span) === spanKey(chain.span) ? { kind: 'unused' } : { kind: 'unknown' } }];
}

function followBinding(model: SparkModel, binding: Binding, depth: number): RddPath[] {
  const paths: RddPath[] = [];
  for (const use of binding.uses) {
    const rooted = model.frameChains.find((e) => e.rootBinding === binding && spanKey(e.chain.root.span) === spanKey(use.span));
    if (rooted && rooted.chain.steps.length > 0) {
      paths.push(...followChain(model, rooted.chain, -1, rooted.statement, depth));
      continue;
    }
    if (use.derived) {
      // `out = spark.createDataFrame(rows)`: back in a DataFrame.
      paths.push(...(use.derived.value.kind === 'dataframe' ? [{ steps: [], end: dataframeEnd(model, use.statement, use.span) }] : followBinding(model, use.derived, depth + 1)));
      continue;
    }
    const call = enclosingCall(use.statement, use.span);
    paths.push({ steps: [], end: call ? callEnd(model, call.call, call.position, call.keyword) : { kind: 'unknown' } });
  }
  return paths.length > 0 ? paths : [{ steps: [], end: { kind: 'unused' } }];
}

/** A use that makes a DataFrame: what its call shows about the schema, when it is a call. */
function dataframeEnd(model: SparkModel, statement: Stmt, span: Span): RddEnd {
  const call = enclosingCall(statement, span);
  const end = call && callEnd(model, call.call, call.position, call.keyword);
  return end?.kind === 'dataframe' ? end : { kind: 'dataframe' };
}

/**
 * `df.schema`, `StructType(cols.map(df.schema(_)))`, or a name last assigned one before `call`: a
 * schema read off a DataFrame, known only at run time.
 */
function readsFrameSchema(model: SparkModel, expr: Expr, call: CallExpr): boolean {
  const direct = (e: Expr): boolean => (e.kind === 'member' && e.property === 'schema') || children(e).some(direct);
  if (expr.kind !== 'name') return direct(expr);
  let assigned: Expr | undefined;
  walkStatements(model.statements, {
    statement(statement) {
      if (statement.kind === 'assign' && statement.targets.length === 1 && statement.targets[0] === expr.id && statement.span.start.line < call.span.start.line) assigned = statement.value;
    },
  });
  return assigned !== undefined && direct(assigned);
}

function prefixed(steps: ChainStep[], paths: RddPath[]): RddPath[] {
  return paths.map((path) => ({ steps: [...steps, ...path.steps], end: path.end }));
}

/** What a call does with an RDD passed to it. */
function callEnd(model: SparkModel, call: CallExpr, position: number, keyword: string | undefined): RddEnd {
  const callee = call.callee;
  const name = callee.kind === 'name' ? callee.id : callee.kind === 'member' ? callee.property : undefined;
  if (!name) return { kind: 'unknown' };
  if (name === 'createDataFrame' && position === 0) {
    const schema = call.args.find((a) => a.name === 'schema') ?? call.args[1];
    return schema && readsFrameSchema(model, schema.value, call) ? { kind: 'dataframe', schemaFromFrame: true } : { kind: 'dataframe' };
  }
  if (name === 'createDataFrame' || name === 'createDataset' || name === 'toDF') return { kind: 'dataframe' };
  // MulticlassMetrics, BinaryClassificationMetrics, RegressionMetrics, RankingMetrics and classes extending them.
  if (/Metrics$/.test(name)) return { kind: 'rdd-api', what: `${dottedName(callee) ?? name} (an RDD-based MLlib API)` };
  if (MLLIB_METHODS.has(name) && callee.kind === 'member') return { kind: 'rdd-api', what: `${dottedName(callee) ?? name} (an RDD-based MLlib API)` };
  const fn = functionsOf(model).get(name);
  const param = fn && (keyword !== undefined ? fn.params.find((p) => p.name === keyword) : fn.params.filter((p) => p.name !== 'self')[position]);
  if (param?.type !== undefined && /(^|\W)RDD(\W|$)/.test(param.type)) return { kind: 'rdd-api', what: `${name}(), whose parameter \`${param.name}\` is an RDD` };
  return { kind: 'unknown' };
}

const functionTables = new WeakMap<SparkModel, Map<string, FunctionStmt>>();

/** The functions and methods this file defines, by name. */
function functionsOf(model: SparkModel): Map<string, FunctionStmt> {
  let table = functionTables.get(model);
  if (!table) {
    table = new Map();
    const visit = (statements: Stmt[]) => {
      for (const statement of statements) {
        if (statement.kind === 'function') table!.set(statement.name, statement);
        if (statement.kind === 'function' || statement.kind === 'class') visit(statement.body);
      }
    };
    visit(model.statements);
    functionTables.set(model, table);
  }
  return table;
}

/** The innermost call in `statement` that takes the expression at `span` as an argument. */
function enclosingCall(statement: Stmt, span: Span): { call: CallExpr; position: number; keyword?: string } | undefined {
  const key = spanKey(span);
  let found: { call: CallExpr; position: number; keyword?: string } | undefined;
  walkStatements([statement], {
    statement: (stmt) => stmt === statement && found === undefined,
    expression(expr) {
      if (found) return false;
      if (expr.kind !== 'call') return;
      const index = expr.args.findIndex((a) => spanKey(a.value.span) === key);
      if (index < 0) return;
      found = { call: expr, position: expr.args.slice(0, index).filter((a) => a.name === undefined).length, keyword: expr.args[index]!.name };
      return false;
    },
  });
  return found;
}
