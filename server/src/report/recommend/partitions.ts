/**
 * spark.sql.shuffle.partitions from the largest shuffle that ran with it: tiny tasks → fewer,
 * oversized or spilling partitions → more, at about 128 MB per partition and a whole number of
 * waves over the cores.
 */
import { countOf, formatBytes } from '../../common/format';
import { PARTITIONS, SPARK_DEFAULTS } from '../../verdicts/thresholds';
import { stagesSizedBy } from '../effects/change';
import { andMore, candidate, capitalise, figuresOf, stageName, type Candidate, type RecommendContext } from './context';
import { parseNumber, settingOf } from './settings';
import { spillFigures } from './memory';
import { isTinyTasksVerdict, stagesWith } from './verdicts';

const KEY = 'spark.sql.shuffle.partitions';

export function recommendShufflePartitions(context: RecommendContext): Candidate[] {
  const current = settingOf(context.app, KEY);
  const partitions = parseNumber(current) ?? SPARK_DEFAULTS.shufflePartitions;
  const sized = stagesSizedBy(context.judged, partitions);
  if (sized.size === 0) return [];
  const largest = [...sized].reduce((a, b) => (b.tasks.shuffleReadBytes > a.tasks.shuffleReadBytes ? b : a));
  const needed = Math.max(1, Math.ceil(largest.tasks.shuffleReadBytes / PARTITIONS.targetBytes));
  // Whole waves: a last wave that fills only part of the cores leaves the rest idle.
  const cores = context.usage ? Math.max(...context.usage.segments.map((segment) => segment.availableCores), 1) : 1;
  const suggested = Math.ceil(needed / cores) * cores;
  const waves = suggested === needed ? '' : needed < cores ? `; ${suggested}, one per core, keep every core busy` : `; ${suggested} fill whole waves of ${countOf(cores, 'core')}`;
  const sizing = `the largest shuffle (${stageName(largest)}, ${formatBytes(largest.tasks.shuffleReadBytes)}) needs ${countOf(needed, 'partition')} of ${formatBytes(PARTITIONS.targetBytes)}${waves}`;

  const sizingVerdicts = stagesWith(context.judged, 'partition-sizing').filter(({ stage }) => sized.has(stage));
  const tiny = sizingVerdicts.filter(({ verdict }) => isTinyTasksVerdict(verdict));
  if (tiny.length > 0 && suggested < partitions) {
    const worst = tiny[0]!;
    const reason = `${capitalise(stageName(worst.stage))} ran ${figuresOf(worst.verdict.evidence.summary).replace(/; about .*$/, '')}${andMore(tiny.length)} with ${countOf(partitions, 'shuffle partition')}; ${sizing}.`;
    return [candidate(context, KEY, current, String(suggested), reason, worst.stage)];
  }

  const oversized = sizingVerdicts.filter(({ verdict, verdicts }) => !isTinyTasksVerdict(verdict) && !verdicts.has('task-skew'));
  // A skewed stage spills in its hot partitions; more partitions do not split a key.
  const spilling = stagesWith(context.judged, 'spill').filter(({ stage, verdicts }) => sized.has(stage) && !verdicts.has('task-skew') && !context.addressed.has(stage));
  if ((oversized.length === 0 && spilling.length === 0) || suggested <= partitions) return [];
  const worst = oversized[0] ?? spilling[0]!;
  const what = oversized[0] ? `In ${stageName(worst.stage)} ${figuresOf(oversized[0].verdict.evidence.summary).replace(/; .*$/, '')}` : `${capitalise(stageName(worst.stage))} ${spillFigures(worst.stage)}`;
  const affected = new Set([...oversized, ...spilling].map(({ stage }) => stage)).size;
  const reason = `${what}${andMore(affected)} with ${countOf(partitions, 'shuffle partition')}; ${sizing}.`;
  return [{ ...candidate(context, KEY, current, String(suggested), reason, worst.stage), answers: spilling.map(({ stage }) => stage) }];
}
