import * as fs from 'fs';
import * as path from 'path';
import { readSettings, type AnalysisSettings } from '../engine/settings';
import { ruleById } from '../rules/registry';
import { CliError, describeFsError } from './errors';
import { parseJsonc } from './jsonc';

const PREFIX = 'sparkAdvisor.';
const VSCODE_SETTINGS = path.join('.vscode', 'settings.json');
/** Settings files are hand-written and small; anything larger is a mistake or an attack (a link to /dev/zero). */
export const MAX_SETTINGS_BYTES = 1024 * 1024;
/** Entries kept of each list setting (globs, table and key names, paths); the rest are dropped with a warning. */
export const MAX_LIST_ENTRIES = 1000;
const LIST_SETTINGS = ['include', 'exclude', 'smallTables', 'skewedKeys', 'eventLogPaths'];

/** Settings for the files under `root`; include/exclude globs are relative to `root`. */
export interface SettingsScope {
  root: string;
  settings: AnalysisSettings;
}

export interface LoadedSettings {
  /** For files named on the command line, and folders without their own settings file. */
  base: SettingsScope;
  /** Per given folder (absolute path) that has a `.vscode/settings.json` of its own. */
  byFolder: Map<string, SettingsScope>;
  /** Problems worth telling the user about that do not stop the run. */
  warnings: string[];
}

type RawSettings = Record<string, unknown>;

/**
 * `--config FILE` wins; without it, the `sparkAdvisor.*` keys of `.vscode/settings.json` in `cwd`
 * apply everywhere, and each given folder's own `.vscode/settings.json` is layered on top of them
 * for the files in that folder (like a VS Code workspace folder's settings).
 */
export function loadSettings(options: { cwd: string; config?: string; folders: readonly string[] }): LoadedSettings {
  const warnings: string[] = [];
  if (options.config !== undefined) {
    const file = path.resolve(options.cwd, options.config);
    const raw = readConfigFile(file, options.config);
    return { base: scope(options.cwd, raw, options.config, warnings), byFolder: new Map(), warnings };
  }
  const cwdFile = path.join(options.cwd, VSCODE_SETTINGS);
  const cwdRaw = readVsCodeSettings(cwdFile, path.relative(options.cwd, cwdFile)) ?? {};
  const base = scope(options.cwd, cwdRaw, VSCODE_SETTINGS, warnings);
  const byFolder = new Map<string, SettingsScope>();
  for (const folder of options.folders) {
    const file = path.join(folder, VSCODE_SETTINGS);
    if (path.resolve(file) === path.resolve(cwdFile)) continue;
    const shown = path.relative(options.cwd, file) || file;
    const raw = readVsCodeSettings(file, shown);
    if (raw) byFolder.set(folder, scope(folder, mergeRaw(cwdRaw, raw), shown, warnings));
  }
  return { base, byFolder, warnings };
}

function scope(root: string, raw: RawSettings, shownFile: string, warnings: string[]): SettingsScope {
  const { settings, problems } = readSettings(capLists(raw, shownFile, warnings));
  warnings.push(...[...problems, ...checkRules(raw, settings)].map((problem) => `${shownFile}: ${problem}`));
  return { root, settings };
}

/** Long lists cost time in every match (globs) and say nothing a shorter one would not: the first MAX_LIST_ENTRIES are kept. */
function capLists(raw: RawSettings, shownFile: string, warnings: string[]): RawSettings {
  const capped: RawSettings = { ...raw };
  for (const key of LIST_SETTINGS) {
    const list = raw[key];
    if (!Array.isArray(list) || list.length <= MAX_LIST_ENTRIES) continue;
    capped[key] = list.slice(0, MAX_LIST_ENTRIES);
    warnings.push(`${shownFile}: "${PREFIX}${key}" has ${list.length} entries; only the first ${MAX_LIST_ENTRIES} are used`);
  }
  return capped;
}

/** A typo in a rule id or level would otherwise be silently ignored. */
function checkRules(raw: RawSettings, settings: AnalysisSettings): string[] {
  const rules = raw.rules;
  if (rules === undefined) return [];
  if (!rules || typeof rules !== 'object' || Array.isArray(rules)) return ['"rules" should be an object of rule ids to severities'];
  const problems: string[] = [];
  for (const [id, level] of Object.entries(rules as Record<string, unknown>)) {
    if (!ruleById(id)) problems.push(`unknown rule "${id}"`);
    else if (settings.rules[id] === undefined) problems.push(`invalid level ${JSON.stringify(level)} for rule "${id}" (expected error, warning, information, hint or off)`);
  }
  return problems;
}

/** A folder's settings override the workspace's key by key; `rules` objects merge per rule. */
export function mergeRaw(base: RawSettings, override: RawSettings): RawSettings {
  const merged: RawSettings = { ...base, ...override };
  if (isObject(base.rules) && isObject(override.rules)) merged.rules = { ...base.rules, ...override.rules };
  return merged;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

/** `--config`: the keys without the prefix; a VS Code settings file passed by mistake works too. */
export function readConfigFile(file: string, shown: string): RawSettings {
  const json = readJsonObject(file, shown, true)!;
  return Object.keys(json).some((key) => key.startsWith(PREFIX)) ? withoutPrefix(json) : json;
}

/** The `sparkAdvisor.*` keys of a VS Code settings file, or undefined when there is none. */
export function readVsCodeSettings(file: string, shown: string): RawSettings | undefined {
  const json = readJsonObject(file, shown, false);
  return json && withoutPrefix(json);
}

/** `sparkAdvisor.cost.currency` → `{ cost: { currency } }`, as VS Code hands the section to the server. */
function withoutPrefix(json: RawSettings): RawSettings {
  const raw: RawSettings = {};
  for (const [key, value] of Object.entries(json)) {
    if (!key.startsWith(PREFIX)) continue;
    const path = key.slice(PREFIX.length).split('.');
    let target = raw;
    for (const part of path.slice(0, -1)) {
      if (!isObject(target[part])) target[part] = {};
      target = target[part] as RawSettings;
    }
    target[path[path.length - 1]!] = value;
  }
  return raw;
}

function readJsonObject(file: string, shown: string, required: boolean): RawSettings | undefined {
  let text: string;
  try {
    // Checked before reading: a FIFO or a device (/dev/zero) would block or never end.
    const stat = fs.statSync(file);
    if (!stat.isFile()) throw new CliError(`cannot read config ${shown}: ${stat.isDirectory() ? 'is a directory' : 'not a regular file'}`);
    if (stat.size > MAX_SETTINGS_BYTES) throw new CliError(`config ${shown} is ${stat.size} bytes, more than the ${MAX_SETTINGS_BYTES}-byte limit for a settings file`);
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof CliError) throw error;
    if (!required && (error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CliError(`cannot read config ${shown}: ${describeFsError(error)}`);
  }
  let json: unknown;
  try {
    json = parseJsonc(text);
  } catch (error) {
    throw new CliError(`malformed config ${shown}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!isObject(json)) throw new CliError(`malformed config ${shown}: expected a JSON object`);
  return json;
}
