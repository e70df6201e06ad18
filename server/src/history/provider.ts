/**
 * Answers "what ran at the lines of this file?" from the history store: resolves each stage's
 * stored call site to a workspace file, groups stages into their SQL executions, and ties PySpark
 * writes (no Python line in the log) to write calls of files that own the run. Everything is
 * computed per store revision and cached; a query costs a map look-up once warm.
 */
import type { CallSite } from './callsites/types';
import { placeStage } from './callsites/planPlacement';
import { matchesWildcard, targetMatches } from './callsites/targets';
import type { Resolution } from './callsites/resolve';
import type { ApplicationSummary, StageSummary } from './eventlog/types';
import type { CodeOperation, EvidenceProvider, ExecutionRun, FileHistory, HistoryQuery, RunRef, StageRun } from './evidence';
import { EMPTY_HISTORY } from './evidence';
import { runRef, stageKey as attemptKey } from '../common/runs';
import { judgeApplication, measuredStage, type KeyedApplication } from '../verdicts';
import type { StoredApplication, StoredCallSite } from './store/types';

/** What the provider needs from the store. */
export interface HistoryReader {
  revision(): number;
  applications(): StoredApplication[];
  application(appKey: string): ApplicationSummary | undefined;
  callSites(): Array<StoredCallSite & { appKey: string }>;
}

export interface FileResolver {
  resolve(site: CallSite, pins?: Readonly<Record<string, string>>): Resolution;
}

/** A stage attempt's best line, per file. */
interface MappedStage {
  appKey: string;
  stageId: number;
  attemptId: number;
  /** 0-based. */
  line: number;
  /**
   * 0-based line of the stage's first RDD (the last RDD call site Spark lists, e.g. the
   * `groupByKey` whose shuffle an RDD stage reads), when it is another line of the same file.
   */
  rddLine?: number;
}

export interface MappingReport {
  /** Stage attempts with a call site that resolved to a workspace file. */
  mapped: number;
  /** Call-site paths that matched several workspace files (pin them with sparkAdvisor.callSitePins). */
  ambiguous: Array<{ path: string; candidates: string[] }>;
  /** Call-site paths that matched no workspace file. */
  unresolved: string[];
}

const stageKey = (appKey: string, stageId: number, attemptId: number) => `${appKey}#${stageId}.${attemptId}`;

export class StoreEvidenceProvider implements EvidenceProvider {
  private cache: { version: string; byFile: Map<string, MappedStage[]>; byStage: Map<string, { file: string; line: number }>; report: MappingReport; applications: StoredApplication[] } | undefined;
  private readonly apps = new Map<string, KeyedApplication | undefined>();
  private readonly results = new Map<string, FileHistory>();

  constructor(
    private readonly reader: HistoryReader,
    private readonly resolver: FileResolver,
    private pins: Readonly<Record<string, string>> = {},
    /** Bumped by the owner when the workspace's files change (new files can resolve call sites). */
    private readonly workspaceVersion: () => number = () => 0,
  ) {}

  version(): string {
    return `${this.reader.revision()}|${this.workspaceVersion()}|${this.pinsVersion}`;
  }

  private pinsVersion = 0;

  /** sparkAdvisor.callSitePins changed. */
  setPins(pins: Readonly<Record<string, string>>): void {
    if (JSON.stringify(pins) === JSON.stringify(this.pins)) return;
    this.pins = pins;
    this.pinsVersion++;
  }

  mappingReport(): MappingReport {
    return this.mapping().report;
  }

  historyFor(query: HistoryQuery): FileHistory {
    const { byFile, applications } = this.mapping();
    if (applications.length === 0) return EMPTY_HISTORY;
    const key = JSON.stringify(query);
    // Results are per mapping version: mapping() clears them when the store or workspace changes.
    const cached = this.results.get(key);
    if (cached) return cached;
    const history = this.build(query, byFile.get(query.file) ?? [], applications);
    // Each edit that moves a write call makes a new query: keep the cache small.
    if (this.results.size >= 64) this.results.clear();
    this.results.set(key, history);
    return history;
  }

  private mapping(): NonNullable<StoreEvidenceProvider['cache']> {
    const version = this.version();
    if (this.cache?.version === version) return this.cache;
    this.apps.clear();
    this.results.clear();
    const byFile = new Map<string, MappedStage[]>();
    const best = new Map<string, StoredCallSite & { appKey: string; file: string }>();
    const deepestRdd = new Map<string, StoredCallSite & { appKey: string; file: string }>();
    const ambiguous = new Map<string, string[]>();
    const unresolved = new Set<string>();
    const resolutions = new Map<string, Resolution>();
    for (const site of this.reader.callSites()) {
      let resolution = resolutions.get(site.path);
      if (!resolution) {
        resolution = this.resolver.resolve({ path: site.path, line: site.line, language: 'unknown' }, this.pins);
        resolutions.set(site.path, resolution);
      }
      if (resolution.kind === 'ambiguous') ambiguous.set(site.path, resolution.candidates);
      if (resolution.kind === 'unresolved') unresolved.add(site.path);
      if (resolution.kind !== 'resolved') continue;
      const key = stageKey(site.appKey, site.stageId, site.attemptId);
      const seen = best.get(key);
      if (!seen || site.rank < seen.rank) best.set(key, { ...site, file: resolution.file });
      if (site.origin === 'rdd') {
        const deepest = deepestRdd.get(key);
        if (!deepest || site.rank > deepest.rank) deepestRdd.set(key, { ...site, file: resolution.file });
      }
    }
    for (const [key, site] of best) {
      const list = byFile.get(site.file) ?? [];
      const rdd = deepestRdd.get(key);
      const rddLine = rdd && rdd.file === site.file && rdd.line !== site.line ? rdd.line - 1 : undefined;
      list.push({ appKey: site.appKey, stageId: site.stageId, attemptId: site.attemptId, line: site.line - 1, ...(rddLine !== undefined ? { rddLine } : {}) });
      byFile.set(site.file, list);
    }
    const report: MappingReport = { mapped: best.size, ambiguous: [...ambiguous].map(([path, candidates]) => ({ path, candidates })), unresolved: [...unresolved] };
    const byStage = new Map([...best].map(([key, site]) => [key, { file: site.file, line: site.line }]));
    // Read once per store revision: app names are matched on every analysis, i.e. every keystroke.
    this.cache = { version, byFile, byStage, report, applications: this.reader.applications() };
    return this.cache;
  }

  /** The workspace file and 1-based line a stage attempt ran from, when its call site resolved. */
  stageLocation(appKey: string, stageId: number, attemptId: number): { file: string; line: number } | undefined {
    return this.mapping().byStage.get(stageKey(appKey, stageId, attemptId));
  }

  /** Applications with at least one stage mapped to this file. */
  applicationsOf(file: string): string[] {
    return [...new Set((this.mapping().byFile.get(file) ?? []).map((stage) => stage.appKey))];
  }

  private application(appKey: string): KeyedApplication | undefined {
    if (!this.apps.has(appKey)) {
      const app = this.reader.application(appKey);
      this.apps.set(appKey, app && { ...app, appKey });
    }
    return this.apps.get(appKey);
  }

  private build(query: HistoryQuery, mapped: MappedStage[], applications: StoredApplication[]): FileHistory {
    const ownApps = new Set(mapped.map((stage) => stage.appKey));
    if (query.appNames.length > 0) {
      for (const app of applications) {
        if (app.name !== undefined && query.appNames.some((pattern) => matchesWildcard(pattern, app.name!))) ownApps.add(app.appKey);
      }
    }
    if (ownApps.size === 0) return EMPTY_HISTORY;
    const lineOf = new Map(mapped.map((stage) => [stageKey(stage.appKey, stage.stageId, stage.attemptId), stage.line]));
    const rddLineOf = new Map(mapped.filter((stage) => stage.rddLine !== undefined).map((stage) => [stageKey(stage.appKey, stage.stageId, stage.attemptId), stage.rddLine!]));
    const runs: RunRef[] = [];
    const stages: StageRun[] = [];
    const executions: ExecutionRun[] = [];
    for (const appKey of ownApps) {
      const app = this.application(appKey);
      if (!app) continue;
      const run = runRef({ ...app, appKey });
      const appStages = this.appStages(app, run, (stage) => lineOf.get(stageKey(appKey, stage.stageId, stage.attemptId)));
      const appExecutions = this.appExecutions(app, run, appStages.all, query);
      if (appStages.mapped.length === 0 && appExecutions.length === 0) continue;
      runs.push(run);
      const placed = placedOnCauses(appExecutions, query.operations ?? []);
      // An RDD stage has no plan: its first RDD (a groupByKey's shuffle read) is its cause.
      const onCause = (stage: StageRun): StageRun => {
        const moved = placed.place(stage);
        const rddLine = rddLineOf.get(stageKey(appKey, stage.stageId, stage.attemptId));
        if (moved !== stage || rddLine === undefined) return moved;
        return { ...stage, line: rddLine, placement: { sinkLine: stage.line, operation: 'RDD operation' } };
      };
      // Stages of executions tied by write target are the file's too, at the write's line.
      const byKey = new Map(appStages.mapped.map((stage) => [`${stage.stageId}.${stage.attemptId}`, onCause(stage)]));
      for (const execution of placed.executions) {
        for (const stage of execution.stages) if (!byKey.has(`${stage.stageId}.${stage.attemptId}`)) byKey.set(`${stage.stageId}.${stage.attemptId}`, stage);
      }
      stages.push(...byKey.values());
      executions.push(...placed.executions);
    }
    runs.sort((a, b) => (a.startTime ?? 0) - (b.startTime ?? 0));
    return { runs, stages, executions };
  }

  private appStages(app: KeyedApplication, run: RunRef, lineFor: (stage: StageSummary) => number | undefined): { all: Map<string, { summary: StageSummary; line?: number }>; mapped: StageRun[] } {
    const executionOfJob = new Map(app.jobs.map((job) => [job.jobId, job.sqlExecutionId]));
    const all = new Map<string, { summary: StageSummary; line?: number }>();
    const mapped: StageRun[] = [];
    for (const stage of app.stages) {
      const line = lineFor(stage);
      all.set(`${stage.stageId}.${stage.attemptId}`, { summary: stage, line });
      if (line !== undefined) mapped.push(stageRun(app, run, stage, line, 'call-site', executionOfJob));
    }
    return { all, mapped };
  }

  private appExecutions(app: KeyedApplication, run: RunRef, stages: Map<string, { summary: StageSummary; line?: number }>, query: HistoryQuery): ExecutionRun[] {
    const executionOfJob = new Map(app.jobs.map((job) => [job.jobId, job.sqlExecutionId]));
    const stagesOfExecution = new Map<number, StageSummary[]>();
    for (const { summary } of stages.values()) {
      const executionIds = new Set(summary.jobIds.map((jobId) => executionOfJob.get(jobId)).filter((id): id is number => id !== undefined));
      for (const id of executionIds) stagesOfExecution.set(id, [...(stagesOfExecution.get(id) ?? []), summary]);
    }
    // First each execution's own line; then nested executions (the query under a data source
    // write command) take their root's line: the command ran them for that write.
    const lineOf = new Map<number, { line: number; origin: ExecutionRun['origin'] }>();
    for (const execution of app.sqlExecutions) {
      const own = stagesOfExecution.get(execution.executionId) ?? [];
      const line = mostCommon(own.map((stage) => stages.get(`${stage.stageId}.${stage.attemptId}`)?.line).filter((l): l is number => l !== undefined));
      if (line !== undefined) {
        lineOf.set(execution.executionId, { line, origin: 'call-site' });
        continue;
      }
      const writeTargets = execution.nodes.filter((node) => node.kind === 'write' && node.writeTarget).map((node) => node.writeTarget!);
      const hint = query.writeTargets.find((candidate) => writeTargets.some((target) => targetMatches(candidate.target, target)));
      if (hint) lineOf.set(execution.executionId, { line: hint.line, origin: 'write-target' });
    }
    const result: ExecutionRun[] = [];
    const verdicts = judgeApplication(app);
    for (const execution of app.sqlExecutions) {
      const root = execution.rootExecutionId !== undefined && execution.rootExecutionId !== execution.executionId ? lineOf.get(execution.rootExecutionId) : undefined;
      const mapped = lineOf.get(execution.executionId) ?? root;
      if (!mapped) continue;
      const own = stagesOfExecution.get(execution.executionId) ?? [];
      result.push({
        run,
        line: mapped.line,
        origin: mapped.origin,
        executionId: execution.executionId,
        description: execution.description,
        durationMs: execution.startTime !== undefined && execution.endTime !== undefined ? execution.endTime - execution.startTime : undefined,
        nodes: execution.nodes,
        joins: verdicts.joins.filter((join) => join.executionId === execution.executionId),
        oversizedBroadcasts: verdicts.oversizedBroadcasts.filter((broadcast) => broadcast.executionId === execution.executionId),
        stages: own.map((stage) => stageRun(app, run, stage, stages.get(`${stage.stageId}.${stage.attemptId}`)?.line ?? mapped.line, mapped.origin, executionOfJob)),
      });
    }
    return result;
  }
}

/**
 * Stages moved from the action or write that ran them to the operation that caused them (the
 * join, aggregation, window or read of the plan node that defines the stage), where the plan and
 * the file's code agree on one place; the executions carry their stages so placed.
 */
function placedOnCauses(executions: ExecutionRun[], operations: readonly CodeOperation[]): { executions: ExecutionRun[]; place: (stage: StageRun) => StageRun } {
  const byId = new Map(executions.map((execution) => [execution.executionId, execution]));
  const place = (stage: StageRun): StageRun => {
    const execution = stage.executionId === undefined ? undefined : byId.get(stage.executionId);
    const placement = execution && placeStage(stage.stageId, execution.nodes, stage.line, operations);
    if (!placement || placement.line === stage.line) return stage;
    return { ...stage, line: placement.line, placement: { sinkLine: stage.line, operation: placement.operation } };
  };
  if (operations.length === 0) return { executions, place };
  return { executions: executions.map((execution) => ({ ...execution, stages: execution.stages.map(place) })), place };
}

function mostCommon(lines: number[]): number | undefined {
  const counts = new Map<number, number>();
  for (const line of lines) counts.set(line, (counts.get(line) ?? 0) + 1);
  let best: number | undefined;
  for (const [line, count] of counts) if (best === undefined || count > counts.get(best)!) best = line;
  return best;
}

/** A stored stage attempt as the rules see it, at a line (-1: not tied to code), with its verdicts. */
export function stageRun(app: KeyedApplication, run: RunRef, stage: StageSummary, line: number, origin: StageRun['origin'], executionOfJob: ReadonlyMap<number, number | undefined>): StageRun {
  return { ...measuredStage(app, run, stage, executionOfJob), line, origin, verdicts: judgeApplication(app).stages.get(attemptKey(stage)) ?? {} };
}
