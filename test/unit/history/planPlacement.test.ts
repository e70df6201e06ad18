/**
 * Placing a measured stage on the code that caused it: which plan nodes a stage ran (the stages
 * that reported a node's metrics), which node defines the stage, and how it is matched with the
 * code's joins, groupings, windows and reads. Hand-written plans and operations, then the real
 * shared logs (every join's stages must be stages of its own execution's jobs) and an example log.
 */
import * as assert from 'assert';
import * as path from 'path';
import { planKeys, placeStage } from '../../../server/src/history/callsites/planPlacement';
import { readEventLog } from '../../../server/src/history/eventlog';
import type { PlanNodeSummary } from '../../../server/src/history/eventlog/types';
import type { CodeOperation } from '../../../server/src/history/evidence';
import { REPO_ROOT } from '../helpers/fixtures';
import { eventLogsDir } from '../helpers/sharedLogs';

let nextIndex = 0;
function node(kind: PlanNodeSummary['kind'], simpleString: string, stageIds: number[], parentIndex?: number, extra: Partial<PlanNodeSummary> = {}): PlanNodeSummary {
  const nodeName = simpleString.split(' [')[0]!.split('(')[0]!.trim();
  return { nodeIndex: nextIndex++, parentIndex, nodeName, kind, simpleString, metrics: {}, stageIds, ...extra };
}

const op = (kind: CodeOperation['kind'], line: number, keys: string[], sinks: number[] = [], target?: string): CodeOperation => ({ kind, line, keys, sinks, ...(target ? { target } : {}) });

/** The sessionize job's write: scan → partial agg → exchange → final agg → SMJ with an accounts scan → write. */
function sessionizePlan(): PlanNodeSummary[] {
  nextIndex = 0;
  const write = node('write', 'Execute InsertIntoHadoopFsRelationCommand s3://lake/web_sessions, false, Parquet', [3]);
  const writeSort = node('sort', 'Sort [session_date#30 ASC NULLS FIRST], false, 0', [3], write.nodeIndex);
  const join = node('join', 'SortMergeJoin [account_id#5], [account_id#31], LeftOuter', [3], writeSort.nodeIndex);
  const leftSort = node('sort', 'Sort [account_id#5 ASC NULLS FIRST], false, 0', [3], join.nodeIndex);
  const leftExchange = node('exchange', 'Exchange hashpartitioning(account_id#5, 200), ENSURE_REQUIREMENTS, [plan_id=4]', [1, 3], leftSort.nodeIndex);
  const finalAgg = node('aggregate', 'HashAggregate(keys=[session_id#19, user_id#4], functions=[min(ts#6)])', [1], leftExchange.nodeIndex);
  const groupExchange = node('exchange', 'Exchange hashpartitioning(session_id#19, user_id#4, 200)', [0, 1], finalAgg.nodeIndex);
  const partialAgg = node('aggregate', 'HashAggregate(keys=[session_id#19, user_id#4], functions=[partial_min(ts#6)])', [0], groupExchange.nodeIndex);
  const eventsScan = node('scan', 'FileScan json [event_id#3,user_id#4]', [0], partialAgg.nodeIndex, { readTarget: 's3://lake/clickstream/dt=2026-11-02/' });
  const rightSort = node('sort', 'Sort [account_id#31 ASC NULLS FIRST], false, 0', [3], join.nodeIndex);
  const rightExchange = node('exchange', 'Exchange hashpartitioning(account_id#31, 200)', [2, 3], rightSort.nodeIndex);
  const accountsScan = node('scan', 'FileScan parquet spark_catalog.crm.accounts[account_id#31]', [2], rightExchange.nodeIndex, { readTarget: 'crm.accounts' });
  return [write, writeSort, join, leftSort, leftExchange, finalAgg, groupExchange, partialAgg, eventsScan, rightSort, rightExchange, accountsScan];
}

const WRITE_LINE = 118;
const SESSIONIZE_CODE: CodeOperation[] = [
  op('read', 50, [], [WRITE_LINE], 's3://lake/clickstream/dt=*/'),
  op('aggregate', 79, ['session_id', 'user_id']),
  op('read', 111, [], [WRITE_LINE], 'crm.accounts'),
  op('join', 112, ['account_id'], [WRITE_LINE]),
];

describe('placing measured stages on their cause', () => {
  describe('plan keys', () => {
    it('reads join keys of both sides, grouping keys and sort columns, without expression ids', () => {
      nextIndex = 0;
      assert.deepStrictEqual(planKeys(node('join', 'SortMergeJoin [store_id#1, channel_code#2], [store_id#9, code#10], LeftOuter', [])), ['store_id', 'channel_code', 'code']);
      assert.deepStrictEqual(planKeys(node('join', 'BroadcastHashJoin [coalesce(account_id#5, guest)], [account_id#31], Inner, BuildRight, false', [])), ['account_id']);
      assert.deepStrictEqual(planKeys(node('aggregate', 'HashAggregate(keys=[week_start#1, country_code#2], functions=[sum(spend#3)])', [])), ['week_start', 'country_code']);
      assert.deepStrictEqual(planKeys(node('sort', 'Sort [user_id#4 ASC NULLS FIRST, ts#6 DESC NULLS LAST], false, 0', [])), ['user_id', 'ts']);
      assert.strictEqual(planKeys(node('aggregate', 'HashAggregate(keys=[], functions=[count(1)])', [])), undefined, 'a global aggregate has no keys to match');
      assert.strictEqual(planKeys(node('join', 'BroadcastNestedLoopJoin BuildRight, Cross', [])), undefined);
    });
  });

  describe('one write, four stages', () => {
    const plan = sessionizePlan();
    it('puts the join stage on the join, not on the write that ran it', () => {
      assert.deepStrictEqual(placeStage(3, plan, WRITE_LINE, SESSIONIZE_CODE), { line: 112, operation: 'SortMergeJoin' });
    });
    it('puts a scan-and-partial-aggregate stage on the read (its deepest operator)', () => {
      assert.strictEqual(placeStage(0, plan, WRITE_LINE, SESSIONIZE_CODE)?.line, 50);
    });
    it('puts the final aggregation stage on the groupBy with the same keys, wherever it is in the file', () => {
      assert.strictEqual(placeStage(1, plan, WRITE_LINE, SESSIONIZE_CODE)?.line, 79);
    });
    it('matches a table scan with spark.table by name suffix', () => {
      assert.strictEqual(placeStage(2, plan, WRITE_LINE, SESSIONIZE_CODE)?.line, 111);
    });
    it('leaves a stage where it is without operations, or when the defining node matches nothing', () => {
      assert.strictEqual(placeStage(3, plan, WRITE_LINE, []), undefined);
      assert.strictEqual(placeStage(3, plan, WRITE_LINE, [op('join', 112, ['customer_id'], [WRITE_LINE])]), undefined);
      assert.strictEqual(placeStage(9, plan, WRITE_LINE, SESSIONIZE_CODE), undefined, 'a stage that ran none of these nodes');
    });
  });

  describe('ambiguity', () => {
    it('prefers the operation that feeds the action or write over a same-keyed one elsewhere', () => {
      const plan = sessionizePlan();
      const code = [op('join', 20, ['account_id'], [30]), op('join', 112, ['account_id'], [WRITE_LINE])];
      assert.strictEqual(placeStage(3, plan, WRITE_LINE, code)?.line, 112);
    });
    it('lines up repeated keys by order: the deepest join is the first written', () => {
      nextIndex = 0;
      const outer = node('join', 'SortMergeJoin [k#1], [k#7], Inner', [5]);
      const inner = node('join', 'SortMergeJoin [k#1], [k#4], Inner', [4], outer.nodeIndex);
      const plan = [outer, inner];
      const code = [op('join', 10, ['k'], [40]), op('join', 11, ['k'], [40])];
      assert.strictEqual(placeStage(4, plan, 40, code)?.line, 10);
      assert.strictEqual(placeStage(5, plan, 40, code)?.line, 11);
      assert.strictEqual(placeStage(4, plan, 40, [...code, op('join', 12, ['k'], [40])]), undefined, 'three code joins for two plan joins: no claim');
    });
    it('puts a window sort on the first window spec over the same columns', () => {
      nextIndex = 0;
      const plan = [node('sort', 'Sort [user_id#4 ASC NULLS FIRST, ts#6 ASC NULLS FIRST], false, 0', [2])];
      assert.strictEqual(placeStage(2, plan, 90, [op('window', 61, ['user_id', 'ts']), op('window', 63, ['user_id', 'ts']), op('window', 70, ['ts'])])?.line, 61);
    });
    it('does not take a sort that only serves a join or a write for a cause', () => {
      nextIndex = 0;
      const write = node('write', 'Execute InsertIntoHadoopFsRelationCommand s3://out, false, Parquet', [1]);
      const sort = node('sort', 'Sort [day#1 ASC NULLS FIRST], false, 0', [1], write.nodeIndex);
      assert.strictEqual(placeStage(1, [write, sort], 50, [op('sort', 40, ['day'], [50])]), undefined);
    });
  });

  describe('on event logs', function () {
    this.timeout(120_000);
    it('ties every join of the real shared logs to stages of its own execution', async () => {
      const logs = ['other/kubeflow/local-1776286786993.zstd', 'other/spark-rapids-tools/aqeshuffle_eventlog.zstd', 'other/spark-rapids-tools/spark2-eventlog.zstd', 'spark/app-20200706201101-0003'];
      let joins = 0;
      for (const relative of logs) {
        const summary = await readEventLog(path.join(eventLogsDir(), relative));
        for (const app of summary.applications) {
          const stagesOfJob = new Map(app.jobs.map((job) => [job.jobId, job.stageIds]));
          for (const execution of app.sqlExecutions) {
            const own = new Set(execution.jobIds.flatMap((jobId) => stagesOfJob.get(jobId) ?? []));
            for (const join of execution.nodes.filter((n) => n.kind === 'join')) {
              joins++;
              assert.ok(join.stageIds && join.stageIds.length > 0, `${relative}: ${join.simpleString} has the stages that ran it`);
              for (const stageId of join.stageIds) assert.ok(own.has(stageId), `${relative}: stage ${stageId} of ${join.nodeName} belongs to execution ${execution.executionId}`);
            }
          }
        }
      }
      assert.ok(joins >= 7, `joins seen: ${joins}`);
    });

    it('records which stage ran the skewed join of the example sessionize run (stage 7, README)', async () => {
      const summary = await readEventLog(path.join(REPO_ROOT, 'examples', 'eventlogs', 'app-20261103033000-0003.zstd'));
      const nodes = summary.applications[0]!.sqlExecutions.flatMap((execution) => execution.nodes);
      assert.deepStrictEqual(nodes.find((n) => n.kind === 'join')?.stageIds, [7]);
      // The exchange under the join is written by the aggregation stage and read by the join stage.
      const joinIndex = nodes.find((n) => n.kind === 'join')!.nodeIndex;
      const exchanges = nodes.filter((n) => n.kind === 'exchange' && nodes.find((s) => s.nodeIndex === n.parentIndex)?.parentIndex === joinIndex);
      assert.deepStrictEqual(exchanges.map((n) => n.stageIds), [[5, 7], [6, 7]]);
    });
  });
});
