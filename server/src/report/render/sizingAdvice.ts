/**
 * Cost optimisation from the what-if curve: the fastest simulated size, and the cheapest size whose
 * duration stays within a tolerance (10 %) of it, which is what a team would actually pick.
 */
import { formatDuration, formatPercent } from '../../common/format';
import { formatMoney } from './figures';
import type { WhatIf, WhatIfPoint } from '../types';

export const SIZING_TOLERANCE = 0.1;

export interface SizingAdvice {
  fastest: WhatIfPoint;
  /** Cheapest point with duration ≤ fastest × (1 + tolerance). */
  cheapestNearFastest: WhatIfPoint;
  /** The simulated point at the observed size (factor 1), when present. */
  observed: WhatIfPoint | undefined;
  tolerance: number;
  /** Without prices, "cheapest" means fewest core-hours (cost is proportional to them). */
  comparedBy: 'cost' | 'core-hours';
}

export function sizingAdvice(whatIf: WhatIf | null, tolerance = SIZING_TOLERANCE): SizingAdvice | null {
  const points = (whatIf?.simulated ?? []).filter((point) => Number.isFinite(point.durationMs) && point.durationMs >= 0 && point.cores > 0);
  if (points.length === 0) return null;
  const fastest = points.reduce((best, point) => (point.durationMs < best.durationMs || (point.durationMs === best.durationMs && point.cores < best.cores) ? point : best));
  const comparedBy = points.every((point) => point.cost !== null && Number.isFinite(point.cost)) ? 'cost' : 'core-hours';
  const price = (point: WhatIfPoint) => (comparedBy === 'cost' ? point.cost! : point.cores * point.durationMs);
  const nearFastest = points.filter((point) => point.durationMs <= fastest.durationMs * (1 + tolerance));
  const cheapestNearFastest = nearFastest.reduce((best, point) => (price(point) < price(best) || (price(point) === price(best) && point.cores < best.cores) ? point : best));
  const observed = points.find((point) => Math.abs(point.coresFactor - 1) < 1e-9);
  return { fastest, cheapestNearFastest, observed, tolerance, comparedBy };
}

function describePoint(point: WhatIfPoint, currency: string): string {
  return `${point.cores} cores, ${formatDuration(point.durationMs)}${point.cost !== null && Number.isFinite(point.cost) ? ` (${formatMoney(point.cost, currency)})` : ''}`;
}

/** The cost-optimisation advice in sentences (raw text), shared by every renderer. */
export function describeSizing(whatIf: WhatIf, advice: SizingAdvice, currency: string): string[] {
  const tolerance = `${Math.round(advice.tolerance * 100)}%`;
  const sentences = [`Fastest simulated size: ${describePoint(advice.fastest, currency)}.`];
  const pick = advice.cheapestNearFastest;
  sentences.push(
    advice.comparedBy === 'cost'
      ? `Cheapest within ${tolerance} of the fastest: ${describePoint(pick, currency)}.`
      : `Fewest core-hours within ${tolerance} of the fastest: ${describePoint(pick, currency)} (no prices set; sparkAdvisor.cost.* compares by price).`,
  );
  const observed = `the observed run used ${whatIf.observedCores} cores and took ${formatDuration(whatIf.observedDurationMs)}`;
  if (pick.cores === whatIf.observedCores) sentences.push(`That is the size the run already has: ${observed}.`);
  else {
    const direction = pick.cores > whatIf.observedCores ? 'more' : 'fewer';
    const saved = whatIf.observedDurationMs - pick.durationMs;
    const effect = saved >= 0 ? `${formatDuration(saved)} faster` : `${formatDuration(-saved)} slower`;
    const costEffect = advice.observed && advice.observed.cost !== null && pick.cost !== null ? `, ${formatMoney(Math.abs(advice.observed.cost - pick.cost), currency)} ${pick.cost <= advice.observed.cost ? 'cheaper' : 'dearer'}` : '';
    sentences.push(`Suggested: ${pick.cores} cores (${direction} than now; ${observed}): about ${effect}${costEffect}.`);
  }
  sentences.push(`Simulation error at the observed size: ${formatPercent(whatIf.modelError)}.`);
  return sentences;
}
