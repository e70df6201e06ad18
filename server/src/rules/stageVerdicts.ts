/** The per-stage judgements of the history-only rules, for reports that are not about one file. */
import type { StageRun } from '../history/evidence';
import { failureVerdict } from './catalog/stage-failures';
import { gcVerdict } from './catalog/gc-pressure';
import { partitionVerdict } from './catalog/partition-sizing';
import { spillVerdict } from './catalog/spill';
import { skewVerdict } from './catalog/task-skew';
import type { StageVerdict } from './stageReport';

export const STAGE_VERDICTS: ReadonlyArray<{ ruleId: string; verdict: (stage: StageRun) => StageVerdict | undefined }> = [
  { ruleId: 'task-skew', verdict: skewVerdict },
  { ruleId: 'spill', verdict: spillVerdict },
  { ruleId: 'gc-pressure', verdict: gcVerdict },
  { ruleId: 'partition-sizing', verdict: partitionVerdict },
  { ruleId: 'stage-failures', verdict: failureVerdict },
];
