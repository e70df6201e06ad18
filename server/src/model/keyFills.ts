/**
 * Key columns whose missing values were replaced by one constant: `coalesce(k, lit(""))`,
 * `when(k.isNull(), "unknown")`, `na.fill("unknown", ["k"])`, `fillna({"k": -1})`. Every row that had
 * no key then shares one key, so a join on it sends them all to one task. Followed through the
 * lineage and through helpers that fill and return (their summary carries the fills).
 */
import { argument, stringLiterals } from './chains';
import { forEachChild } from '../syntax/walk';
import { LITERAL_FUNCTIONS } from './sparkApi';
import { compatible, singleColumnName, type BranchCondition, type NameConstants } from './nameConstants';
import type { Binding, ChainStep, Expr, FrameValue, FunctionImports, KeyFill, Span } from './types';

function render(value: string | number | boolean): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** A non-null literal, `-1`, or `lit(...)` of one. Null is not a hot value: null keys never match. */
function constantOf(expr: Expr | undefined, imports: FunctionImports, bareLiteral: boolean): string | undefined {
  if (!expr) return undefined;
  if (expr.kind === 'literal') return bareLiteral && expr.value !== null ? render(expr.value) : undefined;
  if (expr.kind === 'unary' && expr.operator === '-' && expr.operand.kind === 'literal' && typeof expr.operand.value === 'number') {
    return bareLiteral ? `-${expr.operand.value}` : undefined;
  }
  if (expr.kind === 'call' && [...LITERAL_FUNCTIONS].some((name) => imports.isSparkFunction(expr.callee, name)) && expr.args.length >= 1) {
    return constantOf(expr.args[0]!.value, imports, true);
  }
  return undefined;
}

/** `isNull()`, `isnull(c)`, `isnan(c)`, `c == None`, `c === null`, `c == ""`: a condition that picks missing values. */
function testsForMissing(condition: Expr, imports: FunctionImports): boolean {
  if (condition.kind === 'call' && condition.callee.kind === 'member' && ['isNull', 'isNaN'].includes(condition.callee.property)) return true;
  if (condition.kind === 'member' && ['isNull', 'isNaN'].includes(condition.property)) return true;
  if (condition.kind === 'call' && ['isnull', 'isnan'].some((name) => imports.isSparkFunction(condition.callee, name))) return true;
  // Null, and the empty string that stands for it in text keys.
  if (condition.kind === 'binary' && ['==', '===', '<=>', 'is'].includes(condition.operator)) {
    return [condition.left, condition.right].some((side) => side.kind === 'literal' && (side.value === null || side.value === ''));
  }
  if (condition.kind === 'binary' && ['|', '||', 'or', '&', '&&', 'and'].includes(condition.operator)) {
    return testsForMissing(condition.left, imports) || testsForMissing(condition.right, imports);
  }
  return false;
}

/**
 * Values `when(c, v).when(c2, v2).otherwise(x)` fills in, or undefined when `expr` is not one. A
 * `when` branch fills only when its condition picks missing values: `when(month == 0, 12)` maps one
 * value to another. An `otherwise` constant replaces everything the conditions did not keep.
 */
function whenBranches(expr: Expr, imports: FunctionImports): Expr[] | undefined {
  if (expr.kind !== 'call') return undefined;
  const fillsWhen = (condition: Expr | undefined, value: Expr | undefined) => (condition && value && testsForMissing(condition, imports) ? [value] : []);
  if (imports.isSparkFunction(expr.callee, 'when')) return fillsWhen(expr.args[0]?.value, expr.args[1]?.value);
  if (expr.callee.kind !== 'member' || (expr.callee.property !== 'when' && expr.callee.property !== 'otherwise')) return undefined;
  const earlier = whenBranches(expr.callee.object, imports);
  if (!earlier) return undefined;
  if (expr.callee.property === 'when') return [...earlier, ...fillsWhen(expr.args[0]?.value, expr.args[1]?.value)];
  const value = expr.args[0]?.value;
  return value ? [...earlier, value] : earlier;
}

/** The constant a column expression puts in place of some values: `coalesce(k, lit(x))`, `when(...).otherwise(x)`, `lit(x)`. */
function constantFill(expr: Expr | undefined, imports: FunctionImports): string | undefined {
  if (!expr) return undefined;
  const direct = constantOf(expr, imports, false);
  if (direct) return direct;
  if (expr.kind !== 'call') return undefined;
  if (expr.callee.kind === 'member' && ['cast', 'astype', 'alias', 'as', 'name'].includes(expr.callee.property)) {
    return constantFill(expr.callee.object, imports);
  }
  if (imports.isSparkFunction(expr.callee, 'coalesce') || imports.isSparkFunction(expr.callee, 'nvl') || imports.isSparkFunction(expr.callee, 'ifnull')) {
    for (const arg of expr.args) {
      const constant = constantOf(arg.value, imports, false);
      if (constant) return constant;
    }
    return undefined;
  }
  // In when/otherwise a bare literal is a value, not a column name.
  for (const branch of whenBranches(expr, imports) ?? []) {
    const constant = constantOf(branch, imports, true);
    if (constant) return constant;
  }
  return undefined;
}

/** Every name an expression could refer to a column by (strings, `col("k")`, `$"k"`, `df.k`, `df["k"]`, a name holding one). */
function mentionedNames(expr: Expr, into: Set<string>, names?: NameConstants): void {
  switch (expr.kind) {
    case 'literal':
      if (typeof expr.value !== 'string') return;
      for (const word of expr.value.split(/[^A-Za-z0-9_*]+/)) if (word) into.add(word.toLowerCase());
      return;
    case 'column':
      into.add(expr.name.split('.').at(-1)!.toLowerCase());
      return;
    case 'name':
      for (const candidate of names?.candidates(expr) ?? []) if (candidate.text !== undefined) into.add(candidate.text.toLowerCase());
      return;
    case 'member':
      into.add(expr.property.toLowerCase());
      for (const candidate of names?.candidates(expr) ?? []) if (candidate.text !== undefined) into.add(candidate.text.toLowerCase());
      return mentionedNames(expr.object, into, names);
    case 'call':
      mentionedNames(expr.callee, into, names);
      for (const arg of expr.args) mentionedNames(arg.value, into, names);
      return;
    case 'index':
      mentionedNames(expr.object, into, names);
      return mentionedNames(expr.index, into, names);
    case 'sequence':
      for (const item of expr.items) mentionedNames(item, into, names);
      return;
    case 'mapping':
      for (const entry of expr.entries) {
        mentionedNames(entry.key, into, names);
        mentionedNames(entry.value, into, names);
      }
      return;
    case 'binary':
      mentionedNames(expr.left, into, names);
      return mentionedNames(expr.right, into, names);
    case 'unary':
      return mentionedNames(expr.operand, into, names);
    case 'unknown':
      for (const child of expr.children) mentionedNames(child, into, names);
      return;
    default:
      return;
  }
}

function mentions(step: ChainStep, names?: NameConstants): Set<string> {
  const found = new Set<string>();
  for (const arg of step.args ?? []) mentionedNames(arg.value, found, names);
  return found;
}

function literalName(expr: Expr | undefined, names?: NameConstants): string | undefined {
  return singleColumnName(expr, names)?.toLowerCase();
}

/** The step's name to the end of its arguments when they share a line: what a reader sees as "the fill". */
function fillSpan(step: ChainStep): Span {
  return step.nameSpan.start.line === step.span.end.line ? { start: step.nameSpan.start, end: step.span.end } : step.nameSpan;
}

type Fills = Map<string, KeyFill>;

function record(fills: Fills, column: string, constant: string, step: ChainStep, everyRow = false): void {
  fills.set(column, { column, constant, span: fillSpan(step), via: [], ...(everyRow ? { everyRow: true as const } : {}) });
}

/** `lit(x)` itself (through casts and aliases), not a fill of missing values only. */
function isWholeColumnConstant(expr: Expr | undefined, imports: FunctionImports): boolean {
  if (!expr) return false;
  if (constantOf(expr, imports, false)) return true;
  return expr.kind === 'call' && expr.callee.kind === 'member' && ['cast', 'astype', 'alias', 'as', 'name'].includes(expr.callee.property) && isWholeColumnConstant(expr.callee.object, imports);
}

/** Records `fillna`/`na.fill` of named columns: a dict of constants, or a constant with a subset. */
function recordNaFill(step: ChainStep, imports: FunctionImports, fills: Fills, names?: NameConstants): void {
  const value = argument(step, 0, 'value');
  if (value?.kind === 'mapping') {
    for (const entry of value.entries) {
      const column = literalName(entry.key, names);
      const constant = constantOf(entry.value, imports, true);
      if (column && constant) record(fills, column, constant, step);
    }
    return;
  }
  // Without a subset, fillna fills every column of the value's type: too uncertain to blame the key.
  const constant = constantOf(value, imports, true);
  const subset = argument(step, 1, 'subset') ?? argument(step, 1, 'cols');
  if (!constant || !subset) return;
  for (const column of stringLiterals(subset)) record(fills, column.toLowerCase(), constant, step);
}

/** Assigns `expr` to `column`: a constant fill records it, anything else replaces the column. */
function assign(column: string | undefined, expr: Expr | undefined, step: ChainStep, imports: FunctionImports, fills: Fills): void {
  if (!column) return;
  const constant = constantFill(expr, imports);
  if (constant) record(fills, column, constant, step, isWholeColumnConstant(expr, imports));
  else fills.delete(column);
}

/** A select keeps the filled columns it names (or `*`) and may define the key itself: `coalesce(...).alias("k")`. */
function selectColumns(step: ChainStep, imports: FunctionImports, fills: Fills, names?: NameConstants): void {
  if (fills.size > 0) {
    const named = mentions(step, names);
    for (const column of [...fills.keys()]) if (!named.has(column) && !named.has('*')) fills.delete(column);
  }
  for (const arg of step.args ?? []) {
    const value = arg.value;
    if (value.kind !== 'call' || value.callee.kind !== 'member' || !['alias', 'as', 'name'].includes(value.callee.property)) continue;
    assign(literalName(value.args[0]?.value, names), value, step, imports, fills);
  }
}

function applyStep(step: ChainStep, previous: ChainStep | undefined, imports: FunctionImports, fills: Fills, names?: NameConstants): void {
  const name = step.name;
  if (name === 'fillna' || (name === 'fill' && previous?.name === 'na')) {
    recordNaFill(step, imports, fills, names);
  } else if (name === 'withColumn') {
    assign(literalName(argument(step, 0, 'colName'), names), argument(step, 1, 'col'), step, imports, fills);
  } else if (name === 'withColumns' && step.args?.[0]?.value.kind === 'mapping') {
    for (const entry of step.args[0].value.entries) assign(literalName(entry.key, names), entry.value, step, imports, fills);
  } else if (name === 'withColumnRenamed') {
    const from = literalName(argument(step, 0, 'existing'), names);
    const to = literalName(argument(step, 1, 'new'), names);
    const fill = from ? fills.get(from) : undefined;
    if (from) fills.delete(from);
    if (fill && to) fills.set(to, { ...fill, column: to });
  } else if (name === 'select' || name === 'selectExpr') {
    selectColumns(step, imports, fills, names);
  } else if (['filter', 'where', 'drop', 'dropDuplicates', 'drop_duplicates'].includes(name)) {
    // A filter on the key may remove the constant (`locale != "unknown"`); dropDuplicates(["k"]) makes it unique.
    // Nothing filled yet (most lineages): no need to read what the step names, through the file's name constants.
    if (fills.size === 0) return;
    const named = mentions(step, names);
    for (const column of [...fills.keys()]) if (named.has(column)) fills.delete(column);
  } else if (['groupBy', 'groupby', 'rollup', 'cube', 'agg', 'groupByKey'].includes(name)) {
    // After an aggregation each key appears once.
    fills.clear();
  }
}

/** The columns of a value filled with one constant and still so at the end of its lineage (helpers' fills included), by lower-cased name. */
export function constantFills(value: FrameValue | undefined, imports: FunctionImports, names?: NameConstants): ReadonlyMap<string, KeyFill> {
  const segments: FrameValue[] = [];
  for (let current = value; current; current = current.parent) segments.push(current);
  const fills: Fills = new Map();
  let previous: ChainStep | undefined;
  for (const segment of segments.reverse()) previous = applySegment(segment, previous, imports, fills, names);
  return fills;
}

function applySegment(segment: FrameValue, previous: ChainStep | undefined, imports: FunctionImports, fills: Fills, names: NameConstants | undefined): ChainStep | undefined {
  for (const fill of segment.filledKeys ?? []) fills.set(fill.column, fill);
  for (const step of segment.steps) {
    applyStep(step, previous, imports, fills, names);
    previous = step;
  }
  return previous;
}

/** The fills along one way through the code's branches to a value. */
export interface FillPath {
  fills: ReadonlyMap<string, KeyFill>;
  /** The branches the path goes through (from the statements that built each part of the lineage). */
  conditions: readonly BranchCondition[];
  /** The binding of another branch the path takes (`df` set in the `if` when the `else` set it too), if any. */
  through?: Binding;
}

/** More ways through the branches than this are not followed. */
const MAX_PATHS = 8;

/**
 * The fills of `value` on each way through the branches that reach it: the lineage the model
 * follows, and each other branch's binding of a name the lineage reads after an `if`. A way that
 * takes both branches of one `if` cannot run and is dropped.
 */
export function fillPaths(value: FrameValue | undefined, imports: FunctionImports, names: NameConstants): FillPath[] {
  interface Partial { fills: Fills; conditions: BranchCondition[]; through?: Binding; previous?: ChainStep }
  // Each part of the lineage once: after a run of `if`s that each may rebind the name, the ways share their beginnings.
  const memo = new Map<FrameValue, Partial[]>();
  const walk = (current: FrameValue | undefined, depth: number): Partial[] => {
    if (!current || depth > 64) return [{ fills: new Map(), conditions: [] }];
    const known = memo.get(current);
    if (known) return known;
    const found = extend(current, depth);
    memo.set(current, found);
    return found;
  };
  const extend = (current: FrameValue, depth: number): Partial[] => {
    const binding = current.sourceBinding;
    const parents: Partial[] = [];
    for (const p of walk(current.parent, depth + 1)) {
      const kept = binding ? withConditions(p, names.conditionsOf(binding.statement)) : p;
      if (kept) parents.push(kept);
    }
    for (const alternative of binding?.alternatives ?? []) {
      for (const p of walk(alternative.value, depth + 1)) {
        const kept = withConditions(p, names.conditionsOf(alternative.statement));
        if (kept) parents.push({ ...kept, through: kept.through ?? alternative });
      }
    }
    return parents.slice(0, MAX_PATHS).map((p) => {
      const fills = new Map(p.fills);
      const previous = applySegment(current, p.previous, imports, fills, names);
      return { ...p, fills, previous };
    });
  };
  const withConditions = <T extends Partial>(path: T | undefined, added: readonly BranchCondition[]): T | undefined =>
    path && compatible(path.conditions, added) ? { ...path, conditions: [...path.conditions, ...added.filter((c) => !path.conditions.includes(c))] } : undefined;
  return walk(value, 0).map(({ fills, conditions, through }) => ({ fills, conditions, ...(through ? { through } : {}) }));
}

/** The fills every returned value carries (same column, same constant): what a helper's callers can count on. */
export function commonFills(values: ReadonlyArray<FrameValue>, imports: FunctionImports): KeyFill[] | undefined {
  if (values.length === 0) return undefined;
  const [first, ...rest] = values.map((value) => constantFills(value, imports));
  const common = [...first!.values()].filter((fill) => rest.every((other) => other.get(fill.column)?.constant === fill.constant));
  return common.length > 0 ? common : undefined;
}

/** A helper's fills seen from its call site: named after the helper, placed at the call when the helper is in another file. */
export function fillsThroughCall(fills: readonly KeyFill[] | undefined, helper: string, call: Span, elsewhere: boolean): KeyFill[] | undefined {
  return fills?.map((fill) => ({ ...fill, via: [helper, ...fill.via], span: elsewhere ? call : fill.span }));
}

function literalTexts(expr: Expr, into: Set<string>): void {
  if (expr.kind === 'literal' && expr.value !== null) into.add(String(expr.value));
  forEachChild(expr, (child) => literalTexts(child, into));
}

/**
 * A filter in the value's lineage that names `column` and one of `values` (`locale != "en-US"`,
 * `locale == "en-US"`): the declared dominant value is gone, or is all there is. Either way the
 * declaration no longer says the join is skewed.
 */
export function filtersOnValue(value: FrameValue | undefined, column: string, values: readonly string[]): boolean {
  for (let current = value; current; current = current.parent) {
    for (const step of current.steps) {
      if (step.name !== 'filter' && step.name !== 'where') continue;
      if (!mentions(step).has(column.toLowerCase())) continue;
      const literals = new Set<string>();
      for (const arg of step.args ?? []) literalTexts(arg.value, literals);
      // A SQL string filter (`"locale <> 'en-US'"`) holds the value inside its text.
      if (values.some((v) => literals.has(v) || [...literals].some((text) => text.includes(`'${v}'`)))) return true;
    }
  }
  return false;
}
