/**
 * The performance report of one imported application attempt: what the webview shows, what the
 * exports (HTML, Markdown, text, JSON) print. Plain data, JSON-serialisable, no methods; every
 * string that came from an event log is raw here and escaped by whoever renders it.
 */
import type { MeasuredEvidence } from '../history/evidence';
import type { Distribution, TaskTotals } from '../history/eventlog/types';

/** 1-based line in a workspace file (absolute path), for "go to code". */
export interface CodeLocation {
  file: string;
  line: number;
}

export type { CostEstimate, CostSettings } from '../common/cost';
import type { CostEstimate } from '../common/cost';
import type { Effect } from './effects/effect';
export type { Effect, StageEffect } from './effects/effect';

export interface ReportSummary {
  appKey: string;
  /** Where it ran: "YARN (EMR), dynamic allocation", "Databricks, 2 workers of i3.xlarge", "RAPIDS GPU". */
  platform: string;
  /** Whether SparkListenerApplicationEnd was seen; an incomplete run has no duration or efficiency. */
  completed: boolean;
  appId: string | null;
  attemptId: string | null;
  name: string;
  /** "daily-orders-etl-2026-11-02 (2026-11-03)". */
  label: string;
  sparkVersion: string | null;
  startTime: number | null;
  endTime: number | null;
  durationMs: number | null;
  executors: number;
  /** Largest number of executor cores available at once. */
  totalCores: number;
  coresPerExecutor: number | null;
  executorMemory: string | null;
  /** Task time over available core time (executor cores × their lifetime), 0…1; null without executors. */
  efficiency: number | null;
  /** Wall time with no stage running (driver work: planning, collect, listing files, Python). */
  driverTimeMs: number;
  /** Wall time with at least one stage running. */
  executorTimeMs: number;
  /** Sparklens: driver time + the longest chain of dependent stages, each at its slowest task (time with unlimited executors). */
  criticalPathMs: number;
  /** Sparklens: driver time + total task time / cores, as if every task ran perfectly in parallel. */
  idealTimeMs: number;
  cost: CostEstimate | null;
  totals: TaskTotals;
}

export type ReportSeverity = 'critical' | 'warning' | 'info';

export interface ReportFinding {
  ruleId: string;
  /** Graded by impact: a stage that took 20% or more of the run is critical whatever its rule. */
  severity: ReportSeverity;
  /** The stage's (or execution's) share of the run's wall time, 0…1, when known. */
  share?: number;
  /** Failures that followed from this one (stages cancelled when the application stopped). */
  consequences?: string[];
  message: string;
  evidence: MeasuredEvidence[];
  stageId?: number;
  attemptId?: number;
  executionId?: number;
  /** Where the code that ran it is, when the stage or execution mapped to the workspace. */
  location?: CodeLocation;
  /** What fixing it is expected to save, when it can be estimated (e.g. "≈ 6 min of stage time"). */
  expectedImprovement?: string;
}

export type StageFlag = 'skewed' | 'spilling' | 'failed';

export interface TimelineStage {
  stageId: number;
  attemptId: number;
  name: string;
  jobIds: number[];
  /** Epoch ms. */
  start: number;
  end: number;
  tasks: number;
  flags: StageFlag[];
  location?: CodeLocation;
}

export interface StageDistribution {
  stageId: number;
  attemptId: number;
  name: string;
  taskDuration: Distribution;
}

export interface UtilisationPoint {
  /** Epoch ms at the start of the bucket. */
  time: number;
  /** Average cores busy running tasks in the bucket. */
  busyCores: number;
  /** Executor cores alive in the bucket. */
  availableCores: number;
}

/** One setting of a recommendation that changes several at once. */
export interface Setting {
  key: string;
  current: string | null;
  suggested: string;
}

export interface Recommendation {
  /** Spark configuration key, e.g. "spark.sql.shuffle.partitions"; for a cluster setting its name ("Workers"). */
  key: string;
  /** The value the run used (its Spark properties), or null when it was the default. */
  current: string | null;
  suggested: string;
  /** One sentence naming the measured evidence, e.g. "spill 74 MB in stage 9 with memory.fraction 0.1". */
  reason: string;
  /** A Spark property (goes into the conf block), or a setting of the platform's cluster (Databricks workers). */
  kind: 'spark-conf' | 'cluster';
  /** Where to change it on the platform the run used. */
  where: string;
  /** The change replayed against the run: made only when this is a gain. */
  effect: Effect;
  /**
   * Settings that are part of the same change (dynamic allocation's floor, ceiling and shuffle
   * tracking with spark.dynamicAllocation.enabled): set together, their effect the one above.
   */
  together?: Setting[];
  location?: CodeLocation;
}

export interface WhatIfPoint {
  coresFactor: number;
  cores: number;
  durationMs: number;
  cost: number | null;
}

export interface WhatIf {
  observedDurationMs: number;
  observedCores: number;
  /** 0.25× … 4× the observed cores (13 sizes). */
  simulated: WhatIfPoint[];
  /** |simulated − observed| / observed at the observed size. */
  modelError: number;
}

export interface ModelScore {
  /** Coefficient of determination on held-out folds. */
  r2: number;
  /** Mean absolute error of stage duration, ms. */
  maeMs: number;
}

export interface PredictedEffect {
  /** e.g. "spark.sql.shuffle.partitions 2000 → 200". */
  change: string;
  /** The run's wall time now and with the change; null for a run that never ended. */
  currentDurationMs: number | null;
  predictedDurationMs: number | null;
  /** The recommendation's own sentence, the same words in both sections. */
  expected: string;
}

/**
 * What the report predicts: the replayed effect of each recommended change (the figures the
 * recommendations state), and a learned correction trained on the same job's runs only, shown only
 * when it beats the bytes-only estimate on that history.
 */
export interface PredictionReport {
  effects: PredictedEffect[];
  /** |replay − observed| / observed at the observed size; null when the run cannot be replayed. */
  replayError: number | null;
  /** How far to trust the effects: the replay's error and that of earlier predictions checked against later runs. */
  confidence: Confidence;
  correction: LearnedCorrection;
}

export interface Confidence {
  level: 'high' | 'medium' | 'low';
  /** The larger of the replay's error and the mean error of the validations; null without a replay. */
  error: number | null;
  reason: string;
}

/**
 * A recommendation made for the previous run of this job whose setting this run changed: what it
 * predicted against what this run measured.
 */
export interface Validation {
  key: string;
  /** The value the previous run used (null: Spark's default), the one recommended, and the one this run used. */
  from: string | null;
  recommended: string;
  used: string | null;
  recommendedFor: { appKey: string; label: string };
  /** The previous run's wall time, the one predicted with the change, and this run's. */
  durationBeforeMs: number;
  predictedMs: number;
  measuredMs: number;
  /** |predicted − measured| / measured. */
  error: number;
  /** This run used another value than the one recommended: the previous run was replayed with it. */
  repredicted: boolean;
  /** What else differed between the runs (other settings, the data read), which the prediction does not cover. */
  caveats: string[];
  sentence: string;
}

export interface LearnedCorrection {
  /** Whether it beat the simulation's premise on this job's history (and is shown). */
  shown: boolean;
  /** One sentence: why it is or is not shown. */
  reason: string;
  /** Runs of the same job it was trained on. */
  runs: number;
  samples: number;
  folds?: number;
  model?: ModelScore;
  baseline?: ModelScore;
}

export interface RunComparison {
  appKey: string;
  label: string;
  startTime: number | null;
  durationMs: number | null;
  cost: number | null;
  shuffleBytes: number;
  spillBytes: number;
  /** The run this report is about. */
  current: boolean;
}

export interface SimilarRun {
  appKey: string;
  label: string;
  /** 0…1. */
  similarity: number;
  durationMs: number | null;
  /** What makes it similar, e.g. "same job, input within 5%, same stage shape". */
  reason: string;
}

export interface ReportModel {
  summary: ReportSummary;
  findings: ReportFinding[];
  timeline: TimelineStage[];
  distributions: StageDistribution[];
  utilisation: UtilisationPoint[];
  recommendations: Recommendation[];
  whatIf: WhatIf | null;
  prediction: PredictionReport;
  /** Earlier predictions for this job checked against this run. */
  validations: Validation[];
  comparison: RunComparison[];
  similar: SimilarRun[];
  /** When the report was made, epoch ms. */
  generatedAt: number;
}
