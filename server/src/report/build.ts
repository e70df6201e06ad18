/**
 * Assembles the performance report of one stored application attempt: summary and cost, findings
 * with their place in the code, the pictures' data, recommendations, what-if, prediction and the
 * job's other runs. Reads the store through the evidence provider's reader only.
 */
import type { ApplicationSummary, StageSummary } from '../history/eventlog/types';
import { formatDuration } from '../common/format';
import { jobKey } from '../common/jobIdentity';
import type { HistoryReader } from '../history/provider';
import { runRef, stageRun } from '../history/provider';
import { applicationFindings, type FindingJson } from '../history/report/applicationReport';
import { skewVerdict } from '../rules/catalog/task-skew';
import { costOf } from '../common/cost';
import { predictRuntime, similarRuns } from './predict';
import { recommendConfiguration } from './recommend';
import { observedCores, simulateClusterSizes, timeBreakdown } from './simulate';
import type { CodeLocation, CostSettings, ReportFinding, ReportModel, ReportSeverity, RunComparison, StageDistribution, StageFlag, TimelineStage, UtilisationPoint } from './types';

export interface ReportContext {
  reader: HistoryReader;
  /** Where a stage attempt's code is, when its call site resolved in the workspace. */
  locate(appKey: string, stageId: number, attemptId: number): CodeLocation | undefined;
  cost: CostSettings;
  /** For the run-to-run comparison and the prediction: at most this many other runs are read. */
  historyLimit?: number;
}

type KeyedApp = ApplicationSummary & { appKey: string };

const UTILISATION_BUCKETS = 120;
/** A finding whose stage took at least this share of the run is critical. */
const CRITICAL_SHARE = 0.2;

const elapsed = (start: number | undefined, end: number | undefined) => (start !== undefined && end !== undefined && end >= start ? end - start : undefined);

export function buildReportModel(appKey: string, context: ReportContext): ReportModel | undefined {
  const stored = context.reader.application(appKey);
  if (!stored) return undefined;
  const app: KeyedApp = { ...stored, appKey };
  const run = runRef(app);
  const cores = observedCores(app);
  const durationMs = elapsed(app.startTime, app.endTime) ?? null;
  const times = timeBreakdown(app, cores);
  const costFor = (coreCount: number, ms: number) => costOf(context.cost, coreCount, ms, cores)?.amount ?? null;
  const history = sameJobHistory(app, context);
  const recommendations = recommendConfiguration(app, { locateStage: (stage) => context.locate(appKey, stage.stageId, stage.attemptId) });
  const partitions = recommendations.find((r) => r.key === 'spark.sql.shuffle.partitions');
  const executorCores = Number(app.sparkProperties['spark.executor.cores']);

  return {
    summary: {
      appKey,
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
      efficiency: efficiency(app, cores),
      ...times,
      cost: durationMs !== null ? costOf(context.cost, cores, durationMs, cores) : null,
      totals: app.totals,
    },
    findings: findingsOf(app, context, durationMs),
    timeline: timelineOf(app, context),
    distributions: app.stages.filter((s) => s.taskDuration).map((s): StageDistribution => ({ stageId: s.stageId, attemptId: s.attemptId, name: s.name ?? `stage ${s.stageId}`, taskDuration: s.taskDuration! })),
    utilisation: utilisationOf(app),
    recommendations,
    whatIf: simulateClusterSizes(app, { cost: costFor }),
    prediction: predictRuntime(history.all, app, partitions && /^\d+$/.test(partitions.suggested) ? { recommendedShufflePartitions: Number(partitions.suggested) } : {}),
    comparison: comparisonOf(app, history.sameJob, context),
    similar: similarRuns(history.all, app),
    generatedAt: Date.now(),
  };
}

/** The other stored runs (for comparison and training), newest first, bounded. */
function sameJobHistory(app: KeyedApp, context: ReportContext): { all: KeyedApp[]; sameJob: KeyedApp[] } {
  const limit = context.historyLimit ?? 200;
  const stored = context.reader.applications().sort((a, b) => (b.startTime ?? 0) - (a.startTime ?? 0)).slice(0, limit);
  const all: KeyedApp[] = [];
  for (const header of stored) {
    if (header.appKey === app.appKey) {
      all.push(app);
      continue;
    }
    const other = context.reader.application(header.appKey);
    if (other) all.push({ ...other, appKey: header.appKey });
  }
  const job = jobKey(runRef(app).appName);
  return { all, sameJob: all.filter((other) => jobKey(runRef(other).appName) === job) };
}

function efficiency(app: ApplicationSummary, cores: number): number | null {
  const durationMs = elapsed(app.startTime, app.endTime);
  if (!durationMs || cores <= 0) return null;
  return Math.min(1, app.totals.executorRunTimeMs / (cores * durationMs));
}

function severityOf(finding: FindingJson, stageShare: number): ReportSeverity {
  if (finding.severity === 'information' || finding.severity === 'hint') return 'info';
  if (finding.severity === 'error' || stageShare >= CRITICAL_SHARE) return 'critical';
  return 'warning';
}

function findingsOf(app: KeyedApp, context: ReportContext, durationMs: number | null): ReportFinding[] {
  const stages = new Map(app.stages.map((stage) => [`${stage.stageId}.${stage.attemptId}`, stage]));
  const label = runRef(app).label;
  const order: Record<ReportSeverity, number> = { critical: 0, warning: 1, info: 2 };
  return applicationFindings(app, () => null)
    .map((finding): ReportFinding => {
      const stage = finding.stageId !== null ? stages.get(`${finding.stageId}.${finding.attemptId}`) : undefined;
      const stageMs = stage ? (elapsed(stage.submissionTime, stage.completionTime) ?? 0) : 0;
      const location = stage ? context.locate(app.appKey, stage.stageId, stage.attemptId) : undefined;
      const result: ReportFinding = {
        ruleId: finding.rule,
        severity: severityOf(finding, durationMs ? stageMs / durationMs : 0),
        message: finding.message,
        evidence: [{ run: label, summary: finding.evidence, figures: finding.figures }],
      };
      if (finding.stageId !== null) result.stageId = finding.stageId;
      if (finding.executionId !== null) result.executionId = finding.executionId;
      if (location) result.location = location;
      const improvement = stage && finding.rule === 'task-skew' ? skewSaving(stage) : undefined;
      if (improvement) result.expectedImprovement = improvement;
      return result;
    })
    .sort((a, b) => order[a.severity] - order[b.severity]);
}

/** A skewed stage ends with its slowest task; evened out it would end near its 95th percentile. */
function skewSaving(stage: StageSummary): string | undefined {
  const duration = stage.taskDuration;
  if (!duration) return undefined;
  const saved = duration.max - duration.p95;
  return saved > 1000 ? `≈ ${formatDuration(saved)} less for stage ${stage.stageId} with its hot keys spread` : undefined;
}

function flagsOf(stage: StageSummary, app: KeyedApp): StageFlag[] {
  const flags: StageFlag[] = [];
  if (skewVerdict(stageRun(app, runRef(app), stage, -1, 'call-site', new Map()))) flags.push('skewed');
  if (stage.tasks.memorySpilledBytes + stage.tasks.diskSpilledBytes > 0) flags.push('spilling');
  if (stage.status === 'failed' || stage.tasks.failedTasks > 0) flags.push('failed');
  return flags;
}

function timelineOf(app: KeyedApp, context: ReportContext): TimelineStage[] {
  const result: TimelineStage[] = [];
  for (const stage of app.stages) {
    if (stage.submissionTime === undefined || stage.completionTime === undefined) continue;
    const entry: TimelineStage = { stageId: stage.stageId, attemptId: stage.attemptId, name: stage.name ?? `stage ${stage.stageId}`, jobIds: stage.jobIds, start: stage.submissionTime, end: stage.completionTime, tasks: stage.tasks.tasks, flags: flagsOf(stage, app) };
    const location = context.locate(app.appKey, stage.stageId, stage.attemptId);
    if (location) entry.location = location;
    result.push(entry);
  }
  return result.sort((a, b) => a.start - b.start || a.stageId - b.stageId);
}

/**
 * Busy cores over time, from stage aggregates: each stage's task time is spread evenly over its
 * wall-clock span (tasks are not kept one by one). Available cores from executors' lifetimes.
 */
function utilisationOf(app: KeyedApp): UtilisationPoint[] {
  const start = app.startTime;
  const end = app.endTime ?? Math.max(0, ...app.stages.map((s) => s.completionTime ?? 0));
  if (start === undefined || !(end > start)) return [];
  const width = (end - start) / UTILISATION_BUCKETS;
  const busy = new Array<number>(UTILISATION_BUCKETS).fill(0);
  for (const stage of app.stages) {
    const from = stage.submissionTime;
    const to = stage.completionTime;
    if (from === undefined || to === undefined || to <= from) continue;
    const rate = stage.tasks.durationMs / (to - from);
    for (let bucket = Math.max(0, Math.floor((from - start) / width)); bucket < UTILISATION_BUCKETS && start + bucket * width < to; bucket++) {
      const overlap = Math.min(to, start + (bucket + 1) * width) - Math.max(from, start + bucket * width);
      if (overlap > 0) busy[bucket]! += (rate * overlap) / width;
    }
  }
  return busy.map((busyCores, bucket) => {
    const time = start + bucket * width;
    const availableCores = app.executors.filter((e) => e.executorId !== 'driver' || app.executors.length === 1).filter((e) => (e.addedTime ?? start) <= time + width && (e.removedTime ?? end) >= time).reduce((sum, e) => sum + (e.totalCores ?? 0), 0);
    return { time, busyCores, availableCores };
  });
}

function comparisonOf(app: KeyedApp, sameJob: KeyedApp[], context: ReportContext): RunComparison[] {
  return sameJob
    .map((other): RunComparison => {
      const durationMs = elapsed(other.startTime, other.endTime) ?? null;
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
