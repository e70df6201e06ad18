/**
 * Folds parsed events into application and stage-attempt aggregates. State grows with the number of
 * applications, executors, jobs, stage attempts, SQL plan nodes and cached RDDs, never with the
 * number of tasks or bytes: each stage attempt holds sums, fixed-size reservoirs and its N slowest
 * tasks.
 */
import { ApplicationAggregate } from './application';
import type { Json } from './json';
import { num, numbers, numOr0, obj, str, stringMap } from './json';
import type { FoldOptions } from './options';
import { StageAggregate } from './stage';
import { TaskIdSet } from './taskIds';
import { addTask, taskFigures } from './totals';
import type { ApplicationSummary, JobSummary, TaskSample } from './types';

export type { FoldOptions } from './options';
export { emptyTotals } from './totals';

const SCHEDULER_PREFIX = 'org.apache.spark.scheduler.';
const SQL_UI_PREFIX = 'org.apache.spark.sql.execution.ui.';

/** Told about a value the fold had to drop or distrust; the caller adds the file and line. */
export type OddValueSink = (message: string) => void;

export class EventFolder {
  private readonly apps: ApplicationAggregate[] = [];
  private pending: ApplicationAggregate | undefined;
  /** Task ids seen per application, to drop repeated TaskEnd events. */
  private readonly taskIds = new Map<ApplicationAggregate, TaskIdSet>();

  constructor(
    private readonly options: FoldOptions,
    private readonly odd: OddValueSink = () => undefined,
  ) {}

  /** The application events go to; a SparkListenerApplicationStart after one was seen opens a new one. */
  private app(): ApplicationAggregate {
    if (!this.pending) {
      this.pending = new ApplicationAggregate();
      this.apps.push(this.pending);
    }
    return this.pending;
  }

  event(event: Json): void {
    let type = str(event['Event']);
    if (type === undefined) {
      this.odd(`event without an "Event" type${'Event' in event ? ` (${describeValue(event['Event'])})` : ''}, skipped`);
      return;
    }
    if (type.startsWith(SCHEDULER_PREFIX)) type = type.slice(SCHEDULER_PREFIX.length);
    else if (type.startsWith(SQL_UI_PREFIX)) type = type.slice(SQL_UI_PREFIX.length);
    switch (type) {
      case 'SparkListenerLogStart':
        this.app().sparkVersion = str(event['Spark Version']);
        return;
      case 'SparkListenerApplicationStart':
        return this.applicationStart(event);
      case 'SparkListenerApplicationEnd': {
        const app = this.app();
        app.completed = true;
        const end = this.number(event, 'Timestamp', type);
        if (end !== undefined && app.startTime !== undefined && end < app.startTime) this.odd(`${type} at ${end}, before the application started (${app.startTime}): its end time is taken as unknown`);
        else app.endTime = end;
        return;
      }
      case 'SparkListenerEnvironmentUpdate':
        Object.assign(this.app().sparkProperties, stringMap(event['Spark Properties']));
        return;
      case 'SparkListenerExecutorAdded':
      case 'SparkListenerExecutorRemoved':
        return this.executor(type, event);
      case 'SparkListenerJobStart':
        return this.jobStart(event);
      case 'SparkListenerJobEnd':
        return this.jobEnd(event);
      case 'SparkListenerStageSubmitted':
      case 'SparkListenerStageCompleted':
        return this.stageEvent(type, event);
      case 'SparkListenerTaskEnd':
        return this.taskEnd(event);
      case 'SparkListenerSQLExecutionStart':
        return this.app().sql.start(event);
      case 'SparkListenerSQLAdaptiveExecutionUpdate':
        return this.app().sql.adaptiveUpdate(event);
      case 'SparkListenerSQLExecutionEnd':
        return this.app().sql.end(event);
      case 'SparkListenerDriverAccumUpdates':
        return this.app().sql.driverAccumUpdates(event);
      default:
        return; // Unknown or uninteresting event types are normal.
    }
  }

  private applicationStart(event: Json): void {
    let app = this.app();
    if (app.started) {
      this.pending = undefined;
      app = this.app();
    }
    app.started = true;
    app.name = str(event['App Name']);
    app.appId = str(event['App ID']);
    app.attemptId = str(event['App Attempt ID']);
    app.user = str(event['User']);
    app.startTime = this.number(event, 'Timestamp', 'SparkListenerApplicationStart');
  }

  /**
   * A numeric field: a number as Spark writes it, else undefined with a warning when it is there but
   * not a number (a string "12", null…); integers beyond 2^53 are kept, rounded, with a warning.
   */
  private number(container: Json | undefined, field: string, where: string, required = false): number | undefined {
    const value = container?.[field];
    if (value === undefined) {
      if (required) this.odd(`${where} without "${field}", skipped`);
      return undefined;
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.odd(`${where}: "${field}" is ${describeValue(value)}, not a number; ${required ? 'event skipped' : 'taken as unknown'}`);
      return undefined;
    }
    if (Number.isInteger(value) && !Number.isSafeInteger(value)) this.odd(`${where}: "${field}" ${value} is beyond 2^53 and was rounded when read`);
    return value;
  }

  private executor(type: string, event: Json): void {
    const executorId = str(event['Executor ID']);
    if (executorId === undefined) return;
    const executors = this.app().executors;
    let executor = executors.get(executorId);
    if (!executor) {
      executor = { executorId };
      executors.set(executorId, executor);
    }
    const time = num(event['Timestamp']);
    if (type === 'SparkListenerExecutorAdded') {
      const info = obj(event['Executor Info']);
      const host = str(info?.['Host']);
      const cores = num(info?.['Total Cores']);
      if (host !== undefined) executor.host = host;
      if (cores !== undefined) executor.totalCores = cores;
      if (time !== undefined) executor.addedTime = time;
    } else {
      const reason = str(event['Removed Reason']);
      if (time !== undefined) executor.removedTime = time;
      if (reason !== undefined) executor.removedReason = reason;
    }
  }

  private jobStart(event: Json): void {
    const app = this.app();
    const jobId = this.number(event, 'Job ID', 'SparkListenerJobStart', true);
    if (jobId === undefined) return;
    let stageIds = numbers(event['Stage IDs']);
    if (stageIds.length === 0 && Array.isArray(event['Stage Infos'])) {
      stageIds = event['Stage Infos'].map((info) => num(obj(info)?.['Stage ID'])).filter((id): id is number => id !== undefined);
    }
    const allProperties = stringMap(event['Properties']);
    const properties: Record<string, string> = {};
    for (const [key, value] of Object.entries(allProperties)) {
      if (app.sparkProperties[key] !== value) properties[key] = value;
    }
    const executionId = properties['spark.sql.execution.id'] ?? app.sparkProperties['spark.sql.execution.id'];
    const sqlExecutionId = executionId !== undefined && /^\d+$/.test(executionId) ? Number(executionId) : undefined;
    const job: JobSummary = { jobId, submissionTime: num(event['Submission Time']), stageIds, sqlExecutionId, properties };
    const callSite = allProperties['callSite.short'];
    const description = allProperties['spark.job.description'];
    if (callSite !== undefined) job.callSite = callSite;
    if (description !== undefined) job.description = description;
    app.jobs.set(jobId, job);
    app.activeJobs.add(jobId);
    for (const stageId of stageIds) {
      const jobs = app.jobsOfStage.get(stageId);
      if (jobs) jobs.push(jobId);
      else app.jobsOfStage.set(stageId, [jobId]);
      for (const stage of app.attemptsOf.get(stageId) ?? []) stage.jobIds.add(jobId);
    }
  }

  private jobEnd(event: Json): void {
    const app = this.app();
    const jobId = numOr0(event['Job ID']);
    app.activeJobs.delete(jobId);
    const job = app.jobs.get(jobId);
    if (job) {
      job.completionTime = num(event['Completion Time']);
      job.result = str(obj(event['Job Result'])?.['Result']);
    }
  }

  private stageEvent(type: string, event: Json): void {
    const info = obj(event['Stage Info']);
    if (!info) {
      this.odd(`${type} without "Stage Info", skipped`);
      return;
    }
    const stageId = this.number(info, 'Stage ID', type, true);
    if (stageId === undefined) return;
    const app = this.app();
    const stage = this.stage(stageId, this.number(info, 'Stage Attempt ID', type) ?? 0);
    stage.info(info);
    if (stage.submissionTime !== undefined && stage.completionTime !== undefined && stage.completionTime < stage.submissionTime) {
      this.odd(`${type}: stage ${stageId} completes at ${stage.completionTime}, before it was submitted (${stage.submissionTime}): its completion time is taken as unknown`);
      stage.completionTime = undefined;
    }
    if (type === 'SparkListenerStageSubmitted' || stage.ranForJobs === undefined) stage.ranForJobs = this.jobsRunning(stageId);
    app.cachedRdds.observe(info, stageId, stage.ranForJobs);
    if (type === 'SparkListenerStageCompleted') {
      stage.completed = true;
      app.sql.stageAccumulables(info['Accumulables'], stageId);
    }
  }

  /**
   * The jobs a stage runs for when it is submitted: those listing it that are still running. A later
   * job that lists the same stage skips it (its output is reused) and does not count.
   */
  private jobsRunning(stageId: number): number[] {
    const app = this.app();
    const listing = app.jobsOfStage.get(stageId) ?? [];
    const running = listing.filter((jobId) => app.activeJobs.has(jobId));
    return running.length > 0 ? running : listing;
  }

  private stage(stageId: number, attemptId: number): StageAggregate {
    const app = this.app();
    const key = `${stageId}:${attemptId}`;
    let stage = app.stages.get(key);
    if (!stage) {
      stage = new StageAggregate(stageId, attemptId, this.options);
      for (const jobId of app.jobsOfStage.get(stageId) ?? []) stage.jobIds.add(jobId);
      app.stages.set(key, stage);
      const attempts = app.attemptsOf.get(stageId);
      if (attempts) attempts.push(stage);
      else app.attemptsOf.set(stageId, [stage]);
    }
    return stage;
  }

  private taskEnd(event: Json): void {
    const where = 'SparkListenerTaskEnd';
    const stageId = this.number(event, 'Stage ID', where, true);
    if (stageId === undefined) return;
    const info = obj(event['Task Info']);
    const app = this.app();
    const taskId = this.number(info, 'Task ID', where);
    if (taskId !== undefined && !this.taskIdsOf(app).add(taskId)) {
      this.odd(`${where} for task ${taskId} (stage ${stageId}) seen before, counted once`);
      return;
    }
    const figures = taskFigures(event, (field, value) => this.odd(`${where}: "${field}" is ${describeValue(value)}, not a number; taken as unknown`));
    addTask(app.totals, figures);
    const sample: TaskSample | undefined =
      figures.durationMs === undefined || figures.launchTime === undefined
        ? undefined
        : {
            taskId: numOr0(info?.['Task ID']),
            index: num(info?.['Index']),
            attempt: num(info?.['Attempt']),
            executorId: str(info?.['Executor ID']),
            host: str(info?.['Host']),
            status: figures.status,
            reason: figures.reason,
            launchTime: figures.launchTime,
            durationMs: figures.durationMs,
            ...(figures.hasMetrics
              ? {
                  executorRunTimeMs: figures.executorRunTimeMs,
                  jvmGcTimeMs: figures.jvmGcTimeMs,
                  shuffleReadBytes: figures.shuffleRemoteReadBytes + figures.shuffleLocalReadBytes,
                  inputBytes: figures.inputBytes,
                }
              : {}),
          };
    this.stage(stageId, numOr0(event['Stage Attempt ID'])).task(figures, sample);
  }

  private taskIdsOf(app: ApplicationAggregate): TaskIdSet {
    let ids = this.taskIds.get(app);
    if (!ids) {
      ids = new TaskIdSet();
      this.taskIds.set(app, ids);
    }
    return ids;
  }

  applications(): ApplicationSummary[] {
    return this.apps.map((app) => app.summary());
  }

  /** Applications that never saw SparkListenerApplicationEnd, with their unfinished stage attempts. */
  incomplete(): Array<{ appId: string | undefined; activeStages: number }> {
    return this.apps
      .filter((app) => !app.completed && (app.started || app.stages.size > 0 || app.jobs.size > 0))
      .map((app) => ({ appId: app.appId, activeStages: [...app.stages.values()].filter((stage) => !stage.completed).length }));
  }
}

/** A value as a warning quotes it: short, and a string in quotes. */
function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return `a string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : String(value);
}
