/**
 * The effect models against generated pairs of runs (scripts/eventlog-generator/configurationPairs):
 * the first run of each pair is read as Spark wrote it, its change modelled and replayed, and the
 * prediction compared with the second run's measured wall time. Used by the unit test (bounds) and
 * by `npm run bench` (figures).
 */
import { configurationPairs, type ConfigurationPair } from '../../../scripts/eventlog-generator/configurationPairs';
import { generateEventLog } from '../../../scripts/eventlog-generator';
import type { JobRunDescription } from '../../../scripts/eventlog-generator';
import { foldEventLog } from '../../../server/src/history/eventlog';
import type { ApplicationSummary } from '../../../server/src/history/eventlog/types';
import { calibrate } from '../../../server/src/report/effects/calibration';
import { modelChange } from '../../../server/src/report/effects/change';
import { replayEffect } from '../../../server/src/report/effects/effect';
import { Simulation } from '../../../server/src/report/simulate';
import type { KeyedApplication } from '../../../server/src/verdicts';

export interface PairOutcome {
  pair: ConfigurationPair;
  before: KeyedApplication;
  after: KeyedApplication;
  /** Wall times, ms. */
  observedBeforeMs: number;
  observedAfterMs: number;
  predictedAfterMs: number;
  /** |predicted − measured| / measured, for the run after the change. */
  error: number;
  /** Predicted change over measured change (1 = exact); NaN when the measured change is nil. */
  changeRatio: number;
}

/** The run as the importer folds it, from the generator's lines (no file in between). */
export async function foldGenerated(run: JobRunDescription): Promise<KeyedApplication> {
  const lines = (function* () {
    for (const line of generateEventLog(run)) yield Buffer.from(`${line}\n`);
  })();
  const summary = await foldEventLog(lines, run.appId);
  const app = summary.applications[0] as ApplicationSummary;
  return { ...app, appKey: `${app.appId}/` };
}

function wallTime(app: ApplicationSummary): number {
  return app.endTime! - app.startTime!;
}

export async function measurePair(pair: ConfigurationPair): Promise<PairOutcome> {
  const before = await foldGenerated(pair.before);
  const after = await foldGenerated(pair.after);
  const simulation = Simulation.of(before);
  if (!simulation) throw new Error(`${pair.model}: the first run cannot be replayed`);
  const modelled = modelChange({ app: before, simulation, calibration: calibrate(before) }, { key: pair.change.key, value: pair.change.to });
  if (!modelled) throw new Error(`${pair.model}: no model for ${pair.change.key} = ${pair.change.to}`);
  const observedBeforeMs = wallTime(before);
  const observedAfterMs = wallTime(after);
  const effect = replayEffect(simulation, observedBeforeMs, modelled, { currency: '$' });
  const measuredChange = observedAfterMs - observedBeforeMs;
  return {
    pair,
    before,
    after,
    observedBeforeMs,
    observedAfterMs,
    predictedAfterMs: effect.predictedDurationMs,
    error: Math.abs(effect.predictedDurationMs - observedAfterMs) / observedAfterMs,
    changeRatio: measuredChange === 0 ? Number.NaN : (effect.predictedDurationMs - observedBeforeMs) / measuredChange,
  };
}

export async function measureAllPairs(): Promise<PairOutcome[]> {
  const outcomes: PairOutcome[] = [];
  for (const pair of configurationPairs()) outcomes.push(await measurePair(pair));
  return outcomes;
}
