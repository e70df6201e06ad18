/**
 * Each stage attempt's user call sites, best first, from everything an event log says about it: the
 * stage name, its jobs' callSite.short, the SQL execution behind those jobs, the RDDs it computed
 * and the stack in Stage Info "Details".
 */
import type { ApplicationSummary, JobSummary, SqlExecutionSummary, StageSummary } from '../eventlog/types';
import { parseAllStackFrames, parseCallSite, parseStackFrames } from './callSiteText';
import { baseName, isInternalCallSite, isInternalClass } from './internal';
import type { CallSite, CallSiteOrigin, StageCallSite } from './types';

/**
 * User call sites for every stage attempt of an application, best first per stage: stage name; then
 * its jobs' callSite.short; then the SQL execution named by the jobs' spark.sql.execution.id
 * (description; for stages run on AQE helper threads also its stack, whose user frames are then the
 * only trace of the caller); then RDD call sites; then the user frames of Stage Details (then, for
 * other stages, the SQL execution's frames). Internal sites are dropped, the same path:line is kept
 * once (first origin wins), and a short site is given the function and package of a stack frame at
 * the same place when there is one.
 */
export function stageCallSites(app: ApplicationSummary): StageCallSite[] {
  const jobs = new Map(app.jobs.map((job) => [job.jobId, job]));
  const executions = new Map((app.sqlExecutions ?? []).map((execution) => [execution.executionId, execution]));
  return app.stages.flatMap((stage) => sitesOfStage(stage, jobs, executions));
}

function sitesOfStage(stage: StageSummary, jobs: ReadonlyMap<number, JobSummary>, executions: ReadonlyMap<number, SqlExecutionSummary>): StageCallSite[] {
  const stageJobs = stage.jobIds.map((jobId) => jobs.get(jobId)).filter((job): job is JobSummary => job !== undefined);
  const stageExecutions = executionsOf(stageJobs, executions);
  const nameSite = stage.name === undefined ? undefined : parseCallSite(stage.name);
  const executionFrames = stageExecutions.flatMap((execution) => (execution.details ? parseStackFrames(execution.details) : []));

  const candidates: Array<[CallSiteOrigin, CallSite | undefined]> = [['stage-name', nameSite]];
  for (const job of stageJobs) candidates.push(['job', parseOptional(job.callSite ?? job.properties['callSite.short'])]);
  for (const execution of stageExecutions) candidates.push(['sql-execution', parseOptional(execution.description)]);
  const helperThread = nameSite !== undefined && runsOnHelperThread(nameSite);
  if (helperThread) for (const frame of executionFrames) candidates.push(['sql-execution', frame]);
  for (const rddSite of stage.rddCallSites ?? []) candidates.push(['rdd', parseCallSite(rddSite)]);
  for (const frame of stage.details ? parseStackFrames(stage.details) : []) candidates.push(['details', frame]);
  if (!helperThread) for (const frame of executionFrames) candidates.push(['sql-execution', frame]);

  const stacks = new StackEvidence([stage.details, ...stageExecutions.map((execution) => execution.details)]);
  const sites: StageCallSite[] = [];
  const seen = new Set<string>();
  for (const [origin, site] of candidates) {
    if (site === undefined || isInternalCallSite(site) || stacks.showsInternal(site)) continue;
    const key = `${site.path}:${site.line}`;
    if (seen.has(key)) continue;
    seen.add(key);
    sites.push({ ...stacks.enrich(site), stageId: stage.stageId, attemptId: stage.attemptId, origin, rank: sites.length });
  }
  return sites;
}

function parseOptional(text: string | undefined): CallSite | undefined {
  return text === undefined ? undefined : parseCallSite(text);
}

/** The SQL executions behind the jobs, each followed by its root execution (a sub-execution's caller is the root's). */
function executionsOf(stageJobs: readonly JobSummary[], executions: ReadonlyMap<number, SqlExecutionSummary>): SqlExecutionSummary[] {
  const ids: number[] = [];
  for (const job of stageJobs) {
    if (job.sqlExecutionId === undefined) continue;
    ids.push(job.sqlExecutionId);
    const root = executions.get(job.sqlExecutionId)?.rootExecutionId;
    if (root !== undefined) ids.push(root);
  }
  return [...new Set(ids)].map((id) => executions.get(id)).filter((execution): execution is SqlExecutionSummary => execution !== undefined);
}

/** AQE runs query stages from a thread pool: the stage is named after the pool, not the caller. */
function runsOnHelperThread(site: CallSite): boolean {
  const file = baseName(site.path);
  return site.operation?.startsWith('$anonfun$withThreadLocalCaptured') === true || file === 'FutureTask.java' || file === 'CompletableFuture.java';
}

/** What the stacks of a stage and its SQL executions say about the files and lines in its short call sites. */
class StackEvidence {
  /** Files whose frames belong to Spark or the JDK (BisectingKMeans.scala of spark.mllib, …) and to no user class. */
  private readonly internalFiles = new Set<string>();
  private readonly userFrames: CallSite[] = [];

  constructor(stacks: ReadonlyArray<string | undefined>) {
    const userFiles = new Set<string>();
    for (const stack of stacks) {
      if (!stack) continue;
      for (const frame of parseAllStackFrames(stack)) {
        const internal = frame.functionName !== undefined && isInternalClass(frame.functionName);
        (internal ? this.internalFiles : userFiles).add(baseName(frame.path));
      }
      this.userFrames.push(...parseStackFrames(stack));
    }
    for (const file of userFiles) this.internalFiles.delete(file);
  }

  /**
   * A JVM short site ("first at BisectingKMeans.scala:163") whose file only Spark's own frames run
   * in: Spark names stages after the first frame outside its core, which can be a Spark library
   * (MLlib) called from Python.
   */
  showsInternal(site: CallSite): boolean {
    if (site.functionName !== undefined || (site.language !== 'scala' && site.language !== 'java')) return false;
    return !/[\\/]/.test(site.path) && this.internalFiles.has(site.path);
  }

  /** The function and package of a user frame at the same path:line, else the package of a frame in the same file. */
  enrich(site: CallSite): CallSite {
    if (site.functionName !== undefined) return site;
    const samePlace = this.userFrames.find((frame) => frame.path === site.path && frame.line === site.line);
    if (samePlace) return { ...site, functionName: samePlace.functionName, ...(samePlace.packageHint ? { packageHint: samePlace.packageHint } : {}) };
    const sameFile = this.userFrames.find((frame) => frame.path === site.path && frame.packageHint !== undefined);
    return sameFile ? { ...site, packageHint: sameFile.packageHint } : site;
  }
}
