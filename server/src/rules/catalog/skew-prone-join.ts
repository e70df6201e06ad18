import { constantFills, fillPaths, filtersOnValue } from '../../model/keyFills';
import { joinKeySets, type JoinKey } from '../../model/joinKeyNames';
import { compatible, nameConstants, type NameConstants } from '../../model/nameConstants';
import type { FunctionImports, JoinSite, KeyFill, SizeHint, SparkModel } from '../../model/types';
import type { FileHistory } from '../../history/evidence';
import { executionsOf, nodesThatRan, planJoinFor } from '../executionLinks';
import type { StageVerdict } from '../../verdicts';
import { stepRange } from '../spans';
import { BOTH_LANGUAGES, type Rule, type RuleSettings } from '../types';
import { evidenceAt } from '../history';
import { sideName } from './cross-join';
import { smallSide } from '../smallData';
import { inputFileJoinKey } from '../../model/inputFileKeys';

const SKEW_ADVICE = 'Filter or salt the hot key, or enable spark.sql.adaptive.skewJoin.enabled.';

/** Where a fill is, as the message says it: the line, and the helpers it was made in. */
function whereFilled(fill: KeyFill): string {
  const line = `line ${fill.span.start.line + 1}`;
  return fill.via.length > 0 ? `in ${fill.via.map((helper) => `${helper}()`).join(' via ')}, ${line}` : line;
}

/** The key's declared dominant values; own keys only, as a join may be on a column named `constructor`. */
function declaredValues(key: string, settings: RuleSettings): string[] {
  const values = settings.skewedKeyValues;
  return values && Object.hasOwn(values, key.toLowerCase()) ? values[key.toLowerCase()]! : [];
}

const VALUES_SHOWN = 5;
const VALUE_CHARS_SHOWN = 60;

/** The values as the message names them: a settings file may declare thousands, or values of any length. */
function quotedValues(values: readonly string[]): string {
  const shown = values.slice(0, VALUES_SHOWN).map((value) => (value.length > VALUE_CHARS_SHOWN ? `${value.slice(0, VALUE_CHARS_SHOWN)}…` : value));
  return values.length > VALUES_SHOWN ? `${shown.join(', ')} and ${values.length - VALUES_SHOWN} more` : shown.join(', ');
}

/** The hot-key evidence `sparkAdvisor.skewedKeys` gives for a key: a declared dominant value, or just its name. */
function declaredHot(key: string, settings: RuleSettings): string | undefined {
  const values = declaredValues(key, settings);
  if (values.length > 0) return `which has the declared dominant value${values.length > 1 ? 's' : ''} ${quotedValues(values)} in sparkAdvisor.skewedKeys: all rows with ${values.length > 1 ? 'one of them' : 'it'} land in one task`;
  return settings.skewedKeys.some((name) => name.toLowerCase() === key.toLowerCase())
    ? 'which sparkAdvisor.skewedKeys lists as having hot values: all rows of a hot key land in one task'
    : undefined;
}

export const skewProneJoin: Rule = {
  id: 'skew-prone-join',
  defaultSeverity: 'warning',
  summary: "A join on a key filled with a constant default, holding the input file's name, or listed as skewed.",
  languages: BOTH_LANGUAGES,
  check({ model, settings, history, report }) {
    for (const join of model.joins) {
      if ((join.method !== 'join' && join.method !== 'joinWith') || join.left.kind !== 'dataframe' || !join.hasCondition) continue;
      // A broadcast (or small enough to be broadcast) side means no shuffle, so no straggler task; a one-row aggregate Spark will not broadcast is missing-broadcast's finding.
      // One row only on the way through the branches that makes its key a constant: both findings hold on that way, and say the same fix.
      if (join.leftBroadcast || join.rightBroadcast) continue;
      const small = [smallSide(join.left, model, settings), smallSide(join.right, model, settings)].filter(smallOnEveryWay);
      const fileKey = inputFileJoinKey(join, model);
      // A per-file aggregate joined on the file's name is shuffled all the same (Spark does not broadcast it by itself): the per-file hot task is real.
      if (small.length > 0 && !(fileKey && small.every(perFile))) continue;
      const names = nameConstants(model.statements);
      const found = (join.keys.length > 0 ? findFill(join, model.imports, names) : undefined) ?? findFillThroughNames(join, model.imports, names);
      // Keys the code does not spell (a condition held in a variable): only a fill seen through names says anything.
      if (join.keys.length === 0 && !found && !fileKey) continue;
      const skewedStages = measuredSkew(model, history, join);
      const common = { span: stepRange(join.step), evidence: [...skewedStages.map((s) => s.evidence), ...evidenceAt(history, join.step.span)] };
      if (found) {
        const { key, fill, side, variable } = found;
        const who = sideName(join, side);
        const line = variable ? variable.candidate.span.start.line + 1 : undefined;
        const joinedOn = variable
          ? `\`${variable.name}\`, which holds "${key}" (line ${line}), a column ${fill.everyRow ? 'set' : 'filled'} to the constant ${fill.constant}${fill.everyRow ? ' on every row' : ''} (${whereFilled(fill)})`
          : `\`${key}\`, which was filled with the constant ${fill.constant} (${whereFilled(fill)})`;
        // A name set in one branch only: the finding holds whenever that assignment runs.
        const when = variable && variable.candidate.conditions.length > 0 ? `whenever line ${line} runs, ` : '';
        const effect = fill.everyRow
          ? `${when}every row now has the same key, so the join runs in one task. A key that is the same on every row splits no work: broadcast the other side, or leave the constant out of the join keys.`
          : `${when}every row that had no key now shares one key and lands in one task. ${SKEW_ADVICE}`;
        report({
          ...common,
          message: `${who ? `\`${who}\`` : `The ${side} side`} is joined on ${joinedOn}: ${effect}`,
          related: [
            { span: fill.span, message: `\`${key}\` is filled with ${fill.constant} ${fill.via.length > 0 ? `by ${fill.via[0]}()` : 'here'}` },
            ...(variable ? [{ span: variable.candidate.span, message: `\`${variable.name}\` is set to "${key}" here` }] : []),
          ],
        });
        continue;
      }
      if (fileKey) {
        const who = sideName(join, 'left');
        const perFileSide = small.length > 0;
        report({
          ...common,
          message: `${who ? `\`${who}\`` : 'This DataFrame'} is joined on ${fileKey.key === 'input_file_name()' ? 'input_file_name()' : `\`${fileKey.key}\`, which holds the input file's name`}: every row of one file has the same key, so the shuffle sends each file's rows to one task, and a run over one large file runs in a single task. ${perFileSide ? 'The other side has one row per file: broadcast it, which removes the shuffle and the hot task with it.' : 'Broadcast the other side if it is small, or add a key that spreads each file\'s rows (a line or row number).'}`,
        });
        continue;
      }
      const hot = join.keys.map((key) => ({ key, why: declaredHot(key, settings) })).find((candidate) => candidate.why && !dominantValueFiltered(join, candidate.key, settings));
      if (hot) {
        const who = sideName(join, 'left');
        report({
          ...common,
          message: `${who ? `\`${who}\`` : 'This DataFrame'} is joined on \`${hot.key}\`, ${hot.why}, which runs long after the others. ${SKEW_ADVICE}`,
        });
        continue;
      }
      if (skewedStages.length > 0) {
        report({ ...common, message: `The stage that ran this join was skewed: ${skewedStages[0]!.message}. One key (or a few) carries most rows, so one task does most of the work. ${SKEW_ADVICE}` });
      }
    }
  },
};

/** One row per file read: grouped only by the input file's name. */
function perFile(hint: SizeHint | undefined): boolean {
  return hint?.kind === 'few-value-keys' && hint.per === 'file';
}

/** Small whichever way the branches go: not a one-row aggregate whose key is a constant only where one assignment runs. */
function smallOnEveryWay(hint: SizeHint | undefined): boolean {
  return hint !== undefined && !(hint.kind === 'constant-keys' && hint.when);
}

/** A side's lineage filters on the key's declared dominant value: it is gone, or it is all there is. */
function dominantValueFiltered(join: JoinSite, key: string, settings: RuleSettings): boolean {
  const values = declaredValues(key, settings);
  return values.length > 0 && (filtersOnValue(join.left, key, values) || filtersOnValue(join.right, key, values));
}

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
function findFill(join: JoinSite, imports: FunctionImports, names: NameConstants): FoundFill | undefined {
  for (const side of ['left', 'right'] as const) {
    const fills = constantFills(side === 'left' ? join.left : join.right, imports, names);
    if (!join.keys.every((key) => fills.has(key.toLowerCase()))) continue;
    const key = join.keys[0]!;
    return { key, fill: fills.get(key.toLowerCase())!, side };
  }
  return undefined;
}

interface FoundFill {
  key: string;
  fill: KeyFill;
  side: 'left' | 'right';
  /** The variable the key was read from, when the join names its key through one. */
  variable?: JoinKey['variable'];
}

/**
 * Keys held in variables (`join(other, partition_key)`), on every way through the branches: a way
 * where each key names a column that side's lineage filled with a constant on that same way.
 */
function findFillThroughNames(join: JoinSite, imports: FunctionImports, names: NameConstants): FoundFill | undefined {
  const keySets = joinKeySets(join.condition, imports, names).filter((set) => set.keys.some((key) => key.variable));
  if (keySets.length === 0) return undefined;
  for (const side of ['left', 'right'] as const) {
    for (const path of fillPaths(side === 'left' ? join.left : join.right, imports, names)) {
      for (const set of keySets) {
        if (!compatible(path.conditions, set.conditions) || !set.keys.every((key) => path.fills.has(key.column))) continue;
        const key = set.keys.find((k) => k.variable) ?? set.keys[0]!;
        return { key: key.variable?.candidate.text ?? key.column, fill: path.fills.get(key.column)!, side, variable: key.variable };
      }
    }
  }
  return undefined;
}
