/**
 * Which runs are runs of the same job. A name alone does not say it: `Spark shell` is every
 * interactive session, and a renamed job keeps its code. Two runs are the same job when their
 * names are compatible (the same name stem, not a generic one) and their structure agrees: the
 * stages they ran (operation and source file, without line numbers), the shape of their SQL plans
 * and the main source file. Generic names never match by name alone; they match only by structure,
 * and more strictly. Runs on different platforms (GPU vs CPU, Databricks vs not) are never the same
 * job: their times are not comparable.
 */
import type { ApplicationSummary } from '../history/eventlog/types';
import { platformOf } from './platform';

/**
 * Runs of one job often carry the run date or a counter in their application name
 * (`daily-orders-etl-2026-11-02`, `nightly_42`): the stem is the name without that suffix.
 */
export function jobKey(appName: string): string {
  const stem = appName.replace(/([-_ .](\d{4}-\d{2}-\d{2}|\d{8}|\d+)([T_ -]?\d{2}[:.-]?\d{2}([:.-]?\d{2})?)?)+$/, '');
  return stem === '' ? appName : stem;
}

/** Names Spark or a notebook gives every session: they say nothing about which job ran. */
const GENERIC_NAMES = [/^spark[ -]?shell$/i, /^databricks[ -]?shell$/i, /^pyspark[ -]?shell$/i, /^sparkr$/i, /^spark ?sql(::.*)?$/i, /^pyspark$/i, /^zeppelin.*$/i, /^jupyter.*$/i, /^livy-session-\d+$/i, /^spark thrift server$/i];

export function isGenericName(name: string): boolean {
  const trimmed = name.trim();
  return trimmed === '' || GENERIC_NAMES.some((pattern) => pattern.test(trimmed));
}

/** The job a name alone assigns: its stem, or the run itself for a generic name. */
export function nameJobKey(appName: string, appKey: string): string {
  return isGenericName(appName) ? `${appName}#${appKey}` : jobKey(appName);
}

export interface JobStructure {
  name: string;
  stem: string;
  generic: boolean;
  /** Normalised names of first stage attempts: "collect at etl.py", line numbers and helper threads dropped. */
  stages: string[];
  /** Per SQL execution, its plan's joins, exchanges, scans and writes in order: "Scan parquet>Exchange>SortMergeJoin>…". */
  plans: string[];
  /** The source file most stages name, if any. */
  mainFile?: string;
  /** "gpu", "databricks", "databricks+gpu", "cpu": runs of different kinds are not compared. */
  platformKind: string;
}

/** Helper-thread and JVM-bridge frames name no code of the job. */
const NAMELESS = /(FutureTask\.java|NativeMethodAccessorImpl\.java|ThreadPoolExecutor\.java|<console>|<stdin>|DirectMethodHandleAccessor\.java)/;

/** "collect at /opt/jobs/etl.py:90" → "collect at etl.py"; "save at NativeMethodAccessorImpl.java:0" → "save". */
export function normaliseStageName(name: string): string {
  const match = /^(.*?) at ([^:\s]+?)(?::\d+)?$/.exec(name.trim());
  if (!match) return name.trim().replace(/\d+/g, '#');
  const operation = match[1]!.replace(/\$anonfun\$.*$/, '').trim();
  const file = match[2]!.split(/[\\/]/).pop()!;
  return NAMELESS.test(file) ? operation || 'stage' : `${operation} at ${file}`;
}

function fileOf(name: string): string | undefined {
  const file = / at ([^:\s]+?)(?::\d+)?$/.exec(name.trim())?.[1]?.split(/[\\/]/).pop();
  return file && !NAMELESS.test(file) && /\.(py|scala|java|sc|ipynb|R|sql)$/i.test(file) ? file : undefined;
}

export function jobStructure(app: ApplicationSummary): JobStructure {
  const name = app.name ?? app.appId ?? '';
  const stages = app.stages.filter((stage) => stage.attemptId === 0).map((stage) => normaliseStageName(stage.name ?? ''));
  const files = new Map<string, number>();
  for (const stage of app.stages) {
    const file = fileOf(stage.name ?? '');
    if (file) files.set(file, (files.get(file) ?? 0) + 1);
  }
  const mainFile = [...files].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
  const plans = app.sqlExecutions
    .map((execution) => execution.nodes.filter((node) => node.kind === 'join' || node.kind === 'exchange' || node.kind === 'scan' || node.kind === 'write' || node.kind === 'aggregate').map((node) => node.nodeName.replace(/\s.*$/, '')).join('>'))
    .filter((shape) => shape !== '');
  const platform = platformOf(app.sparkProperties);
  const platformKind = `${platform.manager === 'databricks' ? 'databricks' : 'spark'}${platform.gpu ? '+gpu' : ''}`;
  return { name, stem: jobKey(name), generic: isGenericName(name), stages, plans, ...(mainFile ? { mainFile } : {}), platformKind };
}

export interface JobMatch {
  /** 0…1: how alike the two runs' structures are. */
  similarity: number;
  sameJob: boolean;
  /** What they share, for the report: "same name, 12 of 14 stages, 3 of 3 plan shapes, main file etl.py". */
  reason: string;
}

/** Below these structural similarities, runs are not the same job (generic names need more). */
export const SAME_JOB = { named: 0.5, generic: 0.8 };

/** Shared items (counting repeats) over all items; 1 when both are empty. */
function multisetJaccard(a: readonly string[], b: readonly string[]): { share: number; shared: number } {
  if (a.length === 0 && b.length === 0) return { share: 1, shared: 0 };
  const counts = new Map<string, number>();
  for (const item of a) counts.set(item, (counts.get(item) ?? 0) + 1);
  let shared = 0;
  for (const item of b) {
    const left = counts.get(item) ?? 0;
    if (left > 0) {
      shared++;
      counts.set(item, left - 1);
    }
  }
  return { share: shared / (a.length + b.length - shared), shared };
}

export function compareJobs(a: JobStructure, b: JobStructure): JobMatch {
  const stages = multisetJaccard(a.stages, b.stages);
  const plans = multisetJaccard(a.plans, b.plans);
  const parts: Array<[number, number]> = [[0.6, stages.share]];
  if (a.plans.length > 0 || b.plans.length > 0) parts.push([0.25, plans.share]);
  if (a.mainFile !== undefined || b.mainFile !== undefined) parts.push([0.15, a.mainFile === b.mainFile ? 1 : 0]);
  const weight = parts.reduce((sum, [w]) => sum + w, 0);
  const structural = a.stages.length === 0 && b.stages.length === 0 ? 0 : parts.reduce((sum, [w, s]) => sum + w * s, 0) / weight;
  const sameName = !a.generic && !b.generic && a.stem === b.stem;
  const namesCompatible = sameName || (a.generic && b.generic && a.name === b.name);
  const samePlatform = a.platformKind === b.platformKind;
  const sameJob = samePlatform && namesCompatible && structural >= (sameName ? SAME_JOB.named : SAME_JOB.generic);
  const reason = [
    sameName ? 'same name' : a.name === b.name ? `generic name "${a.name}" (not evidence)` : 'other name',
    `${stages.shared} of ${Math.max(a.stages.length, b.stages.length)} stages alike`,
    ...(a.plans.length > 0 || b.plans.length > 0 ? [`${plans.shared} of ${Math.max(a.plans.length, b.plans.length)} plan shapes`] : []),
    ...(a.mainFile !== undefined && a.mainFile === b.mainFile ? [`main file ${a.mainFile}`] : []),
    ...(samePlatform ? [] : [`other platform (${b.platformKind} vs ${a.platformKind})`]),
  ].join(', ');
  return { similarity: Math.round(structural * 1000) / 1000, sameJob, reason };
}
