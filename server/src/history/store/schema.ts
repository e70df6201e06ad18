/**
 * The store's tables, as data: the DDL is generated from these specs, and docs/history-store.md
 * documents every table and column listed here (a test checks it). Changing a table means bumping
 * SCHEMA_VERSION and adding a step to migrations.ts that turns the previous layout into this one.
 */
import { TOTALS_COLUMNS, DISTRIBUTION_NUMBERS } from './columns';

export const SCHEMA_VERSION = 4;

/** `PRAGMA application_id` of a store file ("SPAD"): tells a Spark Advisor store from any other SQLite file. */
export const APPLICATION_ID = 0x53504144;

export type ColumnType = 'INTEGER' | 'REAL' | 'TEXT';

export interface ColumnSpec {
  name: string;
  type: ColumnType;
  notNull?: boolean;
  /** Needed for NOT NULL columns a migration adds to existing rows. */
  defaultValue?: number;
  doc: string;
}

export interface TableSpec {
  name: string;
  doc: string;
  columns: ColumnSpec[];
  primaryKey: string[];
  /** Rows go when the referenced row goes (ON DELETE CASCADE). */
  references?: { columns: string[]; table: string; tableColumns: string[] };
  indexes?: Array<{ name: string; columns: string[] }>;
}

const col = (name: string, type: ColumnType, doc: string, notNull = false): ColumnSpec => ({ name, type, doc, ...(notNull ? { notNull } : {}) });
const APP_KEY = col('app_key', 'TEXT', 'The application (applications.app_key).', true);
const ORDINAL = (what: string) => col('ordinal', 'INTEGER', `Position in ${what}, from 0: restores the order of the folded summary.`, true);
const TOTALS: ColumnSpec[] = Object.values(TOTALS_COLUMNS).map(({ column, doc }) => ({ name: column, type: 'INTEGER', notNull: true, defaultValue: 0, doc }));
const appRef = { columns: ['app_key'], table: 'applications', tableColumns: ['app_key'] };

export const TABLES: TableSpec[] = [
  {
    name: 'meta',
    doc: 'Store-wide counters.',
    columns: [col('key', 'TEXT', 'Counter name; `revision` counts the changes committed to the store.', true), col('value', 'INTEGER', 'Its value.', true)],
    primaryKey: ['key'],
  },
  {
    name: 'sources',
    doc: 'One row per imported event log (a file, or a rolling / Databricks / Spark ≤ 1.2 directory).',
    columns: [
      col('path', 'TEXT', 'Absolute path of the log file or directory.', true),
      col('layout', 'TEXT', '`single`, `rolling`, `databricks` or `legacy-dir`.', true),
      col('bytes', 'INTEGER', 'Total size of its files when read.', true),
      col('mtime_ms', 'INTEGER', 'Latest modification time of its files, ms since epoch.', true),
      col('fingerprint', 'TEXT', 'Hash of sizes, times and the first and last 64 KiB of each file; equal → the import skips the log. Empty: re-read on next import.', true),
      col('imported_at', 'INTEGER', 'When it was imported, ms since epoch.', true),
      col('warnings_json', 'TEXT', 'JSON array of the reader\'s warnings ({file, line, kind, message}).', true),
      col('warnings_dropped', 'INTEGER', 'Warnings beyond the kept ones, only counted.', true),
    ],
    primaryKey: ['path'],
  },
  {
    name: 'applications',
    doc: 'One row per application attempt. Its key is unique across sources: importing another log of the same attempt replaces it.',
    columns: [
      col('app_key', 'TEXT', '`<appId>/<attemptId>` (attempt empty when none); `?<source path>#<n>` for a log without application id; `#<n>` appended to a key repeated inside one log.', true),
      col('source_path', 'TEXT', 'The log it came from (sources.path).', true),
      ORDINAL('its log'),
      col('app_id', 'TEXT', 'Spark application id.'),
      col('attempt_id', 'TEXT', 'Attempt id (cluster mode on YARN / Kubernetes).'),
      col('name', 'TEXT', 'spark.app.name.'),
      col('user', 'TEXT', 'User who ran it.'),
      col('spark_version', 'TEXT', 'From SparkListenerLogStart (absent before Spark 1.3).'),
      col('start_time', 'INTEGER', 'ms since epoch.'),
      col('end_time', 'INTEGER', 'ms since epoch; null while running or when the log was cut.'),
      col('completed', 'INTEGER', '1 if SparkListenerApplicationEnd was seen.', true),
      ...TOTALS,
    ],
    primaryKey: ['app_key'],
    references: { columns: ['source_path'], table: 'sources', tableColumns: ['path'] },
    indexes: [{ name: 'applications_by_source', columns: ['source_path'] }],
  },
  {
    name: 'configuration',
    doc: 'Spark properties of an application (SparkListenerEnvironmentUpdate).',
    columns: [APP_KEY, col('key', 'TEXT', 'Property name.', true), col('value', 'TEXT', 'Property value.', true)],
    primaryKey: ['app_key', 'key'],
    references: appRef,
  },
  {
    name: 'executors',
    doc: 'Executors added to an application.',
    columns: [
      APP_KEY,
      col('executor_id', 'TEXT', 'Executor id ("driver" in local mode).', true),
      ORDINAL('the application\'s executors'),
      col('host', 'TEXT', 'Host name.'),
      col('total_cores', 'INTEGER', 'Cores.'),
      col('added_time', 'INTEGER', 'ms since epoch.'),
      col('removed_time', 'INTEGER', 'ms since epoch.'),
      col('removed_reason', 'TEXT', 'Why it was removed.'),
    ],
    primaryKey: ['app_key', 'executor_id'],
    references: appRef,
  },
  {
    name: 'jobs',
    doc: 'Jobs (SparkListenerJobStart / JobEnd).',
    columns: [
      APP_KEY,
      col('job_id', 'INTEGER', 'Job id.', true),
      ORDINAL('the application\'s jobs'),
      col('submission_time', 'INTEGER', 'ms since epoch.'),
      col('completion_time', 'INTEGER', 'ms since epoch.'),
      col('result', 'TEXT', 'JobSucceeded, JobFailed; null while running.'),
      col('stage_ids_json', 'TEXT', 'JSON array of the stage ids the job listed.', true),
      col('sql_execution_id', 'INTEGER', 'Job property spark.sql.execution.id (sql_executions.execution_id).'),
      col('call_site', 'TEXT', 'Job property callSite.short ("collect at /app/job.py:40").'),
      col('description', 'TEXT', 'Job property spark.job.description.'),
      col('properties_json', 'TEXT', 'JSON object of the job properties that differ from the Spark properties.', true),
    ],
    primaryKey: ['app_key', 'job_id'],
    references: appRef,
  },
  {
    name: 'stages',
    doc: 'Stage attempts with their task totals.',
    columns: [
      APP_KEY,
      col('stage_id', 'INTEGER', 'Stage id.', true),
      col('attempt_id', 'INTEGER', 'Stage attempt id (0 first).', true),
      ORDINAL('the application\'s stage attempts (first appearance)'),
      col('name', 'TEXT', 'Stage name, usually "<operation> at <file>:<line>".'),
      col('num_tasks', 'INTEGER', 'Tasks the stage was planned with.'),
      col('details', 'TEXT', 'Stack of the call site (Stage Info "Details").'),
      col('submission_time', 'INTEGER', 'ms since epoch.'),
      col('completion_time', 'INTEGER', 'ms since epoch.'),
      col('status', 'TEXT', '`active`, `complete` or `failed`.', true),
      col('failure_reason', 'TEXT', 'Why the attempt failed.'),
      col('job_ids_json', 'TEXT', 'JSON array of the jobs that listed the stage.', true),
      col('parent_ids_json', 'TEXT', 'JSON array of parent stage ids.', true),
      col('rdd_call_sites_json', 'TEXT', 'JSON array of distinct RDD call sites, in order, at most 8.', true),
      col('slowest_tasks_json', 'TEXT', 'JSON array of the slowest task attempts ({taskId, index, attempt, executorId, host, status, reason, launchTime, durationMs, …}), slowest first.', true),
      ...TOTALS,
    ],
    primaryKey: ['app_key', 'stage_id', 'attempt_id'],
    references: appRef,
  },
  {
    name: 'stage_distributions',
    doc: 'Per-task distributions over the successful tasks of a stage attempt (as the History Server\'s taskSummary).',
    columns: [
      APP_KEY,
      col('stage_id', 'INTEGER', 'Stage id.', true),
      col('attempt_id', 'INTEGER', 'Stage attempt id.', true),
      col('metric', 'TEXT', '`task_duration_ms`, `shuffle_read_bytes`, `input_bytes`, `spill_bytes` (memory + disk) or `jvm_gc_time_ms`.', true),
      ...DISTRIBUTION_NUMBERS.map((name) =>
        col(name, name === 'count' ? 'INTEGER' : 'REAL', name === 'count' ? 'Tasks counted.' : name.startsWith('p') ? `${name.slice(1)}th percentile (nearest rank).` : `${name === 'mean' ? 'Mean' : name === 'min' ? 'Minimum' : 'Maximum'} (exact).`, true),
      ),
      col('exact', 'INTEGER', '1 if the percentiles come from every task, 0 if from a uniform sample.', true),
    ],
    primaryKey: ['app_key', 'stage_id', 'attempt_id', 'metric'],
    references: { columns: ['app_key', 'stage_id', 'attempt_id'], table: 'stages', tableColumns: ['app_key', 'stage_id', 'attempt_id'] },
  },
  {
    name: 'sql_executions',
    doc: 'SQL executions (DataFrame actions, spark.sql).',
    columns: [
      APP_KEY,
      col('execution_id', 'INTEGER', 'Execution id.', true),
      ORDINAL('the application\'s executions'),
      col('root_execution_id', 'INTEGER', 'Root execution of a nested one.'),
      col('description', 'TEXT', '"collect at /app/job.py:53" or the SQL text.'),
      col('details', 'TEXT', 'Call stack of the action.'),
      col('start_time', 'INTEGER', 'ms since epoch.'),
      col('end_time', 'INTEGER', 'ms since epoch.'),
      col('adaptive', 'INTEGER', '1 if an adaptive (AQE) update replaced the plan.', true),
      col('job_ids_json', 'TEXT', 'JSON array of the jobs run for it.', true),
    ],
    primaryKey: ['app_key', 'execution_id'],
    references: appRef,
  },
  {
    name: 'plan_nodes',
    doc: 'Nodes of interest from the plan that ran (joins, exchanges, scans, aggregates, sorts, Python UDFs, writes).',
    columns: [
      APP_KEY,
      col('execution_id', 'INTEGER', 'sql_executions.execution_id.', true),
      col('node_index', 'INTEGER', 'Pre-order index in the whole plan (root 0).', true),
      col('parent_index', 'INTEGER', 'node_index of the nearest kept ancestor.'),
      col('node_name', 'TEXT', 'SortMergeJoin, BroadcastExchange, FileScan parquet, …', true),
      col('kind', 'TEXT', '`join`, `exchange`, `broadcast-exchange`, `shuffle-read`, `scan`, `cache-scan`, `aggregate`, `sort`, `python-udf`, `write`.', true),
      col('simple_string', 'TEXT', 'The node\'s simpleString (cut to 1,000 characters).', true),
      col('metrics_json', 'TEXT', 'JSON object: metric name → final value (bytes, ms, counts).', true),
      col('side_bytes_json', 'TEXT', 'Joins: JSON [left, right] input bytes (null where unknown).'),
      col('side_rows_json', 'TEXT', 'Joins: JSON [left, right] input rows (null where unknown).'),
      col('join_type', 'TEXT', 'Joins: Inner, LeftOuter, …'),
      col('write_target', 'TEXT', 'Writes: output path or table.'),
      col('read_target', 'TEXT', 'Scans: input path(s) or table.'),
      col('stage_ids_json', 'TEXT', 'JSON array of the stages that reported its metrics (ran it); null when none did.'),
    ],
    primaryKey: ['app_key', 'execution_id', 'node_index'],
    references: { columns: ['app_key', 'execution_id'], table: 'sql_executions', tableColumns: ['app_key', 'execution_id'] },
  },
  {
    name: 'cached_rdds',
    doc: 'RDDs and cached DataFrames with a storage level.',
    columns: [
      APP_KEY,
      col('rdd_id', 'INTEGER', 'RDD id.', true),
      ORDINAL('the application\'s cached RDDs'),
      col('name', 'TEXT', 'RDD name (the InMemoryRelation\'s plan for a DataFrame).'),
      col('call_site', 'TEXT', 'Where it was created.'),
      col('storage_level', 'TEXT', 'e.g. "memory+disk deserialized".', true),
      col('num_partitions', 'INTEGER', 'Partitions.'),
      col('cached_partitions', 'INTEGER', 'Largest number of cached partitions reported.', true),
      col('memory_bytes', 'INTEGER', 'Bytes cached in memory (largest reported).', true),
      col('disk_bytes', 'INTEGER', 'Bytes cached on disk (largest reported).', true),
      col('stage_ids_json', 'TEXT', 'JSON array of the stages that used it.', true),
      col('job_ids_json', 'TEXT', 'JSON array of the jobs of those stages (one job: never reused).', true),
    ],
    primaryKey: ['app_key', 'rdd_id'],
    references: appRef,
  },
  {
    name: 'call_sites',
    doc: 'Stage attempts mapped to lines of code, as handed in by the importer\'s caller.',
    columns: [
      APP_KEY,
      col('stage_id', 'INTEGER', 'Stage id.', true),
      col('attempt_id', 'INTEGER', 'Stage attempt id.', true),
      col('rank', 'INTEGER', '0 for the best candidate, then weaker ones.', true),
      col('path', 'TEXT', 'Source file.', true),
      col('line', 'INTEGER', '1-based line.', true),
      col('origin', 'TEXT', 'How the mapping was found.', true),
    ],
    primaryKey: ['app_key', 'stage_id', 'attempt_id', 'rank'],
    references: appRef,
    indexes: [{ name: 'call_sites_by_path', columns: ['path', 'line'] }],
  },
  {
    name: 'predicted_runs',
    doc: 'Runs whose recommendations were recorded (when their report, or a later run\'s of the same job, was first made), even when there were none.',
    columns: [APP_KEY, col('recorded_at', 'INTEGER', 'When, ms since epoch.', true)],
    primaryKey: ['app_key'],
    references: appRef,
  },
  {
    name: 'predictions',
    doc: 'The configuration changes recommended for a run, each with the effect predicted when it was recommended, so that a later run of the same job that made the change can be held against it.',
    columns: [
      col('app_key', 'TEXT', 'The run (predicted_runs.app_key).', true),
      col('key', 'TEXT', 'The setting, e.g. `spark.sql.shuffle.partitions` (or a cluster setting such as `Workers`).', true),
      col('current_value', 'TEXT', 'The value the run used; NULL for Spark\'s default.'),
      col('suggested', 'TEXT', 'The value recommended.', true),
      col('duration_ms', 'INTEGER', 'The run\'s wall time the prediction starts from; NULL when the run never ended.'),
      col('predicted_duration_ms', 'INTEGER', 'The wall time predicted with the change; NULL when the run never ended.'),
      col('expected', 'TEXT', 'The sentence the recommendation stated ("Expected: stage 7 −423 s, run 29 min → 22 min, cost −24%").', true),
    ],
    primaryKey: ['app_key', 'key'],
    references: { columns: ['app_key'], table: 'predicted_runs', tableColumns: ['app_key'] },
  },
];

export function tableSpec(name: string): TableSpec {
  const spec = TABLES.find((table) => table.name === name);
  if (!spec) throw new Error(`no table ${name}`);
  return spec;
}

export function columnSql(column: ColumnSpec): string {
  return `"${column.name}" ${column.type}${column.notNull ? ' NOT NULL' : ''}${column.defaultValue !== undefined ? ` DEFAULT ${column.defaultValue}` : ''}`;
}

export function createTableSql(table: TableSpec): string[] {
  const parts = table.columns.map(columnSql);
  parts.push(`PRIMARY KEY (${table.primaryKey.map((name) => `"${name}"`).join(', ')})`);
  const ref = table.references;
  if (ref) parts.push(`FOREIGN KEY (${ref.columns.join(', ')}) REFERENCES ${ref.table} (${ref.tableColumns.join(', ')}) ON DELETE CASCADE`);
  const statements = [`CREATE TABLE ${table.name} (\n  ${parts.join(',\n  ')}\n)`];
  for (const index of table.indexes ?? []) statements.push(`CREATE INDEX ${index.name} ON ${table.name} (${index.columns.join(', ')})`);
  return statements;
}

/** The statements that create the current layout in an empty database. */
export function createSchemaSql(): string[] {
  return TABLES.flatMap(createTableSql);
}
