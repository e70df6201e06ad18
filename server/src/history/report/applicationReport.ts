/**
 * The machine-readable history report (`spark-advisor report --format json`): one entry per
 * application attempt with its totals, stages (with their call sites) and history findings.
 * Field names are a public contract for tools and CI; add, never rename.
 */
import type { ApplicationSummary, StageSummary, TaskTotals } from '../eventlog/types';
import type { HistoryReader } from '../provider';
import { runRef, stageRun } from '../provider';
import { formatBytes } from '../../common/format';
import type { StoredCallSite } from '../store/types';
import { STAGE_VERDICTS } from '../../rules/stageVerdicts';
import { ruleById } from '../../rules/registry';
import { BROADCAST_CANDIDATE, BROADCAST_TOO_LARGE_BYTES } from 'VERDICT_THRESHOLDS';

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
  severity: string;
  message: string;
  stageId: number | null;
  attemptId: number | null;
  executionId: number | null;
  callSite: CallSiteJson | null;
  /** The measurement behind it in one line, e.g. "stage 7: max task 437 s vs median 9 s over 200 tasks". */
  evidence: string;
  figures: Record<string, number>;
}

export interface ApplicationJson {
  /** The store's key of this attempt (`<id>/<attempt>`), for `--app`. */
  appKey: string;
  id: string | null;
  attempt: string | null;
  name: string | null;
  sparkVersion: string | null;
  startTime: number | null;
  durationMs: number | null;
  completed: boolean;
  totals: MetricsJson & { tasks: number };
  stages: StageJson[];
  findings: FindingJson[];
}

export interface ReportOptions {
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

const elapsed = (start: number | undefined, end: number | undefined) => (start !== undefined && end !== undefined ? end - start : null);

export function buildReport(reader: HistoryReader, options: ReportOptions = {}): { applications: ApplicationJson[] } {
  const sitesByApp = new Map<string, Map<string, StoredCallSite>>();
  for (const site of reader.callSites()) {
    const key = `${site.stageId}.${site.attemptId}`;
    const sites = sitesByApp.get(site.appKey) ?? new Map<string, StoredCallSite>();
    const seen = sites.get(key);
    if (!seen || site.rank < seen.rank) sites.set(key, site);
    sitesByApp.set(site.appKey, sites);
  }
  const wanted = options.appIds && new Set(options.appIds);
  const applications: ApplicationJson[] = [];
  for (const stored of reader.applications()) {
    if (wanted && !wanted.has(stored.appKey) && !(stored.appId !== undefined && wanted.has(stored.appId))) continue;
    const app = reader.application(stored.appKey);
    if (!app) continue;
    const sites = sitesByApp.get(stored.appKey) ?? new Map<string, StoredCallSite>();
    const callSite = (stage: StageSummary): CallSiteJson | null => {
      const site = sites.get(`${stage.stageId}.${stage.attemptId}`);
      return site ? { file: options.resolveFile?.(site.path) ?? site.path, line: site.line } : null;
    };
    applications.push({
      appKey: stored.appKey,
      id: app.appId ?? null,
      attempt: app.attemptId ?? null,
      name: app.name ?? null,
      sparkVersion: app.sparkVersion ?? null,
      startTime: app.startTime ?? null,
      durationMs: elapsed(app.startTime, app.endTime),
      completed: app.completed,
      totals: { tasks: app.totals.tasks, ...metrics(app.totals) },
      stages: app.stages.map((stage) => ({
        stageId: stage.stageId,
        attemptId: stage.attemptId,
        name: stage.name ?? null,
        numTasks: stage.numTasks ?? null,
        status: stage.status,
        durationMs: elapsed(stage.submissionTime, stage.completionTime),
        callSite: callSite(stage),
        ...metrics(stage.tasks),
        taskDurationMs: stage.taskDuration ? { min: stage.taskDuration.min, median: stage.taskDuration.p50, max: stage.taskDuration.max } : null,
      })),
      findings: applicationFindings({ ...app, appKey: stored.appKey }, callSite),
    });
  }
  return { applications };
}

function severityOf(ruleId: string): string {
  return ruleById(ruleId)?.defaultSeverity ?? 'warning';
}

/** The history rules' verdicts on every stage and plan of one application, without any code. */
export function applicationFindings(app: ApplicationSummary & { appKey: string }, callSite: (stage: StageSummary) => CallSiteJson | null): FindingJson[] {
  const run = runRef(app);
  const executionOfJob = new Map(app.jobs.map((job) => [job.jobId, job.sqlExecutionId]));
  const findings: FindingJson[] = [];
  for (const stage of app.stages) {
    const measured = stageRun(app, run, stage, -1, 'call-site', executionOfJob);
    for (const { ruleId, verdict } of STAGE_VERDICTS) {
      const found = verdict(measured);
      if (!found) continue;
      findings.push({ rule: ruleId, severity: severityOf(ruleId), message: found.message, stageId: stage.stageId, attemptId: stage.attemptId, executionId: null, callSite: callSite(stage), evidence: found.evidence.summary, figures: found.evidence.figures });
    }
  }
  for (const execution of app.sqlExecutions) {
    for (const node of execution.nodes) {
      const [left, right] = node.sideBytes ?? [undefined, undefined];
      if (node.kind === 'join' && /^(SortMergeJoin|ShuffledHashJoin)/.test(node.nodeName) && left !== undefined && right !== undefined) {
        const small = Math.min(left, right);
        const large = Math.max(left, right);
        if (small <= BROADCAST_CANDIDATE.defaultMaxBytes && large >= small * BROADCAST_CANDIDATE.minSizeRatio) {
          findings.push({
            rule: 'missing-broadcast',
            severity: severityOf('missing-broadcast'),
            message: `${run.label}: ${node.nodeName} in SQL execution ${execution.executionId} with a ${formatBytes(small)} side (other side ${formatBytes(large)}) could have been a broadcast join`,
            stageId: null,
            attemptId: null,
            executionId: execution.executionId,
            callSite: null,
            evidence: `${node.nodeName}: ${formatBytes(left)} and ${formatBytes(right)} shuffled and sorted`,
            figures: { smallSideBytes: small, largeSideBytes: large },
          });
        }
      }
      const broadcast = node.kind === 'broadcast-exchange' ? (node.metrics['data size'] ?? 0) : 0;
      if (broadcast >= BROADCAST_TOO_LARGE_BYTES) {
        findings.push({ rule: 'broadcast-too-large', severity: severityOf('broadcast-too-large'), message: `${run.label}: broadcast of ${formatBytes(broadcast)} in SQL execution ${execution.executionId}`, stageId: null, attemptId: null, executionId: execution.executionId, callSite: null, evidence: `BroadcastExchange data size ${formatBytes(broadcast)}`, figures: { broadcastBytes: broadcast } });
      }
    }
  }
  return findings;
}
