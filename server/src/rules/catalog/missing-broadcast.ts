import type { ExecutionRun, FileHistory, MeasuredEvidence } from '../../history/evidence';
import type { PlanNodeSummary } from '../../history/evidence';
import { formatBytes } from '../../common/format';
import { configSpan, disabledBroadcastThreshold } from '../../model/configs';
import { discardedBroadcasts, type DiscardedBroadcast } from '../../model/discardedBroadcasts';
import { sqlJoinSites, type SqlJoinSide, type SqlJoinSite } from '../../model/sqlViews';
import type { ConfigSetting, JoinSite, SizeHint, SparkModel } from '../../model/types';
import { executionsOf, planJoinFor } from '../executionLinks';
import { insertText, type FixSyntax } from '../fixSyntax';
import { smallSide } from '../smallData';
import { joinKeySets } from '../../model/joinKeyNames';
import { nameConstants } from '../../model/nameConstants';
import { evidenceAt } from '../history';
import { isBroadcastCandidate, type JoinMeasurement } from '../../verdicts';
import { describeSizeHint, stepRange } from '../spans';
import { BOTH_LANGUAGES, type Fix, type Rule } from '../types';

/** Join types that must keep every row of that side, which therefore cannot be the broadcast one. */
const KEEPS_RIGHT = ['right', 'rightouter', 'right_outer', 'full', 'outer', 'fullouter', 'full_outer'];
const KEEPS_LEFT = ['left', 'leftouter', 'left_outer', 'full', 'outer', 'fullouter', 'full_outer', 'leftanti', 'left_anti', 'anti', 'leftsemi', 'left_semi', 'semi'];

interface MeasuredShuffle {
  execution: ExecutionRun;
  node: PlanNodeSummary;
  join: JoinMeasurement;
  /** The verdict engine's broadcast-candidate verdict at the configured threshold. */
  broadcastable: boolean;
}

/** The latest run's shuffled plan join for this code join, with both sides measured. */
function measuredShuffle(model: SparkModel, history: FileHistory, join: JoinSite, threshold: number): MeasuredShuffle | undefined {
  let found: MeasuredShuffle | undefined;
  for (const execution of executionsOf(model, history, join.step)) {
    const node = planJoinFor(model, execution, join);
    if (!node) continue;
    // Only shuffled joins with both sides measured have a measurement.
    const measured = execution.joins.find((candidate) => candidate.nodeIndex === node.nodeIndex);
    if (!measured) continue;
    const broadcastable = isBroadcastCandidate(measured, threshold);
    if (!found || (broadcastable && !found.broadcastable)) found = { execution, node, join: measured, broadcastable };
  }
  return found;
}

function measuredEvidence(measured: MeasuredShuffle): MeasuredEvidence {
  const [left, right] = measured.node.sideBytes!;
  const summary = `ran as a ${measured.node.nodeName} (SQL execution ${measured.execution.executionId}): left side ${formatBytes(left!)}, right side ${formatBytes(right!)}`;
  return { run: measured.execution.run.label, summary, figures: { executionId: measured.execution.executionId, smallSideBytes: measured.join.smallBytes, largeSideBytes: measured.join.largeBytes } };
}

function wrapRightFix(join: JoinSite, model: SparkModel, syntax: FixSyntax): Fix[] {
  if (!join.rightArgument) return [];
  const argument = join.rightArgument.value.span;
  const { callee, importEdit } = syntax.sparkFunction('broadcast', model.imports);
  const edits = [insertText(argument.start, `${callee}(`), insertText(argument.end, ')')];
  if (importEdit) edits.unshift(importEdit);
  return [{ title: `Wrap the small side in ${callee}(...)`, edits, isPreferred: true }];
}

/** `broadcast(df)` as a statement: no effect, so the joins after it are not hinted. */
function reportDiscardedBroadcast(found: DiscardedBroadcast, model: SparkModel, report: Parameters<Rule['check']>[0]['report']): void {
  const name = found.binding.name;
  const lines = [...new Set(found.unhintedJoins.map((join) => join.step.span.start.line + 1))];
  const effect = lines.length > 0
    ? `the join${lines.length > 1 ? 's' : ''} on line${lines.length > 1 ? 's' : ''} ${lines.join(', ')} ${lines.length > 1 ? 'are' : 'is'} not hinted, and Spark broadcasts \`${name}\` only if its own size estimate is under spark.sql.autoBroadcastJoinThreshold (an aggregate's or a file's estimate often is not)`
    : 'nothing is hinted';
  const assign = model.language === 'python' ? `\`${name} = broadcast(${name})\`` : `\`val hinted = broadcast(${name})\` and join with \`hinted\``;
  // Assigning the hinted copy back changes only the joins that read the name afterwards, which is what the line meant.
  const fixes = model.language === 'python' && found.binding.statement.kind === 'assign'
    ? [{ title: `Keep the hinted copy: ${name} = broadcast(${name})`, edits: [insertText(found.span.start, `${name} = `)], isPreferred: true }]
    : [];
  report({
    span: found.span,
    message: `The result of broadcast(${name}) is thrown away, so this line has no effect: ${effect}. broadcast() returns a hinted copy and leaves \`${name}\` as it was. Join with broadcast(${name}) itself, or keep the copy: ${assign}.`,
    fixes,
    related: found.unhintedJoins.map((join) => ({ span: stepRange(join.step), message: `joins \`${name}\` without the broadcast hint` })),
  });
}

/** Small data Spark has no size estimate for (driver-side rows in PySpark, JDBC reads): it is never broadcast unless asked. */
function neverBroadcastAlone(hint: SizeHint): boolean {
  switch (hint.kind) {
    case 'driver-rows':
    case 'collected-rows':
    case 'jdbc':
    case 'constant-keys':
    case 'small-side-keys':
    case 'few-value-keys':
      return true;
    case 'returned':
    case 'field':
      return neverBroadcastAlone(hint.inner);
    default:
      return false;
  }
}

const CONSTANT_KEY_JOIN = ' The join is on that key, which is the same constant on every row: the shuffle sends every matching row of the other side to one task, which broadcasting avoids too.';

/** A side that is one row because it is grouped by constant keys, joined on exactly those keys: the shuffled join is also a one-task join. */
function joinedOnItsConstantKey(hint: SizeHint, join: JoinSite, model: SparkModel): boolean {
  if (hint.kind !== 'constant-keys') return false;
  const grouped = new Set(hint.keys.map((key) => key.toLowerCase()));
  return joinKeySets(join.condition, model.imports, nameConstants(model.statements))
    .some((set) => set.keys.length > 0 && set.keys.every((key) => grouped.has(key.column)));
}

/** Why Spark will not broadcast a small side by itself: the file switched the threshold off. */
function thresholdIsWhy(setting: ConfigSetting): string {
  return `\`spark.sql.autoBroadcastJoinThreshold\` is ${String(setting.value)} (line ${setting.span.start.line + 1}), which stops Spark from broadcasting it by itself`;
}

/** Whether every relation of a SQL join's left side is known small (one the model cannot follow is not). */
function sqlSideSmall(sides: ReadonlyArray<SqlJoinSide | undefined>, model: SparkModel, settings: Parameters<Rule['check']>[0]['settings']): boolean {
  return sides.every((side) => side?.frame !== undefined && smallSide(side.frame, model, settings) !== undefined);
}

/** `/*+ BROADCAST(d) *\/` after the query's SELECT, naming the relation as the query reads it (Spark matches a hint against the alias). */
function sqlHintFix(join: SqlJoinSite): Fix[] {
  if (!join.hintAt) return [];
  const alias = /^[A-Za-z_]\w*$/.test(join.right.alias) ? join.right.alias : `\`${join.right.alias}\``;
  const hint = `/*+ BROADCAST(${alias}) */`;
  return [{ title: `Add ${hint} to the query`, edits: [insertText(join.hintAt, ` ${hint}`)], isPreferred: true }];
}

/** Joins written in `spark.sql` text whose right side is a view (or listed table) known small and whose left side is not. */
function reportSqlJoins(context: Parameters<Rule['check']>[0], disabled: ConfigSetting | undefined): void {
  const { model, settings, report } = context;
  for (const join of sqlJoinSites(model)) {
    if (join.hinted || join.how === 'cross' || KEEPS_RIGHT.includes(join.how) || !join.right.frame) continue;
    const small = smallSide(join.right.frame, model, settings);
    if (!small || sqlSideSmall(join.left, model, settings)) continue;
    const named = join.right.view ? `view \`${join.right.name}\`` : `table \`${join.right.name}\``;
    const alias = join.right.alias !== join.right.name ? ` (read as \`${join.right.alias}\`)` : '';
    const why = disabled
      ? `while ${thresholdIsWhy(disabled)}; Spark shuffles and sorts both sides (sort-merge join)`
      : neverBroadcastAlone(small)
        ? 'and Spark shuffles and sorts both sides (sort-merge join); adaptive execution can switch to a broadcast only once both sides have been shuffled'
        : 'and Spark may shuffle and sort both sides (sort-merge join) when its own estimate of it is over spark.sql.autoBroadcastJoinThreshold';
    report({
      span: join.span && join.span.start.line === join.span.end.line ? join.span : stepRange(join.query.step),
      message: `Join in SQL text with a small ${named}${alias} without a broadcast hint: it is small because ${describeSizeHint(small)}, ${why}. Add /*+ BROADCAST(${join.right.alias}) */ right after the query's SELECT (the hint names the relation as the query reads it).`,
      fixes: sqlHintFix(join),
      related: [
        { span: small.span, message: 'known small here' },
        ...(join.right.view ? [{ span: stepRange(join.right.view.step), message: `registered as view \`${join.right.view.name}\` here` }] : []),
        ...(disabled ? [{ span: configSpan(disabled), message: 'automatic broadcast switched off here' }] : []),
      ],
    });
  }
}

export const missingBroadcast: Rule = {
  id: 'missing-broadcast',
  defaultSeverity: 'warning',
  summary: 'A join where one side is known (or was measured) to be small is not broadcast.',
  languages: BOTH_LANGUAGES,
  // The file's broadcast threshold (set anywhere in it) decides whether Spark broadcasts a small side by itself.
  scope: 'file',
  check(context) {
    const { model, settings, syntax, history, report } = context;
    const disabled = disabledBroadcastThreshold(model.configs);
    for (const found of discardedBroadcasts(model)) reportDiscardedBroadcast(found, model, report);
    reportSqlJoins(context, disabled);
    for (const join of model.joins) {
      if (join.method !== 'join' || join.right?.kind !== 'dataframe' || join.left.kind !== 'dataframe') continue;
      if (join.rightBroadcast || join.leftBroadcast || !join.rightArgument) continue;
      const measured = measuredShuffle(model, history, join, settings.broadcastThresholdBytes);
      const rightSmall = smallSide(join.right, model, settings);
      const leftSmall = smallSide(join.left, model, settings);
      // Every join of the file is looked at per keystroke, and most are neither small nor measured: nothing is made for them.
      if (!rightSmall && !leftSmall && !measured?.broadcastable) continue;
      const how = join.how?.toLowerCase() ?? 'inner';
      const evidence = [...(measured ? [measuredEvidence(measured)] : []), ...evidenceAt(history, join.step.span)];
      if (rightSmall && !leftSmall) {
        // Broadcasting the side an outer join must preserve is not possible; Spark would ignore it.
        if (KEEPS_RIGHT.includes(how)) continue;
        report({
          span: stepRange(join.step),
          message: disabled
            ? `Join with a small DataFrame without broadcast: it is small because ${describeSizeHint(rightSmall)}, while ${thresholdIsWhy(disabled)}; Spark shuffles and sorts both sides (sort-merge join). Wrap the small side in broadcast(...).`
            : `Join with a small DataFrame without broadcast: it is small because ${describeSizeHint(rightSmall)}, and Spark ${neverBroadcastAlone(rightSmall) ? 'shuffles' : 'may shuffle'} and sort${neverBroadcastAlone(rightSmall) ? 's' : ''} both sides (sort-merge join).${joinedOnItsConstantKey(rightSmall, join, model) ? CONSTANT_KEY_JOIN : ''} Wrap the small side in broadcast(...).`,
          fixes: wrapRightFix(join, model, syntax),
          related: [{ span: rightSmall.span, message: 'known small here' }, ...(disabled ? [{ span: configSpan(disabled), message: 'automatic broadcast switched off here' }] : [])],
          evidence,
        });
        continue;
      }
      // Broadcasting the left side: an inner or right outer join can build on it, but Spark will not when the threshold is off.
      if (disabled && leftSmall && !rightSmall && !KEEPS_LEFT.includes(how)) {
        report({
          span: stepRange(join.step),
          message: `The left side of this join is small (${describeSizeHint(leftSmall)}), but ${thresholdIsWhy(disabled)}: Spark shuffles and sorts both sides (sort-merge join). Broadcast the left side with a hint (\`.hint("broadcast")\` on it, or broadcast(...) around it).`,
          related: [{ span: leftSmall.span, message: 'known small here' }, { span: configSpan(disabled), message: 'automatic broadcast switched off here' }],
          evidence,
        });
        continue;
      }
      if (!measured?.broadcastable) continue;
      const small = measured.join.smallSide;
      if ((small === 'right' ? KEEPS_RIGHT : KEEPS_LEFT).includes(how)) continue;
      report({
        span: stepRange(join.step),
        message: `In ${measured.execution.run.label} this join ran as a ${measured.node.nodeName} although its ${small} side was only ${formatBytes(measured.join.smallBytes)} (the other ${formatBytes(measured.join.largeBytes)}): both sides were shuffled and sorted. Broadcast the ${small} side${small === 'right' ? ' with broadcast(...)' : ''}.`,
        fixes: small === 'right' ? wrapRightFix(join, model, syntax) : [],
        evidence,
      });
    }
  },
};
