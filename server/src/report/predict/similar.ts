/**
 * Runs in the history most like the target: the same job above all, then input size, the shape of
 * the stages and the configuration. Each part scores 0…1; the similarity is their weighted sum.
 */
import { formatBytes } from '../../common/format';
import { jobKey } from '../../common/jobIdentity';
import { runRef } from '../../common/runs';
import type { SimilarRun } from '../types';
import type { HistoryApplication } from './features';

const WEIGHTS = { job: 0.4, input: 0.2, shape: 0.25, configuration: 0.15 };

/** Settings that change how a run behaves, compared for "same configuration". */
const COMPARED_SETTINGS = [
  'spark.executor.memory',
  'spark.executor.cores',
  'spark.executor.instances',
  'spark.dynamicAllocation.enabled',
  'spark.sql.shuffle.partitions',
  'spark.sql.adaptive.enabled',
  'spark.sql.autoBroadcastJoinThreshold',
  'spark.memory.fraction',
];

export function similarRuns(history: readonly HistoryApplication[], target: HistoryApplication, limit = 5): SimilarRun[] {
  const targetProfile = profile(target);
  const seen = new Set([target.appKey]);
  const scored: Array<SimilarRun & { startTime: number }> = [];
  for (const app of history) {
    if (seen.has(app.appKey)) continue;
    seen.add(app.appKey);
    const other = profile(app);
    const job = jobSimilarity(targetProfile.job, other.job);
    const input = ratio(targetProfile.inputBytes, other.inputBytes);
    const names = multisetJaccard(targetProfile.stageNames, other.stageNames);
    const shape = (ratio(targetProfile.stageNames.length, other.stageNames.length) + names) / 2;
    const differing = COMPARED_SETTINGS.filter((key) => targetProfile.settings.get(key) !== other.settings.get(key));
    const configuration = 1 - differing.length / COMPARED_SETTINGS.length;
    const similarity = WEIGHTS.job * job + WEIGHTS.input * input + WEIGHTS.shape * shape + WEIGHTS.configuration * configuration;
    const reason = [
      job === 1 ? 'same job' : `other job (${other.job})`,
      describeInput(targetProfile.inputBytes, other.inputBytes),
      describeShape(targetProfile.stageNames, other.stageNames),
      differing.length === 0 ? 'same configuration' : `${differing.length === 1 ? '1 setting differs' : `${differing.length} settings differ`} (${differing.slice(0, 3).join(', ')}${differing.length > 3 ? ', …' : ''})`,
    ].join(', ');
    const durationMs = app.startTime !== undefined && app.endTime !== undefined ? app.endTime - app.startTime : null;
    scored.push({ appKey: app.appKey, label: runRef(app).label, similarity: Math.round(similarity * 1000) / 1000, durationMs, reason, startTime: app.startTime ?? -Infinity });
  }
  scored.sort((a, b) => b.similarity - a.similarity || b.startTime - a.startTime || (a.appKey < b.appKey ? -1 : a.appKey > b.appKey ? 1 : 0));
  return scored.slice(0, Math.max(0, limit)).map(({ startTime: _startTime, ...run }) => run);
}

interface RunProfile {
  job: string;
  inputBytes: number;
  /** Names of first stage attempts (a retry is not another stage), in order. */
  stageNames: string[];
  settings: Map<string, string | undefined>;
}

function profile(app: HistoryApplication): RunProfile {
  const settings = new Map<string, string | undefined>();
  for (const key of COMPARED_SETTINGS) {
    // A query's own setting (job properties) counts when the application did not set it.
    settings.set(key, app.sparkProperties[key] ?? app.jobs.find((j) => j.properties[key] !== undefined)?.properties[key]);
  }
  return {
    job: jobKey(app.name ?? app.appId ?? app.appKey),
    inputBytes: app.totals.inputBytes,
    stageNames: app.stages.filter((s) => s.attemptId === 0).map((s) => s.name ?? ''),
    settings,
  };
}

/** Same job 1; otherwise the share of name words in common ("daily-orders-etl" vs "daily-revenue": 1 of 4). */
function jobSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  return multisetJaccard(words(a), words(b));
}

function words(name: string): string[] {
  return name.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w !== '');
}

/** Smaller over larger, 1 when both are 0. */
function ratio(a: number, b: number): number {
  const larger = Math.max(a, b);
  return larger <= 0 ? 1 : Math.max(0, Math.min(a, b)) / larger;
}

/** Shared items over all items, counting repeats (two "save at …" stages are two). */
function multisetJaccard(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 && b.length === 0) return 1;
  const shared = sharedCount(a, b);
  return shared / (a.length + b.length - shared);
}

function sharedCount(a: readonly string[], b: readonly string[]): number {
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
  return shared;
}

function describeInput(target: number, other: number): string {
  if (target === 0 && other === 0) return 'no input in either';
  if (ratio(target, other) >= 0.95) return 'input within 5%';
  if (target === 0 || other === 0) return `input ${formatBytes(other)} vs ${formatBytes(target)}`;
  const factor = other / target;
  if (factor >= 2) return `input ${factor.toFixed(1)}× larger`;
  if (factor <= 0.5) return `input ${(1 / factor).toFixed(1)}× smaller`;
  return `input ${Math.round(Math.abs(factor - 1) * 100)}% ${factor > 1 ? 'larger' : 'smaller'}`;
}

function describeShape(target: readonly string[], other: readonly string[]): string {
  const shared = sharedCount(target, other);
  if (shared === target.length && shared === other.length) return 'same stage shape';
  return `${other.length} stages vs ${target.length}, ${shared} stage names in common`;
}
