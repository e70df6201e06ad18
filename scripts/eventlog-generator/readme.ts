/** The README of examples/eventlogs/: what each log is and where to look. */
import type { ExampleLog } from './examples';

export function renderReadme(examples: ExampleLog[], stageIds: Map<string, Map<string, number[]>>): string {
  const rows = examples.flatMap((example) =>
    example.highlights.map((highlight) => {
      const action = example.run.actions[highlight.action]!;
      const ids = stageIds.get(example.file)?.get(`${highlight.action}:${highlight.stage}`) ?? [];
      const stage = `${ids.length > 0 ? ids.join(', ') : '?'} (\`${(action.stages[highlight.stage]?.name ?? action.callSite).replace(/\|/g, '\\|')}\`)`;
      return `| \`${example.file}\` | ${stage} | \`${highlight.line}\` | ${highlight.shows.replace(/\|/g, '\\|')} |`;
    }),
  );
  const runs = examples.map((example) => {
    const run = example.run;
    const tasks = run.actions.reduce((sum, action) => sum + action.stages.reduce((n, stage) => n + stage.tasks, 0), 0);
    const conf = Object.entries({ ...run.sparkConf, ...(run.sessionConf ?? {}) })
      .filter(([key]) => /adaptive\.enabled|autoBroadcast|shuffle\.partitions|advisoryPartition/.test(key))
      .map(([key, value]) => `${key}=${value}`)
      .join(', ');
    return `| \`${example.file}\` | \`${example.job}\` | ${run.appName} | Spark ${run.sparkVersion}, ${run.executors} × ${run.coresPerExecutor} cores, ${run.executorMemory} | ${new Date(run.startTime).toISOString().replace('.000Z', 'Z')} | ~${tasks} | ${conf || '—'} |`;
  });
  return `# Example Spark event logs

Event logs of runs of the example jobs in \`examples/\`, **generated** (not written by Spark) by
\`scripts/eventlog-generator\` from the descriptions in \`scripts/eventlog-generator/examples/\`, in the JSON
shapes Spark 3.4/3.5 write. Regenerate with \`npm run generate:eventlogs\`; the output is deterministic and a
unit test checks that these files equal a fresh generation, so edit the descriptions, never the logs.

Call sites are what Spark would record on the cluster: PySpark jobs run from \`/opt/jobs/pyspark/\` (match by
suffix), and only \`collect\`/\`toPandas\`/RDD actions carry their Python line; writes, \`count()\` and
\`isEmpty()\` show as \`<op> at NativeMethodAccessorImpl.java:0\` and are tied to the code by the write target in
the plan. Scala stages are named \`<op> at File.scala:<line>\` with \`com.acme.etl.…\` frames in *Details*.
Delta writes (\`.format("delta").save(path)\`) run as a \`SaveIntoDataSourceCommand\` execution whose path is only
in its \`physicalPlanDescription\` (\`Arguments: …, [replaceWhere=…, path=…], Overwrite\`); the query itself is a
nested execution (\`rootExecutionId\` = the command's), as Delta's transactional write does.
Logs ending in \`.zstd\` are zstd-compressed the way Spark writes them (\`spark.eventLog.compress\`).

## Runs

| log | job | app name | cluster | started (UTC) | tasks | relevant settings |
| --- | --- | --- | --- | --- | --- | --- |
${runs.join('\n')}

## Where to look

Stage ids are those in the log (several when a stage was retried).

| log | stage | line | what it shows |
| --- | --- | --- | --- |
${rows.join('\n')}
`;
}
