/**
 * Assembles the performance report of one stored application attempt: summary and cost, findings
 * (the verdict engine's, graded by their share of the run, causes before consequences), the
 * pictures' data, recommendations with their replayed effects, what-if, and the job's other runs
 * (the same job by structure). Reads the store through the evidence provider's reader only.
 */
import { costOf, type CostSettings } from '../common/cost';
import { formatDuration } from '../common/format';
import { compareJobs, jobStructure, type JobStructure } from '../common/jobIdentity';
import { platformOf } from '../common/platform';
import { elapsed, runRef, stageKey } from '../common/runs';
import type { ApplicationSummary, StageSummary } from '../history/eventlog/types';
import type { HistoryReader } from '../history/provider';
import { isBroadcastCandidate, judgeApplication, type ApplicationVerdicts, type KeyedApplication, type StageVerdict } from '../verdicts';
import { BROADCAST_CANDIDATE, IMPACT } from '../verdicts/thresholds';
import { ruleById } from '../rules/registry';
import { formatBytes } from '../common/format';
import { learnedCorrection } from './predict';
import { confidenceOf, recordIfNew, storedPredictions, validateAgainstPrevious, type PredictionLog } from './validation';
import { changeLabel, recommendConfiguration } from './recommend';
import { coreUsage } from './recommend/utilisation';
import { observedCores, simulateClusterSizes, timeBreakdown } from './simulate';
import type { CodeLocation, Recommendation, ReportFinding, ReportModel, ReportSeverity, RunComparison, SimilarRun, StageDistribution, StageFlag, TimelineStage, UtilisationPoint } from './types';

export interface ReportContext {
  reader: HistoryReader;
  /** Where a stage attempt's code is, when its call site resolved in the workspace. */
  locate(appKey: string, stageId: number, attemptId: number): CodeLocation | undefined;
  cost: CostSettings;
  /** sparkAdvisor.history.broadcastThresholdMb in bytes (default 100 MB), as the editor's rule reads it. */
  broadcastThresholdBytes?: number;
  /** For the run-to-run comparison and the learned correction: at most this many other runs are read. */
  historyLimit?: number;
  /** Where the recommendations shown are recorded, to be held against the next run of the job (the store). */
  predictionLog?: PredictionLog;
}

const UTILISATION_BUCKETS = 120;
/** Runs sharing less structure than this are not "similar". */
const MIN_SIMILARITY = 0.3;

export function buildReportModel(appKey: string, context: ReportContext): ReportModel | undefined {
  const stored = context.reader.application(appKey);
  if (!stored) return undefined;
  const app: KeyedApplication = { ...stored, appKey };
  const run = runRef(app);
  const cores = observedCores(app);
  // One source for the run's duration: only a run that ended has one.
  const durationMs = app.completed ? (elapsed(app.startTime, app.endTime) ?? null) : null;
  const times = timeBreakdown(app, cores);
  const costFor = (coreCount: number, ms: number) => costOf(context.cost, coreCount, ms, cores)?.amount ?? null;
  const verdicts = judgeApplication(app);
  const history = jobHistory(app, context);
  const recommendOptions = (key: string) => ({ locateStage: (stage: StageSummary) => context.locate(key, stage.stageId, stage.attemptId), cost: context.cost, broadcastThresholdBytes: context.broadcastThresholdBytes ?? BROADCAST_CANDIDATE.defaultMaxBytes });
  const recommendations = recommendConfiguration(app, recommendOptions(appKey));
  recordIfNew(context.predictionLog, appKey, () => recommendations);
  const previous = previousRun(app, history.sameJob);
  const previousPredictions = previous && (recordIfNew(context.predictionLog, previous.appKey, () => recommendConfiguration(previous, recommendOptions(previous.appKey))) ?? storedPredictions(recommendConfiguration(previous, recommendOptions(previous.appKey))));
  const validations = validateAgainstPrevious(app, durationMs, previous && previousPredictions ? { app: previous, label: runRef(previous).label, predictions: previousPredictions } : undefined);
  const executorCores = Number(app.sparkProperties['spark.executor.cores']);
  const usage = coreUsage(app);
  const whatIf = simulateClusterSizes(app, { cost: costFor });

  return {
    summary: {
      appKey,
      platform: platformOf(app.sparkProperties).label,
      completed: app.completed,
      appId: app.appId ?? null,
      attemptId: app.attemptId ?? null,
      name: run.appName,
      label: run.label,
      sparkVersion: app.sparkVersion ?? null,
      startTime: app.startTime ?? null,
      endTime: app.endTime ?? null,
      durationMs,
      executors: app.executors.filter((e) => e.executorId !== 'driver').length,
      totalCores: cores,
      coresPerExecutor: Number.isFinite(executorCores) && executorCores > 0 ? executorCores : null,
      executorMemory: app.sparkProperties['spark.executor.memory'] ?? null,
      // The utilisation chart's own figure: busy core time over the core time executors were alive.
      efficiency: durationMs !== null && usage ? Math.min(1, usage.utilisation) : null,
      ...times,
      cost: durationMs !== null ? costOf(context.cost, cores, durationMs, cores) : null,
      totals: app.totals,
    },
    findings: reportFindings(app, verdicts, context, recommendations),
    timeline: timelineOf(app, verdicts, context),
    distributions: app.stages.filter((s) => s.taskDuration).map((s): StageDistribution => ({ stageId: s.stageId, attemptId: s.attemptId, name: s.name ?? `stage ${s.stageId}`, taskDuration: s.taskDuration! })),
    utilisation: utilisationOf(app),
    recommendations,
    whatIf,
    prediction: {
      effects: recommendations.map((r) => ({ change: changeLabel(r), currentDurationMs: r.effect.runEnded ? r.effect.durationMs : null, predictedDurationMs: r.effect.runEnded ? r.effect.predictedDurationMs : null, expected: r.effect.expected })),
      replayError: whatIf?.modelError ?? null,
      confidence: confidenceOf(whatIf?.modelError ?? null, validations),
      correction: learnedCorrection(history.sameJob, app),
    },
    validations,
    comparison: comparisonOf(app, history.sameJob, context),
    similar: history.similar,
    generatedAt: Date.now(),
  };
}

/** The latest run of the same job before this one, if any. */
function previousRun(app: KeyedApplication, sameJob: readonly KeyedApplication[]): KeyedApplication | undefined {
  const start = app.startTime ?? Number.POSITIVE_INFINITY;
  return sameJob.filter((other) => other.appKey !== app.appKey && (other.startTime ?? 0) < start).sort((a, b) => (b.startTime ?? 0) - (a.startTime ?? 0))[0];
}

/** The other stored runs (newest first, bounded): those of the same job by structure, and similar ones. */
function jobHistory(app: KeyedApplication, context: ReportContext): { sameJob: KeyedApplication[]; similar: SimilarRun[] } {
  const limit = context.historyLimit ?? 200;
  const stored = context.reader.applications().sort((a, b) => (b.startTime ?? 0) - (a.startTime ?? 0)).slice(0, limit);
  const own = jobStructure(app);
  const sameJob: KeyedApplication[] = [app];
  const similar: Array<SimilarRun & { startTime: number }> = [];
  const structures = new Map<string, JobStructure>();
  for (const header of stored) {
    if (header.appKey === app.appKey) continue;
    const other = context.reader.application(header.appKey);
    if (!other) continue;
    const keyed = { ...other, appKey: header.appKey };
    const structure = structures.get(header.appKey) ?? jobStructure(keyed);
    const match = compareJobs(own, structure);
    if (match.sameJob) sameJob.push(keyed);
    if (match.similarity >= MIN_SIMILARITY) {
      similar.push({ appKey: header.appKey, label: runRef(keyed).label, similarity: match.similarity, durationMs: other.completed ? (elapsed(other.startTime, other.endTime) ?? null) : null, reason: `${match.sameJob ? 'same job: ' : ''}${match.reason}`, startTime: other.startTime ?? 0 });
    }
  }
  similar.sort((a, b) => b.similarity - a.similarity || b.startTime - a.startTime || (a.appKey < b.appKey ? -1 : 1));
  return { sameJob, similar: similar.slice(0, 5).map(({ startTime: _startTime, ...rest }) => rest) };
}

/** Graded by impact: the stage's share of the run; a measured root failure of a failed run is critical. */
function gradeOf(ruleId: string, share: number | undefined, verdict?: StageVerdict, rootOfFailedRun = false): ReportSeverity {
  const defaultSeverity = ruleById(ruleId)?.defaultSeverity ?? 'warning';
  if (rootOfFailedRun || defaultSeverity === 'error' || (share !== undefined && share >= IMPACT.critical)) return 'critical';
  if (verdict?.consequenceOf) return 'info';
  if (defaultSeverity === 'information' || defaultSeverity === 'hint') return 'info';
  // A warning about a stage too small to move the run is information.
  return share !== undefined && share < IMPACT.minor ? 'info' : 'warning';
}

/** What the recommendations' replays say fixing this stage saves: the report never contradicts them. */
function expectedFor(stage: StageSummary, recommendations: readonly Recommendation[]): string | undefined {
  for (const r of recommendations) {
    const moved = r.effect.stages.find((s) => s.stageId === stage.stageId && s.attemptId === stage.attemptId);
    if (moved && moved.afterMs < moved.beforeMs) return `${r.key} → ${r.suggested}: stage ${stage.stageId} ${formatDuration(moved.beforeMs)} → ${formatDuration(moved.afterMs)} (see Configuration)`;
  }
  return undefined;
}

function reportFindings(app: KeyedApplication, verdicts: ApplicationVerdicts, context: ReportContext, recommendations: readonly Recommendation[]): ReportFinding[] {
  const durationMs = elapsed(app.startTime, app.endTime) ?? 0;
  const label = verdicts.run.label;
  const findings: ReportFinding[] = [];
  // The first failure of a failed run leads: what followed it (and what it cut short) comes after.
  const leading = new Set<ReportFinding>();
  const failedRun = app.stages.some((stage) => stage.status === 'failed') && app.jobs.some((job) => job.result !== undefined && job.result !== 'JobSucceeded');
  const roots = new Map(verdicts.failures.map((group) => [stageKey(group.root), group]));
  for (const stage of app.stages) {
    const stageVerdicts = verdicts.stages.get(stageKey(stage)) ?? {};
    const stageMs = elapsed(stage.submissionTime, stage.completionTime);
    const share = durationMs > 0 && stageMs !== undefined ? stageMs / durationMs : undefined;
    const location = context.locate(app.appKey, stage.stageId, stage.attemptId);
    for (const [ruleId, verdict] of Object.entries(stageVerdicts) as Array<[string, StageVerdict]>) {
      // Consequences are listed under their root failure, never as causes of their own.
      if (verdict.consequenceOf) continue;
      const group = ruleId === 'stage-failures' ? roots.get(stageKey(stage)) : undefined;
      const finding: ReportFinding = {
        ruleId,
        severity: gradeOf(ruleId, share, verdict, group !== undefined && failedRun),
        message: verdict.message,
        evidence: [verdict.evidence],
        stageId: stage.stageId,
        attemptId: stage.attemptId,
        ...(share !== undefined ? { share } : {}),
        ...(location ? { location } : {}),
      };
      if (group && failedRun) leading.add(finding);
      if (group && group.consequences.length > 0) finding.consequences = group.consequences.map((c) => `stage ${c.stageId}${c.attemptId > 0 ? ` (attempt ${c.attemptId})` : ''}: ${c.reason}`);
      const expected = expectedFor(stage, recommendations);
      if (expected) finding.expectedImprovement = expected;
      findings.push(finding);
    }
  }
  const threshold = context.broadcastThresholdBytes ?? BROADCAST_CANDIDATE.defaultMaxBytes;
  for (const join of verdicts.joins) {
    if (!isBroadcastCandidate(join, threshold)) continue;
    const summary = `${join.nodeName}: ${join.smallSide} side ${formatBytes(join.smallBytes)}, other side ${formatBytes(join.largeBytes)}, both shuffled and sorted`;
    findings.push({ ruleId: 'missing-broadcast', severity: gradeOf('missing-broadcast', undefined), message: `${label}: ${join.nodeName} in SQL execution ${join.executionId} with a ${formatBytes(join.smallBytes)} side (other side ${formatBytes(join.largeBytes)}) could have been a broadcast join`, evidence: [{ run: label, summary, figures: { executionId: join.executionId, smallSideBytes: join.smallBytes, largeSideBytes: join.largeBytes } }], executionId: join.executionId });
  }
  for (const broadcast of verdicts.oversizedBroadcasts) {
    findings.push({ ruleId: 'broadcast-too-large', severity: gradeOf('broadcast-too-large', undefined), message: `${label}: broadcast of ${formatBytes(broadcast.bytes)} in SQL execution ${broadcast.executionId}`, evidence: [{ run: label, summary: `BroadcastExchange data size ${formatBytes(broadcast.bytes)}`, figures: { broadcastBytes: broadcast.bytes } }], executionId: broadcast.executionId });
  }
  const order: Record<ReportSeverity, number> = { critical: 0, warning: 1, info: 2 };
  // Impact before count: within a grade, the larger share of the run first.
  return findings.sort((a, b) => order[a.severity] - order[b.severity] || Number(leading.has(b)) - Number(leading.has(a)) || (b.share ?? 0) - (a.share ?? 0));
}

function flagsOf(stage: StageSummary, verdicts: ApplicationVerdicts): StageFlag[] {
  const own = verdicts.stages.get(stageKey(stage)) ?? {};
  const flags: StageFlag[] = [];
  if (own['task-skew']) flags.push('skewed');
  if (stage.tasks.memorySpilledBytes + stage.tasks.diskSpilledBytes > 0) flags.push('spilling');
  // Failed means the stage attempt failed; a completed stage that retried some tasks is not counted.
  if (stage.status === 'failed') flags.push('failed');
  return flags;
}

function timelineOf(app: KeyedApplication, verdicts: ApplicationVerdicts, context: ReportContext): TimelineStage[] {
  const result: TimelineStage[] = [];
  for (const stage of app.stages) {
    if (stage.submissionTime === undefined || stage.completionTime === undefined) continue;
    const entry: TimelineStage = { stageId: stage.stageId, attemptId: stage.attemptId, name: stage.name ?? `stage ${stage.stageId}`, jobIds: stage.jobIds, start: stage.submissionTime, end: stage.completionTime, tasks: stage.tasks.tasks, flags: flagsOf(stage, verdicts) };
    const location = context.locate(app.appKey, stage.stageId, stage.attemptId);
    if (location) entry.location = location;
    result.push(entry);
  }
  return result.sort((a, b) => a.start - b.start || a.stageId - b.stageId);
}

/**
 * Busy cores over time from the same sweep as the summary's efficiency (recommend/utilisation.ts):
 * each stage's task time spread evenly over its wall-clock span, executors' cores alive.
 */
function utilisationOf(app: ApplicationSummary): UtilisationPoint[] {
  const usage = coreUsage(app);
  const start = app.startTime;
  if (!usage || start === undefined || usage.durationMs <= 0) return [];
  const width = usage.durationMs / UTILISATION_BUCKETS;
  const busy = new Array<number>(UTILISATION_BUCKETS).fill(0);
  const available = new Array<number>(UTILISATION_BUCKETS).fill(0);
  for (const segment of usage.segments) {
    for (let bucket = Math.max(0, Math.floor((segment.start - start) / width)); bucket < UTILISATION_BUCKETS && start + bucket * width < segment.end; bucket++) {
      const overlap = Math.min(segment.end, start + (bucket + 1) * width) - Math.max(segment.start, start + bucket * width);
      if (overlap <= 0) continue;
      busy[bucket]! += (segment.busyCores * overlap) / width;
      available[bucket]! += (segment.availableCores * overlap) / width;
    }
  }
  return busy.map((busyCores, bucket) => ({ time: start + bucket * width, busyCores, availableCores: available[bucket]! }));
}

function comparisonOf(app: KeyedApplication, sameJob: KeyedApplication[], context: ReportContext): RunComparison[] {
  if (sameJob.length <= 1) return [];
  return sameJob
    .map((other): RunComparison => {
      const durationMs = other.completed ? (elapsed(other.startTime, other.endTime) ?? null) : null;
      const otherCores = observedCores(other);
      return {
        appKey: other.appKey,
        label: runRef(other).label,
        startTime: other.startTime ?? null,
        durationMs,
        cost: durationMs !== null ? (costOf(context.cost, otherCores, durationMs, otherCores)?.amount ?? null) : null,
        shuffleBytes: other.totals.shuffleReadBytes,
        spillBytes: other.totals.memorySpilledBytes + other.totals.diskSpilledBytes,
        current: other.appKey === app.appKey,
      };
    })
    .sort((a, b) => (a.startTime ?? 0) - (b.startTime ?? 0));
}

/** A reader that loads each application once: a report over many runs reads each run's history many times. */
export function memoizedReader(reader: HistoryReader): HistoryReader {
  const apps = new Map<string, ApplicationSummary | undefined>();
  let list: ReturnType<HistoryReader['applications']> | undefined;
  return {
    revision: () => reader.revision(),
    applications: () => [...(list ??= reader.applications())],
    application: (appKey) => {
      if (!apps.has(appKey)) apps.set(appKey, reader.application(appKey));
      return apps.get(appKey);
    },
    callSites: () => reader.callSites(),
  };
}
