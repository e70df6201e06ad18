/**
 * The application `npm run bench` reports on: 1,100 stage attempts and 350,000 tasks. Generating a
 * log that size takes minutes, so a tenth-size run is generated and folded as the importer does
 * (scans, shuffles, sort-merge joins with a small side, skewed and failing tasks), then repeated in
 * time with fresh stage, job and SQL execution ids, the way a long job repeats its steps.
 */
import type { JobRunDescription } from '../../scripts/eventlog-generator';
import { benchAction, type BenchStep } from './importBenchLog';
import { generateEventLog } from '../../scripts/eventlog-generator';
import { foldEventLog } from '../../server/src/history/eventlog';
import type { ApplicationSummary, EventLogSummary, TaskTotals } from '../../server/src/history/eventlog/types';

const GB = 1024 ** 3;

/** One step of the job: 556 map tasks, a 1-task side, 400 reduce tasks (957 tasks, 3 stages). */
const STEP: BenchStep = { job: 'LargeJob', partitions: 400, mapTasks: 556, reduceTasks: 400, scanBytes: 70 * GB, shuffleBytes: 30 * GB, partitionBy: false, spillEvery: 4 };

function templateRun(actions: number): JobRunDescription {
  return {
    appId: 'app-20261101000000-1100',
    appName: 'large-report-bench',
    sparkVersion: '3.5.1',
    startTime: Date.UTC(2026, 10, 1),
    language: 'scala',
    entryPoint: 'com.example.LargeJob',
    executors: 50,
    coresPerExecutor: 8,
    executorMemory: '16g',
    sparkConf: { 'spark.sql.adaptive.enabled': 'false', 'spark.sql.autoBroadcastJoinThreshold': '-1' },
    actions: Array.from({ length: actions }, (_, i) => benchAction(i, STEP)),
  };
}

function addTotals(a: TaskTotals, b: TaskTotals): TaskTotals {
  const sum = { ...a };
  for (const key of Object.keys(b) as Array<keyof TaskTotals>) sum[key] = a[key] + b[key];
  return sum;
}

/** `copies` runs of the template back to back, with ids shifted past the previous copy's. */
function repeated(template: ApplicationSummary, copies: number): ApplicationSummary {
  const span = template.endTime! - template.startTime!;
  const stageStep = Math.max(...template.stages.map((s) => s.stageId)) + 1;
  const jobStep = Math.max(...template.jobs.map((j) => j.jobId)) + 1;
  const executionStep = Math.max(0, ...template.sqlExecutions.map((e) => e.executionId)) + 1;
  const shift = (time: number | undefined, k: number) => (time === undefined ? undefined : time + k * span);
  const app: ApplicationSummary = { ...template, endTime: template.startTime! + copies * span, stages: [], jobs: [], sqlExecutions: [], cachedRdds: [], totals: template.totals };
  for (let k = 0; k < copies; k++) {
    app.stages.push(
      ...template.stages.map((s) => ({
        ...s,
        stageId: s.stageId + k * stageStep,
        parentIds: s.parentIds.map((id) => id + k * stageStep),
        jobIds: s.jobIds.map((id) => id + k * jobStep),
        submissionTime: shift(s.submissionTime, k),
        completionTime: shift(s.completionTime, k),
        slowestTasks: s.slowestTasks.map((t) => ({ ...t, launchTime: t.launchTime + k * span })),
      })),
    );
    app.jobs.push(
      ...template.jobs.map((j) => ({
        ...j,
        jobId: j.jobId + k * jobStep,
        stageIds: j.stageIds.map((id) => id + k * stageStep),
        submissionTime: shift(j.submissionTime, k),
        completionTime: shift(j.completionTime, k),
        ...(j.sqlExecutionId !== undefined ? { sqlExecutionId: j.sqlExecutionId + k * executionStep, properties: { ...j.properties, 'spark.sql.execution.id': String(j.sqlExecutionId + k * executionStep) } } : {}),
      })),
    );
    app.sqlExecutions.push(...template.sqlExecutions.map((e) => ({ ...e, executionId: e.executionId + k * executionStep, ...(e.rootExecutionId !== undefined ? { rootExecutionId: e.rootExecutionId + k * executionStep } : {}), jobIds: e.jobIds.map((id) => id + k * jobStep), startTime: shift(e.startTime, k), endTime: shift(e.endTime, k) })));
    if (k > 0) app.totals = addTotals(app.totals, template.totals);
  }
  return app;
}

/** About `stages` stage attempts and `tasks` tasks (a whole number of copies of a 10-step template). */
export async function largeApplication(stages = 1100, tasks = 350_000): Promise<{ summary: EventLogSummary; app: ApplicationSummary }> {
  const steps = 10;
  const lines = (function* () {
    for (const line of generateEventLog(templateRun(steps))) yield Buffer.from(`${line}\n`);
  })();
  const folded = await foldEventLog(lines, 'large-report-bench');
  const template = folded.applications[0]!;
  const copies = Math.max(1, Math.round(Math.min(stages / template.stages.length, tasks / template.totals.tasks)));
  const app = repeated(template, copies);
  return { summary: { ...folded, applications: [app] }, app };
}
