/**
 * Memory per task: spark.memory.fraction set below Spark's default while stages spilled, then
 * spark.executor.memory (or fewer cores per executor) for spill and GC pressure that remain.
 */
import { countOf, formatBytes, formatPercent } from '../../common/format';
import type { StageSummary } from '../../history/eventlog/types';
import { GC, MEMORY, SPARK_DEFAULTS } from '../../verdicts/thresholds';
import { andMore, candidate, capitalise, figuresOf, stageName, type Candidate, type RecommendContext } from './context';
import { isLocalMode, parseNumber, parseSize, settingOf } from './settings';
import { stagesWith } from './verdicts';

/** "spilled 80 MB from memory and 67 MB to disk over 3 tasks (up to 74 MB in one)". */
export function spillFigures(stage: StageSummary): string {
  const worst = stage.spillPerTask && stage.spillPerTask.max > 0 && stage.tasks.tasks > 1 ? ` (up to ${formatBytes(stage.spillPerTask.max)} in one)` : '';
  return `spilled ${formatBytes(stage.tasks.memorySpilledBytes)} from memory and ${formatBytes(stage.tasks.diskSpilledBytes)} to disk over ${countOf(stage.tasks.tasks, 'task')}${worst}`;
}

function spilledTotals(stages: ReadonlyArray<{ stage: StageSummary }>) {
  return stages.reduce((sum, { stage }) => ({ memory: sum.memory + stage.tasks.memorySpilledBytes, disk: sum.disk + stage.tasks.diskSpilledBytes }), { memory: 0, disk: 0 });
}

export function recommendMemoryFraction(context: RecommendContext): Candidate[] {
  // A RAPIDS run's spill is GPU memory: the JVM heap's share does not change it.
  if (context.platform.gpu) return [];
  const current = settingOf(context.app, 'spark.memory.fraction');
  const fraction = parseNumber(current);
  if (fraction === undefined || fraction >= SPARK_DEFAULTS.memoryFraction) return [];
  const spilling = stagesWith(context.judged, 'spill');
  if (spilling.length === 0) return [];
  const worst = spilling[0]!;
  const total = spilledTotals(spilling);
  const overall = spilling.length > 1 ? `; the run's ${spilling.length} spilling stages spilled ${formatBytes(total.memory)} and ${formatBytes(total.disk)} in all` : '';
  const reason = `${capitalise(stageName(worst.stage))} ${spillFigures(worst.stage)}${overall}, with spark.memory.fraction ${current}: execution and storage got ${formatPercent(fraction)} of the heap instead of Spark's default ${formatPercent(SPARK_DEFAULTS.memoryFraction)}.`;
  return [{ ...candidate(context, 'spark.memory.fraction', current, String(SPARK_DEFAULTS.memoryFraction), reason, worst.stage), answers: spilling.map(({ stage }) => stage) }];
}

/** "16g" for 16384 MiB, "1536m" when not a whole number of GiB. */
function formatMemory(mb: number): string {
  return mb % 1024 === 0 ? `${mb / 1024}g` : `${Math.round(mb)}m`;
}

/**
 * Spill and GC pressure in stages an earlier recommendation did not answer. Spill of a single-task
 * stage or a skewed one is left out: it comes from how the data is partitioned (a window without
 * partitionBy, a hot key), which more memory per core only postpones; findings name those.
 */
export function recommendExecutorMemory(context: RecommendContext): Candidate[] {
  if (isLocalMode(context.app) || context.platform.gpu) return [];
  const spilling = stagesWith(context.judged, 'spill').filter(({ stage, verdicts }) => !context.addressed.has(stage) && (stage.numTasks ?? stage.tasks.tasks) > 1 && !verdicts.has('task-skew'));
  const collecting = stagesWith(context.judged, 'gc-pressure').filter(({ stage }) => !context.addressed.has(stage));
  if (spilling.length === 0 && collecting.length === 0) return [];

  const evidence: string[] = [];
  if (spilling.length > 0) evidence.push(`${stageName(spilling[0]!.stage)} ${spillFigures(spilling[0]!.stage)}${andMore(spilling.length, 'spilled too')}`);
  if (collecting.length > 0) evidence.push(`${stageName(collecting[0]!.stage)} spent ${figuresOf(collecting[0]!.verdict.evidence.summary)}${andMore(collecting.length, `over ${formatPercent(GC.fraction)} too`)}`);
  const worst = spilling[0]?.stage ?? collecting[0]!.stage;

  const memorySetting = settingOf(context.app, 'spark.executor.memory');
  const memoryBytes = parseSize(memorySetting, 'm');
  const memoryMb = memoryBytes !== undefined && memoryBytes > 0 ? memoryBytes / (1024 * 1024) : SPARK_DEFAULTS.executorMemoryMb;
  const cores = context.usage?.coresPerExecutor ?? parseNumber(settingOf(context.app, 'spark.executor.cores')) ?? 1;
  const perCore = `${formatMemory(memoryMb)} and ${cores} core${cores === 1 ? '' : 's'} per executor (${formatBytes((memoryMb * 1024 * 1024) / cores)} per core)`;
  const measured = capitalise(evidence.join(', and '));

  const grownMb = Math.ceil((memoryMb * MEMORY.growth) / 1024) * 1024;
  if (grownMb <= MEMORY.maxExecutorMemoryMb) {
    const reason = `${measured}, with ${perCore}: ${formatMemory(grownMb)} gives each task ${formatPercent(grownMb / memoryMb - 1)} more memory.`;
    return [candidate(context, 'spark.executor.memory', memorySetting, formatMemory(grownMb), reason, worst)];
  }
  const fewerCores = Math.floor(cores / MEMORY.growth);
  if (fewerCores < 1 || fewerCores >= cores) return [];
  const reason = `${measured}, with ${perCore}, already a large heap: ${fewerCores} cores per executor give each task ${formatPercent(cores / fewerCores - 1)} more memory.`;
  // Fewer cores per executor also means fewer task slots: both are replayed.
  return [candidate(context, 'spark.executor.cores', settingOf(context.app, 'spark.executor.cores'), String(fewerCores), reason, worst)];
}
