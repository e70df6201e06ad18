/**
 * SQL executions of one application, from the SQL listener events: description and call stack,
 * start/end times, the plan that ran (the last AQE update, else the start plan) and its metrics.
 * Update, end and driver-update events of an execution whose start was not seen are ignored (their
 * accumulator values are still kept: ids are global).
 */
import { SqlMetricValues } from './accumulators';
import type { Json } from './json';
import { cut, num, str } from './json';
import type { CompiledNode } from './sqlPlan';
import { compilePlan, resolvePlan } from './sqlPlan';
import { writeTargetOf } from './planText';
import type { JobSummary, SqlExecutionSummary } from './types';

const MAX_DESCRIPTION = 2000;
const MAX_DETAILS = 4000;

interface SqlExecution {
  executionId: number;
  rootExecutionId: number | undefined;
  description: string | undefined;
  details: string | undefined;
  startTime: number | undefined;
  endTime: number | undefined;
  adaptive: boolean;
  plan: CompiledNode[];
  /** A write command's target read from the plan description, for nodes whose simpleString has none. */
  describedWriteTarget: string | undefined;
}

/**
 * Data source writes (Delta's `.save(path)` above all) print no arguments in their node's
 * simpleString; the formatted plan description has them on an "Arguments:" line.
 */
export function describedWriteTarget(description: string | undefined): string | undefined {
  if (description === undefined) return undefined;
  const match = /\(\d+\) (?:Execute )?(\w*(?:Command|Table|Data|Write)\w*)\s*\nArguments: ([^\n]*)/.exec(description);
  if (!match) return undefined;
  const path = /\bpath=([^,\]\s]+)/.exec(match[2]!);
  return path ? path[1] : writeTargetOf(match[1]!, `${match[1]!} ${match[2]!}`);
}

export class SqlExecutions {
  private readonly executions = new Map<number, SqlExecution>();
  private readonly values = new SqlMetricValues();

  start(event: Json): void {
    const executionId = num(event['executionId']);
    if (executionId === undefined) return;
    this.executions.set(executionId, {
      executionId,
      rootExecutionId: num(event['rootExecutionId']),
      description: cut(str(event['description']), MAX_DESCRIPTION),
      details: cut(str(event['details']), MAX_DETAILS),
      startTime: num(event['time']),
      endTime: undefined,
      adaptive: false,
      plan: compilePlan(event['sparkPlanInfo']),
      describedWriteTarget: describedWriteTarget(str(event['physicalPlanDescription'])),
    });
  }

  adaptiveUpdate(event: Json): void {
    const execution = this.executions.get(num(event['executionId']) ?? -1);
    if (!execution || event['sparkPlanInfo'] === undefined) return;
    execution.adaptive = true;
    execution.plan = compilePlan(event['sparkPlanInfo']);
  }

  end(event: Json): void {
    const execution = this.executions.get(num(event['executionId']) ?? -1);
    if (execution) execution.endTime = num(event['time']);
  }

  driverAccumUpdates(event: Json): void {
    this.values.driverUpdates(event['accumUpdates']);
  }

  stageAccumulables(accumulables: unknown, stageId: number): void {
    this.values.stageAccumulables(accumulables, stageId);
  }

  summary(jobs: Iterable<JobSummary>): SqlExecutionSummary[] {
    const jobsOf = new Map<number, number[]>();
    for (const job of jobs) {
      if (job.sqlExecutionId === undefined) continue;
      const ids = jobsOf.get(job.sqlExecutionId);
      if (ids) ids.push(job.jobId);
      else jobsOf.set(job.sqlExecutionId, [job.jobId]);
    }
    return [...this.executions.values()].map((execution) => {
      const summary: SqlExecutionSummary = {
        executionId: execution.executionId,
        adaptive: execution.adaptive,
        nodes: resolvePlan(execution.plan, this.values).map((node) =>
          node.kind === 'write' && node.writeTarget === undefined && execution.describedWriteTarget !== undefined ? { ...node, writeTarget: execution.describedWriteTarget } : node,
        ),
        jobIds: [...(jobsOf.get(execution.executionId) ?? [])].sort((a, b) => a - b),
      };
      if (execution.rootExecutionId !== undefined) summary.rootExecutionId = execution.rootExecutionId;
      if (execution.description !== undefined) summary.description = execution.description;
      if (execution.details !== undefined) summary.details = execution.details;
      if (execution.startTime !== undefined) summary.startTime = execution.startTime;
      if (execution.endTime !== undefined) summary.endTime = execution.endTime;
      return summary;
    });
  }
}
