import type { ApplicationSummary, EventLogWarning } from '../eventlog/types';

/** A stage attempt mapped to a line of the user's code (the caller decides how). */
export interface StoredCallSite {
  stageId: number;
  attemptId: number;
  /** As the caller resolved it (workspace-relative or absolute). */
  path: string;
  /** 1-based. */
  line: number;
  /** How the mapping was found (e.g. "stage-name", "details", "sql-execution"). */
  origin: string;
  /** 0 = best candidate for this stage attempt; higher = weaker alternatives. */
  rank: number;
}

/** One imported event log (a file or a rolling/Databricks/legacy directory). */
export interface StoredSourceInfo {
  path: string;
  layout: string;
  /** Sum of the sizes of the log's files when it was read. */
  bytes: number;
  /** Latest modification time of those files, ms since epoch. */
  mtimeMs: number;
  /** Says whether the files changed since (see the importer's fingerprint). */
  fingerprint: string;
}

export interface StoredSource extends StoredSourceInfo {
  /** ms since epoch. */
  importedAt: number;
  warnings: EventLogWarning[];
  warningsDropped: number;
}

/** An application's header and totals, without its stages, jobs and plans. */
export type StoredApplication = Omit<ApplicationSummary, 'sparkProperties' | 'executors' | 'jobs' | 'sqlExecutions' | 'cachedRdds' | 'stages'> & {
  appKey: string;
  sourcePath: string;
};

/** A recommendation made for a run, with the effect it predicted (table predictions). */
export interface StoredPrediction {
  key: string;
  /** Null: the run used Spark's default. */
  current: string | null;
  suggested: string;
  /** Null when the run never ended. */
  durationMs: number | null;
  predictedDurationMs: number | null;
  expected: string;
}

export interface ReplaceResult {
  applications: number;
  stages: number;
  /** Task end events summed over the stored applications. */
  tasks: number;
}
