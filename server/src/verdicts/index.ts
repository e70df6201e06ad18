/** The verdict engine on runs: one judgement per stage, join and failure, read everywhere it shows. */
export { executionOfJobs, judgeApplication, measuredStage, type ApplicationVerdicts, type KeyedApplication } from './application';
export { failureException, groupFailures, isGpuOutOfMemory, type FailureCause, type FailureGroup } from './failures';
export { isBroadcastCandidate, isShuffledJoin, measuredJoin, oversizedBroadcast } from './joins';
export { isTinyTasksVerdict, stageLabel } from './stage';
export { STAGE_RULES, type JoinMeasurement, type MeasuredStage, type StageRuleId, type StageVerdict, type StageVerdicts } from './types';
