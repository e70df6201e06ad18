/**
 * How messages, lenses and reports name an imported run, and which job it belongs to.
 */
import { formatDate } from './format';
import { nameJobKey } from './jobIdentity';

/** One imported run (application attempt). */
export interface RunRef {
  appKey: string;
  appName: string;
  /**
   * The job this run belongs to: the application name without a run date or counter suffix; a
   * generic name (`Spark shell`) names no job, so such a run is a job of its own.
   */
  job: string;
  startTime?: number;
  /** "daily_orders_etl (2026-11-02)": how messages name the run. */
  label: string;
}

export function runRef(app: { appKey: string; name?: string; appId?: string; startTime?: number }): RunRef {
  const appName = app.name ?? app.appId ?? app.appKey;
  const date = formatDate(app.startTime);
  return { appKey: app.appKey, appName, job: nameJobKey(appName, app.appKey), startTime: app.startTime, label: date ? `${appName} (${date})` : appName };
}

/** "stage 7" or "stage 7 (attempt 1)". */
export function stageName(stage: { stageId: number; attemptId: number }): string {
  return `stage ${stage.stageId}${stage.attemptId > 0 ? ` (attempt ${stage.attemptId})` : ''}`;
}

/** The key of a stage attempt inside one application. */
export const stageKey = (stage: { stageId: number; attemptId: number }): string => `${stage.stageId}.${stage.attemptId}`;

/** Completion − submission, when both are known and in order. */
export function elapsed(start: number | undefined, end: number | undefined): number | undefined {
  return start !== undefined && end !== undefined && end >= start ? end - start : undefined;
}
