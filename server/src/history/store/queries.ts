/**
 * Reads the store back into the reader's types. Absent values come back as absent properties (the
 * fold writes some as explicit `undefined`; JSON and SQL cannot tell the two apart).
 */
import type { SqlValue } from 'sql.js';
import type { ApplicationSummary, CachedRddSummary, Distribution, ExecutorSummary, JobSummary, PlanNodeKind, PlanNodeSummary, SqlExecutionSummary, StageStatus, StageSummary, TaskTotals } from '../eventlog/types';
import { DISTRIBUTION_FIELDS, DISTRIBUTION_METRICS, DISTRIBUTION_NUMBERS, TOTALS_COLUMNS, TOTALS_FIELDS } from './columns';
import type { DistributionField } from './columns';
import type { StatementCache } from './statements';
import type { StoredApplication, StoredCallSite, StoredPrediction, StoredSource } from './types';

type SqlRow = Record<string, SqlValue>;

const text = (row: SqlRow, column: string): string | undefined => (row[column] === null || row[column] === undefined ? undefined : String(row[column]));
const int = (row: SqlRow, column: string): number | undefined => (row[column] === null || row[column] === undefined ? undefined : Number(row[column]));
const required = (row: SqlRow, column: string): number => Number(row[column]);
const parsed = <T>(row: SqlRow, column: string): T => JSON.parse(String(row[column])) as T;
/** JSON arrays store unknown entries as null; the types say undefined. */
const pair = (row: SqlRow, column: string): [number | undefined, number | undefined] | undefined => {
  const value = row[column];
  if (value === null || value === undefined) return undefined;
  const [left, right] = JSON.parse(String(value)) as [number | null, number | null];
  return [left ?? undefined, right ?? undefined];
};

/** Drops undefined properties. */
function present<T extends object>(value: T): T {
  for (const key of Object.keys(value) as Array<keyof T>) if (value[key] === undefined) delete value[key];
  return value;
}

function totals(row: SqlRow): TaskTotals {
  const out = {} as TaskTotals;
  for (const field of TOTALS_FIELDS) out[field] = required(row, TOTALS_COLUMNS[field].column);
  return out;
}

function header(row: SqlRow): StoredApplication {
  return present({
    appKey: String(row['app_key']),
    sourcePath: String(row['source_path']),
    appId: text(row, 'app_id'),
    attemptId: text(row, 'attempt_id'),
    name: text(row, 'name'),
    user: text(row, 'user'),
    sparkVersion: text(row, 'spark_version'),
    startTime: int(row, 'start_time'),
    endTime: int(row, 'end_time'),
    completed: row['completed'] === 1,
    totals: totals(row),
  });
}

export function readApplications(statements: StatementCache): StoredApplication[] {
  return statements.all('SELECT * FROM applications ORDER BY source_path, ordinal').map(header);
}

export function readSource(statements: StatementCache, path: string): StoredSource | undefined {
  const row = statements.all('SELECT * FROM sources WHERE path = ?', [path])[0];
  if (!row) return undefined;
  return {
    path: String(row['path']),
    layout: String(row['layout']),
    bytes: required(row, 'bytes'),
    mtimeMs: required(row, 'mtime_ms'),
    fingerprint: String(row['fingerprint']),
    importedAt: required(row, 'imported_at'),
    warnings: parsed(row, 'warnings_json'),
    warningsDropped: required(row, 'warnings_dropped'),
  };
}

export function readSourcePaths(statements: StatementCache): string[] {
  return statements.all('SELECT path FROM sources ORDER BY path').map((row) => String(row['path']));
}

export function readCallSites(statements: StatementCache): Array<StoredCallSite & { appKey: string }> {
  return statements.all('SELECT * FROM call_sites ORDER BY app_key, stage_id, attempt_id, rank').map((row) => ({
    appKey: String(row['app_key']),
    stageId: required(row, 'stage_id'),
    attemptId: required(row, 'attempt_id'),
    path: String(row['path']),
    line: required(row, 'line'),
    origin: String(row['origin']),
    rank: required(row, 'rank'),
  }));
}

export function readApplication(statements: StatementCache, appKey: string): ApplicationSummary | undefined {
  const row = statements.all('SELECT * FROM applications WHERE app_key = ?', [appKey])[0];
  if (!row) return undefined;
  const { appKey: _key, sourcePath: _source, ...app } = header(row);
  const byApp = (table: string, order: string) => statements.all(`SELECT * FROM ${table} WHERE app_key = ? ORDER BY ${order}`, [appKey]);

  const sparkProperties: Record<string, string> = {};
  for (const entry of byApp('configuration', 'key')) sparkProperties[String(entry['key'])] = String(entry['value']);

  const executors = byApp('executors', 'ordinal').map(
    (entry): ExecutorSummary =>
      present({
        executorId: String(entry['executor_id']),
        host: text(entry, 'host'),
        totalCores: int(entry, 'total_cores'),
        addedTime: int(entry, 'added_time'),
        removedTime: int(entry, 'removed_time'),
        removedReason: text(entry, 'removed_reason'),
      }),
  );

  const jobs = byApp('jobs', 'ordinal').map(
    (entry): JobSummary =>
      present({
        jobId: required(entry, 'job_id'),
        submissionTime: int(entry, 'submission_time'),
        completionTime: int(entry, 'completion_time'),
        result: text(entry, 'result'),
        stageIds: parsed<number[]>(entry, 'stage_ids_json'),
        sqlExecutionId: int(entry, 'sql_execution_id'),
        properties: parsed<Record<string, string>>(entry, 'properties_json'),
        callSite: text(entry, 'call_site'),
        description: text(entry, 'description'),
      }),
  );

  const distributions = new Map<string, Partial<Record<DistributionField, Distribution>>>();
  const fieldOfMetric = new Map(DISTRIBUTION_FIELDS.map((field) => [DISTRIBUTION_METRICS[field], field]));
  for (const entry of byApp('stage_distributions', 'stage_id, attempt_id, metric')) {
    const field = fieldOfMetric.get(String(entry['metric']));
    if (!field) continue; // a metric this version does not know
    const key = `${String(entry['stage_id'])}:${String(entry['attempt_id'])}`;
    const distribution = { exact: entry['exact'] === 1 } as Distribution;
    for (const name of DISTRIBUTION_NUMBERS) distribution[name] = required(entry, name);
    distributions.set(key, { ...distributions.get(key), [field]: distribution });
  }

  const stages = byApp('stages', 'ordinal').map(
    (entry): StageSummary =>
      present({
        stageId: required(entry, 'stage_id'),
        attemptId: required(entry, 'attempt_id'),
        name: text(entry, 'name'),
        numTasks: int(entry, 'num_tasks'),
        details: text(entry, 'details'),
        submissionTime: int(entry, 'submission_time'),
        completionTime: int(entry, 'completion_time'),
        failureReason: text(entry, 'failure_reason'),
        status: String(entry['status']) as StageStatus,
        jobIds: parsed<number[]>(entry, 'job_ids_json'),
        tasks: totals(entry),
        parentIds: parsed<number[]>(entry, 'parent_ids_json'),
        rddCallSites: parsed<string[]>(entry, 'rdd_call_sites_json'),
        slowestTasks: parsed<StageSummary['slowestTasks']>(entry, 'slowest_tasks_json'),
        ...distributions.get(`${String(entry['stage_id'])}:${String(entry['attempt_id'])}`),
      }),
  );

  const nodesOf = new Map<number, PlanNodeSummary[]>();
  for (const entry of byApp('plan_nodes', 'execution_id, node_index')) {
    const executionId = required(entry, 'execution_id');
    const node: PlanNodeSummary = present({
      nodeIndex: required(entry, 'node_index'),
      parentIndex: int(entry, 'parent_index'),
      nodeName: String(entry['node_name']),
      kind: String(entry['kind']) as PlanNodeKind,
      simpleString: String(entry['simple_string']),
      metrics: parsed<Record<string, number>>(entry, 'metrics_json'),
      sideBytes: pair(entry, 'side_bytes_json'),
      sideRows: pair(entry, 'side_rows_json'),
      joinType: text(entry, 'join_type'),
      writeTarget: text(entry, 'write_target'),
      readTarget: text(entry, 'read_target'),
      stageIds: entry['stage_ids_json'] === null || entry['stage_ids_json'] === undefined ? undefined : parsed<number[]>(entry, 'stage_ids_json'),
    });
    const nodes = nodesOf.get(executionId);
    if (nodes) nodes.push(node);
    else nodesOf.set(executionId, [node]);
  }

  const sqlExecutions = byApp('sql_executions', 'ordinal').map(
    (entry): SqlExecutionSummary =>
      present({
        executionId: required(entry, 'execution_id'),
        rootExecutionId: int(entry, 'root_execution_id'),
        description: text(entry, 'description'),
        details: text(entry, 'details'),
        startTime: int(entry, 'start_time'),
        endTime: int(entry, 'end_time'),
        adaptive: entry['adaptive'] === 1,
        nodes: nodesOf.get(required(entry, 'execution_id')) ?? [],
        jobIds: parsed<number[]>(entry, 'job_ids_json'),
      }),
  );

  const cachedRdds = byApp('cached_rdds', 'ordinal').map(
    (entry): CachedRddSummary =>
      present({
        rddId: required(entry, 'rdd_id'),
        name: text(entry, 'name'),
        callSite: text(entry, 'call_site'),
        storageLevel: String(entry['storage_level']),
        numPartitions: int(entry, 'num_partitions'),
        cachedPartitions: required(entry, 'cached_partitions'),
        memoryBytes: required(entry, 'memory_bytes'),
        diskBytes: required(entry, 'disk_bytes'),
        stageIds: parsed<number[]>(entry, 'stage_ids_json'),
        jobIds: parsed<number[]>(entry, 'job_ids_json'),
      }),
  );

  return { ...app, sparkProperties, executors, jobs, sqlExecutions, cachedRdds, stages };
}

/** The recommendations recorded for a run, in the order they were made. */
export function readPredictions(statements: StatementCache, appKey: string): StoredPrediction[] {
  return statements.all('SELECT * FROM predictions WHERE app_key = ? ORDER BY rowid', [appKey]).map((row) => ({
    key: String(row['key']),
    current: row['current_value'] === null ? null : String(row['current_value']),
    suggested: String(row['suggested']),
    durationMs: row['duration_ms'] === null ? null : Number(row['duration_ms']),
    predictedDurationMs: row['predicted_duration_ms'] === null ? null : Number(row['predicted_duration_ms']),
    expected: String(row['expected']),
  }));
}
