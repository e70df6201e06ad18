/**
 * What the verdict engine says about a run: per stage, per plan join and broadcast, and about the
 * run's failures. Computed once per application (per store revision) and read by the editor's
 * rules, the CLI's JSON, the report and its recommendations, so that one log gives one set of
 * judgements wherever it shows.
 */
import type { MeasuredEvidence } from '../history/evidence';
import type { RunRef } from '../common/runs';
import type { CachedRddSummary, StageSummary } from '../history/eventlog/types';

/** The stored figures of a stage attempt the verdicts read, with the run it belongs to. */
export type MeasuredStage = Pick<
  StageSummary,
  'stageId' | 'attemptId' | 'name' | 'status' | 'failureReason' | 'numTasks' | 'tasks' | 'taskDuration' | 'shuffleReadPerTask' | 'inputPerTask' | 'spillPerTask' | 'gcPerTask' | 'slowestTasks'
> & {
  run: RunRef;
  /** Completion − submission, when both are known. */
  durationMs?: number;
  /** The SQL execution its job ran for. */
  executionId?: number;
  /** Cached RDDs (cached DataFrames) this stage computed or read. */
  cachedRdds: CachedRddSummary[];
};

export interface StageVerdict {
  /** Higher is worse within one rule; the worst stage of a line is the one quoted. */
  severity: number;
  message: string;
  evidence: MeasuredEvidence;
  /** Advice that replaces the rule's own where the run's platform needs other words (a RAPIDS GPU run's spill). */
  advice?: string;
  /**
   * Set when the verdict is a consequence of another (a stage cancelled because the application
   * stopped after an earlier failure): shown under its root, never as a cause of its own.
   */
  consequenceOf?: { stageId: number; attemptId: number };
}

/** The per-stage rules that judge measured stages. */
export const STAGE_RULES = ['task-skew', 'spill', 'gc-pressure', 'partition-sizing', 'stage-failures'] as const;
export type StageRuleId = (typeof STAGE_RULES)[number];

/** A stage attempt's verdicts by rule id (only the rules that found something). */
export type StageVerdicts = Partial<Record<StageRuleId, StageVerdict>>;

/** A measured join of a plan, as the broadcast verdicts see it. */
export interface JoinMeasurement {
  executionId: number;
  nodeIndex: number;
  nodeName: string;
  joinType: string;
  smallSide: 'left' | 'right';
  smallBytes: number;
  largeBytes: number;
  /** Spark can build a broadcast of the small side for this join type (an outer join keeps its preserved side). */
  buildable: boolean;
}
