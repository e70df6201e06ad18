/**
 * One stage attempt: its Stage Info fields, task sums, a few fixed-size reservoirs for per-task
 * distributions and its N slowest tasks. Never grows with the number of tasks.
 */
import { Reservoir } from './reservoir';
import type { Json } from './json';
import { list, num, numbers, obj, str } from './json';
import type { FoldOptions } from './options';
import type { TaskFigures } from './totals';
import { addTask, emptyTotals } from './totals';
import type { StageStatus, StageSummary, TaskSample } from './types';

const MAX_RDD_CALL_SITES = 8;

export class StageAggregate {
  name: string | undefined;
  numTasks: number | undefined;
  details: string | undefined;
  submissionTime: number | undefined;
  completionTime: number | undefined;
  failureReason: string | undefined;
  completed = false;
  parentIds: number[] = [];
  readonly rddCallSites: string[] = [];
  /** Jobs whose JobStart listed this stage. */
  readonly jobIds = new Set<number>();
  /** Jobs running when the attempt was submitted (those it ran for); set by the folder. */
  ranForJobs: number[] | undefined;
  readonly totals = emptyTotals();
  private readonly duration: Reservoir;
  private readonly shuffleRead: Reservoir;
  private readonly input: Reservoir;
  private readonly spill: Reservoir;
  private readonly gc: Reservoir;
  /** Slowest first, at most `options.slowestTasks`. */
  private readonly slowest: TaskSample[] = [];

  constructor(
    readonly stageId: number,
    readonly attemptId: number,
    private readonly options: FoldOptions,
  ) {
    // Seeded per stage attempt so that the same log always gives the same sampled quantiles.
    const seed = (stageId * 65599 + attemptId) >>> 0;
    const reservoir = (salt: number) => new Reservoir(options.quantileSampleSize, (seed ^ salt) >>> 0);
    this.duration = new Reservoir(options.quantileSampleSize, seed);
    this.shuffleRead = reservoir(0x5bd1e995);
    this.input = reservoir(0x27d4eb2f);
    this.spill = reservoir(0x165667b1);
    this.gc = reservoir(0x61c88647);
  }

  info(stageInfo: Json): void {
    this.name = str(stageInfo['Stage Name']) ?? this.name;
    this.numTasks = num(stageInfo['Number of Tasks']) ?? this.numTasks;
    this.details = str(stageInfo['Details']) ?? this.details;
    this.submissionTime = num(stageInfo['Submission Time']) ?? this.submissionTime;
    this.completionTime = num(stageInfo['Completion Time']) ?? this.completionTime;
    this.failureReason = str(stageInfo['Failure Reason']) ?? this.failureReason;
    if (Array.isArray(stageInfo['Parent IDs'])) this.parentIds = numbers(stageInfo['Parent IDs']);
    for (const rdd of list(stageInfo['RDD Info'])) {
      if (this.rddCallSites.length >= MAX_RDD_CALL_SITES) break;
      const callSite = str(obj(rdd)?.['Callsite']);
      if (callSite && !this.rddCallSites.includes(callSite)) this.rddCallSites.push(callSite);
    }
  }

  task(figures: TaskFigures, sample: TaskSample | undefined): void {
    addTask(this.totals, figures);
    if (figures.status === 'succeeded') {
      if (figures.durationMs !== undefined) this.duration.add(figures.durationMs);
      if (figures.hasMetrics) {
        this.shuffleRead.add(figures.shuffleRemoteReadBytes + figures.shuffleLocalReadBytes);
        this.input.add(figures.inputBytes);
        this.spill.add(figures.memorySpilledBytes + figures.diskSpilledBytes);
        this.gc.add(figures.jvmGcTimeMs);
      }
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
      inputPerTask: this.input.summary(),
      spillPerTask: this.spill.summary(),
      gcPerTask: this.gc.summary(),
      parentIds: [...this.parentIds],
      rddCallSites: [...this.rddCallSites],
      slowestTasks: this.slowest.map((task) => ({ ...task })),
    };
  }
}
