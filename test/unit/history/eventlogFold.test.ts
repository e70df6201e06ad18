/**
 * What the folder adds beyond task sums: per-task distributions, stage parents and call sites, job
 * call sites, executors, SQL executions with the plan that ran and its metrics, cached RDDs. Real
 * logs from ../shared/eventlogs; every expected figure comes from a naive second reading here (the
 * decoded text, JSON.parse on each line, raw JSON walked directly), sharing no code with the folder.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { openDecodedStream } from '../../../server/src/history/decode';
import type { ApplicationSummary, PlanNodeSummary, SqlExecutionSummary } from '../../../server/src/history/eventlog';
import { foldEventLog, readEventLog } from '../../../server/src/history/eventlog';
import { joinTypeOf, planNodeKind, readTargetOf, writeTargetOf } from '../../../server/src/history/eventlog/planText';
import { eventLogsDir } from '../helpers/sharedLogs';

const LOGS = eventLogsDir();
const log = (relative: string) => path.join(LOGS, relative);
const KUBEFLOW = log('other/kubeflow/local-1776286786993.zstd');
const SQL_PREFIX = 'org.apache.spark.sql.execution.ui.';

/* eslint-disable @typescript-eslint/no-explicit-any -- the naive reader walks raw JSON */
type RawEvent = any;

async function events(file: string): Promise<RawEvent[]> {
  const parts: Buffer[] = [];
  for await (const chunk of openDecodedStream(file) as AsyncIterable<Buffer>) parts.push(chunk);
  const out: RawEvent[] = [];
  for (const line of Buffer.concat(parts).toString('utf8').split('\n')) {
    try {
      const event = JSON.parse(line);
      if (event && typeof event === 'object' && !Array.isArray(event)) out.push(event);
    } catch {
      // the one malformed line, a blank last line
    }
  }
  return out;
}

const typeOf = (event: RawEvent): string => String(event.Event).replace('org.apache.spark.scheduler.', '').replace(SQL_PREFIX, '');

function allLogFiles(dir: string = LOGS): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? allLogFiles(path.join(dir, entry.name)) : [path.join(dir, entry.name)]))
    .filter((file) => !/\.(md|tsv)$/.test(file) && !/appstatus_/.test(file))
    .sort();
}

/** Spark's taskSummary rule: nearest rank, sorted[min(floor(q·n), n−1)]. */
function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(Math.floor(q * sorted.length), sorted.length - 1)]!;
}

/** Every node of a raw sparkPlanInfo tree, pre-order. */
function rawNodes(plan: RawEvent): RawEvent[] {
  return [plan, ...(plan.children ?? []).flatMap(rawNodes)];
}

/** Executions by id: start event, the plan that ran (last AQE update, else the start's), end event. */
function rawExecutions(all: RawEvent[]): Map<number, { start: RawEvent; plan: RawEvent; updates: number; end?: RawEvent }> {
  const out = new Map<number, { start: RawEvent; plan: RawEvent; updates: number; end?: RawEvent }>();
  for (const event of all) {
    const type = typeOf(event);
    if (type === 'SparkListenerSQLExecutionStart') out.set(event.executionId, { start: event, plan: event.sparkPlanInfo, updates: 0 });
    const execution = out.get(event.executionId);
    if (!execution) continue;
    if (type === 'SparkListenerSQLAdaptiveExecutionUpdate') {
      execution.plan = event.sparkPlanInfo;
      execution.updates++;
    }
    if (type === 'SparkListenerSQLExecutionEnd') execution.end = event;
  }
  return out;
}

/**
 * An accumulator's total the way Spark's SQL tab computes it, from TASK updates (not the stage
 * values the folder uses): the update of every successful task, plus the driver's updates.
 */
function taskSideTotal(all: RawEvent[], accumulatorId: number): number | undefined {
  let total: number | undefined;
  for (const event of all) {
    if (typeOf(event) === 'SparkListenerTaskEnd' && event['Task End Reason']?.Reason === 'Success') {
      for (const accumulable of event['Task Info']?.Accumulables ?? []) {
        if (accumulable.ID === accumulatorId && accumulable.Update !== undefined) total = (total ?? 0) + Number(accumulable.Update);
      }
    }
    if (typeOf(event) === 'SparkListenerDriverAccumUpdates') {
      for (const [id, value] of event.accumUpdates) if (id === accumulatorId) total = (total ?? 0) + Number(value);
    }
  }
  return total;
}

/** The first node of each child subtree (pre-order) whose name matches. */
function firstBelow(node: RawEvent, name: RegExp): RawEvent | undefined {
  return rawNodes(node).find((candidate) => name.test(candidate.nodeName));
}

const metricId = (node: RawEvent, name: string): number => node.metrics.find((metric: RawEvent) => metric.name === name).accumulatorId;

async function summaryOf(file: string): Promise<ApplicationSummary[]> {
  return (await readEventLog(file)).applications;
}

describe('event log fold: stages, jobs, executors, SQL, caches', function () {
  this.timeout(120_000);

  before(function () {
    if (!fs.existsSync(KUBEFLOW)) throw new Error(`The shared event logs are missing (expected ${KUBEFLOW}); set SPARK_ADVISOR_SHARED to the shared folder.`);
  });

  it('every shared log: CPU time, output bytes, per-task input/spill/GC distributions, parents, RDD call sites equal a naive reading', async () => {
    const files = allLogFiles();
    assert.ok(files.length >= 40, `${files.length} logs`);
    let checkedDistributions = 0;
    for (const file of files) {
      const relative = path.relative(LOGS, file);
      const all = await events(file);
      const apps = await summaryOf(file);
      let cpu = 0;
      let output = 0;
      const perStage = new Map<string, { input: number[]; spill: number[]; gc: number[] }>();
      const parents = new Map<string, number[]>();
      const callSites = new Map<string, string[]>();
      for (const event of all) {
        const type = typeOf(event);
        if (type === 'SparkListenerTaskEnd') {
          const metrics = event['Task Metrics'];
          cpu += metrics?.['Executor CPU Time'] ?? 0;
          output += metrics?.['Output Metrics']?.['Bytes Written'] ?? 0;
          if (event['Task End Reason']?.Reason !== 'Success' || !metrics) continue;
          const key = `${event['Stage ID']}:${event['Stage Attempt ID'] ?? 0}`;
          const values = perStage.get(key) ?? { input: [], spill: [], gc: [] };
          values.input.push(metrics['Input Metrics']?.['Bytes Read'] ?? 0);
          values.spill.push(metrics['Memory Bytes Spilled'] + metrics['Disk Bytes Spilled']);
          values.gc.push(metrics['JVM GC Time']);
          perStage.set(key, values);
        }
        if (type === 'SparkListenerStageSubmitted' || type === 'SparkListenerStageCompleted') {
          const info = event['Stage Info'];
          const key = `${info['Stage ID']}:${info['Stage Attempt ID'] ?? 0}`;
          if (info['Parent IDs']) parents.set(key, info['Parent IDs']);
          const sites = callSites.get(key) ?? [];
          for (const rdd of info['RDD Info'] ?? []) if (rdd.Callsite && !sites.includes(rdd.Callsite) && sites.length < 8) sites.push(rdd.Callsite);
          callSites.set(key, sites);
        }
      }
      assert.strictEqual(apps.reduce((sum, app) => sum + app.totals.executorCpuTimeNs, 0), cpu, `${relative}: executor CPU time`);
      assert.strictEqual(apps.reduce((sum, app) => sum + app.totals.outputBytes, 0), output, `${relative}: output bytes`);
      for (const stage of apps.flatMap((app) => app.stages)) {
        const key = `${stage.stageId}:${stage.attemptId}`;
        assert.deepStrictEqual(stage.parentIds, parents.get(key) ?? [], `${relative} stage ${key}: parents`);
        assert.deepStrictEqual(stage.rddCallSites, callSites.get(key) ?? [], `${relative} stage ${key}: RDD call sites`);
        const expected = perStage.get(key);
        if (!expected) {
          assert.deepStrictEqual([stage.inputPerTask, stage.spillPerTask, stage.gcPerTask], [undefined, undefined, undefined], `${relative} stage ${key}`);
          continue;
        }
        for (const [name, values, actual] of [
          ['input', expected.input, stage.inputPerTask],
          ['spill', expected.spill, stage.spillPerTask],
          ['gc', expected.gc, stage.gcPerTask],
        ] as const) {
          assert.ok(actual, `${relative} stage ${key}: ${name} distribution`);
          assert.deepStrictEqual([actual.count, actual.min, actual.max], [values.length, Math.min(...values), Math.max(...values)], `${relative} stage ${key}: ${name}`);
          if (values.length <= 512) {
            assert.deepStrictEqual([actual.p5, actual.p25, actual.p50, actual.p75, actual.p95], [0.05, 0.25, 0.5, 0.75, 0.95].map((q) => quantile(values, q)), `${relative} stage ${key}: ${name} quantiles`);
            checkedDistributions++;
          }
        }
      }
    }
    assert.ok(checkedDistributions > 100, `${checkedDistributions} distributions checked`);
  });

  it('every shared log: one SQL execution per ExecutionStart id, with description, times, AQE flag, jobs; executors and job call sites as logged', async () => {
    let executionsSeen = 0;
    let executorsSeen = 0;
    for (const file of allLogFiles()) {
      const relative = path.relative(LOGS, file);
      const all = await events(file);
      const apps = await summaryOf(file);
      const raw = rawExecutions(all);
      const executions = apps.flatMap((app) => app.sqlExecutions);
      assert.deepStrictEqual(executions.map((e) => e.executionId).sort((a, b) => a - b), [...raw.keys()].sort((a, b) => a - b), `${relative}: SQL execution ids`);
      const jobsOfExecution = new Map<number, number[]>();
      for (const event of all.filter((e) => typeOf(e) === 'SparkListenerJobStart')) {
        const id = event.Properties?.['spark.sql.execution.id'];
        if (id !== undefined) jobsOfExecution.set(Number(id), [...(jobsOfExecution.get(Number(id)) ?? []), event['Job ID']]);
      }
      for (const execution of executions) {
        const expected = raw.get(execution.executionId)!;
        assert.deepStrictEqual(
          [execution.description, execution.startTime, execution.endTime, execution.adaptive, execution.rootExecutionId],
          [expected.start.description?.slice(0, 2000), expected.start.time, expected.end?.time, expected.updates > 0, expected.start.rootExecutionId],
          `${relative} execution ${execution.executionId}`,
        );
        assert.deepStrictEqual(execution.jobIds, (jobsOfExecution.get(execution.executionId) ?? []).sort((a, b) => a - b), `${relative} execution ${execution.executionId}: jobs`);
        // Kept nodes are those of the plan that ran, in pre-order, each pointing at a kept ancestor.
        const nodes = rawNodes(expected.plan);
        for (const node of execution.nodes) {
          assert.strictEqual(node.nodeName, nodes[node.nodeIndex].nodeName.trim(), `${relative} execution ${execution.executionId}: node ${node.nodeIndex}`);
          if (node.parentIndex !== undefined) assert.ok(execution.nodes.some((other) => other.nodeIndex === node.parentIndex && other.nodeIndex < node.nodeIndex));
        }
        const joins = nodes.filter((node) => /Join|CartesianProduct/.test(node.nodeName)).length;
        assert.strictEqual(execution.nodes.filter((node) => node.kind === 'join').length, joins, `${relative} execution ${execution.executionId}: joins`);
        executionsSeen++;
      }

      const added = new Map<string, RawEvent>();
      const removed = new Map<string, RawEvent>();
      for (const event of all) {
        if (typeOf(event) === 'SparkListenerExecutorAdded') added.set(event['Executor ID'], event);
        if (typeOf(event) === 'SparkListenerExecutorRemoved') removed.set(event['Executor ID'], event);
      }
      const executors = apps.flatMap((app) => app.executors);
      assert.deepStrictEqual(executors.map((e) => e.executorId).sort(), [...new Set([...added.keys(), ...removed.keys()])].sort(), `${relative}: executors`);
      for (const executor of executors) {
        const add = added.get(executor.executorId);
        const remove = removed.get(executor.executorId);
        assert.deepStrictEqual(
          [executor.host, executor.totalCores, executor.addedTime, executor.removedTime, executor.removedReason],
          [add?.['Executor Info']?.Host, add?.['Executor Info']?.['Total Cores'], add?.Timestamp, remove?.Timestamp, remove?.['Removed Reason']],
          `${relative}: executor ${executor.executorId}`,
        );
        executorsSeen++;
      }

      const jobStarts = new Map<number, RawEvent>(all.filter((e) => typeOf(e) === 'SparkListenerJobStart').map((e) => [e['Job ID'], e]));
      for (const job of apps.flatMap((app) => app.jobs)) {
        const properties = jobStarts.get(job.jobId)?.Properties ?? {};
        assert.deepStrictEqual([job.callSite, job.description], [properties['callSite.short'], properties['spark.job.description']], `${relative}: job ${job.jobId}`);
      }
    }
    assert.ok(executionsSeen >= 50, `${executionsSeen} executions`);
    assert.ok(executorsSeen >= 30, `${executorsSeen} executors`);
  });

  it('kubeflow (Spark 4.1, AQE): the SortMergeJoins that ran have both sides measured by their exchanges\' "data size"', async () => {
    const all = await events(KUBEFLOW);
    const app = (await summaryOf(KUBEFLOW))[0]!;
    const raw = rawExecutions(all);
    let joins = 0;
    for (const [executionId, { plan }] of raw) {
      const rawJoins = rawNodes(plan).filter((node) => node.nodeName === 'SortMergeJoin');
      const execution = app.sqlExecutions.find((e) => e.executionId === executionId)!;
      const folded = execution.nodes.filter((node) => node.nodeName === 'SortMergeJoin');
      assert.strictEqual(folded.length, rawJoins.length, `execution ${executionId}`);
      rawJoins.forEach((rawJoin, i) => {
        const expected = rawJoin.children.map((side: RawEvent) => taskSideTotal(all, metricId(firstBelow(side, /^Exchange$/), 'data size')));
        const node = folded[i]!;
        assert.ok(expected.every((value: number | undefined) => value !== undefined && value > 0), `execution ${executionId}: exchange sizes ${expected}`);
        assert.deepStrictEqual(node.sideBytes, expected, `execution ${executionId}: join side bytes`);
        assert.strictEqual(node.kind, 'join');
        assert.strictEqual(node.joinType, 'Inner');
        joins++;
      });
    }
    assert.ok(joins >= 2, `${joins} sort-merge joins`);
    // The join with the disk spill: 16 MB on one side against 1.6 kB, rows as the exchanges wrote them.
    const big = app.sqlExecutions.flatMap((e) => e.nodes).find((node) => node.nodeName === 'SortMergeJoin' && node.metrics['number of output rows'] === 500000)!;
    assert.deepStrictEqual(big.sideRows, [500000, 50]);
  });

  it('kubeflow: metric values are the SQL tab totals (task updates + driver updates), nanosecond timings in ms, averages left out', async () => {
    const all = await events(KUBEFLOW);
    const app = (await summaryOf(KUBEFLOW))[0]!;
    let compared = 0;
    for (const [executionId, { plan }] of rawExecutions(all)) {
      const execution = app.sqlExecutions.find((e) => e.executionId === executionId)!;
      for (const node of execution.nodes) {
        const rawNode = rawNodes(plan)[node.nodeIndex];
        const expected: Record<string, number> = {};
        for (const metric of rawNode.metrics) {
          if (metric.metricType === 'average') continue;
          const total = taskSideTotal(all, metric.accumulatorId);
          if (total !== undefined) expected[metric.name] = metric.metricType === 'nsTiming' ? total / 1e6 : total;
        }
        // Stage values report zero totals that no task update carries: compare the non-zero ones.
        const nonZero = Object.fromEntries(Object.entries(node.metrics).filter(([, value]) => value !== 0));
        assert.deepStrictEqual(nonZero, Object.fromEntries(Object.entries(expected).filter(([, value]) => value !== 0)), `execution ${executionId} ${node.nodeName} #${node.nodeIndex}`);
        compared++;
      }
    }
    assert.ok(compared > 40, `${compared} nodes compared`);
    const exchange = app.sqlExecutions.flatMap((e) => e.nodes).find((node) => node.kind === 'exchange' && node.metrics['shuffle write time'] !== undefined)!;
    assert.ok(exchange.metrics['shuffle write time']! < 1000, 'shuffle write time (nsTiming) is in ms');
    assert.ok(app.sqlExecutions.flatMap((e) => e.nodes).every((node) => !('avg hash probes per key' in node.metrics)));
  });

  it('kubeflow: writes carry their output path; the Python UDF and the cache read are kept', async () => {
    const all = await events(KUBEFLOW);
    const app = (await summaryOf(KUBEFLOW))[0]!;
    const expected = [...rawExecutions(all).values()]
      .flatMap(({ plan }) => rawNodes(plan))
      .filter((node) => node.nodeName === 'Execute InsertIntoHadoopFsRelationCommand')
      .map((node) => /^Execute InsertIntoHadoopFsRelationCommand ([^,]+),/.exec(node.simpleString)![1]);
    assert.deepStrictEqual(expected, ['file:/tmp/e2e/job1', 'file:/tmp/e2e/job2', 'file:/tmp/e2e/spill_output', 'file:/tmp/e2e/sql_output']);
    const writes = app.sqlExecutions.flatMap((e) => e.nodes).filter((node) => node.kind === 'write');
    assert.deepStrictEqual(
      writes.map((node) => node.writeTarget),
      expected,
    );
    assert.strictEqual(writes[0]!.metrics['number of output rows'], 1000);
    const udf = app.sqlExecutions.find((e) => e.description === 'collect at /app/generate_events.py:53')!;
    assert.deepStrictEqual(
      udf.nodes.map((node) => [node.kind, node.nodeName]),
      [['python-udf', 'BatchEvalPython']],
    );
    assert.ok(app.sqlExecutions.some((e) => e.nodes.some((node) => node.kind === 'cache-scan' && node.nodeName === 'InMemoryTableScan')));
  });

  it('kubeflow: the cached table is RDD 24, memory+disk, with the stages that listed it and the jobs those stages ran for', async () => {
    const all = await events(KUBEFLOW);
    const app = (await summaryOf(KUBEFLOW))[0]!;
    // Naively: a submitted stage belongs to the latest job, started before it, whose JobStart lists it.
    const stageIds = new Set<number>();
    const jobIds = new Set<number>();
    const jobStarts: RawEvent[] = [];
    for (const event of all) {
      const type = typeOf(event);
      if (type === 'SparkListenerJobStart') jobStarts.push(event);
      if (type !== 'SparkListenerStageSubmitted' && type !== 'SparkListenerStageCompleted') continue;
      const info = event['Stage Info'];
      if (!info['RDD Info'].some((rdd: RawEvent) => rdd['RDD ID'] === 24)) continue;
      stageIds.add(info['Stage ID']);
      const job = [...jobStarts].reverse().find((start) => start['Stage IDs'].includes(info['Stage ID']));
      jobIds.add(job['Job ID']);
    }
    const cached = app.cachedRdds.find((rdd) => rdd.rddId === 24)!;
    assert.ok(cached, 'RDD 24 is cached');
    assert.deepStrictEqual(app.cachedRdds.map((rdd) => rdd.rddId), [24]);
    assert.deepStrictEqual(cached.stageIds, [...stageIds].sort((a, b) => a - b));
    assert.deepStrictEqual(cached.jobIds, [...jobIds].sort((a, b) => a - b));
    assert.ok(cached.jobIds.length >= 5, `used by ${cached.jobIds.length} jobs`);
    assert.strictEqual(cached.storageLevel, 'memory+disk deserialized');
    assert.match(cached.name!, /^\*\(1\) Project \[id#15L/);
  });

  it('only the jobs a caching stage ran for count: not one that listed it and ended first, nor later ones that skip it', async () => {
    const rdd = (id: number, level: boolean) => ({ 'RDD ID': id, Name: `rdd${id}`, Callsite: 'cache at job.py:3', 'Storage Level': { 'Use Disk': false, 'Use Memory': level, Deserialized: true, Replication: 1 }, 'Number of Partitions': 2 });
    const stage = (type: string, id: number, rdds: object[]) => ({ Event: `SparkListener${type}`, 'Stage Info': { 'Stage ID': id, 'Stage Attempt ID': 0, 'Stage Name': `s${id}`, 'Number of Tasks': 2, 'RDD Info': rdds, 'Parent IDs': [] } });
    const lines = [
      { Event: 'SparkListenerApplicationStart', 'App Name': 'skip', 'App ID': 'app-1', Timestamp: 0 },
      // Job 9 lists stage 0 but fails before submitting it: the shuffle map stage is reused by the next job.
      { Event: 'SparkListenerJobStart', 'Job ID': 9, 'Stage IDs': [0] },
      { Event: 'SparkListenerJobEnd', 'Job ID': 9, 'Job Result': { Result: 'JobFailed' } },
      // Job 0 computes the cache in stage 0.
      { Event: 'SparkListenerJobStart', 'Job ID': 0, 'Stage IDs': [0] },
      stage('StageSubmitted', 0, [rdd(5, true)]),
      stage('StageCompleted', 0, [rdd(5, true)]),
      { Event: 'SparkListenerJobEnd', 'Job ID': 0, 'Job Result': { Result: 'JobSucceeded' } },
      // Job 1 lists stage 0 again but skips it; its stage 1 reads the cache.
      { Event: 'SparkListenerJobStart', 'Job ID': 1, 'Stage IDs': [0, 1] },
      stage('StageSubmitted', 1, [rdd(6, false), rdd(5, true)]),
      stage('StageCompleted', 1, [rdd(6, false), rdd(5, true)]),
      { Event: 'SparkListenerJobEnd', 'Job ID': 1, 'Job Result': { Result: 'JobSucceeded' } },
      // Job 2 lists stage 0 too, skips it, and its stage 2 does not read the cache.
      { Event: 'SparkListenerJobStart', 'Job ID': 2, 'Stage IDs': [0, 2] },
      stage('StageSubmitted', 2, [rdd(7, false)]),
      stage('StageCompleted', 2, [rdd(7, false)]),
      { Event: 'SparkListenerJobEnd', 'Job ID': 2, 'Job Result': { Result: 'JobSucceeded' } },
      { Event: 'SparkListenerApplicationEnd', Timestamp: 1 },
    ];
    const summary = await foldEventLog([Buffer.from(lines.map((line) => JSON.stringify(line)).join('\n'))], 'skip');
    assert.deepStrictEqual(summary.applications[0]!.cachedRdds, [
      { rddId: 5, name: 'rdd5', callSite: 'cache at job.py:3', storageLevel: 'memory deserialized', numPartitions: 2, cachedPartitions: 0, memoryBytes: 0, diskBytes: 0, stageIds: [0, 1], jobIds: [0, 1] },
    ]);
  });

  it('join sides: a union adds its branches, a nested join or a cache read leaves the side unmeasured', async () => {
    let nextId = 100;
    const metric = (name: string) => ({ name, accumulatorId: nextId++, metricType: 'size' });
    const node = (nodeName: string, metrics: object[], children: object[] = []) => ({ nodeName, simpleString: nodeName, metrics, children, metadata: {} });
    const a = metric('data size');
    const b = metric('data size');
    const c = metric('data size');
    const exchange = (size: object) => node('Exchange', [size], [node('Scan parquet ', [])]);
    const plan = node('SortMergeJoin', [], [
      node('Sort', [], [node('Union', [], [exchange(a), node('ShuffleQueryStage', [], [exchange(b)])])]),
      node('SortMergeJoin', [], [exchange(c), node('InMemoryTableScan', [metric('number of output rows')])]),
    ]);
    const lines = [
      { Event: 'SparkListenerApplicationStart', 'App Name': 'plan', 'App ID': 'app-2', Timestamp: 0 },
      { Event: `${SQL_PREFIX}SparkListenerSQLExecutionStart`, executionId: 0, description: 'join', details: '', physicalPlanDescription: 'x', sparkPlanInfo: plan, time: 1 },
      { Event: 'SparkListenerStageCompleted', 'Stage Info': { 'Stage ID': 0, 'Stage Attempt ID': 0, Accumulables: [a, b, c].map((m, i) => ({ ID: m.accumulatorId, Name: 'data size', Value: String(1000 * (i + 1)), Metadata: 'sql' })) } },
      { Event: `${SQL_PREFIX}SparkListenerSQLExecutionEnd`, executionId: 0, time: 2 },
      { Event: 'SparkListenerApplicationEnd', Timestamp: 3 },
    ];
    const summary = await foldEventLog([Buffer.from(lines.map((line) => JSON.stringify(line)).join('\n'))], 'plan');
    const [outer, inner] = summary.applications[0]!.sqlExecutions[0]!.nodes.filter((n) => n.kind === 'join');
    assert.deepStrictEqual(outer!.sideBytes, [1000 + 2000, undefined]);
    assert.deepStrictEqual(inner!.sideBytes, [3000, undefined]);
    assert.strictEqual(inner!.parentIndex, outer!.nodeIndex);
  });

  it('join_missing_sql_end: the execution without an end keeps its SortMergeJoin, measured on both sides', async () => {
    const file = log('other/spark-rapids-tools/join_missing_sql_end');
    const all = await events(file);
    const app = (await summaryOf(file))[0]!;
    const raw = rawExecutions(all);
    const [id, expected] = [...raw.entries()].find(([, e]) => e.end === undefined)!;
    const execution = app.sqlExecutions.find((e) => e.executionId === id)!;
    assert.strictEqual(execution.endTime, undefined);
    const join = execution.nodes.find((node) => node.nodeName === 'SortMergeJoin')!;
    const rawJoin = rawNodes(expected.plan).find((node) => node.nodeName === 'SortMergeJoin');
    const sides = rawJoin.children.map((side: RawEvent) => taskSideTotal(all, metricId(firstBelow(side, /^Exchange$/), 'data size')));
    assert.deepStrictEqual(join.sideBytes, sides);
    assert.deepStrictEqual([join.kind, join.joinType], ['join', 'Inner']);
  });

  it('spark2-eventlog (Spark 2.x): a BroadcastHashJoin whose build side is the broadcast exchange\'s size; file scans name their input', async () => {
    const file = log('other/spark-rapids-tools/spark2-eventlog.zstd');
    const all = await events(file);
    const app = (await summaryOf(file))[0]!;
    const broadcasts = app.sqlExecutions.flatMap((e) => e.nodes.filter((node) => node.nodeName === 'BroadcastHashJoin').map((node) => ({ e, node })));
    assert.ok(broadcasts.length >= 1);
    for (const { e, node } of broadcasts) {
      assert.deepStrictEqual([node.kind, node.joinType], ['join', 'Inner']);
      const rawJoin = rawNodes(rawExecutions(all).get(e.executionId)!.plan)[node.nodeIndex];
      const exchange = firstBelow(rawJoin.children[1], /^BroadcastExchange$/);
      assert.strictEqual(node.sideBytes![1], taskSideTotal(all, metricId(exchange, 'data size (bytes)')));
      assert.strictEqual(node.sideBytes![0], undefined, 'a Spark 2 csv scan has no size metric');
    }
    const scans = app.sqlExecutions.flatMap((e) => e.nodes).filter((node) => node.kind === 'scan');
    assert.ok(scans.length >= 4);
    for (const scan of scans) assert.strictEqual(scan.readTarget, /Location: InMemoryFileIndex\[([^\]]+)\]/.exec(scan.simpleString)![1]);
  });

  it('python_udf_eventlog: BatchEvalPython is a python-udf node; the parquet scan and the write name their paths', async () => {
    const file = log('other/spark-rapids-tools/python_udf_eventlog');
    const all = await events(file);
    const plan = [...rawExecutions(all).values()][0]!.plan;
    const rawScan = rawNodes(plan).find((node) => node.simpleString.startsWith('FileScan parquet'));
    const rawWrite = rawNodes(plan).find((node) => node.nodeName === 'Execute InsertIntoHadoopFsRelationCommand');
    const execution = (await summaryOf(file))[0]!.sqlExecutions[0]!;
    const kinds = execution.nodes.map((node) => node.kind);
    assert.deepStrictEqual(kinds, ['write', 'python-udf', 'scan']);
    const [write, udf, scan] = execution.nodes as [PlanNodeSummary, PlanNodeSummary, PlanNodeSummary];
    assert.strictEqual(write.writeTarget, /Command (file:[^,]+),/.exec(rawWrite.simpleString)![1]);
    assert.strictEqual(scan.readTarget, /InMemoryFileIndex\(1 paths\)\[([^\]]+)\]/.exec(rawScan.simpleString)![1]);
    assert.strictEqual(scan.metrics['size of files read'], taskSideTotal(all, metricId(rawScan, 'size of files read')));
    assert.ok(udf.metrics['number of output rows']! > 0);
  });

  it('an SQL execution whose start was not seen is not invented from its later events', async () => {
    // The current Databricks file holds the end of an execution started in the rotation before it.
    const file = log('other/spark-rapids-tools/db_sim_eventlog/eventlog');
    const all = await events(file);
    assert.ok(all.some((event) => typeOf(event) === 'SparkListenerSQLExecutionEnd'));
    const apps = await summaryOf(file);
    assert.deepStrictEqual(apps.flatMap((app) => app.sqlExecutions), [] as SqlExecutionSummary[]);
  });
});

describe('plan text: node kinds, join types, read and write targets', () => {
  it('node kinds from the names Spark 2–4 and RAPIDS use', () => {
    const cases: Array<[string, string | undefined]> = [
      ['SortMergeJoin', 'join'],
      ['SortMergeJoin(skew=true)', 'join'],
      ['BroadcastHashJoin', 'join'],
      ['BroadcastNestedLoopJoin', 'join'],
      ['CartesianProduct', 'join'],
      ['GpuShuffledHashJoin', 'join'],
      ['Exchange', 'exchange'],
      ['ShuffleExchange', 'exchange'],
      ['BroadcastExchange', 'broadcast-exchange'],
      ['ReusedExchange', undefined],
      ['AQEShuffleRead', 'shuffle-read'],
      ['CustomShuffleReader', 'shuffle-read'],
      ['Scan parquet ', 'scan'],
      ['Scan csv ', 'scan'],
      ['Scan ExistingRDD', 'scan'],
      ['BatchScan', 'scan'],
      ['InMemoryTableScan', 'cache-scan'],
      ['HashAggregate', 'aggregate'],
      ['ObjectHashAggregate', 'aggregate'],
      ['SortAggregate', 'aggregate'],
      ['Sort', 'sort'],
      ['BatchEvalPython', 'python-udf'],
      ['ArrowEvalPython', 'python-udf'],
      ['FlatMapGroupsInPandas', 'python-udf'],
      ['Execute InsertIntoHadoopFsRelationCommand', 'write'],
      ['Execute CreateDataSourceTableAsSelectCommand', 'write'],
      ['Execute SaveIntoDataSourceCommand', 'write'],
      ['Execute InsertIntoHiveTable', 'write'],
      ['AppendData', 'write'],
      ['OverwriteByExpression', 'write'],
      ['WriteToDataSourceV2', 'write'],
      ['Execute WriteIntoDeltaCommand', 'write'],
      ['Execute CreateViewCommand', undefined],
      ['WriteFiles', undefined],
      ['WholeStageCodegen (3)', undefined],
      ['ShuffleQueryStage', undefined],
      ['TableCacheQueryStage', undefined],
      ['Project', undefined],
    ];
    assert.deepStrictEqual(
      cases.map(([name]) => [name, planNodeKind(name)]),
      cases,
    );
  });

  it('join types from the top-level arguments only', () => {
    assert.strictEqual(joinTypeOf('SortMergeJoin', 'SortMergeJoin [dept#16L], [dept#148L], Inner'), 'Inner');
    assert.strictEqual(joinTypeOf('BroadcastHashJoin', 'BroadcastHashJoin [salary#15], [salary#35], LeftOuter, BuildRight, false'), 'LeftOuter');
    assert.strictEqual(joinTypeOf('BroadcastNestedLoopJoin', 'BroadcastNestedLoopJoin BuildRight, LeftAnti, (a#1 = Inner#2)'), 'LeftAnti');
    assert.strictEqual(joinTypeOf('SortMergeJoin', 'SortMergeJoin [Inner#1], [b#2], FullOuter'), 'FullOuter');
    assert.strictEqual(joinTypeOf('BroadcastHashJoin', 'BroadcastHashJoin [a#1], [b#2], ExistenceJoin(exists#3), BuildRight'), 'ExistenceJoin');
    assert.strictEqual(joinTypeOf('CartesianProduct', 'CartesianProduct'), 'Cross');
    assert.strictEqual(joinTypeOf('SortMergeJoin', 'SortMergeJoin'), undefined);
  });

  it('write targets: a path as written, or db.table without backticks nor the session catalog', () => {
    const cases: Array<[string, string, string | undefined]> = [
      ['Execute InsertIntoHadoopFsRelationCommand', 'Execute InsertIntoHadoopFsRelationCommand s3a://bucket/out, false, Parquet, [path=s3a://bucket/out], Append, [id]', 's3a://bucket/out'],
      ['Execute InsertIntoHiveTable', 'Execute InsertIntoHiveTable `database1`.`table1`, org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe, [dt=Some(2025-01-01)], true, false, [col1]', 'database1.table1'],
      ['Execute InsertIntoHiveTable', 'Execute InsertIntoHiveTable InsertIntoHiveTable `bigbenchv2`.`join_result`, org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe, false, false, [a]', 'bigbenchv2.join_result'],
      ['Execute CreateDataSourceTableAsSelectCommand', 'Execute CreateDataSourceTableAsSelectCommand `spark_catalog`.`default`.`temptable`, ErrorIfExists, Project [id#5L], [id]', 'default.temptable'],
      ['Execute CreateDataSourceTableAsSelectCommand', 'Execute CreateDataSourceTableAsSelectCommand `order_counts`, Overwrite, [`customer_id`, `order_count`]', 'order_counts'],
      ['Execute CreateHiveTableAsSelectCommand', 'Execute CreateHiveTableAsSelectCommand [Database: sales, TableName: orders, InsertIntoHiveTable]', 'sales.orders'],
      ['Execute SaveIntoDataSourceCommand', 'Execute SaveIntoDataSourceCommand org.apache.spark.sql.delta.sources.DeltaDataSource@1a2b, Map(path -> s3a://lake/events, mergeSchema -> true), Append', 's3a://lake/events'],
      ['Execute SaveIntoDataSourceCommand', 'Execute SaveIntoDataSourceCommand org.apache.spark.sql.execution.datasources.jdbc.JdbcRelationProvider@6341eeaf, HashMap(url -> *********(redacted), dbtable -> crm.customers), Overwrite', 'crm.customers'],
      ['AppendData', 'AppendData org.apache.spark.sql.execution.datasources.v2.DataSourceV2Strategy$$Lambda$1940/0x00000008017e4840@5c3, IcebergWrite(table=spark_catalog.db.events, format=PARQUET)', 'db.events'],
      ['Execute SaveIntoDataSourceCommand', 'Execute SaveIntoDataSourceCommand', undefined],
      ['WriteToDataSourceV2', 'WriteToDataSourceV2 org.apache.spark.sql.execution.streaming.sources.MicroBatchWrite@27fafcca', undefined],
    ];
    assert.deepStrictEqual(
      cases.map(([name, text]) => writeTargetOf(name, text)),
      cases.map(([, , expected]) => expected),
    );
  });

  it('read targets: the table when the plan names one, else the file index paths', () => {
    const cases: Array<[string, string | undefined]> = [
      ['FileScan parquet db.table[a#1,b#2] Batched: true, DataFilters: [], Format: Parquet, Location: InMemoryFileIndex(1 paths)[file:/data/in], PartitionFilters: []', 'db.table'],
      ['FileScan parquet [id#0,value#1] Batched: true, DataFilters: [], Format: Parquet, Location: InMemoryFileIndex(1 paths)[file:/data/in], PartitionFilters: []', 'file:/data/in'],
      ['FileScan csv [a#1] Batched: false, Format: CSV, Location: InMemoryFileIndex[file:/x.csv, file:/y.csv], PartitionFilters: []', 'file:/x.csv, file:/y.csv'],
      ['Scan JDBCRelation(crm.customers) [numPartitions=1] [id#0,name#1] PushedFilters: [], ReadSchema: struct<id:int>', 'crm.customers'],
      ['Scan hive default.t [a#1], HiveTableRelation [`default`.`t`, org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe]', 'default.t'],
      ['BatchScan local.db.events[id#1, data#2] local.db.events (branch=null) [filters=, groupedBy=] RuntimeFilters: []', 'local.db.events'],
      ['Scan ExistingRDD[a#1,b#2]', undefined],
      ['Scan[obj#1]', undefined],
    ];
    assert.deepStrictEqual(
      cases.map(([text]) => readTargetOf(text)),
      cases.map(([, expected]) => expected),
    );
  });
});
/* eslint-enable @typescript-eslint/no-explicit-any */
