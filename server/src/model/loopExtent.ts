/**
 * How many times a loop runs, as far as the code shows it: what its collection is. A loop over a
 * literal list of three names runs three times; one over `df.columns` runs once per column of a
 * table, as wide as the data makes it; one over collected rows once per row; a Scala `Option` at
 * most once. A parameter, an attribute or a configuration list could be any length.
 */
import type { Expr, Stmt } from '../syntax/ast';
import { children, perStatement, walkStatements } from '../syntax/walk';
import { toChain } from './chains';

export type LoopExtent =
  /** A number written in the code: a literal list, `range(3)`, `1 to 5`, `take(10)`. */
  | { kind: 'fixed'; count: number }
  /**
   * A Scala `Option` made in the expression (`Some(x)`, `headOption`, `find`): zero or one time. A
   * name declared `Option[…]` is not trusted: a `case Some(name) =>` pattern may re-bind it.
   */
  | { kind: 'at-most-one' }
  /**
   * The columns or fields of a table (`df.columns`, `df.schema.fields`, `df.dtypes`, a filter of them).
   * `few` says why only a handful of them are selected (a filter on a type tables hold one or two of).
   */
  | { kind: 'columns'; source: string; few?: string }
  /** Rows or values collected from Spark data (`df.select(c).distinct().collect()`, `toPandas()[c].tolist()`, a fitted indexer's `labels`). */
  | { kind: 'rows'; source: string }
  /** Anything else: a parameter, an attribute, a configured or computed list. */
  | { kind: 'unknown' };

export const UNKNOWN_EXTENT: LoopExtent = { kind: 'unknown' };

/** What names in scope hold, as far as assignments said. */
export interface ExtentNames {
  extentOfName(name: string): LoopExtent | undefined;
}

/** Members that list a table's columns (`df.columns`, `df.dtypes`, `df.schema`). */
const TABLE_WIDTH = new Set(['columns', 'dtypes', 'schema']);
/** Members of a schema (StructType) that list its fields. */
const SCHEMA_FIELDS = new Set(['fields', 'fieldNames', 'names', 'toList', 'simpleString']);
/** Spark actions that bring rows to the driver. */
const COLLECTED = new Set(['collect', 'collectAsList', 'toLocalIterator', 'toPandas', 'collectAsMap', 'countByValue', 'countByKey']);
/** What a fitted ML model learnt from the data: one item per distinct value (StringIndexerModel.labels, CountVectorizerModel.vocabulary). */
const LEARNT_VALUES = new Set(['labels', 'labelsArray', 'vocabulary']);
/** Collection operations that keep (or shrink) the number of items: the extent is the receiver's. */
const SAME_ITEMS = new Set([
  'filter', 'filterNot', 'withFilter', 'map', 'zipWithIndex', 'sorted', 'sortBy', 'sortWith', 'reverse', 'distinct', 'toList', 'toSeq',
  'toArray', 'toSet', 'toVector', 'toIndexedSeq', 'toMap', 'iterator', 'items', 'keys', 'values', 'keySet', 'tolist', 'to_list', 'unique',
  'iterrows', 'itertuples', 'indices', 'copy', 'view', 'par', 'asScala', 'tail', 'init', 'drop', 'dropRight', 'dropWhile', 'takeWhile',
  'flatten', 'rdd', 'select', 'where', 'dropDuplicates', 'orderBy', 'sort', 'alias',
]);
/** Python built-ins that iterate their (first) argument's items. */
const SAME_ITEMS_FUNCTIONS = new Set(['enumerate', 'sorted', 'reversed', 'list', 'set', 'tuple', 'frozenset', 'iter', 'dict', 'OrderedDict', 'OrderedSet']);
const OPTION_STEPS = new Set(['headOption', 'lastOption', 'find', 'toOption', 'lift']);
const CONCATENATIONS = new Set(['+', '++', ':::', '++:', '|']);

/** The extent of iterating `expr`. */
export function extentOf(expr: Expr, names: ExtentNames): LoopExtent {
  switch (expr.kind) {
    // An empty literal is a collection about to be filled (`cols = []`, then appends): its length is not in the code.
    case 'sequence':
      return expr.items.length > 0 ? { kind: 'fixed', count: expr.items.length } : UNKNOWN_EXTENT;
    case 'mapping':
      return expr.entries.length > 0 ? { kind: 'fixed', count: expr.entries.length } : UNKNOWN_EXTENT;
    case 'comprehension':
      return comparingTables(selectingFew(extentOf(expr.iterable, names), expr.element), expr.element);
    case 'name':
      return names.extentOfName(expr.id) ?? UNKNOWN_EXTENT;
    case 'index': {
      // `rows["site"]` of collected rows (a pandas column) is as long as the rows; a slice `days[1:]` at most as long as `days`.
      const whole = extentOf(expr.object, names);
      const slice = expr.index.kind === 'unknown';
      return whole.kind === 'rows' || (slice && whole.kind !== 'unknown') ? whole : UNKNOWN_EXTENT;
    }
    case 'binary':
      return binaryExtent(expr, names);
    case 'call':
      if (expr.callee.kind === 'name') return functionCallExtent(expr.callee.id, expr.args.map((a) => a.value), names);
      return chainExtent(expr, names);
    case 'member':
      return chainExtent(expr, names);
    case 'block': {
      // `a if c else b`: either value.
      const only = expr.body.length === 1 ? expr.body[0] : undefined;
      if (only?.kind === 'if') {
        const values = [only.then, only.otherwise].map((branch) => (branch.length === 1 && branch[0]!.kind === 'expr' ? extentOf(branch[0].expr, names) : UNKNOWN_EXTENT));
        return values.reduce(widest);
      }
      return UNKNOWN_EXTENT;
    }
    default:
      return UNKNOWN_EXTENT;
  }
}

function binaryExtent(expr: Extract<Expr, { kind: 'binary' }>, names: ExtentNames): LoopExtent {
  const { operator, left, right } = expr;
  if (operator === 'to' || operator === 'until') {
    const [from, to] = [left, right].map(numberLiteral);
    if (from !== undefined && to !== undefined) return { kind: 'fixed', count: Math.max(0, to - from + (operator === 'to' ? 1 : 0)) };
    // `0 until cols.length`: once per item of cols.
    return sizeOf(right, names);
  }
  if (operator === 'or') return widest(extentOf(left, names), extentOf(right, names));
  if (CONCATENATIONS.has(operator)) return concatenated(extentOf(left, names), extentOf(right, names));
  if (operator === ':+') return concatenated(extentOf(left, names), { kind: 'fixed', count: 1 });
  if (operator === '+:') return concatenated({ kind: 'fixed', count: 1 }, extentOf(right, names));
  // `set(df.columns) - set(keys)`, `cols diff keys`: at most the left side.
  if (operator === '-' || operator === 'diff' || operator === '--' || operator === 'filterNot') return extentOf(left, names);
  return UNKNOWN_EXTENT;
}

function functionCallExtent(name: string, args: Expr[], names: ExtentNames): LoopExtent {
  if (name === 'range' || name === 'xrange') {
    const numbers = args.map(numberLiteral);
    if (args.length > 0 && numbers.every((n) => n !== undefined)) {
      const [start, stop, step] = args.length === 1 ? [0, numbers[0]!, 1] : [numbers[0]!, numbers[1]!, numbers[2] ?? 1];
      return { kind: 'fixed', count: step === 0 ? 0 : Math.max(0, Math.ceil((stop - start) / step)) };
    }
    const stop = args.length === 1 ? args[0] : args[1];
    return stop ? sizeOf(stop, names) : UNKNOWN_EXTENT;
  }
  if (SAME_ITEMS_FUNCTIONS.has(name) && args[0]) return extentOf(args[0], names);
  if ((name === 'filter' || name === 'map') && args.length === 2) return extentOf(args[1]!, names);
  if (name === 'zip') return zipped(args.map((a) => extentOf(a, names)));
  if (name === 'product') return nestedExtent(args.map((a) => extentOf(a, names)));
  if (name === 'Some' || name === 'Option') return { kind: 'at-most-one' };
  return UNKNOWN_EXTENT;
}

/** `len(cols)`, `cols.length`, `cols.size`, `df.count()`: the extent of the collection measured. */
function sizeOf(expr: Expr, names: ExtentNames): LoopExtent {
  const literal = numberLiteral(expr);
  if (literal !== undefined) return { kind: 'fixed', count: literal };
  if (expr.kind === 'call' && expr.callee.kind === 'name' && expr.callee.id === 'len' && expr.args[0]) return extentOf(expr.args[0].value, names);
  if (expr.kind === 'member' && (expr.property === 'length' || expr.property === 'size')) return extentOf(expr.object, names);
  if (expr.kind === 'call' && expr.callee.kind === 'member' && ['length', 'size'].includes(expr.callee.property) && expr.args.length === 0) {
    return extentOf(expr.callee.object, names);
  }
  if (expr.kind === 'call' && expr.callee.kind === 'member' && expr.callee.property === 'count' && expr.args.length === 0) return { kind: 'rows', source: describeExpr(expr) };
  return UNKNOWN_EXTENT;
}

/** `a.b(x).c` read from its last step back to the first one that says how many items there are. */
function chainExtent(expr: Expr, names: ExtentNames): LoopExtent {
  const chain = toChain(expr);
  if (chain.steps.length === 0) return UNKNOWN_EXTENT;
  for (let i = chain.steps.length - 1; i >= 0; i--) {
    const step = chain.steps[i]!;
    const source = () => describeExpr(stepExpression(expr, chain.steps.length - 1 - i));
    const args = step.args ?? [];
    if (TABLE_WIDTH.has(step.name) && args.length === 0) return { kind: 'columns', source: source() };
    if (SCHEMA_FIELDS.has(step.name) && args.length === 0) {
      const receiver = i === 0 ? extentOf(chain.root, names) : extentOf(stepExpression(expr, chain.steps.length - i), names);
      if (receiver.kind === 'columns') return receiver;
      // A StructType held in a name like `schema` or `targetSchema`.
      if (i === 0 && chain.root.kind === 'name' && /schema$/i.test(chain.root.id)) return { kind: 'columns', source: source() };
      return UNKNOWN_EXTENT;
    }
    // Scala's `xs.collect { case … }` is a collection method; Spark's collect() takes nothing.
    if ((COLLECTED.has(step.name) || LEARNT_VALUES.has(step.name)) && args.length === 0) return { kind: 'rows', source: source() };
    if ((step.name === 'take' || step.name === 'head' || step.name === 'limit') && args.length === 1) {
      const count = numberLiteral(args[0]!.value);
      if (count !== undefined) return { kind: 'fixed', count };
      continue;
    }
    if (OPTION_STEPS.has(step.name)) return { kind: 'at-most-one' };
    if (step.name === 'zip' && args.length === 1) {
      const rest = i === 0 ? extentOf(chain.root, names) : extentOf(stepExpression(expr, chain.steps.length - i), names);
      return zipped([rest, extentOf(args[0]!.value, names)]);
    }
    if (step.name === 'filter' || step.name === 'withFilter') {
      const rest = i === 0 ? extentOf(chain.root, names) : extentOf(stepExpression(expr, chain.steps.length - i), names);
      return args.reduce((extent, arg) => comparingTables(selectingFew(extent, arg.value), arg.value), rest);
    }
    if (step.name === 'collect' || SAME_ITEMS.has(step.name)) continue;
    return UNKNOWN_EXTENT;
  }
  if (chain.root.kind === 'name' || chain.root.kind === 'call' || chain.root.kind === 'sequence' || chain.root.kind === 'binary' || chain.root.kind === 'index') {
    return extentOf(chain.root, names);
  }
  return UNKNOWN_EXTENT;
}

/** The sub-expression of a chain with its last `dropped` steps removed. */
function stepExpression(expr: Expr, dropped: number): Expr {
  let current = expr;
  for (let i = 0; i < dropped; i++) {
    if (current.kind === 'call' && current.callee.kind === 'member') current = current.callee.object;
    else if (current.kind === 'member') current = current.object;
  }
  return current;
}

/**
 * Column types a table holds one or two of: ML vectors (VectorAssembler packs every feature into one
 * `features` column; a classifier adds `rawPrediction` and `probability`).
 */
const FEW_PER_TABLE = /VectorUDT$/;

/** Whether a filter or condition mentions a type tables hold few columns of (`isinstance(f.dataType, VectorUDT)`). */
export function mentionsFewPerTableType(expr: Expr): boolean {
  if (expr.kind === 'name' && FEW_PER_TABLE.test(expr.id)) return true;
  if (expr.kind === 'member' && FEW_PER_TABLE.test(expr.property)) return true;
  const inner = expr.kind === 'lambda' && Array.isArray(expr.body)
    ? expr.body.flatMap((s) => (s.kind === 'expr' ? [s.expr] : s.kind === 'return' && s.value ? [s.value] : []))
    : children(expr);
  return inner.some(mentionsFewPerTableType);
}

/** A table's columns filtered on a type it holds few of: a handful, not the table's width. */
export function selectingFew(extent: LoopExtent, filter: Expr): LoopExtent {
  return extent.kind === 'columns' && mentionsFewPerTableType(filter) ? { ...extent, few: 'ML vector columns' } : extent;
}

const NO_NAMES: ExtentNames = { extentOfName: () => undefined };

/** `c in other.columns`, `other.schema.fieldNames.contains(c)`: a test against another table's columns. */
function testsTableMembership(expr: Expr): boolean {
  if (expr.kind === 'binary' && /^(not\s*)?in$/.test(expr.operator) && extentOf(expr.right, NO_NAMES).kind === 'columns') return true;
  if (expr.kind === 'call' && expr.callee.kind === 'member' && expr.callee.property === 'contains' && extentOf(expr.callee.object, NO_NAMES).kind === 'columns') return true;
  return children(expr).some(testsTableMembership);
}

/**
 * A table's columns kept or skipped by whether another table has them (`if (!df.columns.contains(f.name))`):
 * the columns two tables differ by, as many as the code does not show.
 */
export function comparingTables(extent: LoopExtent, condition: Expr): LoopExtent {
  return extent.kind === 'columns' && testsTableMembership(condition) ? UNKNOWN_EXTENT : extent;
}

/** Methods that change a collection in place. */
const MUTATORS = new Set([
  'append', 'extend', 'insert', 'add', 'update', 'setdefault', 'put', 'putAll', 'addAll', 'appendAll', 'prepend', 'prependAll', 'addOne',
  'remove', 'pop', 'clear', 'discard', 'subtractOne',
]);

/**
 * Names whose collection changes after it is made, anywhere in the file (`cols.append(c)`,
 * `fields += f`, `names ++= more`): what they were assigned does not say how long they are.
 */
export function namesChangedInPlace(statements: readonly Stmt[]): Set<string> {
  // A function's or class's body (what the builder asks, after the file): found by the walk of its top-level statement.
  const known = changedByBody.get(statements);
  if (known) return new Set(known);
  return new Set(perStatement(changedByStatement, statements, namesChangedIn));
}

/** Per top-level statement asked (each walked once), and per function or class body inside one (filled by that walk, not walked again). */
const changedByStatement = new WeakMap<Stmt, readonly string[]>();
const changedByBody = new WeakMap<readonly Stmt[], readonly string[]>();

/** The names the statements change in place, nested ones included, in source order; each function or class body met is remembered on the way. */
function namesChangedIn(statement: Stmt): readonly string[] {
  return changedInList([statement]);
}

function changedInList(statements: readonly Stmt[]): string[] {
  const changed: string[] = [];
  walkStatements(statements, {
    statement(inner) {
      if (inner.kind === 'function' || inner.kind === 'class') {
        // Its body on its own (walked here, once): the enclosing statement changes what its body changes.
        const body = changedInList(inner.body);
        changedByBody.set(inner.body, body);
        for (const name of body) changed.push(name);
        return false;
      }
      if (inner.kind === 'assign' && inner.operator !== '=') changed.push(...inner.targets);
    },
    expression(expr) {
      if (expr.kind === 'call' && expr.callee.kind === 'member' && expr.callee.object.kind === 'name' && MUTATORS.has(expr.callee.property)) changed.push(expr.callee.object.id);
    },
  });
  return changed;
}

/** Several loops nested: the outer ones multiply the inner ones. */
export function nestedExtent(extents: readonly LoopExtent[]): LoopExtent {
  const wide: LoopExtent[] = extents.filter((e) => e.kind === 'rows' || e.kind === 'columns');
  if (wide.length > 0) return wide.reduce<LoopExtent>(widest, wide[0]!);
  if (extents.some((e) => e.kind === 'unknown')) return UNKNOWN_EXTENT;
  if (extents.every((e) => e.kind === 'at-most-one')) return { kind: 'at-most-one' };
  return { kind: 'fixed', count: extents.reduce((product, e) => product * (e.kind === 'fixed' ? e.count : 1), 1) };
}

const RANK = { 'at-most-one': 0, fixed: 1, unknown: 2, columns: 3, rows: 4 } as const;

/** Either of two collections (`cols or df.columns`): the one that can be longer. */
export function widest(a: LoopExtent, b: LoopExtent): LoopExtent {
  if (a.kind === 'fixed' && b.kind === 'fixed') return a.count >= b.count ? a : b;
  return RANK[a.kind] >= RANK[b.kind] ? a : b;
}

function concatenated(a: LoopExtent, b: LoopExtent): LoopExtent {
  const count = (e: LoopExtent) => (e.kind === 'fixed' ? e.count : e.kind === 'at-most-one' ? 1 : undefined);
  const [ca, cb] = [count(a), count(b)];
  if (ca !== undefined && cb !== undefined) return { kind: 'fixed', count: ca + cb };
  return widest(a, b);
}

/** `zip(a, b)` stops at the shorter collection. */
function zipped(extents: readonly LoopExtent[]): LoopExtent {
  const fixed = extents.filter((e): e is Extract<LoopExtent, { kind: 'fixed' }> => e.kind === 'fixed');
  if (fixed.length > 0) return { kind: 'fixed', count: Math.min(...fixed.map((e) => e.count)) };
  if (extents.some((e) => e.kind === 'at-most-one')) return { kind: 'at-most-one' };
  if (extents.length > 0 && extents.every((e) => e.kind === 'rows' || e.kind === 'columns')) return extents[0]!;
  return UNKNOWN_EXTENT;
}

function numberLiteral(expr: Expr | undefined): number | undefined {
  if (expr?.kind === 'literal' && typeof expr.value === 'number') return expr.value;
  if (expr?.kind === 'unary' && expr.operator === '-' && expr.operand.kind === 'literal' && typeof expr.operand.value === 'number') return -expr.operand.value;
  return undefined;
}

/** `df.schema.fields`, `df.select(…).collect()`: a short rendering of a collection for messages. */
export function describeExpr(expr: Expr): string {
  switch (expr.kind) {
    case 'name':
      return expr.id;
    case 'member':
      return `${describeExpr(expr.object)}.${expr.property}`;
    case 'call':
      return `${describeExpr(expr.callee)}(${expr.args.length > 0 ? '…' : ''})`;
    case 'index':
      return `${describeExpr(expr.object)}[…]`;
    case 'literal':
      return typeof expr.value === 'string' ? JSON.stringify(expr.value) : String(expr.value);
    default:
      return '…';
  }
}
