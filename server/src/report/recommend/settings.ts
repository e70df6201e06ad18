/**
 * The Spark settings a run used: the application's Spark properties, overridden by what the code set
 * at runtime (`spark.conf.set`, SQL `SET`), which Spark records in each job's local properties.
 */
import type { ApplicationSummary } from '../../history/eventlog/types';

/**
 * The value the run used for `key`, or undefined when it ran on Spark's default. A runtime value
 * wins over the submitted one; when jobs disagree, the one most jobs ran with is taken.
 */
export function settingOf(app: ApplicationSummary, key: string): string | undefined {
  const counts = new Map<string, number>();
  for (const job of app.jobs) {
    const value = job.properties[key];
    if (value !== undefined) counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  let best: string | undefined;
  for (const [value, count] of counts) if (best === undefined || count > counts.get(best)!) best = value;
  return best ?? app.sparkProperties[key];
}

const SIZE_UNITS: Record<string, number> = { b: 1, k: 1024, kb: 1024, m: 1024 ** 2, mb: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3, t: 1024 ** 4, tb: 1024 ** 4, p: 1024 ** 5, pb: 1024 ** 5 };

/**
 * Bytes of a Spark size setting ("10m", "64MB", "1g", "10485760"), with `bareUnit` for a number
 * without a suffix (bytes for the SQL thresholds, MiB for spark.executor.memory); undefined when unreadable.
 */
export function parseSize(text: string | undefined, bareUnit: 'b' | 'm'): number | undefined {
  const match = text?.trim().toLowerCase().match(/^(-?\d+(?:\.\d+)?)\s*([a-z]*)$/);
  if (!match) return undefined;
  const unit = match[2] === '' ? bareUnit : match[2]!;
  const factor = SIZE_UNITS[unit];
  return factor === undefined ? undefined : Number(match[1]) * factor;
}

export function parseBoolean(text: string | undefined): boolean | undefined {
  const value = text?.trim().toLowerCase();
  return value === 'true' ? true : value === 'false' ? false : undefined;
}

export function parseNumber(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const value = Number(text.trim());
  return Number.isFinite(value) ? value : undefined;
}

/** [major, minor] of "3.5.1", or undefined. */
export function sparkVersionOf(app: ApplicationSummary): [number, number] | undefined {
  const match = app.sparkVersion?.match(/^(\d+)\.(\d+)/);
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}

export function versionAtLeast(app: ApplicationSummary, major: number, minor: number): boolean | undefined {
  const version = sparkVersionOf(app);
  if (!version) return undefined;
  return version[0] > major || (version[0] === major && version[1] >= minor);
}

/** Local mode (`local`, `local[4]`, `local[2,4]`): one JVM, no executors to size. */
export function isLocalMode(app: ApplicationSummary): boolean {
  return /^local(\[|$)/.test(app.sparkProperties['spark.master'] ?? '');
}
