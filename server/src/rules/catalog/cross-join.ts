import type { JoinSite } from '../../model/types';
import { stepRange } from '../spans';
import { BOTH_LANGUAGES, type Rule } from '../types';
import { evidenceAt } from '../history';
import { rowBounds, type RowBound } from '../rowBounds';

/** Kept here for the rules that imported it from cross-join. */
export { knownSmall } from '../rowBounds';

/** `orders`, or a neutral description when the side is not a plain name. */
export function sideName(join: JoinSite, side: 'left' | 'right'): string | undefined {
  if (side === 'right') {
    const argument = join.rightArgument?.value;
    if (argument?.kind === 'name') return argument.id;
    return join.right?.steps.length === 0 ? join.right.sourceBinding?.name : undefined;
  }
  // A chain that starts at the session (`spark.read…`) is not named after it.
  const binding = join.left.sourceBinding;
  return binding && (binding.value.kind === 'dataframe' || binding.value.kind === 'rdd') ? binding.name : undefined;
}

function describe(join: JoinSite): string {
  const left = sideName(join, 'left');
  const right = sideName(join, 'right');
  if (left && right) return `\`${left}\` and \`${right}\``;
  if (left || right) return `\`${left ?? right}\` and the other side`;
  return 'both sides';
}

function isCrossJoin(join: JoinSite): boolean {
  if (join.method === 'crossJoin' || join.method === 'cartesian') return true;
  // RDD `a.join(b)` joins on the pair key; only DataFrame joins can lack a condition.
  return join.method === 'join' && join.left.kind === 'dataframe' && !join.hasCondition;
}

/** "The size of `stores` is not known from this code," / "Neither side's size is known …". */
function unsizedSide(join: JoinSite, left: RowBound, right: RowBound): string {
  if (right.size === 'unbounded' || left.size === 'unbounded') {
    const side = right.size === 'unbounded' ? 'left' : 'right';
    const name = sideName(join, side);
    return `The size of ${name ? `\`${name}\`` : `the ${side} side`} is not known from this code,`;
  }
  return 'Neither side\'s size is known from this code,';
}

export const crossJoin: Rule = {
  id: 'cross-join',
  defaultSeverity: 'warning',
  summary: 'A cross join (or a join without a condition) multiplies the inputs.',
  languages: BOTH_LANGUAGES,
  check({ model, settings, history, report }) {
    const boundOf = rowBounds(model, settings);
    for (const join of model.joins) {
      if (!isCrossJoin(join) || !join.rightArgument) continue;
      // A nested-loop join against a tiny or broadcast table is a normal way to expand rows.
      if (join.leftBroadcast || join.rightBroadcast) continue;
      const sides = [boundOf(join.right), boundOf(join.left)];
      if (sides.some((b) => b.size === 'small' && !b.guess)) continue;
      const guessed = sides.find((b) => b.size === 'small');
      const what = join.method === 'join'
        ? `\`${join.method}\` without a join condition pairs every row of ${describe(join)}`
        : `\`${join.method}\` pairs every row of ${describe(join)}`;
      if (guessed?.size === 'small') {
        report({
          span: stepRange(join.step),
          atMost: 'hint',
          message: `${what}; one side is taken to be small because ${guessed.reason}, so the product is a bounded expansion. If that side can be large, add the intended join condition.`,
          evidence: evidenceAt(history, join.step.span),
        });
        continue;
      }
      // N × M hurts when both sides are large; a side the code does not size (a parameter, a
      // function's result) may well be a handful of rows, as in most deliberate expansions.
      const [right, left] = sides as [RowBound, RowBound];
      if (left.size !== 'unbounded' || right.size !== 'unbounded') {
        report({
          span: stepRange(join.step),
          atMost: 'hint',
          message: `${what}: the output has N × M rows. ${unsizedSide(join, left, right)} so whether that is a bounded expansion or a product of two large inputs depends on sizes the code does not show. If both can be large, add the intended join condition, or broadcast a side that is known to be small.`,
          evidence: evidenceAt(history, join.step.span),
        });
        continue;
      }
      report({
        span: stepRange(join.step),
        message: `${what}: both sides grow with the data (left: ${left.reason}; right: ${right.reason}), so the output has N × M rows and runs as a cartesian product or a nested-loop join. Add the intended join condition, or broadcast a side that is known to be small.`,
        evidence: evidenceAt(history, join.step.span),
      });
    }
  },
};
