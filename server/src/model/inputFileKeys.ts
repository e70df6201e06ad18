/**
 * Joins whose key holds the input file's name (a column set to `input_file_name()` or
 * `_metadata.file_path`): every row of one file has the same key, so a shuffled join sends each
 * file's rows to one task, and a run over one large file runs in a single task.
 */
import type { Expr } from '../syntax/ast';
import { lastSegment } from './joins';
import { columnReferenceKey, inputFileColumns, isInputFileValue } from './partitionIds';
import type { FunctionImports, JoinSite, SparkModel } from './types';

export interface InputFileKey {
  /** The key as the condition names it. */
  key: string;
}

/** The join's key, when every column it is on holds the input file's name on both sides. */
export function inputFileJoinKey(join: JoinSite, model: SparkModel): InputFileKey | undefined {
  if (!join.condition) return undefined;
  const references: Expr[] = [];
  if (!keyReferences(join.condition, references) || references.length === 0) return undefined;
  const files = inputFileColumns(model);
  if (files.size === 0 && !references.some((expr) => isInputFileValue(expr, model.imports))) return undefined;
  let shown: string | undefined;
  for (const expr of references) {
    if (isInputFileValue(expr, model.imports)) continue;
    const key = referenceKey(expr, model.imports);
    if (key === undefined || !files.has(key)) return undefined;
    shown ??= key.slice(key.indexOf(':') + 1);
  }
  return { key: shown ?? 'input_file_name()' };
}

/** The column references of an equi-join condition: `"k"`, `["k"]`, `a.k == b.k`, `===`, `&&`. False for any other shape. */
function keyReferences(condition: Expr, into: Expr[]): boolean {
  switch (condition.kind) {
    case 'sequence':
      return condition.items.every((item) => keyReferences(item, into));
    case 'binary':
      if (['==', '===', '<=>'].includes(condition.operator)) {
        into.push(condition.left, condition.right);
        return true;
      }
      return ['&', '&&', 'and'].includes(condition.operator) && keyReferences(condition.left, into) && keyReferences(condition.right, into);
    case 'call':
      // Scala `Seq("k")`, `List("k")`: the join's using-columns.
      if (condition.callee.kind === 'name' && ['Seq', 'List', 'Array'].includes(condition.callee.id)) return condition.args.every((arg) => keyReferences(arg.value, into));
      into.push(condition);
      return true;
    default:
      into.push(condition);
      return true;
  }
}

/**
 * How a key reference matches the columns partitionIds found: `"k"`, `col("k")`, `df.k`, `df["k"]`,
 * `$"k"`, a constant holding the name, and a column named by an interpolated constant with a side's
 * alias before it (`col(s"d.${this.fileColumn}")`).
 */
function referenceKey(expr: Expr, imports: FunctionImports): string | undefined {
  if (expr.kind === 'call' && expr.args.length === 1) {
    const inner = expr.args[0]!.value;
    const interpolated = interpolatedName(inner, imports);
    if (interpolated) return interpolated;
    // `df("k")`, `col("a.k")`: the column, without the side's alias.
    if (inner.kind === 'literal' && typeof inner.value === 'string') return interpolatedConstant(inner.value) ?? `column:${lastSegment(inner.value)}`;
  }
  if (expr.kind === 'literal' && typeof expr.value === 'string') return `column:${lastSegment(expr.value)}`;
  if (expr.kind === 'column') return `column:${lastSegment(expr.name)}`;
  if (expr.kind === 'index' && expr.index.kind === 'literal' && typeof expr.index.value === 'string') return `column:${expr.index.value}`;
  if (expr.kind === 'member' && expr.object.kind === 'name' && expr.object.id !== 'this' && expr.object.id !== 'self' && /^[a-z_]/.test(expr.object.id) && !/^[A-Z_0-9]+$/.test(expr.property)) {
    // `orders.src`: a DataFrame's column (a constant is `Names.SRC` or `self.SRC`).
    return `column:${expr.property}`;
  }
  return columnReferenceKey(expr, imports);
}

/** `s"d.${name}"` / `s"$name"`: the constant the text interpolates, when it is all of the column's name. */
function interpolatedName(expr: Expr, imports: FunctionImports): string | undefined {
  if (expr.kind !== 'unknown' || expr.children.length !== 2) return undefined;
  const [raw, part] = expr.children;
  if (raw?.kind !== 'literal' || typeof raw.value !== 'string' || !/^(\w+\.)?\$(\{[^}]*\}|\w+)$/.test(raw.value)) return undefined;
  const value = part?.kind === 'block' && part.body.length === 1 && part.body[0]!.kind === 'expr' ? part.body[0]!.expr : part;
  return value && value.kind !== 'block' ? columnReferenceKey(value as Expr, imports) : undefined;
}

/** Scala `s"l.$sourceFile"` kept as its raw text: the constant it names. */
function interpolatedConstant(raw: string): string | undefined {
  const name = /^(?:\w+\.)?\$(?:\{([\w.]+)\}|(\w+))$/.exec(raw);
  return name ? `constant:${name[1] ?? name[2]}` : undefined;
}

