/**
 * How many executors: fewer when the run never had work for all of them (over-provisioned), else
 * dynamic allocation when executors sat idle for long stretches, else more executors for stages
 * that ran many full waves of tasks with the cores busy.
 */
import { countOf, formatBytes, formatDuration, formatPercent } from '../../common/format';
import type { StageSummary } from '../../history/eventlog/types';
import { candidate, capitalise, listOf, stageName, type Candidate, type RecommendContext } from './context';
import { isLocalMode, parseBoolean, parseNumber, settingOf, versionAtLeast } from './settings';
import { EXECUTORS } from '../../verdicts/thresholds';
import type { CoreUsage, UsageSegment } from './utilisation';
import type { Setting } from '../types';

const coreHours = (coreMs: number) => `${(coreMs / 3_600_000).toFixed(coreMs < 360_000_000 ? 1 : 0)} core-hours`;

/** A run of consecutive segments during which at least one whole executor's cores were idle. */
interface IdleStretch {
  start: number;
  end: number;
  segments: UsageSegment[];
}

/**
 * Executors without a task: Spark spreads running tasks over the executors, so each busy core is
 * counted on an executor of its own (the cautious reading of an average).
 */
function idleExecutors(segment: UsageSegment): number {
  return segment.executors - Math.min(segment.executors, Math.ceil(segment.busyCores - 1e-9));
}

/**
 * Executor time dynamic allocation would have released while keeping `minExecutors`: the k-th idle
 * executor goes after executorIdleTimeout of a stretch where at least k were idle, for every k.
 * Segments are contiguous.
 */
function releasableExecutorMs(usage: CoreUsage, minExecutors: number): number {
  let total = 0;
  for (let k = 1; k <= usage.peakExecutors - minExecutors; k++) {
    let runStart: number | undefined;
    let runEnd = 0;
    for (const segment of [...usage.segments, undefined]) {
      if (segment && idleExecutors(segment) >= k) {
        runStart ??= segment.start;
        runEnd = segment.end;
      } else if (runStart !== undefined) {
        total += Math.max(0, runEnd - runStart - EXECUTORS.idleTimeoutMs);
        runStart = undefined;
      }
    }
  }
  return total;
}

/** The longest stretch with at least one executor idle. */
function longestIdleStretch(usage: CoreUsage): IdleStretch | undefined {
  let best: IdleStretch | undefined;
  let current: IdleStretch | undefined;
  for (const segment of usage.segments) {
    if (idleExecutors(segment) < 1) {
      current = undefined;
      continue;
    }
    current ??= { start: segment.start, end: segment.start, segments: [] };
    current.end = segment.end;
    current.segments.push(segment);
    if (!best || current.end - current.start > best.end - best.start) best = current;
  }
  return best;
}

const runningDuring = (stages: readonly StageSummary[], stretch: IdleStretch) =>
  stages.filter((stage) => stage.submissionTime !== undefined && stage.completionTime !== undefined && stage.submissionTime < stretch.end && stage.completionTime > stretch.start);

function describeStretch(context: RecommendContext, stretch: IdleStretch): string {
  const duration = stretch.end - stretch.start;
  const busy = stretch.segments.reduce((sum, segment) => sum + segment.busyCores * (segment.end - segment.start), 0) / duration;
  const available = stretch.segments.reduce((sum, segment) => sum + segment.availableCores * (segment.end - segment.start), 0) / duration;
  const stages = runningDuring(context.app.stages, stretch);
  const during = stages.length === 0 ? 'with no stage running' : `while ${stages.length === 1 ? stageName(stages[0]!) : `${countOf(stages.length, 'stage')} (${stages.slice(0, 3).map((stage) => stage.stageId).join(', ')}${stages.length > 3 ? ', …' : ''})`} ran`;
  const offset = formatDuration(stretch.start - (context.app.startTime ?? stretch.start));
  return `the longest lasted ${formatDuration(duration)} (from ${offset} into the run) with ${busy.toFixed(busy < 10 ? 1 : 0)} of ${Math.round(available)} cores busy on average ${during}`;
}

function recommendDynamicAllocation(context: RecommendContext, usage: CoreUsage): Candidate[] {
  const stretch = longestIdleStretch(usage);
  if (!stretch) return [];
  // The floor: what the quietest long stretch kept busy, each busy core on an executor of its own.
  const busyInStretch = stretch.segments.reduce((sum, segment) => sum + segment.busyCores * (segment.end - segment.start), 0) / (stretch.end - stretch.start);
  const minExecutors = Math.max(1, Math.min(usage.peakExecutors, Math.ceil(busyInStretch - 1e-9)));
  const releasedCoreMs = releasableExecutorMs(usage, minExecutors) * usage.coresPerExecutor;
  if (releasedCoreMs < EXECUTORS.minSavedCoreMs || releasedCoreMs < EXECUTORS.minIdleShare * usage.availableCoreMs) return [];
  const idle = `Executors sat idle: releasing them after ${formatDuration(EXECUTORS.idleTimeoutMs)} without tasks frees ${coreHours(releasedCoreMs)} of the run's ${coreHours(usage.availableCoreMs)} (${formatPercent(releasedCoreMs / usage.availableCoreMs)}); ${describeStretch(context, stretch)}`;
  const setting = settingOf(context.app, 'spark.dynamicAllocation.enabled');
  const maxExecutors = Math.max(minExecutors, Math.min(usage.peakExecutors, Math.ceil(usage.peakDemandTasks / usage.coresPerExecutor)));
  // One change: dynamic allocation with its floor, its ceiling and (without an external shuffle
  // service) shuffle tracking, each said why once, the effect stated once.
  const together: Setting[] = [];
  const why: string[] = [];
  const minSetting = settingOf(context.app, 'spark.dynamicAllocation.minExecutors');
  if (minSetting !== String(minExecutors)) {
    together.push({ key: 'spark.dynamicAllocation.minExecutors', current: minSetting ?? null, suggested: String(minExecutors) });
    why.push(`at least ${countOf(minExecutors, 'executor')}: ${busyInStretch.toFixed(1)} cores were busy on average during that stretch, and more join when tasks queue up`);
  }
  const maxSetting = settingOf(context.app, 'spark.dynamicAllocation.maxExecutors');
  if (maxSetting !== String(maxExecutors)) {
    together.push({ key: 'spark.dynamicAllocation.maxExecutors', current: maxSetting ?? null, suggested: String(maxExecutors) });
    why.push(`at most ${countOf(maxExecutors, 'executor')}: the widest moment had ${countOf(usage.peakDemandTasks, 'task')} to run at once${usage.peakDemandTasks <= usage.peakExecutors * usage.coresPerExecutor ? `, ${maxExecutors === 1 ? 'one wave' : 'one wave on them'}` : `; the run had ${countOf(usage.peakExecutors, 'executor')}, the ceiling stays there`}`);
  }
  // Released executors take their shuffle files with them unless an external shuffle service or shuffle tracking keeps them.
  const shuffleService = parseBoolean(settingOf(context.app, 'spark.shuffle.service.enabled')) === true;
  const trackingSetting = settingOf(context.app, 'spark.dynamicAllocation.shuffleTracking.enabled');
  const shuffled = context.app.totals.shuffleWriteBytes;
  if (shuffled > 0 && !shuffleService && parseBoolean(trackingSetting) !== true && versionAtLeast(context.app, 3, 0) !== false) {
    together.push({ key: 'spark.dynamicAllocation.shuffleTracking.enabled', current: trackingSetting ?? null, suggested: 'true' });
    why.push(`shuffle tracking, since the run wrote ${formatBytes(shuffled)} of shuffle files without an external shuffle service: an executor is kept until no later stage needs its files`);
  }
  const reason = `${idle}. With ${why.length > 0 ? `${listOf(why)}.` : 'the floor and ceiling as set.'}`;
  const model = { scenario: {}, assumptions: [`executors idle for longer than spark.dynamicAllocation.executorIdleTimeout (${formatDuration(EXECUTORS.idleTimeoutMs)}) released, task durations unchanged`] };
  return [{ ...candidate(context, 'spark.dynamicAllocation.enabled', setting, 'true', reason, runningDuring(context.app.stages, stretch)[0], model), releasedCoreMs, together }];
}

/** Static allocation wider than any stage ever was: fewer executors run the same waves. */
function recommendFewerInstances(context: RecommendContext, usage: CoreUsage): Candidate[] {
  const needed = Math.max(1, Math.ceil(usage.peakDemandTasks / usage.coresPerExecutor));
  if (needed >= usage.peakExecutors) return [];
  const savedCoreMs = usage.availableCoreMs * (1 - needed / usage.peakExecutors);
  if (savedCoreMs < EXECUTORS.minSavedCoreMs) return [];
  const cores = usage.peakExecutors * usage.coresPerExecutor;
  const reason = `No moment of the run had more than ${countOf(usage.peakDemandTasks, 'task')} to run at once, yet ${countOf(usage.peakExecutors, 'executor')} × ${usage.coresPerExecutor} = ${countOf(cores, 'core')} were held for ${formatDuration(usage.durationMs)} (${formatPercent(usage.utilisation)} busy): ${countOf(needed, 'executor')} run the same waves and free about ${coreHours(savedCoreMs)}.`;
  return [candidate(context, 'spark.executor.instances', settingOf(context.app, 'spark.executor.instances'), String(needed), reason)];
}

/**
 * Stages of many full waves that kept the cores busy: more executors shorten them at about the same
 * core time. `key` is what sets the count: spark.executor.instances, or dynamic allocation's ceiling.
 */
function recommendMoreInstances(context: RecommendContext, usage: CoreUsage, key = 'spark.executor.instances'): Candidate[] {
  const cores = usage.peakExecutors * usage.coresPerExecutor;
  const heavy = context.judged.filter(({ stage, verdicts }) => {
    if (stage.submissionTime === undefined || stage.completionTime === undefined || stage.completionTime <= stage.submissionTime) return false;
    if (verdicts.has('task-skew') || verdicts.has('partition-sizing')) return false;
    const tasks = stage.numTasks ?? stage.tasks.tasks;
    const busy = stage.tasks.durationMs / (stage.completionTime - stage.submissionTime);
    return tasks >= EXECUTORS.minWaves * cores && busy >= EXECUTORS.highUtilisation * cores;
  });
  if (heavy.length === 0) return [];
  const wallMs = heavy.reduce((sum, { stage }) => sum + (stage.completionTime! - stage.submissionTime!), 0);
  if (wallMs < EXECUTORS.minWallShare * usage.durationMs) return [];
  const widest = Math.max(...heavy.map(({ stage }) => stage.numTasks ?? stage.tasks.tasks));
  const suggested = Math.min(usage.peakExecutors * EXECUTORS.maxGrowth, Math.ceil(widest / usage.coresPerExecutor));
  if (suggested <= usage.peakExecutors) return [];
  const longest = heavy.reduce((a, b) => (b.stage.completionTime! - b.stage.submissionTime! > a.stage.completionTime! - a.stage.submissionTime! ? b : a)).stage;
  const longestTasks = longest.numTasks ?? longest.tasks.tasks;
  const longestBusy = longest.tasks.durationMs / (longest.completionTime! - longest.submissionTime!) / cores;
  const others = heavy.length > 1 ? `; ${countOf(heavy.length, 'such stage')} took ${formatDuration(wallMs)} of the ${formatDuration(usage.durationMs)} run` : ` of the ${formatDuration(usage.durationMs)} run`;
  const reason = `${capitalise(stageName(longest))} ran ${countOf(longestTasks, 'task')} in ${(longestTasks / cores).toFixed(1)} waves over ${countOf(cores, 'core')} with them ${formatPercent(Math.min(1, longestBusy))} busy for ${formatDuration(longest.completionTime! - longest.submissionTime!)}${others}: ${countOf(suggested, 'executor')} run those waves in about ${formatPercent(usage.peakExecutors / suggested)} of the time for the same core time.`;
  return [candidate(context, key, settingOf(context.app, key), String(suggested), reason, longest)];
}

export function recommendExecutors(context: RecommendContext): Candidate[] {
  const usage = context.usage;
  if (!usage || isLocalMode(context.app) || usage.coresPerExecutor <= 0) return [];
  // Under dynamic allocation Spark sizes the executors itself: only a ceiling the run stayed at can be raised.
  if (parseBoolean(settingOf(context.app, 'spark.dynamicAllocation.enabled')) === true) {
    const ceiling = parseNumber(settingOf(context.app, 'spark.dynamicAllocation.maxExecutors'));
    return ceiling !== undefined && usage.peakExecutors >= ceiling ? recommendMoreInstances(context, usage, 'spark.dynamicAllocation.maxExecutors') : [];
  }
  // A run that never needed all its executors is right-sized statically first (simpler and
  // predictable); idleness that remains shows in the next run.
  const fewer = recommendFewerInstances(context, usage);
  if (fewer.length > 0) return fewer;
  const dynamic = recommendDynamicAllocation(context, usage);
  return dynamic.length > 0 ? dynamic : recommendMoreInstances(context, usage);
}
