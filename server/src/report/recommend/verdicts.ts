/**
 * The measured verdicts of the history rules (skew, spill, GC, partition sizing, failures) on every
 * stage of one application: recommendations quote these rather than judge stages again.
 */
import type { ApplicationSummary, SqlExecutionSummary, StageSummary } from '../../history/eventlog/types';
import { runRef, stageRun } from '../../history/provider';
import type { StageVerdict } from '../../rules/stageReport';
import { STAGE_VERDICTS } from '../../rules/stageVerdicts';

export interface JudgedStage {
  stage: StageSummary;
  /** Verdicts by rule id ('task-skew', 'spill', 'gc-pressure', 'partition-sizing', 'stage-failures'). */
  verdicts: Map<string, StageVerdict>;
  /** The SQL execution its jobs ran for, if any. */
  execution?: SqlExecutionSummary;
}

export function judgeStages(app: ApplicationSummary): JudgedStage[] {
  const run = runRef({ ...app, appKey: app.appId ?? app.name ?? 'application' });
  const executionOfJob = new Map(app.jobs.map((job) => [job.jobId, job.sqlExecutionId]));
  const executions = new Map(app.sqlExecutions.map((execution) => [execution.executionId, execution]));
  return app.stages.map((stage) => {
    // Line and origin only matter for findings tied to code; a report about the whole run has none.
    const measured = stageRun(app, run, stage, -1, 'call-site', executionOfJob);
    const verdicts = new Map<string, StageVerdict>();
    for (const { ruleId, verdict } of STAGE_VERDICTS) {
      const found = verdict(measured);
      if (found) verdicts.set(ruleId, found);
    }
    const execution = measured.executionId === undefined ? undefined : executions.get(measured.executionId);
    return { stage, verdicts, ...(execution ? { execution } : {}) };
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

/** Whether a partition-sizing verdict is about tiny tasks (rather than oversized partitions). */
export function isTinyTasksVerdict(verdict: StageVerdict): boolean {
  return verdict.evidence.figures['largestTaskBytes'] === undefined;
}
