/**
 * What the code does on the driver with the rows an action brought there, when that is work Spark
 * does on the cluster: pandas `groupby` / `value_counts` / `sum` / `drop_duplicates`, Scala
 * `groupBy` / `sum` / `distinct`, Python `len(...)` / `sum(...)` / `Counter(...)` over the rows.
 * That is positive evidence that bringing every row to the driver is wrong, whatever their number:
 * the cluster could have reduced them first and sent only the result.
 *
 * The rows are followed through the chain on the action (`.toPandas().groupby(...)`), through the
 * name they are assigned to (`pdf = ….toPandas()` then `pdf.groupby(...)` later in the same
 * function, until the name is assigned again) and through names derived from it
 * (`recent = pdf[pdf.day > d]`, `ids = [r.id for r in rows]`). Sorting, mapping, filtering and
 * joining keep every row and are not evidence on their own; taking the first rows (`head`, `[:n]`)
 * is reported by the chain's own result use. When the rows are also needed as they are (returned,
 * iterated, passed whole to other code), collecting them is the point and the work is incidental.
 */
import type { AssignStmt, Expr, Language, Span, Stmt } from '../syntax/ast';
import { spanContains } from '../syntax/spans';
import { spanKey } from './chains';
import { children } from '../syntax/walk';
import type { ActionResultUse, ActionSite, SparkModel } from './types';

export type DriverSideWork = Extract<ActionResultUse, { kind: 'driver-side-work' }>;

/** What an operation does to the rows, and what does the same on the cluster. */
interface Operation {
  does: string;
  instead: string;
  /** Counting only says something when applied to the action's result itself: a name's length is often just logged. */
  countsOnly?: boolean;
}

const GROUP: Operation = { does: 'groups them', instead: 'groupBy(...).agg(...)' };
const AGGREGATE: Operation = { does: 'aggregates them', instead: 'agg(...)' };
const DEDUPLICATE: Operation = { does: 'deduplicates them', instead: 'dropDuplicates() or distinct()' };
const COUNT_VALUES: Operation = { does: 'counts them per value', instead: 'groupBy(...).count()' };
const COUNT: Operation = { does: 'counts them', instead: 'count()', countsOnly: true };

/** pandas methods (called on the DataFrame, a column of it or a filtered part). */
const PANDAS_METHODS: ReadonlyMap<string, Operation> = new Map([
  ...['groupby', 'pivot_table', 'pivot', 'resample'].map((name) => [name, GROUP] as const),
  ...['agg', 'aggregate', 'sum', 'mean', 'median', 'min', 'max', 'std', 'var', 'quantile', 'prod', 'nunique'].map((name) => [name, AGGREGATE] as const),
  ['describe', { does: 'summarises them', instead: 'describe() or summary()' }],
  ['value_counts', COUNT_VALUES],
  ['drop_duplicates', DEDUPLICATE],
]);

/** Python built-ins applied to the rows (or to a generator over them). */
const PYTHON_FUNCTIONS: ReadonlyMap<string, Operation> = new Map([
  ['len', COUNT],
  ['Counter', COUNT_VALUES],
  ...['sum', 'max', 'min'].map((name) => [name, AGGREGATE] as const),
]);

/** Scala collection methods on the collected array (called or not: `rows.map(_.x).sum`). */
const SCALA_METHODS: ReadonlyMap<string, Operation> = new Map([
  ...['groupBy', 'groupMap', 'groupMapReduce'].map((name) => [name, GROUP] as const),
  ...['sum', 'product', 'reduce', 'reduceLeft', 'fold', 'foldLeft', 'aggregate', 'max', 'min', 'maxBy', 'minBy'].map((name) => [name, AGGREGATE] as const),
  ['distinct', DEDUPLICATE],
  ...['length', 'size', 'count'].map((name) => [name, COUNT] as const),
]);

/** Steps after which only some rows are left: what follows is not work on every row. */
const KEEPING_FEW = new Set(['head', 'tail', 'take', 'first', 'last', 'iloc', 'nlargest', 'nsmallest', 'sample', 'headOption', 'lastOption', 'slice', 'takeRight']);

/** At most this many names derived from the rows are followed (a guard, not a limit real code reaches). */
const MAX_NAMES = 16;

interface Body {
  parents: Map<Expr, Expr>;
  expressions: Expr[];
  assignments: AssignStmt[];
  /** Returned values and iterated collections: what reaches them is needed row by row. */
  consumed: Set<Expr>;
}

/** The work done on the driver with the rows `action` collects, if the code shows any. */
export function driverSideWork(model: SparkModel, action: ActionSite): DriverSideWork | undefined {
  const body = bodyOf(enclosingStatements(model.statements, action.statement.span));
  const start = body.expressions.find((expr) => spanKey(expr.span) === spanKey(action.step.span));
  if (!start) return undefined;
  const found: DriverSideWork[] = [];
  let needed = false;
  const followed = new Set<string>();
  const follow = (rows: Expr, direct: boolean): void => {
    const use = useOf(model.language, body, rows, direct);
    if (use?.kind === 'work') found.push(use.work);
    if (use?.kind === 'needed') needed = true;
    if (use?.kind !== 'assigned' || followed.size >= MAX_NAMES || followed.has(spanKey(use.statement.span))) return;
    followed.add(spanKey(use.statement.span));
    const name = use.statement.targets[0]!;
    const until = body.assignments.find((a) => a !== use.statement && a.targets.includes(name) && after(a.span, use.statement.span));
    for (const expr of body.expressions) {
      if (expr.kind !== 'name' || expr.id !== name || !after(expr.span, use.statement.span)) continue;
      if (until && !before(expr.span, until.span.end)) continue;
      follow(expr, false);
    }
  };
  follow(start, true);
  if (needed) return undefined;
  return found.sort((a, b) => a.span.start.line - b.span.start.line || a.span.start.character - b.span.start.character)[0];
}

/** `needed`: the rows themselves are returned, passed on, stored or iterated, so collecting them is the point. */
type RowsUse = { kind: 'work'; work: DriverSideWork } | { kind: 'assigned'; statement: AssignStmt } | { kind: 'needed' };

/**
 * Climbs from an expression holding the rows through steps that keep them (column selection,
 * filters, maps, comprehensions) to the first operation that reduces them, or to the assignment
 * that names them.
 */
function useOf(language: Language, body: Body, rows: Expr, direct: boolean): RowsUse | undefined {
  let current = rows;
  let whole = true;
  for (;;) {
    if (body.consumed.has(current)) return { kind: 'needed' };
    const parent = body.parents.get(current);
    if (!parent) {
      const statement = body.assignments.find((a) => a.value === current && a.targets.length === 1 && /^[A-Za-z_]\w*$/.test(a.targets[0]!));
      return statement ? { kind: 'assigned', statement } : undefined;
    }
    if (parent.kind === 'sequence' && whole) return { kind: 'needed' };
    if (parent.kind === 'member' && parent.object === current) {
      if (KEEPING_FEW.has(parent.property)) return undefined;
      const call = body.parents.get(parent);
      const called = call?.kind === 'call' && call.callee === parent;
      const operation = language === 'python' ? (called ? PANDAS_METHODS.get(parent.property) : undefined) : SCALA_METHODS.get(parent.property);
      if (operation && (direct || !operation.countsOnly) && !(parent.property === 'count' && !(called && call.args.length > 0))) {
        return { kind: 'work', work: workOf(operation, `.${parent.property}${called ? '(…)' : ''}`, called ? call.span : parent.span) };
      }
      current = called ? call : parent;
      whole = false;
      continue;
    }
    if (parent.kind === 'index' && parent.object === current) {
      if (parent.index.kind === 'unknown' || (parent.index.kind === 'literal' && parent.index.literalKind === 'number')) return undefined;
      current = parent;
      whole = false;
      continue;
    }
    if (parent.kind === 'comprehension' && parent.iterable === current) {
      current = parent;
      continue;
    }
    if (parent.kind === 'call' && parent.callee !== current && parent.callee.kind === 'name' && language === 'python') {
      const operation = PYTHON_FUNCTIONS.get(parent.callee.id);
      const first = parent.args[0]?.value === current;
      if (operation && first && (direct || !operation.countsOnly)) return { kind: 'work', work: workOf(operation, `${parent.callee.id}(…)`, parent.span) };
      if (parent.callee.id === 'list' && first) {
        current = parent;
        continue;
      }
    }
    // Passed whole to other code (`display(pdf)`, `px.box(pdf)`, `spark.createDataFrame(rows)`): it needs the rows.
    if (parent.kind === 'call' && parent.callee !== current && whole) return { kind: 'needed' };
    return undefined;
  }
}

function workOf(operation: Operation, written: string, span: Span): DriverSideWork {
  return { kind: 'driver-side-work', operation: written, does: operation.does, instead: operation.instead, span };
}

/** The statements of the innermost function whose body holds `span` (the module's when none does). */
function enclosingStatements(statements: Stmt[], span: Span): Stmt[] {
  return innermostFunctionBody(statements, span) ?? statements;
}

function innermostFunctionBody(statements: Stmt[], span: Span): Stmt[] | undefined {
  for (const statement of statements) {
    if (!spanContains(statement.span, span)) continue;
    switch (statement.kind) {
      case 'function': return innermostFunctionBody(statement.body, span) ?? statement.body;
      case 'class':
      case 'loop': return innermostFunctionBody(statement.body, span);
      case 'if': return innermostFunctionBody(statement.then, span) ?? innermostFunctionBody(statement.otherwise, span);
      default: return undefined;
    }
  }
  return undefined;
}

/** Every expression of a function body with its parent, without the bodies of nested functions and classes. */
function bodyOf(statements: Stmt[]): Body {
  const body: Body = { parents: new Map(), expressions: [], assignments: [], consumed: new Set() };
  const visitExpr = (expr: Expr): void => {
    body.expressions.push(expr);
    if (expr.kind === 'lambda' && Array.isArray(expr.body)) visitStatements(expr.body);
    if (expr.kind === 'block') return visitStatements(expr.body);
    if (expr.kind === 'literal') for (const part of expr.interpolations ?? []) visitExpr(part);
    for (const child of children(expr)) {
      body.parents.set(child, expr);
      visitExpr(child);
    }
  };
  const visitStatements = (list: Stmt[]): void => {
    for (const statement of list) {
      switch (statement.kind) {
        case 'assign':
          body.assignments.push(statement);
          visitExpr(statement.value);
          break;
        case 'expr': visitExpr(statement.expr); break;
        case 'return':
          if (statement.value) {
            body.consumed.add(statement.value);
            visitExpr(statement.value);
          }
          break;
        case 'loop':
          if (statement.iterable) {
            if (statement.loopKind === 'for') body.consumed.add(statement.iterable);
            visitExpr(statement.iterable);
          }
          visitStatements(statement.body);
          break;
        case 'if':
          visitExpr(statement.condition);
          visitStatements(statement.then);
          visitStatements(statement.otherwise);
          break;
        default: break;
      }
    }
  };
  visitStatements(statements);
  return body;
}

const after = (span: Span, than: Span) => span.start.line > than.end.line || (span.start.line === than.end.line && span.start.character >= than.end.character);
const before = (span: Span, position: Span['end']) => span.end.line < position.line || (span.end.line === position.line && span.end.character <= position.character);
