/** Turns one folded application into rows. The caller holds the transaction. */
import type { ApplicationSummary, StageSummary, TaskTotals } from '../eventlog/types';
import { DISTRIBUTION_FIELDS, DISTRIBUTION_METRICS, DISTRIBUTION_NUMBERS, TOTALS_COLUMNS, TOTALS_FIELDS } from './columns';
import type { Row, StatementCache } from './statements';
import type { StoredCallSite } from './types';

const json = (value: unknown): string => JSON.stringify(value);
const flag = (value: boolean): number => (value ? 1 : 0);

function totalsRow(totals: TaskTotals): Row {
  const row: Row = {};
  for (const field of TOTALS_FIELDS) row[TOTALS_COLUMNS[field].column] = totals[field];
  return row;
}

export function writeApplication(statements: StatementCache, appKey: string, sourcePath: string, ordinal: number, app: ApplicationSummary, callSites: readonly StoredCallSite[]): void {
  statements.insert('applications', {
    app_key: appKey,
    source_path: sourcePath,
    ordinal,
    app_id: app.appId,
    attempt_id: app.attemptId,
    name: app.name,
    user: app.user,
    spark_version: app.sparkVersion,
    start_time: app.startTime,
    end_time: app.endTime,
    completed: flag(app.completed),
    ...totalsRow(app.totals),
  });
  for (const [key, value] of Object.entries(app.sparkProperties)) statements.insert('configuration', { app_key: appKey, key, value });
  app.executors.forEach((executor, index) =>
    statements.insert('executors', {
      app_key: appKey,
      executor_id: executor.executorId,
      ordinal: index,
      host: executor.host,
      total_cores: executor.totalCores,
      added_time: executor.addedTime,
      removed_time: executor.removedTime,
      removed_reason: executor.removedReason,
    }),
  );
  app.jobs.forEach((job, index) =>
    statements.insert('jobs', {
      app_key: appKey,
      job_id: job.jobId,
      ordinal: index,
      submission_time: job.submissionTime,
      completion_time: job.completionTime,
      result: job.result,
      stage_ids_json: json(job.stageIds),
      sql_execution_id: job.sqlExecutionId,
      call_site: job.callSite,
      description: job.description,
      properties_json: json(job.properties),
    }),
  );
  app.stages.forEach((stage, index) => writeStage(statements, appKey, index, stage));
  app.sqlExecutions.forEach((execution, index) => {
    statements.insert('sql_executions', {
      app_key: appKey,
      execution_id: execution.executionId,
      ordinal: index,
      root_execution_id: execution.rootExecutionId,
      description: execution.description,
      details: execution.details,
      start_time: execution.startTime,
      end_time: execution.endTime,
      adaptive: flag(execution.adaptive),
      job_ids_json: json(execution.jobIds),
    });
    for (const node of execution.nodes) {
      statements.insert('plan_nodes', {
        app_key: appKey,
        execution_id: execution.executionId,
        node_index: node.nodeIndex,
        parent_index: node.parentIndex,
        node_name: node.nodeName,
        kind: node.kind,
        simple_string: node.simpleString,
        metrics_json: json(node.metrics),
        side_bytes_json: node.sideBytes && json(node.sideBytes),
        side_rows_json: node.sideRows && json(node.sideRows),
        join_type: node.joinType,
        write_target: node.writeTarget,
        read_target: node.readTarget,
        stage_ids_json: node.stageIds && json(node.stageIds),
      });
    }
  });
  app.cachedRdds.forEach((rdd, index) =>
    statements.insert('cached_rdds', {
      app_key: appKey,
      rdd_id: rdd.rddId,
      ordinal: index,
      name: rdd.name,
      call_site: rdd.callSite,
      storage_level: rdd.storageLevel,
      num_partitions: rdd.numPartitions,
      cached_partitions: rdd.cachedPartitions,
      memory_bytes: rdd.memoryBytes,
      disk_bytes: rdd.diskBytes,
      stage_ids_json: json(rdd.stageIds),
      job_ids_json: json(rdd.jobIds),
    }),
  );
  for (const site of callSites) {
    statements.insert('call_sites', { app_key: appKey, stage_id: site.stageId, attempt_id: site.attemptId, rank: site.rank, path: site.path, line: site.line, origin: site.origin });
  }
}

function writeStage(statements: StatementCache, appKey: string, ordinal: number, stage: StageSummary): void {
  statements.insert('stages', {
    app_key: appKey,
    stage_id: stage.stageId,
    attempt_id: stage.attemptId,
    ordinal,
    name: stage.name,
    num_tasks: stage.numTasks,
    details: stage.details,
    submission_time: stage.submissionTime,
    completion_time: stage.completionTime,
    status: stage.status,
    failure_reason: stage.failureReason,
    job_ids_json: json(stage.jobIds),
    parent_ids_json: json(stage.parentIds),
    rdd_call_sites_json: json(stage.rddCallSites),
    slowest_tasks_json: json(stage.slowestTasks),
    ...totalsRow(stage.tasks),
  });
  for (const field of DISTRIBUTION_FIELDS) {
    const distribution = stage[field];
    if (!distribution) continue;
    const row: Row = { app_key: appKey, stage_id: stage.stageId, attempt_id: stage.attemptId, metric: DISTRIBUTION_METRICS[field], exact: flag(distribution.exact) };
    for (const name of DISTRIBUTION_NUMBERS) row[name] = distribution[name];
    statements.insert('stage_distributions', row);
  }
}
