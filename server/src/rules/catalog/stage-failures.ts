import { reportStages } from '../stageReport';
import { BOTH_LANGUAGES, type Rule } from '../types';

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
    reportStages(context, 'stage-failures', ADVICE);
  },
};
