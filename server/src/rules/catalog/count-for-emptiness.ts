import type { Position } from '../../syntax/ast';
import type { ActionSite, Span } from '../../model/types';
import { lineageSteps } from '../../model/flow';
import { replaceSpan } from '../fixSyntax';
import { stepRange } from '../spans';
import { BOTH_LANGUAGES, type Rule, type RuleContext, type TextEdit } from '../types';
import { evidenceAt } from '../history';

type Test = 'empty' | 'non-empty';

/** `count OP n` with the count on the left; the right-hand form is mirrored first. */
const TESTS: Record<string, Record<number, Test>> = {
  '==': { 0: 'empty' },
  '!=': { 0: 'non-empty' },
  '>': { 0: 'non-empty' },
  '>=': { 1: 'non-empty' },
  '<': { 1: 'empty' },
  '<=': { 0: 'empty' },
};
const MIRRORED: Record<string, string> = { '==': '==', '!=': '!=', '>': '<', '<': '>', '>=': '<=', '<=': '>=' };

/** What the action's result is used to decide, if it is an emptiness test. */
function emptinessTest(action: ActionSite): { test: Test; replaced: Span } | undefined {
  const comparison = action.comparison;
  if (comparison) {
    const other = comparison.other;
    if (other.kind !== 'literal' || typeof other.value !== 'number') return undefined;
    const operator = comparison.actionOnLeft ? comparison.operator : MIRRORED[comparison.operator];
    const test = operator ? TESTS[operator]?.[other.value] : undefined;
    return test ? { test, replaced: comparison.span } : undefined;
  }
  if (action.negation) return { test: 'empty', replaced: action.negation };
  if (action.truthTest) return { test: 'non-empty', replaced: action.truthTest };
  return undefined;
}

function span(start: Position, end: Position): Span {
  return { start, end };
}

/**
 * Keeps the receiver's text and rewrites around it: what precedes it in the replaced expression
 * (`0 == `, `not `) becomes the negation if any, and `.count() > 0` becomes `.isEmpty()`.
 */
function rewrite(action: ActionSite, test: Test, replaced: Span, isEmpty: string, syntax: RuleContext['syntax']): TextEdit[] {
  const receiverStart = action.step.span.start;
  const prefix = test === 'non-empty' ? syntax.negate('') : '';
  const before = span(replaced.start, receiverStart);
  const edits = [replaceSpan(span(action.step.tailSpan.start, replaced.end), `.${isEmpty}`)];
  if (prefix || before.start.line !== before.end.line || before.start.character !== before.end.character) edits.unshift(replaceSpan(before, prefix));
  return edits;
}

export const countForEmptiness: Rule = {
  id: 'count-for-emptiness',
  defaultSeverity: 'warning',
  summary: 'count() compared with 0 to test for emptiness scans all the data.',
  languages: BOTH_LANGUAGES,
  check({ model, syntax, history, report }) {
    for (const action of model.actions) {
      if (action.name !== 'count' || (action.frame.kind !== 'dataframe' && action.frame.kind !== 'rdd')) continue;
      // `df.limit(1).count() > 0` already stops early.
      if (lineageSteps(action.frame).at(-1)?.name === 'limit') continue;
      const found = emptinessTest(action);
      if (!found) continue;
      // Dataset.isEmpty is declared without parentheses in Scala; RDD.isEmpty() has them in both languages.
      const isEmpty = action.frame.kind === 'rdd' ? 'isEmpty()' : syntax.isEmptyCall;
      const binding = action.frame.steps.length === 0 ? action.frame.sourceBinding : undefined;
      const suggestion = `${found.test === 'non-empty' ? syntax.negate('') : ''}${binding?.name ?? 'df'}.${isEmpty}`;
      report({
        span: stepRange(action.step),
        message: `count() is only used to test whether ${binding ? `\`${binding.name}\`` : 'the data'} is ${found.test === 'empty' ? 'empty' : 'non-empty'}, but it reads every partition and runs every transformation to count all rows. Use \`${suggestion}\`, which stops at the first row it finds.`,
        fixes: [{ title: `Replace the count with ${found.test === 'non-empty' ? syntax.negate('') : ''}….${isEmpty}`, edits: rewrite(action, found.test, found.replaced, isEmpty, syntax), isPreferred: true }],
        evidence: evidenceAt(history, action.step.span),
      });
    }
  },
};
