import { stepLinks } from '../../model/steps';
import type { ChainStep, Expr } from '../../model/types';
import { stepRange } from '../spans';
import { BOTH_LANGUAGES, type Rule } from '../types';
import { evidenceAt } from '../history';

/** Functions and collection methods that reduce a group of values to one value a map-side combine can compute (not a median). */
const REDUCING = new Set(['sum', 'len', 'max', 'min', 'mean', 'fmean', 'fsum', 'size', 'length', 'product', 'count', 'reduce', 'reduceLeft', 'fold', 'foldLeft', 'average']);
/** Conversions that keep the values: `list(vs)`, `vs.toList`. */
const CONVERSIONS = new Set(['list', 'tuple', 'toList', 'toSeq', 'toArray', 'toVector', 'toIterable', 'iterator', 'toIterator']);
const ARITHMETIC = new Set(['+', '-', '*', '/', '//', '%']);

type IsValues = (expr: Expr) => boolean;

function calleeName(expr: Expr): string | undefined {
  if (expr.kind === 'name') return expr.id;
  if (expr.kind === 'member') return expr.property;
  return undefined;
}

/** `vs`, `list(vs)`, `vs.toList`. */
function isValueCollection(expr: Expr, isValues: IsValues): boolean {
  if (isValues(expr)) return true;
  if (expr.kind === 'call' && expr.args.length === 1 && CONVERSIONS.has(calleeName(expr.callee) ?? '')) return isValueCollection(expr.args[0]!.value, isValues);
  if (expr.kind === 'member' && CONVERSIONS.has(expr.property)) return isValueCollection(expr.object, isValues);
  return false;
}

/** The reducing function when `expr` reduces the grouped values to one value: `sum(vs)`, `vs.sum`, `sum(vs) / len(vs)`, `vs.foldLeft(0)(_ + _)`. */
function reduction(expr: Expr, isValues: IsValues): string | undefined {
  switch (expr.kind) {
    case 'member':
      return REDUCING.has(expr.property) && isValueCollection(expr.object, isValues) ? expr.property : undefined;
    case 'call': {
      const name = calleeName(expr.callee);
      if (name && REDUCING.has(name)) {
        // `sum(vs)`, `reduce(add, vs)` / a method on the values: `vs.reduce(_ + _)`.
        if (expr.callee.kind === 'member' && isValueCollection(expr.callee.object, isValues)) return name;
        if (expr.args.some((arg) => isValueCollection(arg.value, isValues))) return name;
      }
      // Curried `vs.foldLeft(0)(_ + _)`.
      return expr.callee.kind === 'call' ? reduction(expr.callee, isValues) : undefined;
    }
    case 'binary': {
      if (!ARITHMETIC.has(expr.operator)) return undefined;
      const sides = [expr.left, expr.right].map((side) => (side.kind === 'literal' && typeof side.value === 'number' ? 'constant' : reduction(side, isValues)));
      if (sides.some((s) => s === undefined) || sides.every((s) => s === 'constant')) return undefined;
      return sides.find((s) => s !== 'constant');
    }
    default:
      return undefined;
  }
}

const isName = (name: string): IsValues => (expr) => expr.kind === 'name' && expr.id === name;

/** The reducing function of `mapValues(sum)` / `mapValues(lambda vs: sum(vs))` / `mapValues(_.sum)`. */
function mapValuesReduction(fn: Expr): string | undefined {
  if (fn.kind === 'name' || fn.kind === 'member') {
    const name = calleeName(fn);
    return name && REDUCING.has(name) ? name : undefined;
  }
  if (fn.kind !== 'lambda' || fn.params.length !== 1 || Array.isArray(fn.body)) return undefined;
  return reduction(fn.body, isName(fn.params[0]!.name));
}

/** `map(lambda kv: (kv[0], sum(kv[1])))`, `map { case (k, vs) => (k, vs.sum) }`, `map(x => (x._1, x._2.size))`. */
function mapReduction(fn: Expr): string | undefined {
  if (fn.kind !== 'lambda' || Array.isArray(fn.body) || fn.body.kind !== 'sequence' || fn.body.items.length !== 2) return undefined;
  const [key, value] = fn.body.items as [Expr, Expr];
  if (fn.params.length === 2) {
    return isName(fn.params[0]!.name)(key) ? reduction(value, isName(fn.params[1]!.name)) : undefined;
  }
  if (fn.params.length !== 1) return undefined;
  const pair = fn.params[0]!.name;
  const element = (index: number): IsValues => (expr) =>
    (expr.kind === 'index' && isName(pair)(expr.object) && expr.index.kind === 'literal' && expr.index.value === index) ||
    (expr.kind === 'member' && isName(pair)(expr.object) && expr.property === `_${index + 1}`);
  return element(0)(key) ? reduction(value, element(1)) : undefined;
}

function reductionOf(step: ChainStep): string | undefined {
  const fn = step.args?.length === 1 && !step.args[0]!.name ? step.args[0]!.value : undefined;
  if (!fn) return undefined;
  if (step.name === 'mapValues') return mapValuesReduction(fn);
  if (step.name === 'map') return mapReduction(fn);
  return undefined;
}

export const groupByKey: Rule = {
  id: 'group-by-key',
  defaultSeverity: 'warning',
  summary: 'RDD groupByKey followed by an aggregation shuffles every value.',
  languages: BOTH_LANGUAGES,
  check({ model, history, report }) {
    const links = stepLinks(model);
    const reported = new Set<ChainStep>();
    for (const { step, kind } of model.frameSteps) {
      if (kind !== 'rdd' || (step.name !== 'mapValues' && step.name !== 'map')) continue;
      const grouping = links.previous(step);
      // Dataset.groupByKey(f) is a typed grouping with its own API; only the RDD one is meant here.
      if (!grouping || grouping.name !== 'groupByKey' || links.receiverKind(grouping) !== 'rdd' || reported.has(grouping)) continue;
      // Groups kept in a variable and used for more than this reduction are needed as groups.
      const holder = links.startBinding(step);
      if (holder && holder.uses.length > 1) continue;
      const reducer = reductionOf(step);
      if (!reducer) continue;
      reported.add(grouping);
      report({
        span: stepRange(grouping),
        message: `\`groupByKey()\` ships every value through the shuffle and builds the full list of values per key, only for \`${step.name}\` to reduce each group with \`${reducer}\`. Use reduceByKey (e.g. reduceByKey(add) or reduceByKey(_ + _)) or aggregateByKey, which combine values on the map side before the shuffle.`,
        related: [{ span: stepRange(step), message: `each group is reduced with \`${reducer}\` here` }],
        evidence: evidenceAt(history, grouping.span),
      });
    }
  },
};
