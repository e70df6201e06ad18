import type { FrameValue, SizeHint } from '../../model/types';
import { insertText } from '../fixSyntax';
import { matchesAnyGlob } from '../globs';
import { describeSizeHint, stepRange } from '../spans';
import { BOTH_LANGUAGES, type Rule, type RuleSettings } from '../types';

/** A size hint that counts: literal sizes always, table names only when settings list them. */
function smallHint(value: FrameValue | undefined, settings: RuleSettings): SizeHint | undefined {
  const hint = value?.sizeHint;
  if (!hint) return undefined;
  if (hint.kind !== 'table') return hint;
  return matchesAnyGlob(hint.table, settings.smallTables) ? hint : undefined;
}

export const missingBroadcast: Rule = {
  id: 'missing-broadcast',
  defaultSeverity: 'warning',
  summary: 'A join where one side is known to be small is not broadcast.',
  languages: BOTH_LANGUAGES,
  check({ model, file, settings, syntax, evidence, report }) {
    for (const join of model.joins) {
      if (join.method !== 'join' || join.right?.kind !== 'dataframe' || join.left.kind !== 'dataframe') continue;
      if (join.rightBroadcast || join.leftBroadcast || !join.rightArgument) continue;
      // Broadcasting the side an outer join must preserve is not possible; Spark would ignore it.
      const how = join.how?.toLowerCase() ?? 'inner';
      const rightSmall = smallHint(join.right, settings);
      const leftSmall = smallHint(join.left, settings);
      if (!rightSmall || leftSmall) continue;
      if (['right', 'rightouter', 'right_outer', 'full', 'outer', 'fullouter', 'full_outer'].includes(how)) continue;
      const argument = join.rightArgument.value.span;
      const { callee, importEdit } = syntax.sparkFunction('broadcast', model.imports);
      const edits = [insertText(argument.start, `${callee}(`), insertText(argument.end, ')')];
      if (importEdit) edits.unshift(importEdit);
      report({
        span: stepRange(join.step),
        message: `Join with a small DataFrame (${describeSizeHint(rightSmall)}) without broadcast: Spark may shuffle and sort both sides (sort-merge join). Wrap the small side in broadcast(...).`,
        fixes: [{ title: `Wrap the small side in ${callee}(...)`, edits, isPreferred: true }],
        related: [{ span: rightSmall.span, message: 'known small here' }],
        evidence: evidence.evidenceFor({ file, span: join.step.span, operation: 'join' }),
      });
    }
  },
};
