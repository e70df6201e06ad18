import type { JoinSite } from '../../model/types';
import { knownSmall } from '../smallData';
import { stepRange } from '../spans';
import { BOTH_LANGUAGES, type Rule } from '../types';
import { evidenceAt } from '../history';


/** `orders`, or a neutral description when the side is not a plain name. */
export function sideName(join: JoinSite, side: 'left' | 'right'): string | undefined {
  if (side === 'right') {
    const argument = join.rightArgument?.value;
    if (argument?.kind === 'name') return argument.id;
    return join.right?.steps.length === 0 ? join.right.sourceBinding?.name : undefined;
  }
  return join.left.sourceBinding?.name;
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

export const crossJoin: Rule = {
  id: 'cross-join',
  defaultSeverity: 'warning',
  summary: 'A cross join (or a join without a condition) multiplies the inputs.',
  languages: BOTH_LANGUAGES,
  check({ model, settings, history, report }) {
    for (const join of model.joins) {
      if (!isCrossJoin(join) || !join.rightArgument) continue;
      // A nested-loop join against a tiny or broadcast table is a normal way to expand rows.
      if (join.leftBroadcast || join.rightBroadcast) continue;
      if (knownSmall(join.right, settings) || knownSmall(join.left, settings)) continue;
      const what = join.method === 'join'
        ? `\`${join.method}\` without a join condition pairs every row of ${describe(join)}`
        : `\`${join.method}\` pairs every row of ${describe(join)}`;
      report({
        span: stepRange(join.step),
        message: `${what}: the output has N × M rows and runs as a cartesian product or a nested-loop join. Add the intended join condition, or broadcast a side that is known to be small.`,
        evidence: evidenceAt(history, join.step.span),
      });
    }
  },
};
