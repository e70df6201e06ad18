import type { Expr } from '../syntax/ast';
import { argument } from './chains';
import type { Chain, ChainStep, ConfigSetting } from './types';

function literal(expr: Expr | undefined): ConfigSetting['value'] {
  if (expr?.kind === 'literal') return expr.value;
  // Python lowers `-1` to a negation of the literal 1; the value is what matters to rules.
  if (expr?.kind === 'unary' && expr.operator === '-' && expr.operand.kind === 'literal' && typeof expr.operand.value === 'number') return -expr.operand.value;
  return undefined;
}

function setting(key: Expr | undefined, value: Expr | undefined, via: ConfigSetting['via']): ConfigSetting[] {
  if (key?.kind !== 'literal' || typeof key.value !== 'string') return [];
  return [{ key: key.value, value: literal(value), span: key.span, valueSpan: value?.span, via }];
}

/** `[("k", "v"), ...]`, `Seq(("k", "v"))`, `{"k": "v"}`, `Map("k" -> "v")`. */
function pairSettings(pairs: Expr | undefined, via: ConfigSetting['via']): ConfigSetting[] {
  if (pairs?.kind === 'mapping') return pairs.entries.flatMap((entry) => setting(entry.key, entry.value, via));
  if (pairs?.kind !== 'sequence') return [];
  return pairs.items.flatMap((pair) => {
    if (pair.kind === 'sequence' && pair.items.length === 2) return setting(pair.items[0], pair.items[1], via);
    if (pair.kind === 'binary' && pair.operator === '->') return setting(pair.left, pair.right, via);
    return [];
  });
}

/** `.config("k", "v")` / `.config(map={...})` on a builder, `.set("k", "v")` / `.setAll(pairs)` on a SparkConf or `spark.conf`. */
export function configFromStep(step: ChainStep, via: ConfigSetting['via']): ConfigSetting[] {
  if (step.name === 'setAll') return pairSettings(argument(step, 0, 'pairs'), via);
  const map = argument(step, 0, 'map');
  if (step.name === 'config' && map?.kind === 'mapping') return pairSettings(map, via);
  return setting(argument(step, 0, 'key'), argument(step, 1, 'value'), via);
}

/** `spark.sql("SET spark.sql.shuffle.partitions=400")`. */
export function configFromSqlSet(step: ChainStep): ConfigSetting[] {
  const statement = argument(step, 0, 'sqlQuery');
  if (statement?.kind !== 'literal' || typeof statement.value !== 'string') return [];
  const match = /^\s*SET\s+([\w.]+)\s*=\s*(.*?)\s*;?\s*$/i.exec(statement.value);
  if (!match) return [];
  return [{ key: match[1]!, value: match[2]!, span: statement.span, via: 'sql-set' }];
}

/** A setting's value as a boolean when it is written as one (`False`, `false`, `"false"`, `"TRUE"`). */
export function configBoolean(setting: ConfigSetting): boolean | undefined {
  if (typeof setting.value === 'boolean') return setting.value;
  const text = typeof setting.value === 'string' ? setting.value.trim().toLowerCase() : undefined;
  return text === 'true' ? true : text === 'false' ? false : undefined;
}

/** A setting's value as a number when it is a literal number or a string holding one (`200`, `"200"`, `-1L`). */
export function configNumber(setting: ConfigSetting): number | undefined {
  if (typeof setting.value === 'number') return setting.value;
  if (typeof setting.value !== 'string' || !/^\s*-?\d+\s*$/.test(setting.value)) return undefined;
  return Number(setting.value);
}

/** From the key to the end of the value: where a finding about a setting is shown. */
export function configSpan(setting: ConfigSetting): ConfigSetting['span'] {
  return setting.valueSpan && setting.valueSpan.end.line >= setting.span.end.line ? { start: setting.span.start, end: setting.valueSpan.end } : setting.span;
}

/** `.master("local[*]")` on a builder, `.setMaster("local")` on a SparkConf: the master as a setting. */
export function masterFromStep(step: ChainStep, via: ConfigSetting['via']): ConfigSetting[] {
  if (step.name !== 'master' && step.name !== 'setMaster') return [];
  const value = argument(step, 0, 'master') ?? argument(step, 0, 'value');
  return [{ key: 'spark.master', value: literal(value), span: step.nameSpan, valueSpan: value?.span, via }];
}

/** `local`, `local[4]`, `local[*]`, `local[2,3]`: a master that runs everything in one JVM. */
export function isLocalMaster(setting: ConfigSetting): boolean {
  return setting.key === 'spark.master' && typeof setting.value === 'string' && /^local(\[|$)/.test(setting.value.trim());
}

/** The settings a builder or SparkConf chain makes, each marked when the same chain sets a local master. */
export function settingsOfChain(chain: Chain, step: ChainStep, via: ConfigSetting['via']): ConfigSetting[] {
  const master = masterFromStep(step, via);
  const made = master.length > 0 ? master : configFromStep(step, via);
  if (made.length === 0) return made;
  const masters = chain.steps.flatMap((s) => [...masterFromStep(s, via), ...(s.name === 'config' || s.name === 'set' ? configFromStep(s, via) : [])]);
  const local = masters.some(isLocalMaster);
  return local ? made.map((setting) => ({ ...setting, localSession: true })) : made;
}

/**
 * Whether a setting configures a local session (a test or a local tool): its own chain sets a local
 * master, or every master the file sets is local.
 */
export function inLocalSession(setting: ConfigSetting, all: readonly ConfigSetting[]): boolean {
  return setting.localSession === true || runsLocally(all);
}

/** The file sets a master and every master it sets is local: its jobs run in one JVM on one machine. */
export function runsLocally(all: readonly ConfigSetting[]): boolean {
  const masters = all.filter((s) => s.key === 'spark.master');
  return masters.length > 0 && masters.every(isLocalMaster);
}

/** A size setting of zero bytes, in any unit Spark accepts (`0`, `"0"`, `"0g"`, `"0MB"`). */
export function isZeroByteSize(setting: ConfigSetting): boolean {
  if (typeof setting.value === 'number') return setting.value === 0;
  return typeof setting.value === 'string' && /^\s*0+\s*([kmgtp]i?b?|b)?\s*$/i.test(setting.value);
}

/** The setting that switches off automatic broadcast joins (`spark.sql.autoBroadcastJoinThreshold` below 0), if the file has one. */
export function disabledBroadcastThreshold(configs: readonly ConfigSetting[]): ConfigSetting | undefined {
  return configs.find((setting) => setting.key === 'spark.sql.autoBroadcastJoinThreshold' && (configNumber(setting) ?? 0) < 0);
}
