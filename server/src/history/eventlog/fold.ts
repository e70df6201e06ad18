/**
 * Folds parsed events into application and stage-attempt aggregates. State grows with the number of
 * applications, jobs and stage attempts, never with the number of tasks or bytes: each stage attempt
 * holds sums, two fixed-size reservoirs and its N slowest tasks.
 *
 * Field names follow Spark's JsonProtocol, 1.x to 4.x: sub-objects and fields that older versions do
 * not write ("Shuffle Read Metrics"/"Local Bytes Read" before 1.3, "Stage Attempt ID", "Killed",
 * "Task Metrics" on lost tasks) simply add nothing.
 */
import { Reservoir } from './reservoir';
import type { ApplicationSummary, JobSummary, StageStatus, StageSummary, TaskSample, TaskStatus, TaskTotals } from './types';

type Json = Record<string, unknown>;

export interface FoldOptions {
  quantileSampleSize: number;
  slowestTasks: number;
}

export function emptyTotals(): TaskTotals {
  return {
    tasks: 0,
    succeededTasks: 0,
    failedTasks: 0,
    killedTasks: 0,
    tasksWithoutMetrics: 0,
    durationMs: 0,
    executorRunTimeMs: 0,
    jvmGcTimeMs: 0,
    shuffleReadBytes: 0,
    shuffleRemoteReadBytes: 0,
    shuffleLocalReadBytes: 0,
    shuffleWriteBytes: 0,
    inputBytes: 0,
    memorySpilledBytes: 0,
    diskSpilledBytes: 0,
  };
}

/** One TaskEnd event's figures. */
interface TaskFigures {
  status: TaskStatus;
  hasMetrics: boolean;
  durationMs: number | undefined;
  executorRunTimeMs: number;
  jvmGcTimeMs: number;
  shuffleRemoteReadBytes: number;
  shuffleLocalReadBytes: number;
  shuffleWriteBytes: number;
  inputBytes: number;
  memorySpilledBytes: number;
  diskSpilledBytes: number;
}

function addTask(totals: TaskTotals, task: TaskFigures): void {
  totals.tasks++;
  if (task.status === 'succeeded') totals.succeededTasks++;
  else if (task.status === 'failed') totals.failedTasks++;
  else totals.killedTasks++;
  if (!task.hasMetrics) totals.tasksWithoutMetrics++;
  totals.durationMs += task.durationMs ?? 0;
  totals.executorRunTimeMs += task.executorRunTimeMs;
  totals.jvmGcTimeMs += task.jvmGcTimeMs;
  totals.shuffleRemoteReadBytes += task.shuffleRemoteReadBytes;
  totals.shuffleLocalReadBytes += task.shuffleLocalReadBytes;
  totals.shuffleReadBytes += task.shuffleRemoteReadBytes + task.shuffleLocalReadBytes;
  totals.shuffleWriteBytes += task.shuffleWriteBytes;
  totals.inputBytes += task.inputBytes;
  totals.memorySpilledBytes += task.memorySpilledBytes;
  totals.diskSpilledBytes += task.diskSpilledBytes;
}

const obj = (value: unknown): Json | undefined => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined);
const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const numOr0 = (value: unknown): number => num(value) ?? 0;

function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const map = obj(value);
  if (map) for (const [key, entry] of Object.entries(map)) if (typeof entry === 'string') out[key] = entry;
  return out;
}

function numbers(value: unknown): number[] {
  return Array.isArray(value) ? value.filter((entry): entry is number => typeof entry === 'number') : [];
}

/** Spark's own rule (AppStatusListener): Success counts as completed, TaskKilled/TaskCommitDenied as killed, the rest as failed. */
function taskStatus(reason: string | undefined, info: Json | undefined): TaskStatus {
  if (info?.['Killed'] === true || reason === 'TaskKilled' || reason === 'TaskCommitDenied') return 'killed';
  if (reason === 'Success' || (reason === undefined && info?.['Failed'] === false)) return 'succeeded';
  return 'failed';
}

class StageAggregate {
  name: string | undefined;
  numTasks: number | undefined;
  details: string | undefined;
  submissionTime: number | undefined;
  completionTime: number | undefined;
  failureReason: string | undefined;
  completed = false;
  readonly jobIds = new Set<number>();
  readonly totals = emptyTotals();
  readonly duration: Reservoir;
  readonly shuffleRead: Reservoir;
  /** Slowest first, at most `options.slowestTasks`. */
  readonly slowest: TaskSample[] = [];

  constructor(
    readonly stageId: number,
    readonly attemptId: number,
    private readonly options: FoldOptions,
  ) {
    const seed = (stageId * 65599 + attemptId) >>> 0;
    this.duration = new Reservoir(options.quantileSampleSize, seed);
    this.shuffleRead = new Reservoir(options.quantileSampleSize, seed ^ 0x5bd1e995);
  }

  info(stageInfo: Json): void {
    this.name = str(stageInfo['Stage Name']) ?? this.name;
    this.numTasks = num(stageInfo['Number of Tasks']) ?? this.numTasks;
    this.details = str(stageInfo['Details']) ?? this.details;
    this.submissionTime = num(stageInfo['Submission Time']) ?? this.submissionTime;
    this.completionTime = num(stageInfo['Completion Time']) ?? this.completionTime;
    this.failureReason = str(stageInfo['Failure Reason']) ?? this.failureReason;
  }

  task(figures: TaskFigures, sample: TaskSample | undefined): void {
    addTask(this.totals, figures);
    if (figures.status === 'succeeded') {
      if (figures.durationMs !== undefined) this.duration.add(figures.durationMs);
      if (figures.hasMetrics) this.shuffleRead.add(figures.shuffleRemoteReadBytes + figures.shuffleLocalReadBytes);
    }
    if (sample) this.keepIfSlow(sample);
  }

  private keepIfSlow(sample: TaskSample): void {
    const limit = this.options.slowestTasks;
    if (limit <= 0) return;
    if (this.slowest.length === limit && sample.durationMs <= this.slowest[limit - 1]!.durationMs) return;
    let at = this.slowest.length;
    while (at > 0 && this.slowest[at - 1]!.durationMs < sample.durationMs) at--;
    this.slowest.splice(at, 0, sample);
    if (this.slowest.length > limit) this.slowest.pop();
  }

  summary(): StageSummary {
    const status: StageStatus = !this.completed ? 'active' : this.failureReason !== undefined ? 'failed' : 'complete';
    return {
      stageId: this.stageId,
      attemptId: this.attemptId,
      name: this.name,
      numTasks: this.numTasks,
      details: this.details,
      submissionTime: this.submissionTime,
      completionTime: this.completionTime,
      failureReason: this.failureReason,
      status,
      jobIds: [...this.jobIds].sort((a, b) => a - b),
      tasks: { ...this.totals },
      taskDuration: this.duration.summary(),
      shuffleReadPerTask: this.shuffleRead.summary(),
      slowestTasks: this.slowest.map((task) => ({ ...task })),
    };
  }
}

class ApplicationAggregate {
  appId: string | undefined;
  attemptId: string | undefined;
  name: string | undefined;
  user: string | undefined;
  sparkVersion: string | undefined;
  startTime: number | undefined;
  endTime: number | undefined;
  started = false;
  completed = false;
  sparkProperties: Record<string, string> = {};
  readonly jobs = new Map<number, JobSummary>();
  /** Key `${stageId}:${attemptId}`, in order of first appearance. */
  readonly stages = new Map<string, StageAggregate>();
  /** Stage id → its attempts. */
  readonly attemptsOf = new Map<number, StageAggregate[]>();
  /** Stage id → job ids, from JobStart (a stage is listed before it is submitted). */
  readonly jobsOfStage = new Map<number, number[]>();
  readonly totals = emptyTotals();

  summary(): ApplicationSummary {
    return {
      appId: this.appId,
      attemptId: this.attemptId,
      name: this.name,
      user: this.user,
      sparkVersion: this.sparkVersion,
      startTime: this.startTime,
      endTime: this.endTime,
      completed: this.completed,
      sparkProperties: { ...this.sparkProperties },
      jobs: [...this.jobs.values()].map((job) => ({ ...job, stageIds: [...job.stageIds], properties: { ...job.properties } })),
      stages: [...this.stages.values()].map((stage) => stage.summary()),
      totals: { ...this.totals },
    };
  }
}

const SCHEDULER_PREFIX = 'org.apache.spark.scheduler.';

export class EventFolder {
  private readonly apps: ApplicationAggregate[] = [];
  private pending: ApplicationAggregate | undefined;

  constructor(private readonly options: FoldOptions) {}

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
    if (type === undefined) return;
    if (type.startsWith(SCHEDULER_PREFIX)) type = type.slice(SCHEDULER_PREFIX.length);
    switch (type) {
      case 'SparkListenerLogStart':
        this.app().sparkVersion = str(event['Spark Version']);
        return;
      case 'SparkListenerApplicationStart':
        return this.applicationStart(event);
      case 'SparkListenerApplicationEnd': {
        const app = this.app();
        app.completed = true;
        app.endTime = num(event['Timestamp']);
        return;
      }
      case 'SparkListenerEnvironmentUpdate':
        Object.assign(this.app().sparkProperties, stringMap(event['Spark Properties']));
        return;
      case 'SparkListenerJobStart':
        return this.jobStart(event);
      case 'SparkListenerJobEnd': {
        const job = this.app().jobs.get(numOr0(event['Job ID']));
        if (job) {
          job.completionTime = num(event['Completion Time']);
          job.result = str(obj(event['Job Result'])?.['Result']);
        }
        return;
      }
      case 'SparkListenerStageSubmitted':
      case 'SparkListenerStageCompleted': {
        const info = obj(event['Stage Info']);
        const stageId = num(info?.['Stage ID']);
        if (!info || stageId === undefined) return;
        const stage = this.stage(stageId, numOr0(info['Stage Attempt ID']));
        stage.info(info);
        if (type === 'SparkListenerStageCompleted') stage.completed = true;
        return;
      }
      case 'SparkListenerTaskEnd':
        return this.taskEnd(event);
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
    app.startTime = num(event['Timestamp']);
  }

  private jobStart(event: Json): void {
    const app = this.app();
    const jobId = num(event['Job ID']);
    if (jobId === undefined) return;
    let stageIds = numbers(event['Stage IDs']);
    if (stageIds.length === 0 && Array.isArray(event['Stage Infos'])) {
      stageIds = event['Stage Infos'].map((info) => num(obj(info)?.['Stage ID'])).filter((id): id is number => id !== undefined);
    }
    const properties: Record<string, string> = {};
    for (const [key, value] of Object.entries(stringMap(event['Properties']))) {
      if (app.sparkProperties[key] !== value) properties[key] = value;
    }
    const executionId = properties['spark.sql.execution.id'] ?? app.sparkProperties['spark.sql.execution.id'];
    const sqlExecutionId = executionId !== undefined && /^\d+$/.test(executionId) ? Number(executionId) : undefined;
    app.jobs.set(jobId, { jobId, submissionTime: num(event['Submission Time']), stageIds, sqlExecutionId, properties });
    for (const stageId of stageIds) {
      const jobs = app.jobsOfStage.get(stageId);
      if (jobs) jobs.push(jobId);
      else app.jobsOfStage.set(stageId, [jobId]);
      for (const stage of app.attemptsOf.get(stageId) ?? []) stage.jobIds.add(jobId);
    }
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
    const stageId = num(event['Stage ID']);
    if (stageId === undefined) return;
    const info = obj(event['Task Info']);
    const metrics = obj(event['Task Metrics']);
    const reason = str(obj(event['Task End Reason'])?.['Reason']);
    const launch = num(info?.['Launch Time']);
    const finish = num(info?.['Finish Time']);
    const shuffleRead = obj(metrics?.['Shuffle Read Metrics']);
    const figures: TaskFigures = {
      status: taskStatus(reason, info),
      hasMetrics: metrics !== undefined,
      durationMs: launch !== undefined && finish !== undefined && finish >= launch && finish > 0 ? finish - launch : undefined,
      executorRunTimeMs: numOr0(metrics?.['Executor Run Time']),
      jvmGcTimeMs: numOr0(metrics?.['JVM GC Time']),
      shuffleRemoteReadBytes: numOr0(shuffleRead?.['Remote Bytes Read']),
      shuffleLocalReadBytes: numOr0(shuffleRead?.['Local Bytes Read']),
      shuffleWriteBytes: numOr0(obj(metrics?.['Shuffle Write Metrics'])?.['Shuffle Bytes Written']),
      inputBytes: numOr0(obj(metrics?.['Input Metrics'])?.['Bytes Read']),
      memorySpilledBytes: numOr0(metrics?.['Memory Bytes Spilled']),
      diskSpilledBytes: numOr0(metrics?.['Disk Bytes Spilled']),
    };
    const app = this.app();
    addTask(app.totals, figures);
    const sample: TaskSample | undefined =
      figures.durationMs === undefined || launch === undefined
        ? undefined
        : {
            taskId: numOr0(info?.['Task ID']),
            index: num(info?.['Index']),
            attempt: num(info?.['Attempt']),
            executorId: str(info?.['Executor ID']),
            host: str(info?.['Host']),
            status: figures.status,
            reason,
            launchTime: launch,
            durationMs: figures.durationMs,
            ...(metrics
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
