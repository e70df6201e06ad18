/** Human figures shared by the HTML, Markdown and text renderers. Results are raw text: callers escape. */
import { formatDuration, formatPercent } from '../../common/format';
export { formatMoney } from '../../common/format';
import type { CodeLocation, ReportSummary } from '../types';

export const NOT_AVAILABLE = 'not available';

export function durationOrUnknown(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? NOT_AVAILABLE : formatDuration(ms);
}

/** "2026-11-03 04:12 UTC": reports are shared across time zones. */
export function formatDateTime(epochMs: number | null | undefined): string {
  if (epochMs === null || epochMs === undefined || !Number.isFinite(epochMs)) return NOT_AVAILABLE;
  return `${new Date(epochMs).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** "+12%" / "−8%" relative to a reference, or "" when either side is unknown. */
export function formatChange(value: number | null, reference: number | null): string {
  if (value === null || reference === null || reference === 0 || !Number.isFinite(value) || !Number.isFinite(reference)) return '';
  const change = (value - reference) / reference;
  if (Math.abs(change) < 0.005) return '±0%';
  return `${change > 0 ? '+' : '−'}${formatPercent(Math.abs(change))}`;
}

/** "10 executors × 4 cores (40 cores), 8g each". */
export function formatExecutors(summary: ReportSummary): string {
  const cores = `${summary.totalCores} core${summary.totalCores === 1 ? '' : 's'}`;
  const executors = `${summary.executors} executor${summary.executors === 1 ? '' : 's'}`;
  const shape = summary.coresPerExecutor !== null ? `${executors} × ${summary.coresPerExecutor} cores (${cores})` : `${executors}, ${cores}`;
  return summary.executorMemory ? `${shape}, ${summary.executorMemory} each` : shape;
}

/** The last path segment and the line: "etl.py:42" (the full path goes in a tooltip). */
export function shortLocation(location: CodeLocation): string {
  const segments = location.file.split(/[\\/]/).filter((segment) => segment.length > 0);
  return `${segments[segments.length - 1] ?? location.file}:${location.line}`;
}

/**
 * A stage as people know it: the line of code it ran (the JVM frame Spark names it after,
 * `$anonfun$run$1 at FutureTask.java:266`, means nothing to them), with the operation when the
 * name says one: "sessionize_clickstream.py:113 · parquet".
 */
export function stageName(stage: { name: string; location?: CodeLocation }): string {
  if (!stage.location) return stage.name;
  const operation = /^([\w$]+) at /.exec(stage.name)?.[1];
  const place = shortLocation(stage.location);
  return operation && !operation.startsWith('$') ? `${place} · ${operation}` : place;
}

export function fullLocation(location: CodeLocation): string {
  return `${location.file}:${location.line}`;
}

/** Share of the wall time, e.g. driver time over the run's duration. */
export function shareOf(part: number, whole: number): string {
  return whole > 0 ? formatPercent(part / whole) : '?';
}
