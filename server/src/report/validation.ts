/**
 * The validation loop: what was recommended for a run is recorded with the effect it predicted, and
 * when the next run of the same job changed that setting, the prediction is held against what that
 * run measured. Their errors, with the replay's own, say how far to trust the effects shown.
 *
 *   recordIfNew(log, app, recommendations);                         // what the report shows is kept
 *   const validations = validateAgainstPrevious(app, previous, log, recommend);
 *   const confidence = confidenceOf(replayError, validations);
 */
import { formatDuration, formatPercent } from '../common/format';
import { platformOf } from '../common/platform';
import type { ApplicationSummary } from '../history/eventlog/types';
import type { StoredPrediction } from '../history/store/types';
import type { KeyedApplication } from '../verdicts';
import { calibrate } from './effects/calibration';
import { MODELLED_KEYS, modelChange } from './effects/change';
import { replayEffect } from './effects/effect';
import { settingOf } from './recommend/settings';
import { Simulation } from './simulate';
import type { Confidence, Recommendation, Validation } from './types';

/** Where recommendations are kept between reports (the history store). */
export interface PredictionLog {
  /** Undefined when nothing was ever recorded for the run. */
  predictions(appKey: string): StoredPrediction[] | undefined;
  recordPredictions(appKey: string, predictions: readonly StoredPrediction[]): void;
}

/** Below these errors (replay and earlier predictions alike) the effects shown are trusted this much. */
export const CONFIDENCE = { high: 0.1, medium: 0.25 };

/** Input that grew or shrank by more than this between the two runs is named as a reason they may disagree. */
const INPUT_CHANGE = 0.1;

export function storedPredictions(recommendations: readonly Recommendation[]): StoredPrediction[] {
  return recommendations.map((r) => ({
    key: r.key,
    current: r.current,
    suggested: r.suggested,
    durationMs: r.effect.runEnded ? Math.round(r.effect.durationMs) : null,
    predictedDurationMs: r.effect.runEnded ? Math.round(r.effect.predictedDurationMs) : null,
    expected: r.effect.expected,
  }));
}

/** Records the run's recommendations unless some were recorded before: the first prediction shown is the one validated. */
export function recordIfNew(log: PredictionLog | undefined, appKey: string, recommendations: () => readonly Recommendation[]): StoredPrediction[] | undefined {
  if (!log) return undefined;
  const recorded = log.predictions(appKey);
  if (recorded) return recorded;
  const made = storedPredictions(recommendations());
  log.recordPredictions(appKey, made);
  return made;
}

/** The value a run used for a recommended key; cluster settings are read from the platform. */
function valueOf(app: ApplicationSummary, key: string): string | null {
  if (key === 'Workers') {
    const workers = platformOf(app.sparkProperties).databricks?.workers;
    return workers === undefined ? null : String(workers);
  }
  return settingOf(app, key) ?? null;
}

const bytesRead = (app: ApplicationSummary) => app.totals.inputBytes + app.totals.shuffleReadBytes;

/** What else differed between the two runs, which the prediction of one change does not cover. */
function caveatsOf(previous: ApplicationSummary, current: ApplicationSummary, key: string): string[] {
  const caveats: string[] = [];
  for (const other of MODELLED_KEYS) {
    if (other === key) continue;
    const before = valueOf(previous, other);
    const after = valueOf(current, other);
    if (before !== after) caveats.push(`${other} also changed (${before ?? 'default'} → ${after ?? 'default'})`);
  }
  const readBefore = bytesRead(previous);
  const readAfter = bytesRead(current);
  if (readBefore > 0 && Math.abs(readAfter - readBefore) / readBefore > INPUT_CHANGE) {
    caveats.push(`it read ${formatPercent(Math.abs(readAfter - readBefore) / readBefore)} ${readAfter > readBefore ? 'more' : 'less'} data`);
  }
  return caveats;
}

/** The run `previous` replayed with `key` at `value`: a prediction for a value other than the recommended one. */
function repredict(previous: KeyedApplication, key: string, value: string, durationMs: number): number | undefined {
  const simulation = Simulation.of(previous);
  if (!simulation) return undefined;
  const modelled = modelChange({ app: previous, simulation, calibration: calibrate(previous) }, { key, value });
  return modelled ? replayEffect(simulation, durationMs, modelled, { currency: '$' }).predictedDurationMs : undefined;
}

/**
 * The previous run's recommendations whose setting this run changed, each with its prediction and
 * this run's measured wall time. When the value used is not the one recommended, the previous run
 * is replayed with the value used instead.
 */
export function validateAgainstPrevious(current: KeyedApplication, currentDurationMs: number | null, previous: { app: KeyedApplication; label: string; predictions: readonly StoredPrediction[] } | undefined): Validation[] {
  if (!previous || currentDurationMs === null) return [];
  const validations: Validation[] = [];
  for (const p of previous.predictions) {
    const used = valueOf(current, p.key);
    if (used === p.current || p.durationMs === null || p.predictedDurationMs === null) continue;
    const repredicted = used !== p.suggested;
    const predictedMs = !repredicted ? p.predictedDurationMs : used === null ? undefined : repredict(previous.app, p.key, used, p.durationMs);
    if (predictedMs === undefined) continue;
    const error = Math.abs(predictedMs - currentDurationMs) / currentDurationMs;
    const caveats = caveatsOf(previous.app, current, p.key);
    const change = `${p.key} ${p.current ?? '(default)'} → ${used ?? '(default)'}`;
    const value = repredicted ? ` (recommended: ${p.suggested}; predicted again for ${used})` : '';
    validations.push({
      key: p.key,
      from: p.current,
      recommended: p.suggested,
      used,
      recommendedFor: { appKey: previous.app.appKey, label: previous.label },
      durationBeforeMs: p.durationMs,
      predictedMs,
      measuredMs: currentDurationMs,
      error,
      repredicted,
      caveats,
      sentence: `${change}${value}, recommended for ${previous.label}: predicted ${formatDuration(p.durationMs)} → ${formatDuration(predictedMs)}, measured ${formatDuration(currentDurationMs)} (off by ${formatPercent(error)})${caveats.length > 0 ? `; ${caveats.join('; ')}` : ''}`,
    });
  }
  return validations;
}

/**
 * How far to trust the effects shown: by the replay's error at the observed size and, when earlier
 * predictions for this job were checked against later runs, by their mean error too (the larger wins).
 */
export function confidenceOf(replayError: number | null, validations: readonly Validation[]): Confidence {
  if (replayError === null) return { level: 'low', error: null, reason: 'the run cannot be replayed' };
  const checked = validations.length > 0 ? validations.reduce((sum, v) => sum + v.error, 0) / validations.length : undefined;
  const error = Math.max(replayError, checked ?? 0);
  const level = error < CONFIDENCE.high ? 'high' : error < CONFIDENCE.medium ? 'medium' : 'low';
  const replay = `the replay reproduces this run within ${formatPercent(replayError)}`;
  const history = checked === undefined ? 'no earlier prediction for this job has been checked against a later run yet' : `${validations.length === 1 ? 'the earlier prediction' : `${validations.length} earlier predictions`} for this job, checked against this run, ${validations.length === 1 ? 'was' : 'were'} off by ${formatPercent(checked)}${validations.length === 1 ? '' : ' on average'}`;
  return { level, error, reason: `${replay}; ${history}` };
}
