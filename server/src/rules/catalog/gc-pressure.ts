import { formatDuration, formatPercent } from '../../common/format';
import { stageLabel } from '../history';
import { GC } from '../historyThresholds';
import { reportStages, type StageVerdict } from '../stageReport';
import type { StageRun } from '../../history/evidence';
import { BOTH_LANGUAGES, type Rule } from '../types';

export const gcVerdict = (stage: StageRun): StageVerdict | undefined => {
  const { jvmGcTimeMs: gc, executorRunTimeMs: run } = stage.tasks;
  if (run < GC.minRunTimeMs || gc / run <= GC.fraction) return undefined;
  const summary = `${formatPercent(gc / run)} of task time in GC (${formatDuration(gc)} of ${formatDuration(run)})`;
  return {
    severity: gc / run,
    message: `${stageLabel(stage)}: ${summary}`,
    evidence: { run: stage.run.label, summary: `stage ${stage.stageId}: ${summary}`, figures: { stageId: stage.stageId, jvmGcTimeMs: gc, executorRunTimeMs: run } },
  };
};

const ADVICE =
  'Executors are short of heap for what each task holds: raise spark.executor.memory, lower spark.executor.cores, avoid Python/Scala UDFs that build large objects, or cache in serialized form.';

export const gcPressure: Rule = {
  id: 'gc-pressure',
  defaultSeverity: 'information',
  summary: 'Tasks of a stage run here spent over 10% of their time in JVM garbage collection (measured).',
  languages: BOTH_LANGUAGES,
  scope: 'file',
  measured: true,
  check(context) {
    reportStages(context, gcVerdict, ADVICE);
  },
};
