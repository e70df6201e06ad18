/**
 * The machine-readable report (`spark-advisor report --format json`, and the editor's JSON export):
 * one entry per application attempt with its totals, stages (with their call sites), the verdict
 * engine's findings as the report grades them, recommendations with their replayed effects, what-if,
 * prediction and the job's other runs. One shape for every writer, versioned: fields are added,
 * never renamed or removed within a major version (a saved-output test holds it to that).
 */
import type { StoredCallSite } from '../history/store/types';
import type { ApplicationSummary, StageSummary, TaskTotals } from '../history/eventlog/types';
import type { HistoryReader } from '../history/provider';
import { elapsed } from '../common/runs';
import { ruleById } from '../rules/registry';
import { buildReportModel, memoizedReader, type ReportContext } from './build';
import type { ReportModel } from './types';

/** `spark-advisor-report` version 2: findings graded by impact, recommendations with effects, platform. */
export const REPORT_JSON_SCHEMA = 'spark-advisor-report';
export const REPORT_JSON_VERSION = 2;

export interface MetricsJson {
  executorRunTimeMs: number;
  shuffleReadBytes: number;
  shuffleWriteBytes: number;
  inputBytes: number;
  memorySpilledBytes: number;
  diskSpilledBytes: number;
}

export interface CallSiteJson {
  file: string;
  line: number;
}

export interface StageJson extends MetricsJson {
  stageId: number;
  attemptId: number;
  name: string | null;
  numTasks: number | null;
  status: string;
  durationMs: number | null;
  callSite: CallSiteJson | null;
  taskDurationMs: { min: number; median: number; max: number } | null;
}

export interface FindingJson {
  rule: string;
  /** The rule's own severity (error, warning, information, hint), as in `check` output. */
  severity: string;
  /** The report's grade by impact: critical, warning or info. */
  grade: string;
  /** The stage's share of the run's wall time, when known. */
  share: number | null;
  message: string;
  stageId: number | null;
  attemptId: number | null;
  executionId: number | null;
  callSite: CallSiteJson | null;
  /** The workspace file and line of the code that ran it, when it resolved (as the editor shows it). */
  location: CallSiteJson | null;
  /** The measurement behind it in one line, e.g. "stage 7: max task 437 s vs median 9 s over 200 tasks". */
  evidence: string;
  figures: Record<string, number>;
  /** Failures that followed from this one. */
  consequences: string[];
  expectedImprovement: string | null;
}

export interface ApplicationJson {
  /** The store's key of this attempt (`<id>/<attempt>`), for `--app`. */
  appKey: string;
  id: string | null;
  attempt: string | null;
  name: string | null;
  /** How the report names the run: "daily-orders-etl-2026-11-02 (2026-11-03)". */
  label: string;
  sparkVersion: string | null;
  platform: string;
  startTime: number | null;
  /** Null when the run never ended: then efficiency and cost are null too. */
  durationMs: number | null;
  completed: boolean;
  /** Executors that ran tasks, the most executor cores alive at once, cores of one executor (null when not set). */
  executors: number;
  totalCores: number;
  coresPerExecutor: number | null;
  /** Busy over available core time, 0…1; null when the run never ended or had no executors. */
  efficiency: number | null;
  totals: MetricsJson & { tasks: number };
  stages: StageJson[];
  findings: FindingJson[];
  cost: ReportModel['summary']['cost'];
  whatIf: ReportModel['whatIf'];
  recommendations: ReportModel['recommendations'];
  prediction: ReportModel['prediction'];
  comparison: ReportModel['comparison'];
  similar: ReportModel['similar'];
  /** Recommendations made for the previous run of this job whose setting this run changed: predicted vs measured. */
  validations: ReportModel['validations'];
}

export interface ReportJson {
  schema: typeof REPORT_JSON_SCHEMA;
  version: typeof REPORT_JSON_VERSION;
  applications: ApplicationJson[];
}

/**
 * A saved report read back: any document of this schema and major version, whatever fields later
 * versions added. Anything else is refused with a sentence saying what it is.
 */
export function readReportJson(text: string, source = 'report'): ReportJson {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${source} is not JSON: ${(error as Error).message}`);
  }
  const document = parsed as Partial<ReportJson> | null;
  if (typeof document !== 'object' || document === null || document.schema !== REPORT_JSON_SCHEMA) throw new Error(`${source} is not a Spark Advisor report (no "schema": "${REPORT_JSON_SCHEMA}")`);
  if (document.version !== REPORT_JSON_VERSION) throw new Error(`${source} is a version ${String(document.version)} report; this Spark Advisor reads version ${REPORT_JSON_VERSION}`);
  if (!Array.isArray(document.applications)) throw new Error(`${source} has no applications list`);
  return document as ReportJson;
}

export interface JsonOptions {
  /** Only these application ids (or `id/attempt` keys). */
  appIds?: string[];
  /** Maps Spark's call-site path to a workspace-relative file, when it resolves. */
  resolveFile?(path: string): string | undefined;
}

function metrics(totals: TaskTotals): MetricsJson {
  return {
    executorRunTimeMs: totals.executorRunTimeMs,
    shuffleReadBytes: totals.shuffleReadBytes,
    shuffleWriteBytes: totals.shuffleWriteBytes,
    inputBytes: totals.inputBytes,
    memorySpilledBytes: totals.memorySpilledBytes,
    diskSpilledBytes: totals.diskSpilledBytes,
  };
}

const nullable = (value: number | undefined) => value ?? null;

export function buildReportJson(reader: HistoryReader, context: Omit<ReportContext, 'reader'>, options: JsonOptions = {}): ReportJson {
  const cached = memoizedReader(reader);
  const sitesByApp = callSitesByApplication(cached);
  const wanted = options.appIds && new Set(options.appIds);
  const applications: ApplicationJson[] = [];
  for (const stored of cached.applications()) {
    if (wanted && !wanted.has(stored.appKey) && !(stored.appId !== undefined && wanted.has(stored.appId))) continue;
    const app = cached.application(stored.appKey);
    const model = buildReportModel(stored.appKey, { ...context, reader: cached });
    if (!app || !model) continue;
    applications.push(applicationJson(app, model, sitesByApp.get(stored.appKey), options));
  }
  return { schema: REPORT_JSON_SCHEMA, version: REPORT_JSON_VERSION, applications };
}

/** The JSON document of one report already built (the editor's export of the report it shows). */
export function reportJsonOf(reader: HistoryReader, model: ReportModel, options: JsonOptions = {}): ReportJson {
  const app = reader.application(model.summary.appKey);
  const sites = callSitesByApplication(reader, model.summary.appKey).get(model.summary.appKey);
  return { schema: REPORT_JSON_SCHEMA, version: REPORT_JSON_VERSION, applications: app ? [applicationJson(app, model, sites, options)] : [] };
}

/** The best-ranked call site of each stage attempt, by application (of one application when given). */
function callSitesByApplication(reader: HistoryReader, only?: string): Map<string, Map<string, StoredCallSite>> {
  const sitesByApp = new Map<string, Map<string, StoredCallSite>>();
  for (const site of reader.callSites()) {
    if (only !== undefined && site.appKey !== only) continue;
    const key = `${site.stageId}.${site.attemptId}`;
    const sites = sitesByApp.get(site.appKey) ?? new Map<string, StoredCallSite>();
    const seen = sites.get(key);
    if (!seen || site.rank < seen.rank) sites.set(key, site);
    sitesByApp.set(site.appKey, sites);
  }
  return sitesByApp;
}

function applicationJson(app: ApplicationSummary, model: ReportModel, sites: ReadonlyMap<string, StoredCallSite> = new Map(), options: JsonOptions): ApplicationJson {
  const callSite = (stage: { stageId: number; attemptId: number }): CallSiteJson | null => {
    const site = sites.get(`${stage.stageId}.${stage.attemptId}`);
    return site ? { file: options.resolveFile?.(site.path) ?? site.path, line: site.line } : null;
  };
  const stageJson = (stage: StageSummary): StageJson => ({
    stageId: stage.stageId,
    attemptId: stage.attemptId,
    name: stage.name ?? null,
    numTasks: stage.numTasks ?? null,
    status: stage.status,
    durationMs: nullable(elapsed(stage.submissionTime, stage.completionTime)),
    callSite: callSite(stage),
    ...metrics(stage.tasks),
    taskDurationMs: stage.taskDuration ? { min: stage.taskDuration.min, median: stage.taskDuration.p50, max: stage.taskDuration.max } : null,
  });
  return {
    appKey: model.summary.appKey,
    id: app.appId ?? null,
    attempt: app.attemptId ?? null,
    name: app.name ?? null,
    label: model.summary.label,
    sparkVersion: app.sparkVersion ?? null,
    platform: model.summary.platform,
    startTime: app.startTime ?? null,
    durationMs: model.summary.durationMs,
    completed: app.completed,
    executors: model.summary.executors,
    totalCores: model.summary.totalCores,
    coresPerExecutor: model.summary.coresPerExecutor,
    efficiency: model.summary.efficiency,
    totals: { tasks: app.totals.tasks, ...metrics(app.totals) },
    stages: app.stages.map(stageJson),
    findings: model.findings.map((finding): FindingJson => {
      const evidence = finding.evidence[0];
      return {
        rule: finding.ruleId,
        severity: ruleById(finding.ruleId)?.defaultSeverity ?? 'warning',
        grade: finding.severity,
        share: finding.share ?? null,
        message: finding.message,
        stageId: finding.stageId ?? null,
        attemptId: finding.attemptId ?? null,
        executionId: finding.executionId ?? null,
        callSite: finding.stageId !== undefined && finding.attemptId !== undefined ? callSite({ stageId: finding.stageId, attemptId: finding.attemptId }) : null,
        location: finding.location ? { file: finding.location.file, line: finding.location.line } : null,
        evidence: evidence?.summary ?? '',
        figures: evidence?.figures ?? {},
        consequences: finding.consequences ?? [],
        expectedImprovement: finding.expectedImprovement ?? null,
      };
    }),
    cost: model.summary.cost,
    whatIf: model.whatIf,
    recommendations: model.recommendations,
    prediction: model.prediction,
    comparison: model.comparison,
    similar: model.similar,
    validations: model.validations,
  };
}
