/** Everything folded for one application attempt; `summary()` turns it into plain data. */
import { CachedRdds } from './cachedRdds';
import { SqlExecutions } from './sqlExecutions';
import type { StageAggregate } from './stage';
import { emptyTotals } from './totals';
import type { ApplicationSummary, ExecutorSummary, JobSummary } from './types';

export class ApplicationAggregate {
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
  readonly executors = new Map<string, ExecutorSummary>();
  readonly jobs = new Map<number, JobSummary>();
  /** Jobs started and not yet ended: the ones a submitted stage runs for. */
  readonly activeJobs = new Set<number>();
  /** Key `${stageId}:${attemptId}`, in order of first appearance. */
  readonly stages = new Map<string, StageAggregate>();
  /** Stage id → its attempts. */
  readonly attemptsOf = new Map<number, StageAggregate[]>();
  /** Stage id → job ids, from JobStart (a stage is listed before it is submitted, and by later jobs that skip it). */
  readonly jobsOfStage = new Map<number, number[]>();
  readonly sql = new SqlExecutions();
  readonly cachedRdds = new CachedRdds();
  readonly totals = emptyTotals();

  summary(): ApplicationSummary {
    const jobs = [...this.jobs.values()].map((job) => ({ ...job, stageIds: [...job.stageIds], properties: { ...job.properties } }));
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
      executors: [...this.executors.values()].map((executor) => ({ ...executor })),
      jobs,
      sqlExecutions: this.sql.summary(jobs),
      cachedRdds: this.cachedRdds.summary(),
      stages: [...this.stages.values()].map((stage) => stage.summary()),
      totals: { ...this.totals },
    };
  }
}
