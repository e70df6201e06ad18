/**
 * The application `npm run bench` reports on: 1,100 stage attempts and 350,000 tasks. Generating a
 * log that size takes minutes, so a tenth-size run is generated and folded as the importer does
 * (scans, shuffles, sort-merge joins with a small side, skewed and failing tasks), then repeated in
 * time with fresh stage, job and SQL execution ids, the way a long job repeats its steps.
 */
import type { ActionDescription, JobRunDescription, PlanNode } from '../../scripts/eventlog-generator';
import { generateEventLog } from '../../scripts/eventlog-generator';
import { foldEventLog } from '../../server/src/history/eventlog';
import type { ApplicationSummary, EventLogSummary, TaskTotals } from '../../server/src/history/eventlog/types';

const GB = 1024 ** 3;
const MB = 1024 ** 2;

/** One step of the job: 556 map tasks, a 1-task side, 400 reduce tasks (957 tasks, 3 stages). */
function action(index: number): ActionDescription {
  const rows = 20_000_000 + index * 10_000;
  const plan: PlanNode = {
    op: 'write',
    command: 'InsertIntoHadoopFsRelationCommand',
    format: 'parquet',
    path: `s3://bench-lake/marts/table_${index}`,
    mode: 'Overwrite',
    columns: ['id', 'event_date', 'amount', 'name'],
    bytes: 2 * GB,
    rows,
    files: 400,
    child: {
      op: 'join',
      strategy: 'SortMergeJoin',
      joinType: 'LeftOuter',
      leftKeys: ['id'],
      rightKeys: ['id'],
      rows,
      left: { op: 'exchange', partitioning: 'hashpartitioning(id, 400)', bytes: 30 * GB, rows, child: { op: 'scan', format: 'parquet', path: `s3://bench-lake/raw/events_${index % 7}`, columns: ['id', 'event_date', 'amount'], bytes: 70 * GB, rows: rows * 1.1 } },
      right: { op: 'exchange', partitioning: 'hashpartitioning(id, 400)', bytes: 40 * MB, rows: 400_000, child: { op: 'scan', format: 'parquet', path: 's3://bench-lake/dim/names', table: 'dim.names', columns: ['id', 'name'], bytes: 25 * MB, rows: 400_000 } },
    },
  };
  return {
    callSite: `parquet at LargeJob.scala:${100 + index}`,
    details: ['org.apache.spark.sql.DataFrameWriter.parquet(DataFrameWriter.scala:802)', `com.example.LargeJob$.main(LargeJob.scala:${100 + index})`],
    plan,
    stages: [
      { tasks: 556, durationMs: { median: 4_000 }, spill: index % 4 === 0 ? { memoryBytes: 3 * GB, diskBytes: GB } : undefined },
      { tasks: 1, durationMs: { median: 1_200 } },
      { tasks: 400, durationMs: { median: 6_000 }, skew: index % 5 === 0 ? { tasks: 1, durationMs: 120_000 } : undefined, failedTasks: index % 9 === 0 ? 2 : 0 },
    ],
  };
}

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
    actions: Array.from({ length: actions }, (_, i) => action(i)),
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
