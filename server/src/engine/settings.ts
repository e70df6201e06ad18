import { limitGlobs } from '../common/globs';
import type { Severity } from '../rules/types';
import { DEFAULT_COST, normalizeCostSettings } from '../common/cost';
import type { CostSettings } from '../report/types';
import { readSkewedKeys } from './settingsSkewedKeys';

export type RuleLevel = Severity | 'off';

/** What becomes of findings in tests and examples (see engine/fileRole.ts). */
export type NonProductionFindings = 'hint' | 'off' | 'unchanged';
const NON_PRODUCTION_CHOICES: readonly NonProductionFindings[] = ['hint', 'off', 'unchanged'];

export interface AnalysisSettings {
  /** Per-rule severity override, or "off". */
  rules: Record<string, RuleLevel>;
  smallTables: string[];
  skewedKeys: string[];
  /** Values declared dominant for some of those keys (`{"locale": ["en-US"]}`), by lower-cased key. */
  skewedKeyValues: Record<string, string[]>;
  /** Globs (relative to the workspace folder) of files to analyse; empty means all. */
  include: string[];
  exclude: string[];
  /** A shuffled join whose measured small side is under this many bytes is reported as missing-broadcast. */
  broadcastThresholdBytes: number;
  /** Folders of event logs to import and watch (sparkAdvisor.eventLogPaths). */
  eventLogPaths: string[];
  /** Call-site path (as in the log, or its basename) → workspace file, for ambiguous names. */
  callSitePins: Record<string, string>;
  /** sparkAdvisor.cost.*: prices for the report's cost estimates. */
  cost: CostSettings;
  /** sparkAdvisor.testAndExampleFindings: findings in tests and examples are hints by default. */
  testAndExampleFindings: NonProductionFindings;
}

export const DEFAULT_SETTINGS: AnalysisSettings = {
  rules: {},
  smallTables: [],
  skewedKeys: [],
  skewedKeyValues: {},
  include: [],
  exclude: ['**/node_modules/**', '**/.venv/**', '**/venv/**', '**/.git/**'],
  broadcastThresholdBytes: 100 * 1024 * 1024,
  eventLogPaths: [],
  callSitePins: {},
  cost: DEFAULT_COST,
  testAndExampleFindings: 'hint',
};

const LEVELS = new Set<RuleLevel>(['error', 'warning', 'information', 'hint', 'off']);
/** People write VS Code's names for severities too. */
const LEVEL_ALIASES: Record<string, RuleLevel> = { info: 'information', warn: 'warning', none: 'off', disabled: 'off' };

function stringList(value: unknown, fallback: string[]): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : fallback;
}

/** Settings arrive as untrusted JSON (workspace settings, CLI config): keep only what is well-formed. */
export function normalizeSettings(raw: unknown): AnalysisSettings {
  return readSettings(raw).settings;
}

/** normalizeSettings, and what it had to leave out (globs over the caps) for the user to be told. */
export function readSettings(raw: unknown): { settings: AnalysisSettings; problems: string[] } {
  const source = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const rules: Record<string, RuleLevel> = {};
  if (source.rules && typeof source.rules === 'object') {
    for (const [id, level] of Object.entries(source.rules as Record<string, unknown>)) {
      if (typeof level !== 'string') continue;
      const normalized = (LEVEL_ALIASES[level.toLowerCase()] ?? level.toLowerCase()) as RuleLevel;
      if (LEVELS.has(normalized)) rules[id] = normalized;
    }
  }
  const problems: string[] = [];
  const globs = (key: 'smallTables' | 'include' | 'exclude') => {
    const limited = limitGlobs(stringList(source[key], DEFAULT_SETTINGS[key]), `sparkAdvisor.${key}`);
    problems.push(...limited.problems);
    return limited.kept;
  };
  const skewed = readSkewedKeys(source.skewedKeys ?? DEFAULT_SETTINGS.skewedKeys);
  const settings: AnalysisSettings = {
    rules,
    smallTables: globs('smallTables'),
    skewedKeys: skewed.names,
    skewedKeyValues: skewed.dominantValues,
    include: globs('include'),
    exclude: globs('exclude'),
    broadcastThresholdBytes: broadcastThreshold(source.history),
    eventLogPaths: stringList(source.eventLogPaths, DEFAULT_SETTINGS.eventLogPaths),
    callSitePins: stringMap(source.callSitePins),
    cost: normalizeCostSettings(source.cost),
    testAndExampleFindings: NON_PRODUCTION_CHOICES.find((choice) => choice === source.testAndExampleFindings) ?? DEFAULT_SETTINGS.testAndExampleFindings,
  };
  return { settings, problems };
}

function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, entry] of Object.entries(value as Record<string, unknown>)) if (typeof entry === 'string') out[key] = entry;
  }
  return out;
}

/** `history.broadcastThresholdMb` in the settings, as bytes. */
function broadcastThreshold(history: unknown): number {
  const mb = history && typeof history === 'object' ? (history as Record<string, unknown>).broadcastThresholdMb : undefined;
  return typeof mb === 'number' && Number.isFinite(mb) && mb > 0 ? mb * 1024 * 1024 : DEFAULT_SETTINGS.broadcastThresholdBytes;
}
