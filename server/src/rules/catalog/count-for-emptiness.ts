import type { Position } from '../../syntax/ast';
import type { ActionSite, ChainStep, JoinSite, Span } from '../../model/types';
import { lineageSteps } from '../../model/flow';
import { NARROW_STEPS } from '../../model/partitioning';
import { SHUFFLE_OPERATIONS } from '../../model/sparkApi';
import { rowBounds } from '../rowBounds';
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

/**
 * The code expects no rows: `assert df.count() == 0`, `if df.count() > 0: raise …`. When the check
 * passes, as it normally does, isEmpty() has to look at every partition too: nothing is saved.
 */
function expectsEmpty(action: ActionSite, test: Test): boolean {
  return (test === 'empty' && action.expectation === 'holds') || (test === 'non-empty' && action.expectation === 'fails');
}

/**
 * `df.cache()` (or `persist`) just before, and this count is the first job on it: the count fills
 * the cache that the next jobs read, which isEmpty() (a one-row job) would not.
 */
function fillsCache(action: ActionSite): boolean {
  const cachedInLineage = CACHING.has(lineageSteps(action.frame).at(-1)?.name ?? '');
  const binding = action.frame.steps.length === 0 ? action.frame.sourceBinding : undefined;
  const cachedFrom = binding?.cachedBy?.order ?? (cachedInLineage ? binding?.order : undefined);
  if (!binding || cachedFrom === undefined) return cachedInLineage;
  return !binding.uses.some((use) => use.order > cachedFrom && use.order < action.order && (use.kind === 'action' || use.kind === 'write' || use.executed));
}

const CACHING = new Set(['cache', 'persist']);

/** The step that ends the lineage in a shuffle (dropDuplicates, groupBy, a shuffled join), if one does. */
function endingShuffle(action: ActionSite, joins: ReadonlyMap<ChainStep, JoinSite>): ChainStep | undefined {
  const steps = lineageSteps(action.frame);
  for (let i = steps.length - 1; i >= 0; i--) {
    const step = steps[i]!;
    if (NARROW_STEPS.has(step.name)) continue;
    const join = joins.get(step);
    if (join && (join.leftBroadcast || join.rightBroadcast)) return undefined;
    return SHUFFLE_OPERATIONS.has(step.name) ? step : undefined;
  }
  return undefined;
}

export const countForEmptiness: Rule = {
  id: 'count-for-emptiness',
  defaultSeverity: 'warning',
  summary: 'count() compared with 0 to test for emptiness scans all the data.',
  languages: BOTH_LANGUAGES,
  check({ model, settings, syntax, history, report }) {
    const boundOf = rowBounds(model, settings);
    const joins = new Map(model.joins.map((join) => [join.step, join]));
    for (const action of model.actions) {
      if (action.name !== 'count' || (action.frame.kind !== 'dataframe' && action.frame.kind !== 'rdd')) continue;
      const found = emptinessTest(action);
      if (!found || expectsEmpty(action, found.test) || fillsCache(action)) continue;
      // `df.limit(1).count() > 0` already stops early; counting a few rows costs nothing.
      const bound = boundOf(action.frame);
      if ((bound.size === 'small' && !bound.guess) || lineageSteps(action.frame).at(-1)?.name === 'limit') continue;
      const shuffle = action.frame.kind === 'dataframe' ? endingShuffle(action, joins) : undefined;
      // Dataset.isEmpty is declared without parentheses in Scala; RDD.isEmpty() has them in both languages.
      const isEmpty = action.frame.kind === 'rdd' ? 'isEmpty()' : syntax.isEmptyCall;
      const binding = action.frame.steps.length === 0 ? action.frame.sourceBinding : undefined;
      const suggestion = `${found.test === 'non-empty' ? syntax.negate('') : ''}${binding?.name ?? 'df'}.${isEmpty}`;
      const subject = binding ? `\`${binding.name}\`` : 'the data';
      const tested = found.test === 'empty' ? 'empty' : 'non-empty';
      report({
        span: stepRange(action.step),
        ...(shuffle ? { atMost: 'hint' as const } : {}),
        message: shuffle
          ? `count() is only used to test whether ${subject} is ${tested}. It ends in ${shuffle.name}(), so \`${suggestion}\` would still run the whole scan and shuffle before its first row exists, saving only part of the last stage.`
          : `count() is only used to test whether ${subject} is ${tested}, but it reads every partition and runs every transformation to count all rows. Use \`${suggestion}\`, which stops at the first row it finds.`,
        fixes: [{ title: `Replace the count with ${found.test === 'non-empty' ? syntax.negate('') : ''}….${isEmpty}`, edits: rewrite(action, found.test, found.replaced, isEmpty, syntax), isPreferred: true }],
        evidence: evidenceAt(history, action.step.span),
      });
    }
  },
};
