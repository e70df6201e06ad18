/**
 * Joins written in SQL text over temporary views: `lookup.createOrReplaceTempView("dim")`, then
 * `spark.sql("SELECT … FROM facts f JOIN dim d ON …")`. Each side of such a join is the DataFrame
 * registered under its name (the registration that comes last before the query), or a catalog
 * table when the file registers no view by that name, so what the model knows of a DataFrame's
 * size reaches the joins its SQL text writes.
 */
import type { Expr, Position } from '../syntax/ast';
import { argument } from './chains';
import { stringTemplate, type StringLookup } from './sqlText';
import { sqlJoins, type SqlRelation } from './sqlJoins';
import type { ChainStep, FrameValue, Span, SparkModel, SqlQuerySite, Stmt, TempViewSite } from './types';

const GLOBAL_VIEW_METHODS = new Set(['createGlobalTempView', 'createOrReplaceGlobalTempView']);
const GLOBAL_DATABASE = 'global_temp.';

/** The view `frame.createOrReplaceTempView(name)` registers, when its name is text the code shows. */
export function tempViewSite(frame: FrameValue, step: ChainStep, lookup: StringLookup, statement: Stmt, order: number): TempViewSite | undefined {
  const name = stringTemplate(argument(step, 0, 'viewName') ?? argument(step, 0, 'name') ?? argument(step, 0, 'tableName'), lookup);
  if (name === undefined || !/^[\w.]+$/.test(name)) return undefined;
  return { name: name.toLowerCase(), global: GLOBAL_VIEW_METHODS.has(step.name), frame, step, statement, order };
}

/** A `spark.sql(…)` call with its text, and the literal written in the call when the text is all of it. */
export function sqlQuerySite(text: string, frame: FrameValue, step: ChainStep, statement: Stmt, order: number): SqlQuerySite {
  const literal = writtenLiteral(argument(step, 0, 'sqlQuery'));
  return { text, frame, step, statement, order, ...(literal && literal.value === text ? { literal } : {}) };
}

/** `"…"`, `"…".format(x)`, `"""…""".strip()`, Scala `"""…""".stripMargin`: the literal itself. */
function writtenLiteral(expr: Expr | undefined): (Expr & { kind: 'literal' }) | undefined {
  if (!expr) return undefined;
  if (expr.kind === 'literal') return typeof expr.value === 'string' ? expr : undefined;
  if (expr.kind === 'call' && expr.callee.kind === 'member' && ['format', 'strip', 'lstrip', 'rstrip', 'stripMargin', 'trim'].includes(expr.callee.property)) {
    return writtenLiteral(expr.callee.object);
  }
  if (expr.kind === 'member' && ['stripMargin', 'trim'].includes(expr.property)) return writtenLiteral(expr.object);
  return undefined;
}

export interface SqlJoinSide {
  /** The relation's name as the text writes it, and the name the query reads it under. */
  name: string;
  alias: string;
  /** The DataFrame behind it: a registered view's, or a catalog table's; undefined for a CTE or a subquery. */
  frame?: FrameValue;
  view?: TempViewSite;
}

export interface SqlJoinSite {
  query: SqlQuerySite;
  how: string;
  /** The relations joined before this one (the join's left side); undefined entries are ones the model cannot follow. */
  left: Array<SqlJoinSide | undefined>;
  right: SqlJoinSide;
  /** The query's text has a join-strategy hint of its own. */
  hinted: boolean;
  /** The join in the string, when the source places it exactly. */
  span?: Span;
  /** Just after the SELECT of the join's query, when the source places it exactly: where a hint goes. */
  hintAt?: Position;
}

const sitesByModel = new WeakMap<SparkModel, SqlJoinSite[]>();

/** The file's joins written in `spark.sql` text whose right side is a named relation. */
export function sqlJoinSites(model: SparkModel): SqlJoinSite[] {
  let sites = sitesByModel.get(model);
  if (sites) return sites;
  sites = [];
  for (const query of model.sqlQueries) {
    const { joins, hinted } = sqlJoins(query.text);
    for (const join of joins) {
      const right = side(join.right, query, model.tempViews);
      if (!right) continue;
      const span = textSpan(query, join.start, join.end);
      const hintAt = query.literal ? positionIn(query.literal, join.selectEnd) : undefined;
      sites.push({ query, how: join.how, left: join.left.map((relation) => side(relation, query, model.tempViews)), right, hinted, ...(span ? { span } : {}), ...(hintAt ? { hintAt } : {}) });
    }
  }
  sitesByModel.set(model, sites);
  return sites;
}

function side(relation: SqlRelation, query: SqlQuerySite, views: readonly TempViewSite[]): SqlJoinSide | undefined {
  if (relation.name === undefined) return undefined;
  const alias = relation.alias ?? relation.name;
  if (relation.cte) return { name: relation.name, alias };
  const view = registeredView(relation.name, query, views);
  if (view) return { name: relation.name, alias, frame: view.frame, view };
  // Not a view the file registers: a table of the catalog, small only when settings list it.
  const frame: FrameValue = {
    kind: 'dataframe', steps: [], inputs: [], origin: 'table', sizeHint: { kind: 'table', table: relation.name, span: query.step.span }, span: query.step.span,
  };
  return { name: relation.name, alias, frame };
}

/** The registration a query reads under `name`: the last one before it, else the first after it (a function registering it, called earlier). */
function registeredView(name: string, query: SqlQuerySite, views: readonly TempViewSite[]): TempViewSite | undefined {
  let lower = name.toLowerCase();
  const global = lower.startsWith(GLOBAL_DATABASE);
  if (global) lower = lower.slice(GLOBAL_DATABASE.length);
  else if (lower.includes('.')) return undefined;
  let before: TempViewSite | undefined;
  let after: TempViewSite | undefined;
  for (const view of views) {
    if (view.name !== lower || view.global !== global) continue;
    if (view.order <= query.order) {
      if (!before || view.order > before.order) before = view;
    } else if (!after || view.order < after.order) {
      after = view;
    }
  }
  return before ?? after;
}

function textSpan(query: SqlQuerySite, start: number, end: number): Span | undefined {
  if (!query.literal) return undefined;
  const from = positionIn(query.literal, start);
  const to = positionIn(query.literal, end);
  return from && to ? { start: from, end: to } : undefined;
}

/**
 * Where the literal's character at `offset` is in the source. The literal's value is its text as
 * written (escapes included), so after a line break the column is exact; on the first line it
 * is exact when the whole literal is on one line, whose quotes and prefix (`f"`, `"""`, `s"""`)
 * are then the span's width less the value's length: 2, 3, 4 (one quote) or 6, 7, 8 (three).
 */
export function positionIn(literal: Expr & { kind: 'literal' }, offset: number): Position | undefined {
  const value = literal.value as string;
  const { start, end } = literal.span;
  const lineBreaks = countLineBreaks(value, value.length);
  // A literal whose lines are not the source's (implicit concatenation across lines) is not placed.
  if (lineBreaks !== end.line - start.line) return undefined;
  const before = countLineBreaks(value, offset);
  if (before > 0) return { line: start.line + before, character: offset - value.lastIndexOf('\n', offset - 1) - 1 };
  if (lineBreaks > 0) return undefined;
  const quotes = end.character - start.character - value.length;
  const opening = ({ 2: 1, 3: 2, 4: 3, 6: 3, 7: 4, 8: 5 } as Record<number, number>)[quotes];
  return opening === undefined ? undefined : { line: start.line, character: start.character + opening + offset };
}

function countLineBreaks(text: string, upTo: number): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < upTo; i = text.indexOf('\n', i + 1)) count++;
  return count;
}
