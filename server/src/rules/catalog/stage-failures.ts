import { countOf, formatCount } from '../../common/format';
import { stageLabel } from '../history';
import { reportStages, type StageVerdict } from '../stageReport';
import type { StageRun } from '../../history/evidence';
import { BOTH_LANGUAGES, type Rule } from '../types';

/** The first line of Spark's failure text, which otherwise carries a whole stack trace. */
const firstLine = (text: string) => (text.split('\n')[0] ?? '').slice(0, 200);

export const failureVerdict = (stage: StageRun): StageVerdict | undefined => {
  const failedTasks = stage.tasks.failedTasks;
  const failed = stage.status === 'failed';
  if (!failed && stage.attemptId === 0 && failedTasks === 0) return undefined;
  const parts: string[] = [];
  if (failed) parts.push(`failed${stage.failureReason ? `: ${firstLine(stage.failureReason)}` : ''}`);
  else if (stage.attemptId > 0) parts.push('was a retry of an earlier failed attempt');
  if (failedTasks > 0) parts.push(`${countOf(failedTasks, 'failed task')} of ${formatCount(stage.tasks.tasks)}`);
  const summary = parts.join('; ');
  return {
    severity: (failed ? 1_000_000 : 0) + stage.attemptId * 1000 + failedTasks,
    message: `${stageLabel(stage)} ${summary}`,
    evidence: { run: stage.run.label, summary: `stage ${stage.stageId} attempt ${stage.attemptId}: ${summary}`, figures: { stageId: stage.stageId, attemptId: stage.attemptId, failedTasks } },
  };
};

const ADVICE =
  'Failed tasks and stage retries repeat work: look at the failure reason (lost executors and fetch failures usually mean memory pressure or oversized shuffle blocks).';

export const stageFailures: Rule = {
  id: 'stage-failures',
  defaultSeverity: 'warning',
  summary: 'A stage run here failed, was retried, or lost tasks (measured).',
  languages: BOTH_LANGUAGES,
  scope: 'file',
  measured: true,
  check(context) {
    reportStages(context, failureVerdict, ADVICE);
  },
};
