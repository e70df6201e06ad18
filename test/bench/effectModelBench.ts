/**
 * `npm run bench`: each effect model's error on the generated pairs of runs that differ only in its
 * setting (scripts/eventlog-generator/configurationPairs.ts): the second run's wall time as predicted
 * from the first run's log, against the one measured.
 */
import { measureAllPairs } from '../unit/helpers/effectPairs';

export async function benchEffectModels(): Promise<Array<Record<string, unknown>>> {
  console.log('  effect models on generated pairs (the first run\'s log predicts the second run):');
  const rows: Array<Record<string, unknown>> = [];
  for (const o of await measureAllPairs()) {
    const change = `${o.pair.change.key} ${o.pair.change.from} → ${o.pair.change.to}`;
    const measuredChange = (o.observedAfterMs - o.observedBeforeMs) / o.observedBeforeMs;
    const predictedChange = (o.predictedAfterMs - o.observedBeforeMs) / o.observedBeforeMs;
    console.log(
      `    ${o.pair.model.padEnd(48)} ${(o.observedBeforeMs / 1000).toFixed(1).padStart(6)} s → measured ${(o.observedAfterMs / 1000).toFixed(1).padStart(6)} s (${(measuredChange * 100).toFixed(0).padStart(3)} %), predicted ${(o.predictedAfterMs / 1000).toFixed(1).padStart(6)} s (${(predictedChange * 100).toFixed(0).padStart(3)} %): error ${(o.error * 100).toFixed(1)} %`,
    );
    rows.push({ model: o.pair.model, change, observedBeforeMs: o.observedBeforeMs, observedAfterMs: o.observedAfterMs, predictedAfterMs: o.predictedAfterMs, error: o.error });
  }
  const errors = rows.map((r) => r.error as number);
  console.log(`    mean error ${((errors.reduce((a, b) => a + b, 0) / errors.length) * 100).toFixed(1)} %, worst ${(Math.max(...errors) * 100).toFixed(1)} %`);
  return rows;
}
