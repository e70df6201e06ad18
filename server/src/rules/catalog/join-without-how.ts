import { readJoinArguments } from '../../model/joins';
import type { JoinSite } from '../../model/types';
import { insertText } from '../fixSyntax';
import { stepRange } from '../spans';
import { BOTH_LANGUAGES, type Rule, type RuleContext, type TextEdit } from '../types';

/** Adds the join type after the last argument (so a trailing comma stays valid). */
function addInnerEdits(join: JoinSite, syntax: RuleContext['syntax']): TextEdit[] | undefined {
  const args = join.step.args ?? [];
  const last = args.at(-1);
  const condition = readJoinArguments(join.step).condition;
  if (!last || !condition) return undefined;
  const inner = syntax.stringLiteral('inner');
  // A Scala call that names its arguments must name the new one too.
  const named = syntax.language === 'scala' && args.some((a) => a.name !== undefined);
  const addition = `, ${named ? `joinType = ${inner}` : syntax.namedArgument('how', inner)}`;
  // Scala's join(right, "col", joinType) needs Spark 3.4; join(right, Seq("col"), joinType) works everywhere.
  const singleColumn = syntax.language === 'scala' && condition.kind === 'literal' && typeof condition.value === 'string';
  if (!singleColumn) return [insertText(last.span.end, addition)];
  if (named || last.value !== condition) return undefined;
  return [insertText(condition.span.start, 'Seq('), insertText(condition.span.end, `)${addition}`)];
}

export const joinWithoutHow: Rule = {
  id: 'join-without-how',
  defaultSeverity: 'hint',
  summary: 'A join with a condition but no explicit join type.',
  languages: BOTH_LANGUAGES,
  check({ model, syntax, report }) {
    for (const join of model.joins) {
      if (join.method !== 'join' || join.left.kind !== 'dataframe' || !join.hasCondition || join.howSpecified) continue;
      const edits = addInnerEdits(join, syntax);
      const how = syntax.language === 'python' ? 'how="inner"' : '"inner"';
      report({
        span: stepRange(join.step),
        message: `This join does not state its type, so Spark does an inner join and silently drops rows without a match. Say which join you mean, e.g. ${how} (or "left" if unmatched rows must be kept).`,
        fixes: edits ? [{ title: `Add the join type ${how}`, edits, isPreferred: true }] : [],
      });
    }
  },
};
