/**
 * The event-log generator (scripts/eventlog-generator): what it writes is read back by the real
 * reader (readEventLog) and by a deliberately naive second parse here (JSON.parse per line, sums by
 * hand, accumulator ids resolved by walking the plan), and both must give the figures the
 * description asked for. Also: determinism, zstd output, clear errors, and the committed examples.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { openDecodedStream } from '../../server/src/history/decode';
import { readEventLog } from '../../server/src/history/eventlog';
import type { StageSummary } from '../../server/src/history/eventlog';
import { generateEventLog, planStages, writeEventLog } from '../../scripts/eventlog-generator';
import type { JobRunDescription, PlanNode } from '../../scripts/eventlog-generator';
import { EXAMPLE_LOGS } from '../../scripts/eventlog-generator/examples';
import { EXAMPLES_DIR, writeExamples } from '../../scripts/eventlog-generator/writeExamples';
import { REPO_ROOT } from './helpers/fixtures';

const GB = 1024 ** 3;
const MB = 1024 ** 2;

// ---------------------------------------------------------------------------------------------
// A small run with every feature: a scan, a skewed sort-merge join, spill, failed tasks, a fetch
// failure with a retried stage, a cache read by a second action, and a plain RDD job.

const ORDERS_BYTES = 3 * GB;
const ORDERS_SHUFFLE = 1.1 * GB;
const SMALL_SHUFFLE = 900;
const JOIN_SPILL = { memoryBytes: 2 * GB, diskBytes: 700 * MB };

function testPlan(): PlanNode {
  return {
    op: 'write',
    command: 'InsertIntoHadoopFsRelationCommand',
    format: 'parquet',
    path: 's3://bucket/out/joined',
    mode: 'Overwrite',
    columns: ['k', 'a', 'n'],
    bytes: 700 * MB,
    rows: 5_000_000,
    files: 40,
    child: {
      op: 'cache',
      columns: ['k', 'a', 'n'],
      rows: 5_000_000,
      memoryBytes: 800 * MB,
      rddName: 'joined-cache',
      child: {
        op: 'join',
        strategy: 'SortMergeJoin',
        joinType: 'LeftOuter',
        leftKeys: ['k'],
        rightKeys: ['k'],
        rows: 5_000_000,
        spill: JOIN_SPILL,
        left: { op: 'exchange', partitioning: 'hashpartitioning(k, 40)', bytes: 2.5 * GB, shuffleBytes: ORDERS_SHUFFLE, rows: 5_000_000, child: { op: 'scan', format: 'parquet', path: 's3://bucket/orders', columns: ['k', 'a'], bytes: ORDERS_BYTES, rows: 5_000_000 } },
        right: { op: 'exchange', partitioning: 'hashpartitioning(k, 40)', bytes: 2_000, shuffleBytes: SMALL_SHUFFLE, rows: 7, child: { op: 'local', columns: ['k', 'n'], rows: 7, bytes: 2_000 } },
      },
    },
  };
}

function testRun(overrides: Partial<JobRunDescription> = {}): JobRunDescription {
  return {
    appId: 'app-20261101000000-0042',
    appName: 'generator-test',
    sparkVersion: '3.5.1',
    startTime: Date.UTC(2026, 10, 1),
    language: 'scala',
    entryPoint: 'com.example.Job',
    executors: 4,
    coresPerExecutor: 2,
    executorMemory: '8g',
    sparkConf: { 'spark.sql.adaptive.enabled': 'false' },
    actions: [
      {
        callSite: 'save at Job.scala:40',
        details: ['org.apache.spark.sql.DataFrameWriter.save(DataFrameWriter.scala:251)', 'com.example.Job$.main(Job.scala:40)'],
        plan: testPlan(),
        stages: [
          { tasks: 24, durationMs: { median: 8_000 }, failedTasks: 2, gcFraction: 0.2 },
          { tasks: 3, durationMs: { median: 40 } },
          { tasks: 40, durationMs: { median: 5_000 }, skew: { tasks: 1, durationMs: 180_000, bytes: 400 * MB }, fetchFailure: { completedTasks: 25, fetchFailedTasks: 3, parentTasksRerun: 5 } },
        ],
      },
      {
        callSite: 'count at Job.scala:44',
        plan: { op: 'aggregate', mode: 'final', keys: [], functions: ['count(1)'], rows: 1, child: { op: 'exchange', partitioning: 'SinglePartition', bytes: 640, rows: 40, child: { op: 'aggregate', mode: 'partial', keys: [], functions: ['count(1)'], rows: 40, child: { op: 'cache', columns: ['k'], rows: 5_000_000, memoryBytes: 800 * MB, rddName: 'joined-cache', materialized: true, child: { op: 'local', columns: ['k'], rows: 1, bytes: 10 } } } } },
        stages: [
          { tasks: 40, durationMs: { median: 300 } },
          { tasks: 1, durationMs: { median: 50 } },
        ],
      },
      {
        callSite: 'collect at Job.scala:50',
        stages: [
          { tasks: 6, durationMs: { median: 1_200 }, name: 'map at Job.scala:48', inputBytes: 600 * MB, shuffleWriteBytes: 90 * MB, rddCallSites: ['textFile at Job.scala:47', 'map at Job.scala:48'] },
          { tasks: 4, durationMs: { median: 700 }, shuffleReadBytes: 90 * MB, spill: { memoryBytes: 300 * MB, diskBytes: 100 * MB } },
        ],
      },
    ],
    ...overrides,
  };
}

// ---------------------------------------------------------------------------------------------
// The naive reader.

/* eslint-disable @typescript-eslint/no-explicit-any -- the naive reader walks raw JSON */
interface NaiveStage {
  tasks: number;
  succeeded: number;
  failed: number;
  input: number;
  shuffleRead: number;
  shuffleWrite: number;
  memorySpilled: number;
  diskSpilled: number;
  runTime: number;
  gc: number;
  durations: number[];
  /** Stage accumulables at StageCompleted: id → value (SQL values parsed from strings). */
  accumulables: Map<number, number>;
  name: string;
  numTasks: number;
  failureReason?: string;
}

interface NaiveLog {
  events: any[];
  stages: Map<string, NaiveStage>;
  /** executionId → plan of the last SQLExecutionStart / AdaptiveExecutionUpdate. */
  plans: Map<number, any>;
  /** Accumulator id → last value seen anywhere (task/stage accumulables, driver updates). */
  accumulatorValues: Map<number, number>;
}

function naiveRead(text: string): NaiveLog {
  const events = text.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line));
  const stages = new Map<string, NaiveStage>();
  const plans = new Map<number, any>();
  const accumulatorValues = new Map<number, number>();
  const stage = (id: number, attempt: number): NaiveStage => {
    const key = `${id}:${attempt}`;
    let found = stages.get(key);
    if (!found) {
      found = { tasks: 0, succeeded: 0, failed: 0, input: 0, shuffleRead: 0, shuffleWrite: 0, memorySpilled: 0, diskSpilled: 0, runTime: 0, gc: 0, durations: [], accumulables: new Map(), name: '', numTasks: 0 };
      stages.set(key, found);
    }
    return found;
  };
  for (const event of events) {
    const type: string = event.Event;
    if (type.endsWith('SQLExecutionStart') || type.endsWith('SQLAdaptiveExecutionUpdate')) plans.set(event.executionId, event.sparkPlanInfo);
    if (type.endsWith('DriverAccumUpdates')) for (const [id, value] of event.accumUpdates) accumulatorValues.set(id, value);
    if (type === 'SparkListenerTaskEnd') {
      const s = stage(event['Stage ID'], event['Stage Attempt ID']);
      const m = event['Task Metrics'];
      s.tasks++;
      if (event['Task End Reason'].Reason === 'Success') {
        s.succeeded++;
        s.durations.push(event['Task Info']['Finish Time'] - event['Task Info']['Launch Time']);
      } else s.failed++;
      s.input += m['Input Metrics']['Bytes Read'];
      s.shuffleRead += m['Shuffle Read Metrics']['Remote Bytes Read'] + m['Shuffle Read Metrics']['Local Bytes Read'];
      s.shuffleWrite += m['Shuffle Write Metrics']['Shuffle Bytes Written'];
      s.memorySpilled += m['Memory Bytes Spilled'];
      s.diskSpilled += m['Disk Bytes Spilled'];
      s.runTime += m['Executor Run Time'];
      s.gc += m['JVM GC Time'];
      for (const accumulable of event['Task Info'].Accumulables) accumulatorValues.set(accumulable.ID, Number(accumulable.Value));
    }
    if (type === 'SparkListenerStageCompleted') {
      const info = event['Stage Info'];
      const s = stage(info['Stage ID'], info['Stage Attempt ID']);
      s.name = info['Stage Name'];
      s.numTasks = info['Number of Tasks'];
      s.failureReason = info['Failure Reason'];
      for (const accumulable of info.Accumulables) {
        s.accumulables.set(accumulable.ID, Number(accumulable.Value));
        accumulatorValues.set(accumulable.ID, Number(accumulable.Value));
      }
    }
  }
  return { events, stages, plans, accumulatorValues };
}

/** Nodes of a plan tree, depth first. */
function planNodes(plan: any): any[] {
  return [plan, ...plan.children.flatMap(planNodes)];
}

function metricValue(log: NaiveLog, node: any, name: string): number | undefined {
  const metric = node.metrics.find((m: any) => m.name === name);
  return metric ? log.accumulatorValues.get(metric.accumulatorId) : undefined;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

function nearestRankMedian(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(Math.floor(0.5 * sorted.length), sorted.length - 1)]!;
}

async function decodedText(file: string): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of openDecodedStream(file) as AsyncIterable<Buffer>) parts.push(chunk);
  return Buffer.concat(parts).toString('utf8');
}

function stagesNamed(stages: StageSummary[], name: string): StageSummary[] {
  return stages.filter((stage) => stage.name === name);
}

// ---------------------------------------------------------------------------------------------

describe('event-log generator', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spark-advisor-generator-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  describe('a described run, read back', () => {
    let file: string;
    let naive: NaiveLog;
    let stages: StageSummary[];

    before(async () => {
      file = path.join(dir, 'app-20261101000000-0042');
      await writeEventLog(testRun(), file);
      naive = naiveRead(fs.readFileSync(file, 'utf8'));
      const summary = await readEventLog(file);
      assert.deepStrictEqual(summary.warnings, [], 'the reader finds nothing wrong');
      assert.strictEqual(summary.applications.length, 1);
      stages = summary.applications[0]!.stages;
    });

    it('runs the stages the plan needs, with the described task counts and attempts', () => {
      assert.deepStrictEqual(
        planStages(testPlan()).map((stage) => stage.kind),
        ['shuffle-map', 'shuffle-map', 'result'],
      );
      const save = stagesNamed(stages, 'save at Job.scala:40');
      // scan, local, join attempt 0 (fetch failure), scan re-run (attempt 1), join attempt 1.
      assert.deepStrictEqual(
        save.map((stage) => [stage.attemptId, stage.numTasks, stage.tasks.succeededTasks, stage.tasks.failedTasks, stage.status]),
        [
          [0, 24, 24, 2, 'complete'],
          [0, 3, 3, 0, 'complete'],
          [0, 40, 25, 3, 'failed'],
          [1, 5, 5, 0, 'complete'],
          [1, 15, 15, 0, 'complete'],
        ],
      );
      assert.match(save[2]!.failureReason ?? '', /FetchFailedException/);
      const rdd = stages.filter((stage) => stage.jobIds.length > 0 && (stage.name === 'map at Job.scala:48' || stage.name === 'collect at Job.scala:50'));
      assert.deepStrictEqual(rdd.map((stage) => [stage.name, stage.numTasks]), [['map at Job.scala:48', 6], ['collect at Job.scala:50', 4]]);
      assert.deepStrictEqual(rdd[0]!.rddCallSites, ['map at Job.scala:48', 'textFile at Job.scala:47']);
    });

    it('sums task metrics to the described sizes, for the reader and the naive parse alike', () => {
      const byKey = (stage: StageSummary) => naive.stages.get(`${stage.stageId}:${stage.attemptId}`)!;
      for (const stage of stages) {
        const own = byKey(stage);
        assert.strictEqual(stage.tasks.tasks, own.tasks, `tasks of stage ${stage.stageId}.${stage.attemptId}`);
        assert.strictEqual(stage.tasks.inputBytes, own.input);
        assert.strictEqual(stage.tasks.shuffleReadBytes, own.shuffleRead);
        assert.strictEqual(stage.tasks.shuffleWriteBytes, own.shuffleWrite);
        assert.strictEqual(stage.tasks.memorySpilledBytes, own.memorySpilled);
      }
      const save = stagesNamed(stages, 'save at Job.scala:40');
      const [scan, small, joinFailed, rerun, join] = save;
      // A stage's figures are split over all its successful attempts, re-runs included.
      assert.strictEqual(scan!.tasks.inputBytes + rerun!.tasks.inputBytes, Math.round(ORDERS_BYTES));
      assert.strictEqual(scan!.tasks.shuffleWriteBytes + rerun!.tasks.shuffleWriteBytes, Math.round(ORDERS_SHUFFLE));
      assert.strictEqual(small!.tasks.shuffleWriteBytes, SMALL_SHUFFLE);
      assert.strictEqual(joinFailed!.tasks.shuffleReadBytes + join!.tasks.shuffleReadBytes, Math.round(ORDERS_SHUFFLE) + SMALL_SHUFFLE);
      assert.strictEqual(joinFailed!.tasks.memorySpilledBytes + join!.tasks.memorySpilledBytes, JOIN_SPILL.memoryBytes);
      assert.strictEqual(joinFailed!.tasks.diskSpilledBytes + join!.tasks.diskSpilledBytes, Math.round(JOIN_SPILL.diskBytes));
      const reduce = stages.find((stage) => stage.name === 'collect at Job.scala:50')!;
      assert.strictEqual(reduce.tasks.shuffleReadBytes, 90 * MB);
      assert.strictEqual(reduce.tasks.memorySpilledBytes, 300 * MB);
    });

    it('gives the described median, skew and GC share', () => {
      const save = stagesNamed(stages, 'save at Job.scala:40');
      const scan = naive.stages.get(`${save[0]!.stageId}:0`)!;
      assert.strictEqual(nearestRankMedian(scan.durations), 8_000);
      assert.ok(Math.abs(scan.gc / scan.runTime - 0.2) < 0.03, `GC share ${scan.gc / scan.runTime}`);
      const join = save[4]!;
      const joinFirst = save[2]!;
      // The hot partition ran in one of the two attempts; it is the slowest task with its bytes.
      const hot = [join, joinFirst].map((stage) => stage.slowestTasks[0]!).sort((a, b) => b.durationMs - a.durationMs)[0]!;
      assert.strictEqual(hot.durationMs, 180_000);
      assert.strictEqual(hot.shuffleReadBytes, 400 * MB);
      assert.strictEqual(nearestRankMedian(naive.stages.get(`${join.stageId}:1`)!.durations), 5_000);
      assert.strictEqual(join.taskDuration?.p50, 5_000, 'the reader agrees on the median');
    });

    it('resolves SQL metrics through accumulator ids to the described sizes', () => {
      // Execution 0 is the write (AQE off: its start plan is what ran).
      const plan = naive.plans.get(0);
      const nodes = planNodes(plan);
      const exchanges = nodes.filter((node) => node.nodeName === 'Exchange');
      assert.deepStrictEqual(
        exchanges.map((node) => [metricValue(naive, node, 'data size'), metricValue(naive, node, 'shuffle bytes written')]),
        [
          [Math.round(2.5 * GB), Math.round(ORDERS_SHUFFLE)],
          [2_000, SMALL_SHUFFLE],
        ],
      );
      const join = nodes.find((node) => node.nodeName === 'SortMergeJoin');
      assert.strictEqual(metricValue(naive, join, 'spill size'), JOIN_SPILL.memoryBytes);
      assert.strictEqual(metricValue(naive, join, 'number of output rows'), 5_000_000);
      const scan = nodes.find((node) => node.nodeName.startsWith('Scan parquet'));
      assert.strictEqual(metricValue(naive, scan, 'size of files read'), Math.round(ORDERS_BYTES));
      assert.strictEqual(metricValue(naive, scan, 'number of output rows'), 5_000_000);
      const writeNode = nodes.find((node) => node.nodeName === 'Execute InsertIntoHadoopFsRelationCommand');
      assert.match(writeNode.simpleString, /^Execute InsertIntoHadoopFsRelationCommand s3:\/\/bucket\/out\/joined, /);
      assert.strictEqual(metricValue(naive, writeNode, 'written output'), 700 * MB);
    });

    it('keeps stage accumulables equal to the sums of their tasks', () => {
      for (const [key, stage] of naive.stages) {
        const runTimeId = [...stage.accumulables.keys()].find((id) => naive.events.some((event) => event.Event === 'SparkListenerStageCompleted' && event['Stage Info'].Accumulables.some((a: { ID: number; Name: string }) => a.ID === id && a.Name === 'internal.metrics.executorRunTime')));
        assert.ok(runTimeId !== undefined, `stage ${key} reports its run time`);
        assert.strictEqual(stage.accumulables.get(runTimeId), stage.runTime, `run time of stage ${key}`);
      }
    });

    it('lists a cache built by one job and read by another', async () => {
      const summary = await readEventLog(file);
      const cached = summary.applications[0]!.cachedRdds;
      assert.strictEqual(cached.length, 1);
      assert.strictEqual(cached[0]!.name, 'joined-cache');
      assert.strictEqual(cached[0]!.memoryBytes, 800 * MB);
      assert.strictEqual(cached[0]!.jobIds.length, 2, 'built by the write, read by the count');
    });
  });

  it('is deterministic, and the seed changes the figures', () => {
    const first = [...generateEventLog(testRun())];
    const second = [...generateEventLog(testRun())];
    assert.deepStrictEqual(first, second);
    const reseeded = [...generateEventLog(testRun({ seed: 7 }))];
    assert.strictEqual(reseeded.length, first.length);
    assert.notDeepStrictEqual(reseeded, first);
  });

  it('writes .zstd as frames that decode to the plain lines', async () => {
    const zstd = path.join(dir, 'app-20261101000000-0043.zstd');
    await writeEventLog(testRun(), zstd);
    assert.notStrictEqual(fs.readFileSync(zstd).subarray(0, 4).toString('hex'), Buffer.from('{"Ev').toString('hex'));
    assert.strictEqual(await decodedText(zstd), [...generateEventLog(testRun())].join('\n') + '\n');
  });

  it('refuses a description whose stages do not match its plan, naming the action', () => {
    const run = testRun();
    run.actions[0]!.stages.pop();
    assert.throws(() => [...generateEventLog(run)], /action 0 \(save at Job\.scala:40\): its plan runs 3 stages but 2 are described\. Expected, in order: 0: shuffle-map Exchange hashpartitioning\(k, 40\)/);
    const bad = testRun({ executorMemory: 'lots' });
    assert.throws(() => [...generateEventLog(bad)], /executorMemory "lots"/);
    const skewed = testRun();
    skewed.actions[0]!.stages[2]!.skew = { tasks: 1, durationMs: 1_000, bytes: 5 * GB };
    assert.throws(() => [...generateEventLog(skewed)], /skewed task\(s\) of 5368709120 bytes exceed the stage's shuffleReadBytes/);
  });

  describe('committed examples (examples/eventlogs)', function () {
    this.timeout(180_000);

    it('equal a fresh generation', async () => {
      const fresh = path.join(dir, 'examples');
      const { files } = await writeExamples(fresh, { zstdLevel: 1 });
      const committed = fs.readdirSync(EXAMPLES_DIR).sort();
      assert.deepStrictEqual(committed, [...files].sort(), 'no missing or stale files');
      for (const name of files) {
        const mine = path.join(EXAMPLES_DIR, name);
        const theirs = path.join(fresh, name);
        // zstd bytes may differ between encoder builds: compare what they decode to.
        if (name.endsWith('.zstd')) assert.ok((await decodedText(mine)) === (await decodedText(theirs)), `${name} differs from a fresh generation: run npm run generate:eventlogs`);
        else assert.ok(fs.readFileSync(mine).equals(fs.readFileSync(theirs)), `${name} differs from a fresh generation: run npm run generate:eventlogs`);
      }
    });

    it('cite real lines of the example jobs', () => {
      for (const example of EXAMPLE_LOGS) {
        const source = fs.readFileSync(path.join(REPO_ROOT, 'examples', example.job), 'utf8').split('\n');
        const file = path.basename(example.job);
        for (const action of example.run.actions) {
          const names = [action.callSite, ...action.stages.flatMap((stage) => [stage.name ?? '', ...(stage.rddCallSites ?? [])])];
          for (const name of names) {
            const site = /^(\w+) at (?:\/opt\/jobs\/pyspark\/)?([\w.]+):(\d+)$/.exec(name);
            if (!site || site[2] === 'NativeMethodAccessorImpl.java') continue;
            assert.strictEqual(site[2], file, `${name} names ${example.job}`);
            assert.ok(source[Number(site[3]) - 1]!.includes(`.${site[1]}`), `${example.file}: "${name}" → line ${site[3]} of ${example.job} calls ${site[1]}: ${source[Number(site[3]) - 1]}`);
          }
        }
        for (const highlight of example.highlights) {
          const [cited, line] = highlight.line.split(':');
          assert.strictEqual(cited, file);
          assert.ok(Number(line) >= 1 && Number(line) <= source.length && source[Number(line) - 1]!.trim() !== '', `${highlight.line} is a code line`);
        }
      }
    });
  });

  describe('example scenarios, as the reader sees them', function () {
    this.timeout(60_000);
    const read = async (name: string) => {
      const summary = await readEventLog(path.join(EXAMPLES_DIR, name));
      assert.deepStrictEqual(summary.warnings, []);
      return summary.applications[0]!;
    };

    it('sessionize: a skewed join task and a spilling single-task window', async () => {
      const app = await read('app-20261102033000-0004.zstd');
      const join = app.stages.find((stage) => stage.numTasks === 200 && (stage.taskDuration?.max ?? 0) > 400_000)!;
      assert.strictEqual(join.taskDuration!.p50, 9_000);
      assert.strictEqual(join.taskDuration!.max, 412_000);
      assert.ok(Math.abs(join.slowestTasks[0]!.shuffleReadBytes! / GB - 1.2) < 0.01);
      const window = app.stages.find((stage) => stage.numTasks === 1 && stage.tasks.memorySpilledBytes > 0)!;
      assert.ok(Math.abs(window.tasks.memorySpilledBytes / GB - 3.1) < 0.01 && Math.abs(window.tasks.diskSpilledBytes / MB - 905) < 1);
    });

    it('marketing: 2000 tiny tasks, a GC-heavy scan, a retried stage after FetchFailed', async () => {
      const first = await read('app-20261102070000-0006.zstd');
      const tiny = first.stages.find((stage) => stage.numTasks === 2000 && stage.tasks.shuffleReadBytes > 0)!;
      const perTask = tiny.tasks.shuffleReadBytes / tiny.tasks.succeededTasks;
      assert.ok(perTask > 30_000 && perTask < 50_000, `shuffle read per task ${perTask}`);
      assert.ok(tiny.taskDuration!.p50 < 100);
      assert.ok(first.stages.some((stage) => stage.tasks.jvmGcTimeMs / stage.tasks.executorRunTimeMs > 0.22));
      assert.ok(first.stages.every((stage) => stage.attemptId === 0));
      const second = await read('app-20261109070000-0005.zstd');
      const failed = second.stages.find((stage) => stage.status === 'failed')!;
      assert.match(failed.failureReason!, /FetchFailedException/);
      assert.ok(second.stages.some((stage) => stage.stageId === failed.stageId && stage.attemptId === 1));
    });
  });
});
