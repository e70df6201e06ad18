/**
 * Configuration recommendations on real logs: the example runs (generated in Spark's JSON shapes)
 * and the kubeflow PySpark log written by Spark 4.1. Every figure asserted is computed here from a
 * second, plain parse of the raw JSON lines (properties, task metrics, plan metrics), not from the
 * fold the recommendations read.
 */
import * as assert from 'assert';
import * as path from 'path';
import * as readline from 'readline';
import { openDecodedStream } from '../../../server/src/history/decode';
import { readEventLog } from '../../../server/src/history/eventlog';
import type { ApplicationSummary } from '../../../server/src/history/eventlog/types';
import { formatBytes, formatCount, formatDuration } from '../../../server/src/common/format';
import { confBlock, recommendConfiguration } from '../../../server/src/report/recommend';
import type { Recommendation } from '../../../server/src/report/types';
import { REPO_ROOT } from '../helpers/fixtures';
import { sampleEffect } from './renderModels';
import { eventLogsDir } from '../helpers/sharedLogs';

const EXAMPLE_LOGS = path.join(REPO_ROOT, 'examples', 'eventlogs');
const example = (name: string) => path.join(EXAMPLE_LOGS, name);
const MIB = 1024 * 1024;

// ---- a plain second parse of the raw event log ----

interface RawStage {
  numTasks: number;
  succeededDurations: number[];
  gcMs: number;
  runMs: number;
  memorySpilled: number;
  diskSpilled: number;
  shuffleRead: number;
}

interface PlanNode {
  nodeName: string;
  metrics: Array<{ name: string; accumulatorId: number }>;
  children: PlanNode[];
}

interface RawRun {
  properties: Record<string, string>;
  /** Job local properties: key → values, one per job that set it. */
  jobProperties: Map<string, string[]>;
  stages: Map<number, RawStage>;
  executorCores: number;
  /** The last plan of each SQL execution (AQE updates replace the start plan). */
  plans: Map<number, PlanNode>;
  accumulators: Map<number, number>;
}

type Json = Record<string, unknown>;

const rawRuns = new Map<string, Promise<RawRun>>();
/** Each log is parsed once for all tests. */
const rawRun = (file: string) => rawRuns.get(file) ?? rawRuns.set(file, parseRawRun(file)).get(file)!;

async function parseRawRun(file: string): Promise<RawRun> {
  const run: RawRun = { properties: {}, jobProperties: new Map(), stages: new Map(), executorCores: 0, plans: new Map(), accumulators: new Map() };
  const stage = (id: number): RawStage => {
    let found = run.stages.get(id);
    if (!found) run.stages.set(id, (found = { numTasks: 0, succeededDurations: [], gcMs: 0, runMs: 0, memorySpilled: 0, diskSpilled: 0, shuffleRead: 0 }));
    return found;
  };
  const lines = readline.createInterface({ input: openDecodedStream(file), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    const event = JSON.parse(line) as Json;
    const name = event['Event'] as string;
    if (name === 'SparkListenerEnvironmentUpdate') run.properties = event['Spark Properties'] as Record<string, string>;
    else if (name === 'SparkListenerExecutorAdded') run.executorCores += (event['Executor Info'] as Json)['Total Cores'] as number;
    else if (name === 'SparkListenerJobStart') {
      for (const [key, value] of Object.entries((event['Properties'] ?? {}) as Record<string, string>)) run.jobProperties.set(key, [...(run.jobProperties.get(key) ?? []), value]);
    } else if (name === 'SparkListenerStageSubmitted') {
      const info = event['Stage Info'] as Json;
      stage(info['Stage ID'] as number).numTasks = info['Number of Tasks'] as number;
    } else if (name === 'SparkListenerStageCompleted') {
      for (const accumulable of ((event['Stage Info'] as Json)['Accumulables'] ?? []) as Json[]) run.accumulators.set(accumulable['ID'] as number, Number(accumulable['Value']));
    } else if (name === 'SparkListenerTaskEnd') {
      const target = stage(event['Stage ID'] as number);
      const info = event['Task Info'] as Json;
      const metrics = event['Task Metrics'] as Json | undefined;
      if ((event['Task End Reason'] as Json)['Reason'] === 'Success') target.succeededDurations.push((info['Finish Time'] as number) - (info['Launch Time'] as number));
      if (metrics) {
        target.gcMs += metrics['JVM GC Time'] as number;
        target.runMs += metrics['Executor Run Time'] as number;
        target.memorySpilled += metrics['Memory Bytes Spilled'] as number;
        target.diskSpilled += metrics['Disk Bytes Spilled'] as number;
        const read = metrics['Shuffle Read Metrics'] as Json;
        target.shuffleRead += (read['Remote Bytes Read'] as number) + (read['Local Bytes Read'] as number);
      }
    } else if (name.endsWith('SparkListenerSQLExecutionStart') || name.endsWith('SparkListenerSQLAdaptiveExecutionUpdate')) {
      run.plans.set(event['executionId'] as number, event['sparkPlanInfo'] as PlanNode);
    } else if (name.endsWith('SparkListenerDriverAccumUpdates')) {
      for (const [id, value] of event['accumUpdates'] as Array<[number, number]>) run.accumulators.set(id, value);
    }
  }
  return run;
}

/** The value the run used: the jobs' runtime setting when there is one, else the submitted property. */
function rawSetting(run: RawRun, key: string): string | undefined {
  const values = run.jobProperties.get(key);
  return values?.[0] ?? run.properties[key];
}

/**
 * The bytes measured nearest below a join side: the exchange's "data size" (what was shuffled),
 * else the files a scan read. AQEShuffleRead's "partition data size" is left out: its stage value
 * counts only what the reading tasks fetched.
 */
function measuredBelow(node: PlanNode, accumulators: Map<number, number>): number | undefined {
  for (const metricName of ['data size', 'size of files read']) {
    const found = firstMetric(node, metricName, accumulators);
    if (found !== undefined) return found;
  }
  return undefined;
}

function firstMetric(node: PlanNode, metricName: string, accumulators: Map<number, number>): number | undefined {
  const metric = node.metrics.find((m) => m.name === metricName && accumulators.has(m.accumulatorId));
  if (metric) return accumulators.get(metric.accumulatorId);
  for (const child of node.children) {
    const found = firstMetric(child, metricName, accumulators);
    if (found !== undefined) return found;
  }
  return undefined;
}

function sortMergeJoinSides(run: RawRun): Array<[number, number]> {
  const sides: Array<[number, number]> = [];
  const visit = (node: PlanNode) => {
    if (node.nodeName === 'SortMergeJoin' && node.children.length === 2) {
      const [left, right] = node.children.map((child) => measuredBelow(child, run.accumulators));
      if (left !== undefined && right !== undefined) sides.push([left, right]);
    }
    node.children.forEach(visit);
  };
  run.plans.forEach(visit);
  return sides;
}

/** Spark's nearest-rank median over the successful tasks. */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(Math.floor(0.5 * sorted.length), sorted.length - 1)]!;
}

// ---- helpers over the code under test ----

const apps = new Map<string, Promise<ApplicationSummary>>();
const appOf = (file: string) => apps.get(file) ?? apps.set(file, readApp(file)).get(file)!;

async function readApp(file: string): Promise<ApplicationSummary> {
  const summary = await readEventLog(file);
  assert.strictEqual(summary.applications.length, 1, `${file}: one application`);
  return summary.applications[0]!;
}

function byKey(recommendations: Recommendation[]): Map<string, Recommendation> {
  const keys = recommendations.map((r) => r.key);
  assert.strictEqual(new Set(keys).size, keys.length, `each key once: ${keys.join(', ')}`);
  return new Map(recommendations.map((r) => [r.key, r]));
}

function must(recommendations: Map<string, Recommendation>, key: string): Recommendation {
  const found = recommendations.get(key);
  assert.ok(found, `expected a recommendation for ${key}; got ${[...recommendations.keys()].join(', ') || 'none'}`);
  return found;
}

function assertQuotes(reason: string, ...figures: string[]): void {
  for (const figure of figures) assert.ok(reason.includes(figure), `reason should quote "${figure}": ${reason}`);
}

describe('configuration recommendations (examples and real logs)', function () {
  this.timeout(60_000);

  it('marketing report: 2,000 shuffle partitions of ~40 KB tasks → fewer, AQE off → on, GC pressure → more memory per core', async () => {
    const file = example('app-20261102070000-0006.zstd');
    const [raw, app] = await Promise.all([rawRun(file), appOf(file)]);
    const recommendations = byKey(recommendConfiguration(app));

    // The runtime setting (modifiedConfigs → job properties), not a submitted property.
    assert.strictEqual(raw.properties['spark.sql.shuffle.partitions'], undefined);
    const configured = rawSetting(raw, 'spark.sql.shuffle.partitions');
    assert.strictEqual(configured, '2000');
    const sized = [...raw.stages].filter(([, stage]) => stage.numTasks === 2000 && stage.shuffleRead > 0);
    assert.ok(sized.length >= 6, 'several stages ran with 2,000 partitions');
    const [largestId, largest] = sized.reduce((a, b) => (b[1].shuffleRead > a[1].shuffleRead ? b : a));
    // ~128 MB per partition, then whole waves over the cores the run had.
    const needed = Math.max(1, Math.ceil(largest.shuffleRead / (128 * MIB)));
    const expected = Math.ceil(needed / raw.executorCores) * raw.executorCores;
    assert.ok(expected < 2000);
    const partitions = must(recommendations, 'spark.sql.shuffle.partitions');
    assert.strictEqual(partitions.current, '2000');
    assert.strictEqual(partitions.suggested, String(expected));
    const tiny = sized.find(([, stage]) => stage.succeededDurations.length === 2000)!;
    assertQuotes(partitions.reason, `stage ${largestId}`, formatBytes(largest.shuffleRead), `${formatCount(2000)} tasks`);
    assert.ok(median(tiny[1].succeededDurations) < 100, 'tens of ms per task');

    const aqe = must(recommendations, 'spark.sql.adaptive.enabled');
    assert.strictEqual(aqe.current, raw.properties['spark.sql.adaptive.enabled']);
    assert.strictEqual(aqe.current, 'false');
    assert.strictEqual(aqe.suggested, 'true');

    // Stage 3 (the conversions scan) spent about a quarter of its run time in GC.
    const scan = raw.stages.get(3)!;
    assert.ok(scan.gcMs / scan.runMs > 0.2);
    // GC alone is no spill for more memory to remove: the replay shows no gain, so no memory advice.
    assert.strictEqual(recommendations.get('spark.executor.memory'), undefined);
    // Each recommendation states a replayed gain.
    for (const r of recommendations.values()) assert.ok(r.effect.predictedDurationMs < r.effect.durationMs && /^Expected: .*run \d+ s → \d+ s/.test(r.effect.expected), r.effect.expected);

    // Nothing the figures do not support: the threshold is at its default and no join was a candidate.
    assert.deepStrictEqual([...recommendations.keys()].sort(), ['spark.sql.adaptive.enabled', 'spark.sql.shuffle.partitions']);
  });

  it('daily orders: broadcast joins off with sort-merge joins of 2 KB and 40 KB sides → a threshold', async () => {
    const file = example('app-20261101020000-0001');
    const [raw, app] = await Promise.all([rawRun(file), appOf(file)]);
    const recommendations = byKey(recommendConfiguration(app));
    assert.strictEqual(raw.properties['spark.sql.autoBroadcastJoinThreshold'], '-1');

    const candidates = sortMergeJoinSides(raw)
      .map(([left, right]) => ({ small: Math.min(left, right), large: Math.max(left, right) }))
      .filter(({ small, large }) => small <= 100 * MIB && large >= 10 * small);
    assert.deepStrictEqual(candidates.map((c) => c.small).sort((a, b) => a - b), [1920, 40960]);
    const threshold = must(recommendations, 'spark.sql.autoBroadcastJoinThreshold');
    assert.strictEqual(threshold.current, '-1');
    // Spark's default of 10 MB covers both sides, with room to grow.
    assert.strictEqual(threshold.suggested, '10m');
    assertQuotes(threshold.reason, formatBytes(1920), formatBytes(40960), ...candidates.map((c) => formatBytes(c.large)), '-1');
    assert.deepStrictEqual([...recommendations.keys()], ['spark.sql.autoBroadcastJoinThreshold']);
  });

  it('sessionize: a skewed sort-merge join with AQE off → AQE (its skew join splits the task); a 17-minute single task → dynamic allocation', async () => {
    const file = example('app-20261102033000-0004.zstd');
    const [raw, app] = await Promise.all([rawRun(file), appOf(file)]);
    const recommendations = byKey(recommendConfiguration(app));

    const join = raw.stages.get(7)!;
    const slowest = Math.max(...join.succeededDurations);
    const typical = median(join.succeededDurations);
    assert.ok(slowest / typical >= 5, 'skewed by the rule’s own ratio');
    // AQE on, with skew join at its default (on): one change, whose replay splits stage 7's slow task.
    const aqe = must(recommendations, 'spark.sql.adaptive.enabled');
    assert.strictEqual(aqe.current, raw.properties['spark.sql.adaptive.enabled']);
    assert.strictEqual(aqe.current, 'false');
    assert.strictEqual(aqe.suggested, 'true');
    assert.strictEqual(raw.properties['spark.sql.adaptive.skewJoin.enabled'], undefined);
    assertQuotes(aqe.reason, 'stage 7', 'SortMergeJoin', formatDuration(slowest), formatDuration(typical), `${join.succeededDurations.length} tasks`, 'skew join');
    const stage7 = aqe.effect.stages.find((s) => s.stageId === 7);
    assert.ok(stage7 && stage7.afterMs < stage7.beforeMs, `stage 7 shortened: ${aqe.effect.expected}`);
    // Setting skew join as well would only repeat the gain AQE's recommendation already states.
    assert.strictEqual(recommendations.get('spark.sql.adaptive.skewJoin.enabled'), undefined);

    // Stage 3 is one task (a window without partitionBy) while 39 other cores wait.
    const window = raw.stages.get(3)!;
    assert.strictEqual(window.succeededDurations.length, 1);
    assert.ok(window.succeededDurations[0]! > 15 * 60_000);
    const dynamic = must(recommendations, 'spark.dynamicAllocation.enabled');
    assert.strictEqual(dynamic.current, raw.properties['spark.dynamicAllocation.enabled']);
    assert.strictEqual(dynamic.suggested, 'true');
    assertQuotes(dynamic.reason, 'stage 3', `of ${raw.executorCores} cores`);
    const bounds = Object.fromEntries((dynamic.together ?? []).map((s) => [s.key, s.suggested]));
    assert.strictEqual(bounds['spark.dynamicAllocation.minExecutors'], '1');
    assert.strictEqual(bounds['spark.dynamicAllocation.maxExecutors'], raw.properties['spark.executor.instances']);
    assert.ok(!recommendations.has('spark.dynamicAllocation.minExecutors') && !recommendations.has('spark.dynamicAllocation.maxExecutors'), 'one recommendation, not one per key');

    // Its spill is the single-partition window's, which more memory per core would only postpone.
    assert.ok(window.diskSpilled > 0);
    assert.strictEqual(recommendations.get('spark.executor.memory'), undefined);
    assert.strictEqual(recommendations.get('spark.sql.shuffle.partitions'), undefined);
  });

  it('kubeflow PySpark log (Spark 4.1): spark.memory.fraction 0.1 with ~74 MB of disk spill → 0.6', async () => {
    const file = path.join(eventLogsDir(), 'other', 'kubeflow', 'local-1776286786993.zstd');
    const [raw, app] = await Promise.all([rawRun(file), appOf(file)]);
    const recommendations = byKey(recommendConfiguration(app));
    assert.strictEqual(raw.properties['spark.memory.fraction'], '0.1');

    const totalDisk = [...raw.stages.values()].reduce((sum, stage) => sum + stage.diskSpilled, 0);
    assert.ok(totalDisk > 70e6 && totalDisk < 80e6, `about 74 MB spilled to disk: ${totalDisk}`);
    // The spill rule's worst stage: disk spill weighs ten times memory spill.
    const [worstId, worst] = [...raw.stages].filter(([, s]) => s.memorySpilled + s.diskSpilled >= MIB).reduce((a, b) => (b[1].diskSpilled + b[1].memorySpilled / 10 > a[1].diskSpilled + a[1].memorySpilled / 10 ? b : a));
    const fraction = must(recommendations, 'spark.memory.fraction');
    assert.strictEqual(fraction.current, '0.1');
    assert.strictEqual(fraction.suggested, '0.6');
    assertQuotes(fraction.reason, `Stage ${worstId}`, formatBytes(worst.memorySpilled), formatBytes(worst.diskSpilled), '0.1');

    // Local mode: no executors to size, and the spill is answered by the memory fraction alone.
    assert.match(raw.properties['spark.master']!, /^local\[/);
    assert.deepStrictEqual([...recommendations.keys()].filter((key) => key.startsWith('spark.executor.') || key.startsWith('spark.dynamicAllocation.')), []);
    // Broadcast joins are off too and one sort-merge join had a side of a few KB, but on this
    // 14-second local run the sorts and shuffle the broadcast would save are under the minimum gain.
    assert.ok(sortMergeJoinSides(raw).some(([l, r]) => Math.max(l, r) >= 10 * Math.min(l, r)));
    assert.strictEqual(recommendations.get('spark.sql.autoBroadcastJoinThreshold'), undefined);
    assert.match(fraction.effect.expected, /^Expected: stage \d+ −/);
  });

  it('the clean example runs get no recommendations', async () => {
    for (const name of ['app-20261102060000-0011', 'app-20261102063000-0012']) {
      const app = await appOf(example(name));
      assert.deepStrictEqual(recommendConfiguration(app), [], `${name} (${app.name})`);
    }
  });

  it('every example run: current is what the log says the run used, each suggestion changes it, each reason quotes a figure', async () => {
    const names = ['app-20261101020000-0001', 'app-20261101043000-0007', 'app-20261102020000-0001', 'app-20261102033000-0004.zstd', 'app-20261102043000-0006', 'app-20261102051500-0009', 'app-20261102060000-0011', 'app-20261102063000-0012', 'app-20261102070000-0006.zstd', 'app-20261103020000-0001', 'app-20261103033000-0003.zstd', 'app-20261109070000-0005.zstd'];
    for (const name of names) {
      const file = example(name);
      const [raw, app] = await Promise.all([rawRun(file), appOf(file)]);
      const recommendations = recommendConfiguration(app);
      byKey(recommendations);
      for (const r of recommendations) {
        assert.strictEqual(r.current, rawSetting(raw, r.key) ?? null, `${name} ${r.key}: current`);
        assert.notStrictEqual(r.suggested, r.current, `${name} ${r.key}: a change`);
        assert.match(r.reason, /\d/, `${name} ${r.key}: a measured figure in "${r.reason}"`);
        assert.ok(!r.reason.includes('undefined') && !r.reason.includes('NaN'), `${name} ${r.key}: ${r.reason}`);
      }
    }
  });

  it('never throws on the shared logs, and recommends only keys it knows', async () => {
    const known = /^spark\.(executor\.(memory|cores|instances)|sql\.shuffle\.partitions|sql\.autoBroadcastJoinThreshold|memory\.fraction|sql\.adaptive\.(enabled|skewJoin\.enabled)|dynamicAllocation\.(enabled|minExecutors|maxExecutors|shuffleTracking\.enabled))$/;
    const spark = path.join(eventLogsDir(), 'spark');
    for (const name of ['local-1642039451826', 'application_1553914137147_0018', 'app-20200706201101-0003', 'local-1430917381535_1']) {
      const summary = await readEventLog(path.join(spark, name));
      for (const app of summary.applications) for (const r of recommendConfiguration(app)) assert.match(r.key, known, `${name}: ${r.key}`);
    }
    // A single executor cannot be released by dynamic allocation without stopping the application.
    const single = await appOf(path.join(spark, 'app-20200706201101-0003'));
    assert.strictEqual(single.executors.length, 1);
    assert.deepStrictEqual(recommendConfiguration(single).filter((r) => r.key.startsWith('spark.dynamicAllocation.')), []);
  });

  it('points at the code of the stage the evidence came from, when it maps', async () => {
    const app = await appOf(example('app-20261102070000-0006.zstd'));
    const recommendations = byKey(recommendConfiguration(app, { locateStage: (stage) => ({ file: '/ws/marketing_report.py', line: 100 + stage.stageId }) }));
    const partitions = must(recommendations, 'spark.sql.shuffle.partitions');
    assert.match(partitions.reason, /^Stage (\d+) /);
    assert.deepStrictEqual(partitions.location, { file: '/ws/marketing_report.py', line: 100 + Number(/^Stage (\d+) /.exec(partitions.reason)![1]) });
  });
});

describe('confBlock', () => {
  it('turns the marketing recommendations into spark-defaults.conf lines and --conf arguments', async () => {
    const recommendations = recommendConfiguration(await appOf(example('app-20261102070000-0006.zstd')));
    const { sparkDefaults, submitArgs } = confBlock(recommendations);
    const settings = sparkDefaults.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
    assert.deepStrictEqual(settings, recommendations.map((r) => `${r.key} ${r.suggested}`));
    assert.ok(settings.includes('spark.sql.adaptive.enabled true'));
    const args = submitArgs.split(' \\\n');
    assert.deepStrictEqual(args, recommendations.map((r) => `--conf ${r.key}=${r.suggested}`));
  });

  it('keeps every value on its own line and its own shell word, whatever it holds', () => {
    const hostile: Recommendation[] = [
      { key: 'spark.a', current: null, suggested: "x\ny' ; rm -rf / #", reason: 'first line\nspark.evil true\r\n', kind: 'spark-conf', where: '', effect: sampleEffect() },
      { key: 'spark b=c', current: '1', suggested: ' lead', reason: 'two', kind: 'spark-conf', where: '', effect: sampleEffect() },
    ];
    const { sparkDefaults, submitArgs } = confBlock(hostile);
    const lines = sparkDefaults.split('\n').filter((line) => line !== '');
    assert.strictEqual(lines.length, 4, sparkDefaults);
    assert.deepStrictEqual(lines.filter((line) => line.startsWith('#')).length, 2);
    assert.ok(!lines.some((line) => line.startsWith('spark.evil')));
    assert.ok(lines.includes("spark.a x\\ny' ; rm -rf / #"), sparkDefaults);
    assert.ok(lines.includes('spark\\ b\\=c \\ lead'), sparkDefaults);
    assert.strictEqual(submitArgs, `--conf 'spark.a=x\ny'\\'' ; rm -rf / #' \\\n--conf 'spark b=c= lead'`);
  });

  it('is empty for no recommendations', () => {
    assert.deepStrictEqual(confBlock([]), { sparkDefaults: '', submitArgs: '' });
  });
});
