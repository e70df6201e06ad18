/**
 * Ordered steps from one schema version to the next; the version lives in `PRAGMA user_version`.
 * A fresh store is created from schema.ts directly; a store file from an older Spark Advisor is
 * brought up to date by the steps after its version, in one transaction. Steps are frozen: never
 * edit one that shipped, add the next.
 */
import type { Database } from 'sql.js';

export interface Migration {
  /** The version the step produces. */
  to: number;
  description: string;
  statements: string[];
  /**
   * The step adds figures that stored rows lack: clear every source's fingerprint so the next import
   * reads the logs again (the store holds nothing that cannot be re-derived from the logs).
   */
  reimport?: boolean;
  /**
   * The step's change is in the file already. Two development builds both wrote "version 3", one
   * with step 3, one with step 4's tables: a file gets the steps it lacks, whatever it claims.
   */
  present?: (db: Database) => boolean;
}

/** The first layout, as it was created (version 1). */
export const V1_SCHEMA: string[] = [
  `CREATE TABLE meta (
    "key" TEXT NOT NULL,
    "value" INTEGER NOT NULL,
    PRIMARY KEY ("key")
  )`,
  `CREATE TABLE sources (
    "path" TEXT NOT NULL,
    "layout" TEXT NOT NULL,
    "bytes" INTEGER NOT NULL,
    "mtime_ms" INTEGER NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "imported_at" INTEGER NOT NULL,
    "warnings_json" TEXT NOT NULL,
    "warnings_dropped" INTEGER NOT NULL,
    PRIMARY KEY ("path")
  )`,
  `CREATE TABLE applications (
    "app_key" TEXT NOT NULL,
    "source_path" TEXT NOT NULL,
    "ordinal" INTEGER NOT NULL,
    "app_id" TEXT,
    "attempt_id" TEXT,
    "name" TEXT,
    "user" TEXT,
    "spark_version" TEXT,
    "start_time" INTEGER,
    "end_time" INTEGER,
    "completed" INTEGER NOT NULL,
    "tasks" INTEGER NOT NULL DEFAULT 0,
    "succeeded_tasks" INTEGER NOT NULL DEFAULT 0,
    "failed_tasks" INTEGER NOT NULL DEFAULT 0,
    "killed_tasks" INTEGER NOT NULL DEFAULT 0,
    "tasks_without_metrics" INTEGER NOT NULL DEFAULT 0,
    "duration_ms" INTEGER NOT NULL DEFAULT 0,
    "executor_run_time_ms" INTEGER NOT NULL DEFAULT 0,
    "jvm_gc_time_ms" INTEGER NOT NULL DEFAULT 0,
    "shuffle_read_bytes" INTEGER NOT NULL DEFAULT 0,
    "shuffle_remote_read_bytes" INTEGER NOT NULL DEFAULT 0,
    "shuffle_local_read_bytes" INTEGER NOT NULL DEFAULT 0,
    "shuffle_write_bytes" INTEGER NOT NULL DEFAULT 0,
    "input_bytes" INTEGER NOT NULL DEFAULT 0,
    "memory_spilled_bytes" INTEGER NOT NULL DEFAULT 0,
    "disk_spilled_bytes" INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY ("app_key"),
    FOREIGN KEY (source_path) REFERENCES sources (path) ON DELETE CASCADE
  )`,
  `CREATE INDEX applications_by_source ON applications (source_path)`,
  `CREATE TABLE configuration (
    "app_key" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    PRIMARY KEY ("app_key", "key"),
    FOREIGN KEY (app_key) REFERENCES applications (app_key) ON DELETE CASCADE
  )`,
  `CREATE TABLE executors (
    "app_key" TEXT NOT NULL,
    "executor_id" TEXT NOT NULL,
    "ordinal" INTEGER NOT NULL,
    "host" TEXT,
    "total_cores" INTEGER,
    "added_time" INTEGER,
    "removed_time" INTEGER,
    "removed_reason" TEXT,
    PRIMARY KEY ("app_key", "executor_id"),
    FOREIGN KEY (app_key) REFERENCES applications (app_key) ON DELETE CASCADE
  )`,
  `CREATE TABLE jobs (
    "app_key" TEXT NOT NULL,
    "job_id" INTEGER NOT NULL,
    "ordinal" INTEGER NOT NULL,
    "submission_time" INTEGER,
    "completion_time" INTEGER,
    "result" TEXT,
    "stage_ids_json" TEXT NOT NULL,
    "sql_execution_id" INTEGER,
    "call_site" TEXT,
    "description" TEXT,
    "properties_json" TEXT NOT NULL,
    PRIMARY KEY ("app_key", "job_id"),
    FOREIGN KEY (app_key) REFERENCES applications (app_key) ON DELETE CASCADE
  )`,
  `CREATE TABLE stages (
    "app_key" TEXT NOT NULL,
    "stage_id" INTEGER NOT NULL,
    "attempt_id" INTEGER NOT NULL,
    "ordinal" INTEGER NOT NULL,
    "name" TEXT,
    "num_tasks" INTEGER,
    "details" TEXT,
    "submission_time" INTEGER,
    "completion_time" INTEGER,
    "status" TEXT NOT NULL,
    "failure_reason" TEXT,
    "job_ids_json" TEXT NOT NULL,
    "parent_ids_json" TEXT NOT NULL,
    "rdd_call_sites_json" TEXT NOT NULL,
    "slowest_tasks_json" TEXT NOT NULL,
    "tasks" INTEGER NOT NULL DEFAULT 0,
    "succeeded_tasks" INTEGER NOT NULL DEFAULT 0,
    "failed_tasks" INTEGER NOT NULL DEFAULT 0,
    "killed_tasks" INTEGER NOT NULL DEFAULT 0,
    "tasks_without_metrics" INTEGER NOT NULL DEFAULT 0,
    "duration_ms" INTEGER NOT NULL DEFAULT 0,
    "executor_run_time_ms" INTEGER NOT NULL DEFAULT 0,
    "jvm_gc_time_ms" INTEGER NOT NULL DEFAULT 0,
    "shuffle_read_bytes" INTEGER NOT NULL DEFAULT 0,
    "shuffle_remote_read_bytes" INTEGER NOT NULL DEFAULT 0,
    "shuffle_local_read_bytes" INTEGER NOT NULL DEFAULT 0,
    "shuffle_write_bytes" INTEGER NOT NULL DEFAULT 0,
    "input_bytes" INTEGER NOT NULL DEFAULT 0,
    "memory_spilled_bytes" INTEGER NOT NULL DEFAULT 0,
    "disk_spilled_bytes" INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY ("app_key", "stage_id", "attempt_id"),
    FOREIGN KEY (app_key) REFERENCES applications (app_key) ON DELETE CASCADE
  )`,
  `CREATE TABLE stage_distributions (
    "app_key" TEXT NOT NULL,
    "stage_id" INTEGER NOT NULL,
    "attempt_id" INTEGER NOT NULL,
    "metric" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "min" REAL NOT NULL,
    "max" REAL NOT NULL,
    "mean" REAL NOT NULL,
    "p5" REAL NOT NULL,
    "p25" REAL NOT NULL,
    "p50" REAL NOT NULL,
    "p75" REAL NOT NULL,
    "p95" REAL NOT NULL,
    "exact" INTEGER NOT NULL,
    PRIMARY KEY ("app_key", "stage_id", "attempt_id", "metric"),
    FOREIGN KEY (app_key, stage_id, attempt_id) REFERENCES stages (app_key, stage_id, attempt_id) ON DELETE CASCADE
  )`,
  `CREATE TABLE sql_executions (
    "app_key" TEXT NOT NULL,
    "execution_id" INTEGER NOT NULL,
    "ordinal" INTEGER NOT NULL,
    "root_execution_id" INTEGER,
    "description" TEXT,
    "details" TEXT,
    "start_time" INTEGER,
    "end_time" INTEGER,
    "adaptive" INTEGER NOT NULL,
    "job_ids_json" TEXT NOT NULL,
    PRIMARY KEY ("app_key", "execution_id"),
    FOREIGN KEY (app_key) REFERENCES applications (app_key) ON DELETE CASCADE
  )`,
  `CREATE TABLE plan_nodes (
    "app_key" TEXT NOT NULL,
    "execution_id" INTEGER NOT NULL,
    "node_index" INTEGER NOT NULL,
    "parent_index" INTEGER,
    "node_name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "simple_string" TEXT NOT NULL,
    "metrics_json" TEXT NOT NULL,
    "side_bytes_json" TEXT,
    "side_rows_json" TEXT,
    "join_type" TEXT,
    "write_target" TEXT,
    "read_target" TEXT,
    PRIMARY KEY ("app_key", "execution_id", "node_index"),
    FOREIGN KEY (app_key, execution_id) REFERENCES sql_executions (app_key, execution_id) ON DELETE CASCADE
  )`,
  `CREATE TABLE cached_rdds (
    "app_key" TEXT NOT NULL,
    "rdd_id" INTEGER NOT NULL,
    "ordinal" INTEGER NOT NULL,
    "name" TEXT,
    "call_site" TEXT,
    "storage_level" TEXT NOT NULL,
    "num_partitions" INTEGER,
    "cached_partitions" INTEGER NOT NULL,
    "memory_bytes" INTEGER NOT NULL,
    "disk_bytes" INTEGER NOT NULL,
    "stage_ids_json" TEXT NOT NULL,
    "job_ids_json" TEXT NOT NULL,
    PRIMARY KEY ("app_key", "rdd_id"),
    FOREIGN KEY (app_key) REFERENCES applications (app_key) ON DELETE CASCADE
  )`,
  `CREATE TABLE call_sites (
    "app_key" TEXT NOT NULL,
    "stage_id" INTEGER NOT NULL,
    "attempt_id" INTEGER NOT NULL,
    "rank" INTEGER NOT NULL,
    "path" TEXT NOT NULL,
    "line" INTEGER NOT NULL,
    "origin" TEXT NOT NULL,
    PRIMARY KEY ("app_key", "stage_id", "attempt_id", "rank"),
    FOREIGN KEY (app_key) REFERENCES applications (app_key) ON DELETE CASCADE
  )`,
  `CREATE INDEX call_sites_by_path ON call_sites (path, line)`
];

/** The tables of recorded recommendations as version 4 created them. */
const PREDICTIONS_V4 = [
  `CREATE TABLE predicted_runs (
  "app_key" TEXT NOT NULL,
  "recorded_at" INTEGER NOT NULL,
  PRIMARY KEY ("app_key"),
  FOREIGN KEY (app_key) REFERENCES applications (app_key) ON DELETE CASCADE
)`,
  `CREATE TABLE predictions (
  "app_key" TEXT NOT NULL,
  "key" TEXT NOT NULL,
  "current_value" TEXT,
  "suggested" TEXT NOT NULL,
  "duration_ms" INTEGER,
  "predicted_duration_ms" INTEGER,
  "expected" TEXT NOT NULL,
  PRIMARY KEY ("app_key", "key"),
  FOREIGN KEY (app_key) REFERENCES predicted_runs (app_key) ON DELETE CASCADE
)`,
];

const TOTALS_ADDED_IN_V2 = ['executor_cpu_time_ns', 'output_bytes'];

export const MIGRATIONS: Migration[] = [
  { to: 1, description: 'first layout', statements: V1_SCHEMA },
  {
    to: 2,
    description: 'executor CPU time and output bytes in the task totals',
    statements: ['applications', 'stages'].flatMap((table) => TOTALS_ADDED_IN_V2.map((column) => `ALTER TABLE ${table} ADD COLUMN "${column}" INTEGER NOT NULL DEFAULT 0`)),
    reimport: true,
  },
  {
    to: 3,
    description: 'the stages that ran each plan node',
    statements: ['ALTER TABLE plan_nodes ADD COLUMN "stage_ids_json" TEXT'],
    reimport: true,
    present: (db) => hasColumn(db, 'plan_nodes', 'stage_ids_json'),
  },
  // Nothing to re-read: predictions are recorded when a run is next imported or reported.
  {
    to: 4,
    description: 'recommendations with their predicted effects (predicted_runs, predictions)',
    statements: PREDICTIONS_V4,
    present: (db) => hasTable(db, 'predictions'),
  },
];

function hasTable(db: Database, table: string): boolean {
  return db.exec(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '${table}'`).length > 0;
}

function hasColumn(db: Database, table: string, column: string): boolean {
  return (db.exec(`PRAGMA table_info(${table})`)[0]?.values ?? []).some((row) => row[1] === column);
}

/**
 * Runs the steps after `fromVersion`, and the earlier ones whose change the file lacks, except
 * those already present (the caller holds the transaction and sets user_version).
 */
export function migrate(db: Database, fromVersion: number): Migration[] {
  const steps = MIGRATIONS.filter((step) => (step.to > fromVersion || step.present !== undefined) && !step.present?.(db));
  for (const step of steps) {
    for (const statement of step.statements) db.run(statement);
    if (step.reimport) db.run(`UPDATE sources SET fingerprint = ''`);
  }
  return steps;
}
