/**
 * What a stage looked like before it ran, as numbers a model can learn from: how much it read and
 * wrote, how many tasks, on what cluster, with which settings, of which job. Outcomes of the run
 * itself (spill, GC, skew) are left out: a changed setting would change them too.
 */
import type { ApplicationSummary, StageSummary } from '../../history/eventlog/types';
import { jobKey } from '../../common/jobIdentity';
import { hashToUnit } from './random';

export type HistoryApplication = ApplicationSummary & { appKey: string };

export interface StageSample {
  features: number[];
  /** Completion − submission of the stage attempt, ms. */
  durationMs: number;
  appKey: string;
  /** The application name without its date or counter suffix. */
  job: string;
  stageName: string;
}

/** Positions in `StageSample.features`. */
export const FEATURE = {
  inputBytes: 0,
  shuffleReadBytes: 1,
  shuffleWriteBytes: 2,
  tasks: 3,
  executorCores: 4,
  executorMemoryGb: 5,
  memoryFraction: 6,
  shufflePartitions: 7,
  adaptive: 8,
  job: 9,
  stageName: 10,
  stagePosition: 11,
  logBytesPerTask: 12,
  waves: 13,
} as const;

export const FEATURE_NAMES: string[] = [
  'log input bytes',
  'log shuffle read bytes',
  'log shuffle write bytes',
  'tasks (partitions)',
  'executor cores',
  'executor memory GB',
  'spark.memory.fraction',
  'spark.sql.shuffle.partitions',
  'adaptive execution (0/1)',
  'job identity (hashed)',
  'stage name (hashed)',
  'stage position in the application',
  'log bytes read per task',
  'task waves (tasks / executor cores)',
];

/** Spark's defaults when a run did not set them. */
const DEFAULT_EXECUTOR_MEMORY_GB = 1;
export const DEFAULT_MEMORY_FRACTION = 0.6;
const DEFAULT_SHUFFLE_PARTITIONS = 200;

/** One sample per completed stage attempt with both times; failed and unfinished attempts say nothing about a normal duration. */
export function stageSamples(apps: readonly HistoryApplication[]): StageSample[] {
  const samples: StageSample[] = [];
  for (const app of apps) {
    const job = jobKey(app.name ?? app.appId ?? app.appKey);
    const jobs = new Map(app.jobs.map((j) => [j.jobId, j]));
    let position = 0;
    for (const stage of app.stages) {
      const durationMs = stageDuration(stage);
      if (durationMs === undefined) continue;
      // Job properties are the local properties of the query (a SET or spark.conf.set), which override the application's.
      const settings = { ...app.sparkProperties, ...(stage.jobIds.length > 0 ? jobs.get(stage.jobIds[0]!)?.properties : undefined) };
      const stageName = stage.name ?? `stage ${stage.stageId}`;
      const features: number[] = [];
      features[FEATURE.inputBytes] = Math.log1p(stage.tasks.inputBytes);
      features[FEATURE.shuffleReadBytes] = Math.log1p(stage.tasks.shuffleReadBytes);
      features[FEATURE.shuffleWriteBytes] = Math.log1p(stage.tasks.shuffleWriteBytes);
      features[FEATURE.tasks] = stage.numTasks ?? stage.tasks.tasks;
      features[FEATURE.executorCores] = coresAt(app, stage.submissionTime!);
      features[FEATURE.executorMemoryGb] = parseMemoryGb(settings['spark.executor.memory']) ?? DEFAULT_EXECUTOR_MEMORY_GB;
      features[FEATURE.memoryFraction] = parseFraction(settings['spark.memory.fraction']) ?? DEFAULT_MEMORY_FRACTION;
      features[FEATURE.shufflePartitions] = parseCount(settings['spark.sql.shuffle.partitions']) ?? DEFAULT_SHUFFLE_PARTITIONS;
      features[FEATURE.adaptive] = adaptiveEnabled(settings['spark.sql.adaptive.enabled'], app.sparkVersion) ? 1 : 0;
      features[FEATURE.job] = hashToUnit(job);
      features[FEATURE.stageName] = hashToUnit(stageName);
      features[FEATURE.stagePosition] = position++;
      withDerivedFeatures(features);
      // A corrupt figure in one log must not poison the whole model.
      if (!features.every(Number.isFinite)) continue;
      samples.push({ features, durationMs, appKey: app.appKey, job, stageName });
    }
  }
  return samples;
}

/**
 * Fills the features computed from others, after any of those changed: how much each task reads and
 * how many rounds of tasks the cores run. Trees cannot divide, and stage time follows these more
 * directly than the totals (2,000 tiny tasks and 20 big ones read the same bytes).
 */
export function withDerivedFeatures(features: number[]): number[] {
  const tasks = Math.max(1, features[FEATURE.tasks]!);
  const bytes = Math.expm1(features[FEATURE.inputBytes]!) + Math.expm1(features[FEATURE.shuffleReadBytes]!);
  features[FEATURE.logBytesPerTask] = Math.log1p(bytes / tasks);
  features[FEATURE.waves] = tasks / Math.max(1, features[FEATURE.executorCores]!);
  return features;
}

function stageDuration(stage: StageSummary): number | undefined {
  if (stage.status !== 'complete' || stage.submissionTime === undefined || stage.completionTime === undefined) return undefined;
  const duration = stage.completionTime - stage.submissionTime;
  return Number.isFinite(duration) && duration >= 0 ? duration : undefined;
}

/**
 * Executor cores alive when the stage was submitted: dynamic allocation and lost executors make the
 * cluster differ from stage to stage. Falls back to every executor seen, then to the configuration.
 */
export function coresAt(app: ApplicationSummary, time: number): number {
  let alive = 0;
  let seen = 0;
  for (const executor of app.executors) {
    const cores = executor.totalCores ?? 0;
    seen += cores;
    if ((executor.addedTime ?? -Infinity) <= time && (executor.removedTime ?? Infinity) > time) alive += cores;
  }
  if (alive > 0) return alive;
  if (seen > 0) return seen;
  const configured = (parseCount(app.sparkProperties['spark.executor.cores']) ?? 0) * (parseCount(app.sparkProperties['spark.executor.instances']) ?? 0);
  if (configured > 0) return configured;
  const local = /^local\[(\d+)/.exec(app.sparkProperties['spark.master'] ?? '');
  return local ? Number(local[1]) : 1;
}

/** Spark's size strings ("16g", "4096m", "1t"); a bare number is MiB, as for spark.executor.memory. */
export function parseMemoryGb(value: string | undefined): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmgtp]?)(b?)\s*$/i.exec(value ?? '');
  if (!match) return undefined;
  const unit = match[2]!.toLowerCase();
  if (unit === '' && match[3] !== '') return Number(match[1]) / 1024 ** 3;
  const gibPerUnit: Record<string, number> = { '': 1 / 1024, k: 1 / 1024 ** 2, m: 1 / 1024, g: 1, t: 1024, p: 1024 ** 2 };
  return Number(match[1]) * gibPerUnit[unit]!;
}

export function parseFraction(value: string | undefined): number | undefined {
  const number = Number(value?.trim());
  return value !== undefined && value.trim() !== '' && Number.isFinite(number) && number >= 0 && number <= 1 ? number : undefined;
}

export function parseCount(value: string | undefined): number | undefined {
  const number = Number(value?.trim());
  return value !== undefined && /^\s*\d+\s*$/.test(value) && number > 0 ? number : undefined;
}

/** spark.sql.adaptive.enabled defaults to true from Spark 3.2 on. */
function adaptiveEnabled(value: string | undefined, sparkVersion: string | undefined): boolean {
  if (value !== undefined) return value.trim().toLowerCase() === 'true';
  const version = /^(\d+)\.(\d+)/.exec(sparkVersion ?? '');
  return version !== null && (Number(version[1]) > 3 || (Number(version[1]) === 3 && Number(version[2]) >= 2));
}
