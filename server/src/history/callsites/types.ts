/** Where a Spark stage's work was started in the user's code, as Spark recorded it. */

export type CallSiteLanguage = 'python' | 'scala' | 'java' | 'unknown';

export interface CallSite {
  /** As Spark wrote it: '/app/generate_events.py', 'jobs/etl.py', '<stdin>', 'DailyJob.scala'. */
  path: string;
  /** 1-based. */
  line: number;
  /** 'collect', 'parquet', 'count', 'map'. */
  operation?: string;
  /** 'com.acme.etl.DailyJob$.main' from a stack frame. */
  functionName?: string;
  language: CallSiteLanguage;
  /** Directory hint from a JVM frame's package: 'com/acme/etl'. */
  packageHint?: string;
}

/** Which part of the event log a stage's call site came from. */
export type CallSiteOrigin = 'stage-name' | 'rdd' | 'job' | 'sql-execution' | 'details';

export interface StageCallSite extends CallSite {
  stageId: number;
  attemptId: number;
  origin: CallSiteOrigin;
  /** 0 = best. */
  rank: number;
}
