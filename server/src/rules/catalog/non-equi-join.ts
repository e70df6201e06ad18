import { lineageSteps } from '../../model/flow';
import { joinConditionShape, type NonEquiReason } from '../../model/joinConditions';
import type { JoinSite } from '../../model/types';
import { evidenceAt } from '../history';
import { stepRange } from '../spans';
import { BOTH_LANGUAGES, type Rule } from '../types';
import { knownSmall } from './cross-join';

/** The reason that decides the advice first: the rewrite that removes the nested loop. */
const PRIORITY: readonly NonEquiReason[] = ['array-contains', 'or', 'range', 'string-match', 'not-equal', 'negation', 'one-side-filter'];

const WHAT: Record<NonEquiReason, string> = {
  'array-contains': '`array_contains`',
  or: 'an OR of conditions',
  range: 'a range comparison',
  'string-match': 'string matching',
  'not-equal': '`!=`',
  negation: 'a negation',
  'one-side-filter': 'conditions on one side only',
};

const ADVICE: Record<NonEquiReason, string> = {
  'array-contains': 'Explode the array (`explode`) and join on equality with the exploded element.',
  or: 'Run one equi-join per alternative and union the results (dropping duplicates if a row can match more than one), or join on the key the alternatives share; to match nulls as well (`a == b` or both null), use the null-safe equality `eqNullSafe` / `<=>`, which is a join key.',
  range: 'Add an equality to bucket the range: a bucket column on both sides (e.g. `floor(ts / 3600)`, with the buckets a range covers exploded on the range side) joined by equality, keeping the range test as an extra condition; on Databricks, the `range_join` hint does this.',
  'string-match': 'Extract the part you match on (`regexp_extract`, `split`, `substring`) into a column and join on equality with it.',
  'not-equal': 'If the join needs an equality the rows share (same group, same day), add it; if it really pairs every row with every other, it is a cross join by nature: keep it small.',
  negation: 'Add the equality the rows must share, so Spark can hash or sort-merge on it.',
  'one-side-filter': 'Filter each side before the join and add the equality that relates the two sides.',
};

/** A side hinted (`broadcast`, Databricks `range_join`, `shuffle_replicate_nl`): the author chose how it runs. */
function hinted(join: JoinSite): boolean {
  return [join.left, join.right].some((side) => lineageSteps(side).some((step) => step.name === 'hint'));
}

export const nonEquiJoin: Rule = {
  id: 'non-equi-join',
  defaultSeverity: 'warning',
  summary: 'A join whose condition has no equality between the two sides runs as a nested-loop join or a cartesian product.',
  languages: BOTH_LANGUAGES,
  check({ model, settings, history, report }) {
    for (const join of model.joins) {
      if ((join.method !== 'join' && join.method !== 'joinWith') || join.left.kind !== 'dataframe' || join.right?.kind !== 'dataframe') continue;
      if (join.leftBroadcast || join.rightBroadcast || hinted(join)) continue;
      if (knownSmall(join.right, settings) || knownSmall(join.left, settings)) continue;
      const shape = joinConditionShape(join.condition, model.imports);
      if (shape?.kind !== 'non-equi') continue;
      const reasons = PRIORITY.filter((reason) => shape.reasons.includes(reason));
      const main = reasons[0]!;
      report({
        span: stepRange(join.step),
        message: `This join's condition (${reasons.map((r) => WHAT[r]).join(', ')}) has no equality between a column of each side, so Spark can neither hash nor sort-merge it: it runs as a broadcast nested-loop join, or as a cartesian product when neither side is small enough to broadcast, testing every row of one side against every row of the other. ${ADVICE[main]}`,
        evidence: evidenceAt(history, join.step.span),
      });
    }
  },
};
