/** Recommendations as text to paste: a spark-defaults.conf block and spark-submit arguments. */
import type { Recommendation, Setting } from '../types';

export interface ConfBlock {
  /** A comment with the reason, then the `key value` line, per recommendation. */
  sparkDefaults: string;
  /** `--conf key=value` arguments, one per line with continuations, quoted for a POSIX shell where needed. */
  submitArgs: string;
}

/**
 * java.util.Properties escaping (Spark loads spark-defaults.conf with Properties.load): keys and
 * values come from the log and the settings, so neither may end a line or split a key.
 */
function propertiesEscape(text: string, isKey: boolean): string {
  const escaped = text.replace(/[\\\n\r\t\f]/g, (c) => ({ '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\f': '\\f' })[c]!);
  return isKey ? escaped.replace(/[ =:#!]/g, (c) => `\\${c}`) : escaped.replace(/^ /, '\\ ');
}

/** A comment stays one line whatever the reason quotes. */
const commentLine = (text: string) => `# ${text.replace(/[\r\n\u2028\u2029]+/g, ' ').trim()}`;

function shellWord(word: string): string {
  return /^[A-Za-z0-9_.,:/=+@%-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Every setting of a recommendation: its key, then those set together with it. */
export function settingsOf(r: Recommendation): Setting[] {
  return [{ key: r.key, current: r.current, suggested: r.suggested }, ...(r.together ?? [])];
}

/** "spark.dynamicAllocation.enabled false → true (with spark.dynamicAllocation.maxExecutors 10)": the change in one line. */
export function changeLabel(r: Recommendation): string {
  const together = (r.together ?? []).map((s) => `${s.key} ${s.suggested}`);
  return `${r.key} ${r.current ?? '(default)'} → ${r.suggested}${together.length > 0 ? ` (with ${together.join(', ')})` : ''}`;
}

export function confBlock(all: readonly Recommendation[]): ConfBlock {
  // Cluster settings (Databricks workers) are not Spark properties: they are changed where `where` says.
  const recommendations = all.filter((r) => r.kind === 'spark-conf');
  const line = (s: Setting) => `${propertiesEscape(s.key, true)} ${propertiesEscape(s.suggested, false)}\n`;
  const sparkDefaults = recommendations.map((r) => `${commentLine(r.reason)}\n${settingsOf(r).map(line).join('')}`).join('');
  const submitArgs = recommendations.flatMap((r) => settingsOf(r).map((s) => `--conf ${shellWord(`${s.key}=${s.suggested}`)}`)).join(' \\\n');
  return { sparkDefaults, submitArgs };
}
