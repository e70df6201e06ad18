/**
 * The verdict engine: every judgement about one stored application, computed once per loaded
 * application and kept beside it, so that the editor's rules, the CLI's JSON, the report and the
 * recommendations read the same verdicts.
 *
 *   const verdicts = judgeApplication(app);           // app: ApplicationSummary & { appKey }
 *   verdicts.stages.get('7.0')?.['task-skew']?.message
 */
import { countOf } from '../common/format';
import { runRef, stageKey, type RunRef } from '../common/runs';
import type { ApplicationSummary, StageSummary } from '../history/eventlog/types';
import { groupFailures, isGpuOutOfMemory, type FailureGroup } from './failures';
import { isRapids } from '../common/platform';
import { measuredJoin, oversizedBroadcast } from './joins';
import { failureVerdict, gcVerdict, partitionVerdict, skewVerdict, spillVerdict, stageTitle } from './stage';
import type { JoinMeasurement, MeasuredStage, StageRuleId, StageVerdict, StageVerdicts } from './types';

export interface ApplicationVerdicts {
  run: RunRef;
  /** By stage attempt key ("7.0"). */
  stages: Map<string, StageVerdicts>;
  /** Failed stage attempts grouped under their first root failure. */
  failures: FailureGroup[];
  /** Shuffled joins with both sides measured, by SQL execution. */
  joins: JoinMeasurement[];
  /** Broadcast exchanges over the limit. */
  oversizedBroadcasts: Array<{ executionId: number; nodeIndex: number; bytes: number }>;
}

export type KeyedApplication = ApplicationSummary & { appKey: string };

const JUDGES: ReadonlyArray<[StageRuleId, (stage: MeasuredStage) => StageVerdict | undefined]> = [
  ['task-skew', skewVerdict],
  ['spill', spillVerdict],
  ['gc-pressure', gcVerdict],
  ['partition-sizing', partitionVerdict],
  ['stage-failures', failureVerdict],
];

/** A stored stage attempt with its run, as the verdicts (and, placed on a line, the rules) read it. */
export function measuredStage(app: ApplicationSummary, run: RunRef, stage: StageSummary, executionOfJob: ReadonlyMap<number, number | undefined>): MeasuredStage {
  const executionId = stage.jobIds.map((jobId) => executionOfJob.get(jobId)).find((id) => id !== undefined);
  return {
    run,
    stageId: stage.stageId,
    attemptId: stage.attemptId,
    name: stage.name,
    status: stage.status,
    failureReason: stage.failureReason,
    numTasks: stage.numTasks,
    durationMs: stage.submissionTime !== undefined && stage.completionTime !== undefined ? stage.completionTime - stage.submissionTime : undefined,
    tasks: stage.tasks,
    taskDuration: stage.taskDuration,
    shuffleReadPerTask: stage.shuffleReadPerTask,
    inputPerTask: stage.inputPerTask,
    spillPerTask: stage.spillPerTask,
    gcPerTask: stage.gcPerTask,
    slowestTasks: stage.slowestTasks,
    ...(executionId !== undefined ? { executionId } : {}),
    cachedRdds: app.cachedRdds.filter((rdd) => rdd.stageIds.includes(stage.stageId)),
  };
}

export function executionOfJobs(app: ApplicationSummary): Map<number, number | undefined> {
  return new Map(app.jobs.map((job) => [job.jobId, job.sqlExecutionId]));
}

const computed = new WeakMap<ApplicationSummary, ApplicationVerdicts>();

export function judgeApplication(app: KeyedApplication): ApplicationVerdicts {
  const cached = computed.get(app);
  if (cached) return cached;
  const run = runRef(app);
  const executionOfJob = executionOfJobs(app);
  const failures = groupFailures(app.stages);
  const stages = new Map<string, StageVerdicts>();
  for (const stage of app.stages) {
    const measured = measuredStage(app, run, stage, executionOfJob);
    const verdicts: StageVerdicts = {};
    for (const [ruleId, judge] of JUDGES) {
      const verdict = judge(measured);
      if (verdict) verdicts[ruleId] = verdict;
    }
    stages.set(stageKey(stage), verdicts);
  }
  for (const group of failures) applyFailureGroup(group, stages, run);
  if (isRapids(app.sparkProperties)) inGpuTerms(app, stages);
  const joins: JoinMeasurement[] = [];
  const oversizedBroadcasts: ApplicationVerdicts['oversizedBroadcasts'] = [];
  for (const execution of app.sqlExecutions) {
    for (const node of execution.nodes) {
      const join = measuredJoin(execution.executionId, node);
      if (join) joins.push(join);
      const bytes = oversizedBroadcast(node);
      if (bytes !== undefined) oversizedBroadcasts.push({ executionId: execution.executionId, nodeIndex: node.nodeIndex, bytes });
    }
  }
  const verdicts = { run, stages, failures, joins, oversizedBroadcasts };
  computed.set(app, verdicts);
  return verdicts;
}

/**
 * On a RAPIDS GPU run, Spark's "Memory Bytes Spilled" is mostly GPU memory spilled to the host, and
 * a GPU out-of-memory error is not a JVM one: the JVM heap changes neither, the GPU's settings do.
 */
function inGpuTerms(app: ApplicationSummary, stages: Map<string, StageVerdicts>): void {
  const concurrent = app.sparkProperties['spark.rapids.sql.concurrentGpuTasks'];
  const gpuSettings = `fewer tasks sharing a GPU (spark.rapids.sql.concurrentGpuTasks${concurrent ? `, now ${concurrent}` : ''}) or less GPU memory held back (spark.rapids.memory.gpu.reserve, spark.rapids.memory.gpu.allocFraction); the JVM heap (spark.executor.memory) does not change it`;
  for (const verdicts of stages.values()) {
    const spill = verdicts.spill;
    if (spill) {
      spill.message = `${spill.message} (RAPIDS: GPU memory spilled to host memory)`;
      spill.advice = `GPU memory spilled to the host is copied back before use: give each task less data (more shuffle partitions, or AQE), or ${gpuSettings}.`;
    }
    const failure = verdicts['stage-failures'];
    if (failure && isGpuOutOfMemory(failure.message)) failure.advice = `The GPU ran out of memory: make partitions smaller, or ${gpuSettings}.`;
  }
}

/** The root's verdict names its error and what followed; each consequence points at the root. */
function applyFailureGroup(group: FailureGroup, stages: Map<string, StageVerdicts>, run: RunRef): void {
  const root = group.root;
  const rootVerdict = stages.get(stageKey(root))?.['stage-failures'];
  if (rootVerdict) {
    const followed = group.consequences.length > 0 ? `; then ${countOf(group.consequences.length, 'stage')} failed or were cancelled as a consequence` : '';
    const where = root.where ? ` (${root.where})` : '';
    const failedTasks = rootVerdict.evidence.figures['failedTasks'] ?? 0;
    const lost = failedTasks > 0 ? `; ${countOf(failedTasks, 'failed task')}` : '';
    const summary = `failed: ${root.exception}${where}${lost}${followed}`;
    rootVerdict.message = `${stageTitle({ ...root, run })} ${summary}`;
    rootVerdict.evidence = { ...rootVerdict.evidence, summary: `stage ${root.stageId} attempt ${root.attemptId}: ${summary}`, figures: { ...rootVerdict.evidence.figures, consequences: group.consequences.length } };
    rootVerdict.severity += 10_000_000;
  }
  for (const consequence of group.consequences) {
    const verdict = stages.get(stageKey(consequence))?.['stage-failures'];
    if (!verdict) continue;
    verdict.consequenceOf = { stageId: root.stageId, attemptId: root.attemptId };
    verdict.message = `${stageTitle({ ...consequence, run })} ${consequence.reason.replace(/\.$/, '')}, after stage ${root.stageId} failed (${root.exception})`;
    verdict.severity = 0;
  }
}
