/**
 * Call sites from event-log text, and each stage's user call sites on real logs from
 * ../shared/eventlogs. Expected sites are read from the raw JSON lines here, with plain regexes,
 * not through the code under test.
 */
import * as assert from 'assert';
import * as path from 'path';
import { openDecodedStream } from '../../../server/src/history/decode';
import { readEventLog } from '../../../server/src/history/eventlog';
import type { ApplicationSummary } from '../../../server/src/history/eventlog';
import { isInternalCallSite, parseCallSite, parseStackFrames, stageCallSites } from '../../../server/src/history/callsites/parse';
import type { StageCallSite } from '../../../server/src/history/callsites/parse';
import { eventLogsDir } from '../helpers/sharedLogs';

const LOGS = eventLogsDir();
const log = (relative: string) => path.join(LOGS, relative);
const KUBEFLOW = log('other/kubeflow/local-1776286786993.zstd');
const ROLLING = log('other/kubeflow/eventlog_v2_spark-bcec39f6201b42b9925124595baad260/events_1_spark-bcec39f6201b42b9925124595baad260');

/* eslint-disable @typescript-eslint/no-explicit-any -- the raw reader walks raw JSON */
interface RawLog {
  stages: Map<number, { name: string; details: string; rddCallSites: string[] }>;
  jobs: Array<{ jobId: number; stageIds: number[]; callSite?: string; executionId?: number }>;
  executions: Map<number, { description: string; details: string }>;
}

/** Every event as JSON.parse gives it: stage names, job properties and SQL descriptions, nothing folded. */
async function readRaw(file: string): Promise<RawLog> {
  const parts: Buffer[] = [];
  for await (const chunk of openDecodedStream(file) as AsyncIterable<Buffer>) parts.push(chunk);
  const raw: RawLog = { stages: new Map(), jobs: [], executions: new Map() };
  for (const line of Buffer.concat(parts).toString('utf8').split('\n')) {
    if (line.trim() === '') continue;
    const event = JSON.parse(line) as any;
    if (event.Event === 'SparkListenerStageSubmitted') {
      const info = event['Stage Info'];
      raw.stages.set(info['Stage ID'], { name: info['Stage Name'], details: info['Details'] ?? '', rddCallSites: (info['RDD Info'] ?? []).map((rdd: any) => rdd['Callsite']).filter(Boolean) });
    } else if (event.Event === 'SparkListenerJobStart') {
      const properties = event['Properties'] ?? {};
      const executionId = properties['spark.sql.execution.id'];
      raw.jobs.push({ jobId: event['Job ID'], stageIds: event['Stage IDs'], callSite: properties['callSite.short'], executionId: executionId === undefined ? undefined : Number(executionId) });
    } else if (event.Event === 'org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionStart') {
      raw.executions.set(event.executionId, { description: event.description, details: event.details });
    }
  }
  return raw;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

async function onlyApplication(file: string): Promise<ApplicationSummary> {
  const summary = await readEventLog(file);
  assert.strictEqual(summary.applications.length, 1, `${file}: one application`);
  return summary.applications[0]!;
}

function sitesOf(sites: StageCallSite[], stageId: number): StageCallSite[] {
  return sites.filter((site) => site.stageId === stageId);
}

describe('call sites: parsing', () => {
  it('reads "<operation> at <path>:<line>" as Spark writes it', () => {
    assert.deepStrictEqual(parseCallSite('collect at /app/generate_events.py:40'), { path: '/app/generate_events.py', line: 40, operation: 'collect', language: 'python' });
    assert.deepStrictEqual(parseCallSite('count at Job.scala:42'), { path: 'Job.scala', line: 42, operation: 'count', language: 'scala' });
    assert.deepStrictEqual(parseCallSite('$anonfun$withThreadLocalCaptured$1 at FutureTask.java:266'), {
      path: 'FutureTask.java',
      line: 266,
      operation: '$anonfun$withThreadLocalCaptured$1',
      language: 'java',
    });
    assert.deepStrictEqual(parseCallSite('reduce at <stdin>:3'), { path: '<stdin>', line: 3, operation: 'reduce', language: 'python' });
    assert.deepStrictEqual(parseCallSite('foreach at <console>:26'), { path: '<console>', line: 26, operation: 'foreach', language: 'scala' });
  });

  it('keeps Windows paths, spaces and relative paths whole', () => {
    assert.deepStrictEqual(parseCallSite('collect at C:\\jobs\\etl.py:40'), { path: 'C:\\jobs\\etl.py', line: 40, operation: 'collect', language: 'python' });
    assert.deepStrictEqual(parseCallSite('  toPandas at /home/me/my jobs/etl.py:7 '), { path: '/home/me/my jobs/etl.py', line: 7, operation: 'toPandas', language: 'python' });
    assert.strictEqual(parseCallSite('collect at jobs/etl.py:12')?.path, 'jobs/etl.py');
  });

  it('returns nothing for text that is not a call site', () => {
    assert.strictEqual(parseCallSite('SELECT country, COUNT(*) FROM enriched GROUP BY country'), undefined);
    assert.strictEqual(parseCallSite('count at LargeBlocks.scala'), undefined);
    assert.strictEqual(parseCallSite('collect at /app/x.py:40\nSELECT 1'), undefined);
    assert.strictEqual(parseCallSite(''), undefined);
  });

  it('keeps the user frames of a JVM stack, innermost first, with function and package', () => {
    const details = [
      'org.apache.spark.rdd.RDD.count(RDD.scala:1184)',
      'com.acme.etl.DailyJob$.load(DailyJob.scala:42)',
      'app//com.acme.etl.DailyJob$.main(DailyJob.scala:12)',
      'com.acme.etl.DailyJob.main(DailyJob.scala)',
      'java.base/jdk.internal.reflect.NativeMethodAccessorImpl.invoke0(Native Method)',
      'sun.reflect.NativeMethodAccessorImpl.invoke(NativeMethodAccessorImpl.java:62)',
      'scala.collection.immutable.Range.foreach$mVc$sp(Range.scala:160)',
      'py4j.Gateway.invoke(Gateway.java:282)',
      'com.databricks.backend.daemon.driver.DriverLocal.execute(DriverLocal.scala:10)',
      '\tat com.acme.Util.helper(Util.java:7)',
      'com.acme.Generated.run(Unknown Source)',
    ].join('\n');
    assert.deepStrictEqual(parseStackFrames(details), [
      { path: 'DailyJob.scala', line: 42, functionName: 'com.acme.etl.DailyJob$.load', language: 'scala', packageHint: 'com/acme/etl' },
      { path: 'DailyJob.scala', line: 12, functionName: 'com.acme.etl.DailyJob$.main', language: 'scala', packageHint: 'com/acme/etl' },
      { path: 'Util.java', line: 7, functionName: 'com.acme.Util.helper', language: 'java', packageHint: 'com/acme' },
    ]);
  });

  it('reads Python traceback frames and drops PySpark\'s own', () => {
    const details = ['Traceback (most recent call last):', '  File "/app/jobs/etl.py", line 40, in main', '  File "/usr/lib/python3/site-packages/pyspark/sql/dataframe.py", line 1216, in collect', '  File "<stdin>", line 3, in <module>'].join('\n');
    assert.deepStrictEqual(parseStackFrames(details), [
      { path: '/app/jobs/etl.py', line: 40, functionName: 'main', language: 'python' },
      { path: '<stdin>', line: 3, functionName: '<module>', language: 'python' },
    ]);
  });

  it('keeps only the innermost of the Scala shell\'s wrapper frames', () => {
    const details = ['org.apache.spark.sql.Dataset.foreach(Dataset.scala:2862)', '$line19.$read$$iw$$iw.<init>(<console>:26)', '$line19.$read$$iw.<init>(<console>:30)', '$line19.$eval$.$print(<console>:6)'].join('\n');
    assert.deepStrictEqual(parseStackFrames(details), [{ path: '<console>', line: 26, functionName: '$line19.$read$$iw$$iw.<init>', language: 'scala' }]);
  });

  it('tells Spark\'s and the JDK\'s call sites from the user\'s', () => {
    const internal = ['parquet at NativeMethodAccessorImpl.java:0', '$anonfun$withThreadLocalCaptured$1 at FutureTask.java:266', '$anonfun$withThreadLocalCaptured$2 at CompletableFuture.java:1768', 'readRDDFromFile at PythonRDD.scala:299', 'count at Dataset.scala:3005', 'collect at /app/job.py:0', 'collect at /usr/lib/python3/site-packages/pyspark/sql/dataframe.py:1216', 'count at /opt/spark/python/lib/pyspark.zip/pyspark/rdd.py:1234'];
    for (const text of internal) assert.strictEqual(isInternalCallSite(parseCallSite(text)!), true, text);
    // A repository folder called "pyspark" holds the user's jobs, not PySpark.
    const user = ['collect at /app/generate_events.py:40', 'count at LargeBlocks.scala:122', 'foreach at <console>:26', 'reduce at <stdin>:3', 'collect at /opt/jobs/pyspark/daily_orders_etl.py:90'];
    for (const text of user) assert.strictEqual(isInternalCallSite(parseCallSite(text)!), false, text);
    // A frame says whose it is, whatever the file is called.
    assert.strictEqual(isInternalCallSite({ path: 'Dataset.scala', line: 5, functionName: 'com.acme.model.Dataset.load', language: 'scala' }), false);
    assert.strictEqual(isInternalCallSite({ path: 'Helpers.scala', line: 5, functionName: 'org.apache.spark.ml.Helpers.x', language: 'scala' }), true);
  });
});

describe('call sites of stages in real logs', () => {
  it('maps every stage of the PySpark kubeflow log to generate_events.py lines, AQE helper stages through their SQL execution', async () => {
    const raw = await readRaw(KUBEFLOW);
    const app = await onlyApplication(KUBEFLOW);
    const sites = stageCallSites(app);
    const pythonLine = /at (\S*generate_events\.py):(\d+)$/;
    const linesIn = (texts: Array<string | undefined>) => new Set(texts.map((text) => (text === undefined ? undefined : pythonLine.exec(text)?.[2])).filter((line): line is string => line !== undefined).map(Number));

    const allExpected = new Set<number>();
    for (const [stageId, stage] of raw.stages) {
      const jobs = raw.jobs.filter((job) => job.stageIds.includes(stageId));
      const descriptions = jobs.map((job) => (job.executionId === undefined ? undefined : raw.executions.get(job.executionId)?.description));
      const expected = linesIn([stage.name, ...stage.rddCallSites, ...jobs.map((job) => job.callSite), ...descriptions]);
      for (const line of expected) allExpected.add(line);
      const got = sitesOf(sites, stageId);
      assert.ok(
        got.every((site) => /generate_events\.py$/.test(site.path)),
        `stage ${stageId}: only generate_events.py sites, got ${got.map((s) => `${s.path}:${s.line}`)}`,
      );
      assert.deepStrictEqual(new Set(got.map((site) => site.line)), expected, `stage ${stageId} (${stage.name})`);
      assert.deepStrictEqual(
        got.map((site) => site.rank),
        got.map((_, index) => index),
        `stage ${stageId}: ranks 0, 1, …`,
      );
      const named = pythonLine.exec(stage.name);
      if (named) assert.deepStrictEqual([got[0]?.line, got[0]?.origin], [Number(named[2]), 'stage-name'], `stage ${stageId}: its name is the best site`);
    }
    assert.deepStrictEqual([...allExpected].sort((a, b) => a - b), [40, 53, 86, 95], 'the README\'s lines');
    assert.ok(sites.every((site) => site.path === '/app/generate_events.py' && site.language === 'python'));

    // AQE helper-thread stages: named after the thread pool, their SQL execution ran a write or a
    // count that has no Python line (NativeMethodAccessorImpl.java:0), so they get no site at all.
    const helperStages = [...raw.stages].filter(([, stage]) => stage.name.startsWith('$anonfun$withThreadLocalCaptured')).map(([stageId]) => stageId);
    for (const stageId of [1, 3, 7, 9]) assert.ok(helperStages.includes(stageId), `stage ${stageId} runs on an AQE helper thread`);
    for (const stageId of helperStages) {
      const job = raw.jobs.find((candidate) => candidate.stageIds.includes(stageId))!;
      const description = raw.executions.get(job.executionId!)!.description;
      assert.match(description, /at NativeMethodAccessorImpl\.java:0$/, `stage ${stageId}'s execution ${job.executionId}`);
      assert.deepStrictEqual(sitesOf(sites, stageId), [], `stage ${stageId}`);
    }
  });

  it('maps a helper-thread stage to the user line of its SQL execution (Spark 3.0 shell)', async () => {
    const file = log('spark/app-20200706201101-0003');
    const raw = await readRaw(file);
    const sites = stageCallSites(await onlyApplication(file));
    const helperStages = [...raw.stages].filter(([, stage]) => stage.name.startsWith('$anonfun$withThreadLocalCaptured'));
    assert.ok(helperStages.length > 0);
    for (const [stageId] of helperStages) {
      const job = raw.jobs.find((candidate) => candidate.stageIds.includes(stageId))!;
      const [, file_, line] = /at (\S+):(\d+)$/.exec(raw.executions.get(job.executionId!)!.description)!;
      const best = sitesOf(sites, stageId)[0];
      assert.deepStrictEqual([best?.path, best?.line, best?.origin], [file_, Number(line), 'sql-execution'], `stage ${stageId}`);
    }
  });

  it('reads the PySpark 1.5 call site of dr-elephant\'s pi.py', async () => {
    const file = log('other/dr-elephant/event_log_1');
    const raw = await readRaw(file);
    const sites = stageCallSites(await onlyApplication(file));
    assert.ok(raw.stages.size > 0);
    for (const [stageId, stage] of raw.stages) {
      const [, sitePath, line] = /at (\S+\.py):(\d+)$/.exec(stage.name)!;
      assert.deepStrictEqual(
        sitesOf(sites, stageId).map((site) => `${site.path}:${site.line}`),
        [`${sitePath}:${line}`],
      );
    }
    assert.deepStrictEqual(
      sites.map((site) => [site.path, site.line, site.operation]),
      [['pi.py', 39, 'reduce']],
    );
  });

  it('reads pi.py:42 from the first file of the rolling kubeflow log', async () => {
    const raw = await readRaw(ROLLING);
    const sites = stageCallSites(await onlyApplication(ROLLING));
    const expected = [...raw.stages.values()].map((stage) => /at (\S+):(\d+)$/.exec(stage.name)!).map(([, sitePath, line]) => `${sitePath}:${line}`);
    assert.deepStrictEqual(expected, ['/opt/spark/examples/src/main/python/pi.py:42']);
    assert.deepStrictEqual(
      sites.map((site) => `${site.path}:${site.line}`),
      expected,
    );
    assert.strictEqual(sites[0]!.language, 'python');
  });

  it('gives Scala stages the user frames of their Details, with function and package', async () => {
    const file = log('spark/application_1553914137147_0018');
    const raw = await readRaw(file);
    const sites = stageCallSites(await onlyApplication(file));
    const userFrame = /^(com\.company\.[\w$.]+)\.([\w$<>]+)\((\w+\.scala):(\d+)\)$/;
    for (const [stageId, stage] of raw.stages) {
      const got = sitesOf(sites, stageId);
      const [, namePath, nameLine] = /at (\S+\.scala):(\d+)$/.exec(stage.name)!;
      // Best: the stage name, carrying the function of the Details frame at the same line.
      const sameFrame = stage.details.split('\n').map((frame) => userFrame.exec(frame)).find((match) => match && match[3] === namePath && match[4] === nameLine)!;
      assert.ok(sameFrame, `stage ${stageId}: a Details frame at ${namePath}:${nameLine}`);
      assert.deepStrictEqual(
        [got[0]!.path, got[0]!.line, got[0]!.origin, got[0]!.functionName, got[0]!.packageHint],
        [namePath, Number(nameLine), 'stage-name', `${sameFrame[1]}.${sameFrame[2]}`, sameFrame[1]!.split('.').slice(0, -1).join('/')],
      );
      // Every user frame with a line is there; nothing of Spark's, the JDK's or Scala's.
      const frames = stage.details.split('\n').map((frame) => userFrame.exec(frame)).filter((match): match is RegExpExecArray => match !== null);
      assert.ok(frames.length > 0);
      for (const frame of frames) assert.ok(got.some((site) => site.path === frame[3] && site.line === Number(frame[4])), `stage ${stageId}: frame ${frame[0]}`);
      assert.ok(got.every((site) => site.functionName === undefined || site.functionName.startsWith('com.company.')), `stage ${stageId}: ${got.map((s) => s.functionName)}`);
      const keys = got.map((site) => `${site.path}:${site.line}`);
      assert.strictEqual(new Set(keys).size, keys.length, `stage ${stageId}: no duplicate path:line`);
    }
  });

  it('finds no user site where Spark\'s own library (MLlib from Python) named the stages', async () => {
    const file = log('spark/application_1538416563558_0014');
    const raw = await readRaw(file);
    // Every frame of every stage's Details is Spark's, the JDK's, Scala's or py4j's.
    for (const stage of raw.stages.values()) for (const frame of stage.details.split('\n').filter(Boolean)) assert.match(frame, /^(org\.apache\.spark\.|sun\.|java\.|scala\.|py4j\.)/);
    assert.deepStrictEqual(stageCallSites(await onlyApplication(file)), []);
  });

  it('keeps a Scala shell line once, without the REPL wrapper frames', async () => {
    const file = log('spark/local-1642039451826');
    const raw = await readRaw(file);
    const sites = stageCallSites(await onlyApplication(file));
    for (const [stageId, stage] of raw.stages) {
      const [, line] = /at <console>:(\d+)$/.exec(stage.name)!;
      assert.deepStrictEqual(
        sitesOf(sites, stageId).map((site) => `${site.path}:${site.line}`),
        [`<console>:${line}`],
        `stage ${stageId}`,
      );
    }
  });
});
