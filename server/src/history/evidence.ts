/**
 * The seam between rules and the history of past runs. Rules read what happened when the code of
 * one file ran — stages and SQL executions already mapped to its lines — and never see the store or
 * the call-site resolution behind it. Until event logs are imported the history is empty.
 */
import type { PlanNodeSummary } from './eventlog/types';
import type { JoinMeasurement, MeasuredStage, StageVerdicts } from '../verdicts/types';
export type { CachedRddSummary, PlanNodeSummary } from './eventlog/types';

export type { RunRef } from '../common/runs';
import type { RunRef } from '../common/runs';

/** How a stage or execution was tied to a line. */
export type MappingOrigin = 'call-site' | 'write-target';

/** A measured stage attempt placed on a line, with the verdict engine's judgements of it. */
export interface StageRun extends MeasuredStage {
  /** 0-based line in the file: the operation that caused the stage (a join, aggregation, window, read) where the plan tells, else the action or write that ran it. */
  line: number;
  origin: MappingOrigin;
  /** When the stage was placed on its cause: the 0-based line of the action or write that ran it, and what ran at `line`. */
  placement?: { sinkLine: number; operation: string };
  /** What the verdict engine found in this stage attempt, by rule id. */
  verdicts: StageVerdicts;
}

/** A SQL execution (one action or write of a DataFrame) mapped to the line of that action. */
export interface ExecutionRun {
  run: RunRef;
  line: number;
  origin: MappingOrigin;
  executionId: number;
  description?: string;
  durationMs?: number;
  /** Kept nodes of the plan that ran (joins, exchanges, scans, writes…), pre-order. */
  nodes: PlanNodeSummary[];
  /** Every stage attempt of the execution's jobs. */
  stages: StageRun[];
  /** The verdict engine's measurements of the execution's shuffled joins. */
  joins: JoinMeasurement[];
  /** Broadcast exchanges of the execution over the limit (bytes), by plan node. */
  oversizedBroadcasts: Array<{ nodeIndex: number; bytes: number }>;
}

export interface FileHistory {
  /** Runs with at least one stage mapped to this file, oldest first. */
  runs: RunRef[];
  stages: StageRun[];
  executions: ExecutionRun[];
}

export const EMPTY_HISTORY: FileHistory = { runs: [], stages: [], executions: [] };

/** Figures quoted under a finding: which run, what was measured. */
export interface MeasuredEvidence {
  /** Which run the figures come from, e.g. "daily_etl (2026-11-02)". */
  run: string;
  /** e.g. "stage 14: max task 412 s vs median 9 s over 200 tasks". */
  summary: string;
  /** Named figures for machines (SARIF properties, JSON output). */
  figures: Record<string, number>;
}

/** What the write calls of a file write to, for tying PySpark writes (which carry no Python line) to code. */
export interface WriteTargetHint {
  /** 0-based line of the write call. */
  line: number;
  /** Path or table literal, e.g. "sales.orders_enriched", "s3a://lake/marts/campaign_perf". */
  target: string;
}

/**
 * An operation of the file's code that a node of a plan that ran can be matched with, so that a
 * stage is placed on the join, aggregation, window or read that caused it rather than on the
 * action or write that ran it.
 */
export interface CodeOperation {
  kind: 'join' | 'aggregate' | 'window' | 'sort' | 'read';
  /** 0-based line of the method name (`join`, `groupBy`, `orderBy`, `parquet`…). */
  line: number;
  /** Columns: join keys, grouping keys, window partition then order keys, sort keys (lower case); empty when unknown. */
  keys: string[];
  /** Reads: path or table as written, `*` for interpolations. */
  target?: string;
  /** 0-based lines of the actions and writes whose data derive from it (within the file's model). */
  sinks: number[];
}

export interface HistoryQuery {
  file: string;
  /** `SparkSession.builder.appName("…")` literals of the file: runs with that name belong to it. */
  appNames: string[];
  writeTargets: WriteTargetHint[];
  /** The file's joins, aggregations, windows, sorts and reads, for placing stages on their cause. */
  operations?: CodeOperation[];
}

export interface EvidenceProvider {
  historyFor(query: HistoryQuery): FileHistory;
  /** Changes whenever the answers may change (new runs imported, settings), so cached findings are not reused. */
  version(): string;
}

export const NO_EVIDENCE: EvidenceProvider = {
  historyFor: () => EMPTY_HISTORY,
  version: () => 'none',
};
