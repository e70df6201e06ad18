/**
 * The verdict engine's judgements of every stage of one application, with the SQL execution each
 * ran for: recommendations quote these rather than judge stages again.
 */
import type { SqlExecutionSummary, StageSummary } from '../../history/eventlog/types';
import { stageKey } from '../../common/runs';
import type { ApplicationVerdicts, KeyedApplication, StageVerdict } from '../../verdicts';
import { executionOfJobs } from '../../verdicts';

export interface JudgedStage {
  stage: StageSummary;
  /** Verdicts by rule id ('task-skew', 'spill', 'gc-pressure', 'partition-sizing', 'stage-failures'). */
  verdicts: Map<string, StageVerdict>;
  /** The SQL execution its jobs ran for, if any. */
  execution?: SqlExecutionSummary;
}

export function judgedStages(app: KeyedApplication, verdicts: ApplicationVerdicts): JudgedStage[] {
  const executionOfJob = executionOfJobs(app);
  const executions = new Map(app.sqlExecutions.map((execution) => [execution.executionId, execution]));
  return app.stages.map((stage) => {
    const executionId = stage.jobIds.map((jobId) => executionOfJob.get(jobId)).find((id) => id !== undefined);
    const execution = executionId === undefined ? undefined : executions.get(executionId);
    const own = verdicts.stages.get(stageKey(stage)) ?? {};
    return { stage, verdicts: new Map(Object.entries(own) as Array<[string, StageVerdict]>), ...(execution ? { execution } : {}) };
  });
}

/** The stages with a verdict of `ruleId`, worst first. */
export function stagesWith(judged: readonly JudgedStage[], ruleId: string): Array<JudgedStage & { verdict: StageVerdict }> {
  return judged
    .flatMap((item) => {
      const verdict = item.verdicts.get(ruleId);
      return verdict ? [{ ...item, verdict }] : [];
    })
    .sort((a, b) => b.verdict.severity - a.verdict.severity);
}

export { isTinyTasksVerdict } from '../../verdicts';
