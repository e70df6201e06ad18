/**
 * Cost of a run from sparkAdvisor.cost.* settings: a price per executor core-hour, or a price per
 * instance-hour for a fixed number of instances (scaled with the cores in what-if sizes).
 */
import { formatMoney } from './format';

/** sparkAdvisor.cost.*: either a price per core-hour, or an instance price and count. */
export interface CostSettings {
  /** Price of one executor core for one hour. */
  pricePerCoreHour?: number;
  /** Price of one instance (node) for one hour, with `instances` nodes for the whole run. */
  pricePerInstanceHour?: number;
  instances?: number;
  instanceType?: string;
  /** Currency symbol or code shown with amounts (default "$"). */
  currency: string;
}

export interface CostEstimate {
  amount: number;
  currency: string;
  /** How it was computed, e.g. "40 cores × 1.23 h × $0.05 per core-hour". */
  basis: string;
}

export const DEFAULT_COST: CostSettings = { currency: '$' };

const positive = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined);

/** Settings arrive as untrusted JSON (workspace settings, CLI config). */
export function normalizeCostSettings(raw: unknown): CostSettings {
  const source = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const currency = typeof source.currency === 'string' && source.currency.trim() !== '' ? source.currency.trim().slice(0, 8) : '$';
  const settings: CostSettings = { currency };
  const perCore = positive(source.pricePerCoreHour);
  const perInstance = positive(source.pricePerInstanceHour);
  const instances = positive(source.instances);
  if (perCore !== undefined) settings.pricePerCoreHour = perCore;
  if (perInstance !== undefined) settings.pricePerInstanceHour = perInstance;
  if (instances !== undefined) settings.instances = Math.round(instances);
  if (typeof source.instanceType === 'string' && source.instanceType.trim() !== '') settings.instanceType = source.instanceType.trim().slice(0, 60);
  return settings;
}

/**
 * What `cores` executor cores for `durationMs` cost. With an instance price the instance count
 * scales with the cores relative to the observed run (`observedCores` on `instances` nodes).
 */
export function costOf(settings: CostSettings, cores: number, durationMs: number, observedCores: number): CostEstimate | null {
  const hours = durationMs / 3_600_000;
  if (!(hours > 0) || !(cores > 0)) return null;
  if (settings.pricePerCoreHour !== undefined) {
    const amount = cores * hours * settings.pricePerCoreHour;
    return { amount, currency: settings.currency, basis: `${cores} cores × ${hours.toFixed(2)} h × ${formatMoney(settings.pricePerCoreHour, settings.currency)} per core-hour` };
  }
  if (settings.pricePerInstanceHour !== undefined && settings.instances !== undefined) {
    const instances = observedCores > 0 ? Math.max(1, Math.ceil((settings.instances * cores) / observedCores)) : settings.instances;
    const amount = instances * hours * settings.pricePerInstanceHour;
    const type = settings.instanceType ? ` ${settings.instanceType}` : '';
    return { amount, currency: settings.currency, basis: `${instances}${type} instances × ${hours.toFixed(2)} h × ${formatMoney(settings.pricePerInstanceHour, settings.currency)} per instance-hour` };
  }
  return null;
}
