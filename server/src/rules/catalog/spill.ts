import { countOf, formatBytes } from '../../common/format';
import { stageLabel } from '../history';
import { SPILL_MIN_BYTES } from '../historyThresholds';
import { reportStages, type StageVerdict } from '../stageReport';
import type { StageRun } from '../../history/evidence';
import { BOTH_LANGUAGES, type Rule } from '../types';

export const spillVerdict = (stage: StageRun): StageVerdict | undefined => {
  const { memorySpilledBytes: memory, diskSpilledBytes: disk } = stage.tasks;
  if (memory + disk < SPILL_MIN_BYTES) return undefined;
  const worst = stage.spillPerTask && stage.spillPerTask.max > 0 ? `; up to ${formatBytes(stage.spillPerTask.max)} in one task` : '';
  const summary = `spilled ${formatBytes(memory)} from memory and ${formatBytes(disk)} to disk over ${countOf(stage.tasks.tasks, 'task')}${worst}`;
  return {
    severity: disk + memory / 10,
    message: `${stageLabel(stage)} ${summary}`,
    evidence: { run: stage.run.label, summary: `stage ${stage.stageId}: ${summary}`, figures: { stageId: stage.stageId, memorySpilledBytes: memory, diskSpilledBytes: disk } },
  };
};

const ADVICE =
  'Spilling re-reads and re-writes data: give each task less data (more shuffle partitions, or AQE), more execution memory (spark.executor.memory, spark.memory.fraction), or fewer cores per executor.';

export const spill: Rule = {
  id: 'spill',
  defaultSeverity: 'warning',
  summary: 'A stage run here spilled data from memory to disk (measured).',
  languages: BOTH_LANGUAGES,
  scope: 'file',
  measured: true,
  check(context) {
    reportStages(context, spillVerdict, ADVICE);
  },
};
