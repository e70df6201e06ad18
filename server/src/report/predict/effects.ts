/**
 * Setting changes to try on the target run, and what the model says they would do to its total
 * stage time. Only changes the history can speak about are predicted: a tree cannot learn the
 * effect of a setting that had the same value in every run it saw.
 */
import type { PredictedEffect } from '../types';
import { FEATURE, DEFAULT_MEMORY_FRACTION, withDerivedFeatures, type StageSample } from './features';
import type { RegressionModel } from './forest';

export interface SettingChange {
  /** "spark.sql.shuffle.partitions 2000 → 1000". */
  change: string;
  /** The configuration key changed. */
  setting: string;
  /** The stage's features as they would be with the change. */
  apply(features: readonly number[]): number[];
}

/** Spark's advisory partition size: what one shuffle partition should hold. */
const TARGET_PARTITION_BYTES = 128 * 1024 ** 2;

export function candidateChanges(target: readonly StageSample[], settings: { executorMemory?: string; recommendedShufflePartitions?: number }): SettingChange[] {
  if (target.length === 0) return [];
  const changes: SettingChange[] = [];
  const partitions = mostCommon(target.map((s) => s.features[FEATURE.shufflePartitions]!));
  // Halving and doubling scale each stage's own setting (queries may set their own); the recommended value replaces it.
  const recommended = settings.recommendedShufflePartitions ?? recommendedPartitions(target);
  const partitionChanges: Array<[number, (current: number) => number]> = [
    [Math.max(1, Math.round(partitions / 2)), (current) => Math.max(1, Math.round(current / 2))],
    [partitions * 2, (current) => current * 2],
    [recommended, () => recommended],
  ];
  const offered = new Set<number>([partitions]);
  for (const [wanted, forStage] of partitionChanges) {
    if (offered.has(wanted) || !Number.isInteger(wanted) || wanted < 1) continue;
    offered.add(wanted);
    changes.push({
      change: `spark.sql.shuffle.partitions ${partitions} → ${wanted}`,
      setting: 'spark.sql.shuffle.partitions',
      apply: (features) => withShufflePartitions(features, forStage(features[FEATURE.shufflePartitions]!)),
    });
  }
  const memoryGb = mostCommon(target.map((s) => s.features[FEATURE.executorMemoryGb]!));
  changes.push({
    change: `spark.executor.memory ${settings.executorMemory ?? `${formatGb(memoryGb)} (default)`} → ${formatGb(memoryGb * 2)}`,
    setting: 'spark.executor.memory',
    apply: (features) => withFeature(features, FEATURE.executorMemoryGb, features[FEATURE.executorMemoryGb]! * 2),
  });
  const fraction = mostCommon(target.map((s) => s.features[FEATURE.memoryFraction]!));
  if (fraction !== DEFAULT_MEMORY_FRACTION) {
    changes.push({
      change: `spark.memory.fraction ${fraction} → ${DEFAULT_MEMORY_FRACTION}`,
      setting: 'spark.memory.fraction',
      apply: (features) => withFeature(features, FEATURE.memoryFraction, DEFAULT_MEMORY_FRACTION),
    });
  }
  return changes;
}

/**
 * The model's change in each stage's time, added to the measured total: the model's own error on
 * this run (present in both predictions) cancels out, only the effect of the setting remains.
 */
/**
 * Whether the history can speak about the change: it must alter, in some stage of the target, a
 * feature that took more than one value in the training samples.
 */
export function isLearnable(change: SettingChange, target: readonly StageSample[], varying: ReadonlySet<number>): boolean {
  return target.some((sample) => {
    const changed = change.apply(sample.features);
    return changed.some((value, index) => value !== sample.features[index] && varying.has(index));
  });
}

/** Features with more than one value among the samples. */
export function varyingFeatures(samples: readonly StageSample[]): Set<number> {
  const varying = new Set<number>();
  const first = samples[0]?.features ?? [];
  for (const sample of samples) sample.features.forEach((value, index) => value !== first[index] && varying.add(index));
  return varying;
}

export function predictEffect(model: RegressionModel, target: readonly StageSample[], change: SettingChange): PredictedEffect {
  let current = 0;
  let delta = 0;
  for (const sample of target) {
    current += sample.durationMs;
    delta += model.predict(change.apply(sample.features)) - model.predict(sample.features);
  }
  return { change: change.change, currentDurationMs: current, predictedDurationMs: Math.max(0, Math.round(current + delta)) };
}

/**
 * Partitions so that the largest shuffle read comes to about 128 MB each, at least one per core, in
 * whole waves of the cores.
 */
function recommendedPartitions(target: readonly StageSample[]): number {
  const largestRead = Math.max(...target.map((s) => Math.expm1(s.features[FEATURE.shuffleReadBytes]!)));
  const cores = Math.max(1, ...target.map((s) => s.features[FEATURE.executorCores]!));
  const bySize = Math.ceil(largestRead / TARGET_PARTITION_BYTES);
  return Math.max(1, Math.ceil(bySize / cores)) * cores;
}

/**
 * A stage that reads a shuffle without adaptive coalescing runs one task per shuffle partition, so
 * its task count follows the setting; other stages keep theirs.
 */
function withShufflePartitions(features: readonly number[], partitions: number): number[] {
  const changed = withFeature(features, FEATURE.shufflePartitions, partitions);
  const readsShuffle = features[FEATURE.shuffleReadBytes]! > 0;
  if (readsShuffle && features[FEATURE.tasks] === features[FEATURE.shufflePartitions]) changed[FEATURE.tasks] = partitions;
  return withDerivedFeatures(changed);
}

function withFeature(features: readonly number[], index: number, value: number): number[] {
  const changed = [...features];
  changed[index] = value;
  return withDerivedFeatures(changed);
}

function mostCommon(values: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best = values[0]!;
  for (const [value, count] of counts) if (count > counts.get(best)! || (count === counts.get(best) && value < best)) best = value;
  return best;
}

function formatGb(gb: number): string {
  return Number.isInteger(gb) ? `${gb}g` : `${Math.round(gb * 1024)}m`;
}
