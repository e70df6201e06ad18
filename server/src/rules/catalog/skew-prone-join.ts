import { argument, stringLiterals } from '../../model/chains';
import { lineageSteps } from '../../model/flow';
import { LITERAL_FUNCTIONS } from '../../model/sparkApi';
import type { ChainStep, Expr, FrameValue, FunctionImports, JoinSite, SparkModel } from '../../model/types';
import type { FileHistory } from '../../history/evidence';
import { executionsOf, nodesThatRan, planJoinFor } from '../executionLinks';
import type { StageVerdict } from '../../verdicts';
import { stepRange } from '../spans';
import { BOTH_LANGUAGES, type Rule } from '../types';
import { evidenceAt } from '../history';
import { sideName } from './cross-join';
import { knownSmall } from '../smallData';

interface Fill {
  step: ChainStep;
  /** The constant as written (`"UNKNOWN"`, `-1`). */
  constant: string;
}

const SKEW_ADVICE = 'Filter or salt the hot key, or enable spark.sql.adaptive.skewJoin.enabled.';

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

/** Every name an expression could refer to a column by (strings, `col("k")`, `$"k"`, `df.k`, `df["k"]`). */
function mentionedNames(expr: Expr, into: Set<string>): void {
  switch (expr.kind) {
    case 'literal':
      if (typeof expr.value !== 'string') return;
      for (const word of expr.value.split(/[^A-Za-z0-9_*]+/)) if (word) into.add(word.toLowerCase());
      return;
    case 'column':
      into.add(expr.name.split('.').at(-1)!.toLowerCase());
      return;
    case 'name':
      return;
    case 'member':
      into.add(expr.property.toLowerCase());
      return mentionedNames(expr.object, into);
    case 'call':
      mentionedNames(expr.callee, into);
      for (const arg of expr.args) mentionedNames(arg.value, into);
      return;
    case 'index':
      mentionedNames(expr.object, into);
      return mentionedNames(expr.index, into);
    case 'sequence':
      for (const item of expr.items) mentionedNames(item, into);
      return;
    case 'mapping':
      for (const entry of expr.entries) {
        mentionedNames(entry.key, into);
        mentionedNames(entry.value, into);
      }
      return;
    case 'binary':
      mentionedNames(expr.left, into);
      return mentionedNames(expr.right, into);
    case 'unary':
      return mentionedNames(expr.operand, into);
    case 'unknown':
      for (const child of expr.children) mentionedNames(child, into);
      return;
    default:
      return;
  }
}

function mentions(step: ChainStep): Set<string> {
  const names = new Set<string>();
  for (const arg of step.args ?? []) mentionedNames(arg.value, names);
  return names;
}

function literalName(expr: Expr | undefined): string | undefined {
  return expr?.kind === 'literal' && typeof expr.value === 'string' ? expr.value.toLowerCase() : undefined;
}

/** Records `fillna`/`na.fill` of named columns: a dict of constants, or a constant with a subset. */
function recordNaFill(step: ChainStep, imports: FunctionImports, fills: Map<string, Fill>): void {
  const value = argument(step, 0, 'value');
  if (value?.kind === 'mapping') {
    for (const entry of value.entries) {
      const column = literalName(entry.key);
      const constant = constantOf(entry.value, imports, true);
      if (column && constant) fills.set(column, { step, constant });
    }
    return;
  }
  // Without a subset, fillna fills every column of the value's type: too uncertain to blame the key.
  const constant = constantOf(value, imports, true);
  const subset = argument(step, 1, 'subset') ?? argument(step, 1, 'cols');
  if (!constant || !subset) return;
  for (const column of stringLiterals(subset)) fills.set(column.toLowerCase(), { step, constant });
}

/** Assigns `expr` to `column`: a constant fill records it, anything else replaces the column. */
function assign(column: string | undefined, expr: Expr | undefined, step: ChainStep, imports: FunctionImports, fills: Map<string, Fill>): void {
  if (!column) return;
  const constant = constantFill(expr, imports);
  if (constant) fills.set(column, { step, constant });
  else fills.delete(column);
}

/** A select keeps the filled columns it names (or `*`) and may define the key itself: `coalesce(...).alias("k")`. */
function selectColumns(step: ChainStep, imports: FunctionImports, fills: Map<string, Fill>): void {
  const named = mentions(step);
  for (const column of [...fills.keys()]) if (!named.has(column) && !named.has('*')) fills.delete(column);
  for (const arg of step.args ?? []) {
    const value = arg.value;
    if (value.kind !== 'call' || value.callee.kind !== 'member' || !['alias', 'as', 'name'].includes(value.callee.property)) continue;
    assign(literalName(value.args[0]?.value), value, step, imports, fills);
  }
}

/** The columns of a value whose nulls (or some values) were replaced by one constant, and still are at the end of its lineage. */
function constantFills(value: FrameValue | undefined, imports: FunctionImports): Map<string, Fill> {
  const fills = new Map<string, Fill>();
  let previous: ChainStep | undefined;
  for (const step of lineageSteps(value)) {
    const name = step.name;
    if (name === 'fillna' || (name === 'fill' && previous?.name === 'na')) {
      recordNaFill(step, imports, fills);
    } else if (name === 'withColumn') {
      assign(literalName(argument(step, 0, 'colName')), argument(step, 1, 'col'), step, imports, fills);
    } else if (name === 'withColumns' && step.args?.[0]?.value.kind === 'mapping') {
      for (const entry of step.args[0].value.entries) assign(literalName(entry.key), entry.value, step, imports, fills);
    } else if (name === 'withColumnRenamed') {
      const from = literalName(argument(step, 0, 'existing'));
      const to = literalName(argument(step, 1, 'new'));
      const fill = from ? fills.get(from) : undefined;
      if (from) fills.delete(from);
      if (fill && to) fills.set(to, fill);
    } else if (name === 'select' || name === 'selectExpr') {
      selectColumns(step, imports, fills);
    } else if (['filter', 'where', 'drop', 'dropDuplicates', 'drop_duplicates'].includes(name)) {
      // A filter on the key may remove the hot value; dropDuplicates(["k"]) makes it unique.
      const named = mentions(step);
      for (const column of [...fills.keys()]) if (named.has(column)) fills.delete(column);
    } else if (['groupBy', 'groupby', 'rollup', 'cube', 'agg', 'groupByKey'].includes(name)) {
      // After an aggregation each key appears once.
      fills.clear();
    }
    previous = step;
  }
  return fills;
}

function lineOf(step: ChainStep): number {
  return step.nameSpan.start.line + 1;
}

export const skewProneJoin: Rule = {
  id: 'skew-prone-join',
  defaultSeverity: 'warning',
  summary: 'A join on a key filled with a constant default or listed as skewed.',
  languages: BOTH_LANGUAGES,
  check({ model, settings, history, report }) {
    const skewed = new Set(settings.skewedKeys.map((k) => k.toLowerCase()));
    for (const join of model.joins) {
      if ((join.method !== 'join' && join.method !== 'joinWith') || join.left.kind !== 'dataframe' || join.keys.length === 0) continue;
      // A broadcast (or small enough to be broadcast) side means no shuffle, so no straggler task.
      if (join.leftBroadcast || join.rightBroadcast || knownSmall(join.left, settings) || knownSmall(join.right, settings)) continue;
      const found = findFill(join, model.imports);
      const skewedStages = measuredSkew(model, history, join);
      const common = { span: stepRange(join.step), evidence: [...skewedStages.map((s) => s.evidence), ...evidenceAt(history, join.step.span)] };
      if (found) {
        const { key, fill, side } = found;
        const who = sideName(join, side);
        report({
          ...common,
          message: `${who ? `\`${who}\`` : `The ${side} side`} is joined on \`${key}\`, which was filled with the constant ${fill.constant} (line ${lineOf(fill.step)}): every row that had no key now shares one key and lands in one task. ${SKEW_ADVICE}`,
          related: [{ span: stepRange(fill.step), message: `\`${key}\` is filled with ${fill.constant} here` }],
        });
        continue;
      }
      const hot = join.keys.find((key) => skewed.has(key.toLowerCase()));
      if (hot) {
        const who = sideName(join, 'left');
        report({
          ...common,
          message: `${who ? `\`${who}\`` : 'This DataFrame'} is joined on \`${hot}\`, which sparkAdvisor.skewedKeys lists as having hot values: all rows of a hot key land in one task, which runs long after the others. ${SKEW_ADVICE}`,
        });
        continue;
      }
      if (skewedStages.length > 0) {
        report({ ...common, message: `The stage that ran this join was skewed: ${skewedStages[0]!.message}. One key (or a few) carries most rows, so one task does most of the work. ${SKEW_ADVICE}` });
      }
    }
  },
};

/** Skewed shuffle stages of the latest run's executions that ran only this one join (so the skew is this join's). */
function measuredSkew(model: SparkModel, history: FileHistory, join: JoinSite): StageVerdict[] {
  const verdicts: StageVerdict[] = [];
  for (const execution of executionsOf(model, history, join.step)) {
    if (!planJoinFor(model, execution, join) || nodesThatRan(execution).filter((node) => node.kind === 'join').length !== 1) continue;
    for (const stage of execution.stages) {
      if (stage.tasks.shuffleReadBytes === 0) continue;
      const verdict = stage.verdicts['task-skew'];
      if (verdict) verdicts.push(verdict);
    }
  }
  return verdicts.sort((a, b) => b.severity - a.severity);
}

/**
 * A join key filled with a constant on one side. With a composite key, every key column must be
 * filled: rows that share the constant in one column still spread over the values of an unfilled one.
 */
function findFill(join: JoinSite, imports: FunctionImports): { key: string; fill: Fill; side: 'left' | 'right' } | undefined {
  for (const side of ['left', 'right'] as const) {
    const fills = constantFills(side === 'left' ? join.left : join.right, imports);
    if (!join.keys.every((key) => fills.has(key.toLowerCase()))) continue;
    const key = join.keys[0]!;
    return { key, fill: fills.get(key.toLowerCase())!, side };
  }
  return undefined;
}
