/**
 * Executor sizing on small hand-made runs whose answer is worked out by hand: over-provisioned,
 * idle for long stretches, and busy through many waves of tasks.
 */
import * as assert from 'assert';
import type { ApplicationSummary, ExecutorSummary, StageSummary, TaskTotals } from '../../../server/src/history/eventlog/types';
import { confBlock, recommendConfiguration } from '../../../server/src/report/recommend';
import type { Recommendation } from '../../../server/src/report/types';
import { emptyTotals } from '../../../server/src/history/eventlog/totals';

const START = 1_800_000_000_000;
const MINUTE = 60_000;

function totals(tasks: number, durationMs: number): TaskTotals {
  return { ...emptyTotals(), tasks, succeededTasks: tasks, durationMs, executorRunTimeMs: durationMs, inputBytes: tasks * 64 * 1024 * 1024 };
}

/** A stage of `tasks` equal tasks keeping `busyCores` cores busy from `from` to `to` (minutes after start). */
function stage(stageId: number, tasks: number, from: number, to: number, busyCores: number): StageSummary {
  const wall = (to - from) * MINUTE;
  const taskMs = (busyCores * wall) / tasks;
  const even = { count: tasks, min: taskMs, max: taskMs, mean: taskMs, p5: taskMs, p25: taskMs, p50: taskMs, p75: taskMs, p95: taskMs, exact: true };
  return {
    stageId,
    attemptId: 0,
    name: `stage at Job.scala:${stageId}`,
    numTasks: tasks,
    submissionTime: START + from * MINUTE,
    completionTime: START + to * MINUTE,
    status: 'complete',
    jobIds: [stageId],
    tasks: totals(tasks, busyCores * wall),
    taskDuration: even,
    parentIds: [],
    rddCallSites: [],
    slowestTasks: [],
  };
}

function cluster(executors: number, cores: number, minutes: number, stages: StageSummary[], properties: Record<string, string> = {}): ApplicationSummary {
  const list: ExecutorSummary[] = Array.from({ length: executors }, (_, i) => ({ executorId: String(i + 1), host: `h${i}`, totalCores: cores, addedTime: START }));
  return {
    appId: 'app-1',
    name: 'sizing',
    sparkVersion: '3.5.1',
    startTime: START,
    endTime: START + minutes * MINUTE,
    completed: true,
    sparkProperties: { 'spark.master': 'yarn', 'spark.executor.instances': String(executors), 'spark.executor.cores': String(cores), 'spark.dynamicAllocation.enabled': 'false', ...properties },
    executors: list,
    jobs: stages.map((s) => ({ jobId: s.stageId, stageIds: [s.stageId], properties: {} })),
    sqlExecutions: [],
    cachedRdds: [],
    stages,
    totals: totals(0, 0),
  };
}

const keyed = (recommendations: Recommendation[]) => new Map(recommendations.map((r) => [r.key, r]));

describe('configuration recommendations: executors', () => {
  it('over-provisioned: 20 executors × 4 cores for 2 h while no stage had more than 8 tasks → 2 executors', () => {
    const stages = Array.from({ length: 12 }, (_, i) => stage(i, 8, i * 10, i * 10 + 9, 8));
    const recommendations = keyed(recommendConfiguration(cluster(20, 4, 120, stages)));
    const instances = recommendations.get('spark.executor.instances');
    assert.ok(instances, [...recommendations.keys()].join(', '));
    assert.strictEqual(instances.current, '20');
    // 8 tasks at once need 8 cores: 2 executors of 4.
    assert.strictEqual(instances.suggested, '2');
    // 80 cores × 2 h = 160 core-hours, of which 18/20 are freed: 144.
    assert.match(instances.reason, /8 tasks/);
    assert.match(instances.reason, /80 cores/);
    assert.match(instances.reason, /144 core-hours/);
    // Right-sized statically first: no dynamic allocation on top.
    assert.strictEqual(recommendations.get('spark.dynamicAllocation.enabled'), undefined);
  });

  it('a short over-provisioned run saves too little to be worth a change', () => {
    // 16 cores too many for 2 minutes: about half a core-hour.
    const recommendations = recommendConfiguration(cluster(10, 4, 2, [stage(0, 24, 0, 2, 24)]));
    assert.deepStrictEqual(recommendations, []);
  });

  it('idle for long stretches: a full-width stage, then one task for 30 min → dynamic allocation with 1…10 executors', () => {
    const stages = [stage(0, 200, 0, 5, 40), stage(1, 1, 5, 35, 1), stage(2, 80, 35, 40, 40)];
    const app = cluster(10, 4, 40, stages);
    app.totals.shuffleWriteBytes = 5 * 1024 ** 3;
    const recommendations = keyed(recommendConfiguration(app));
    const enabled = recommendations.get('spark.dynamicAllocation.enabled');
    assert.ok(enabled, [...recommendations.keys()].join(', '));
    assert.strictEqual(enabled.current, 'false');
    assert.strictEqual(enabled.suggested, 'true');
    // During stage 1, 9 of the 10 executors idle for 30 min; each goes after 1 min: 9 × 29 min × 4 cores = 17.4 core-hours.
    assert.match(enabled.reason, /17\.4 core-hours/);
    assert.match(enabled.reason, /of the run's 26\.7 core-hours/);
    assert.match(enabled.reason, /stage 1/);
    // One recommendation: the floor, the ceiling and shuffle tracking are set with it, each said why once, the effect stated once.
    assert.deepStrictEqual(enabled.together, [
      { key: 'spark.dynamicAllocation.minExecutors', current: null, suggested: '1' },
      { key: 'spark.dynamicAllocation.maxExecutors', current: null, suggested: '10' },
      { key: 'spark.dynamicAllocation.shuffleTracking.enabled', current: null, suggested: 'true' },
    ]);
    assert.match(enabled.reason, /at least 1 executor: .*at most 10 executors: .*shuffle tracking, since the run wrote 5 GB of shuffle files/);
    assert.deepStrictEqual([...recommendations.keys()], ['spark.dynamicAllocation.enabled']);
    assert.strictEqual(enabled.reason.split('Expected').length, 1);
    const conf = confBlock([enabled]);
    assert.strictEqual(conf.sparkDefaults.split('\n').filter((line) => line.startsWith('#')).length, 1, 'one comment for the one change');
    assert.deepStrictEqual(conf.sparkDefaults.split('\n').filter((line) => line.startsWith('spark.')), ['spark.dynamicAllocation.enabled true', 'spark.dynamicAllocation.minExecutors 1', 'spark.dynamicAllocation.maxExecutors 10', 'spark.dynamicAllocation.shuffleTracking.enabled true']);
    // Without shuffle files there is nothing to track.
    const withoutShuffle = keyed(recommendConfiguration(cluster(10, 4, 40, stages))).get('spark.dynamicAllocation.enabled');
    assert.deepStrictEqual(withoutShuffle?.together?.map((s) => s.key), ['spark.dynamicAllocation.minExecutors', 'spark.dynamicAllocation.maxExecutors']);
  });

  it('with the external shuffle service, dynamic allocation needs no shuffle tracking', () => {
    const stages = [stage(0, 200, 0, 5, 40), stage(1, 1, 5, 35, 1), stage(2, 80, 35, 40, 40)];
    const app = cluster(10, 4, 40, stages, { 'spark.shuffle.service.enabled': 'true' });
    app.totals.shuffleWriteBytes = 5 * 1024 ** 3;
    const recommendations = keyed(recommendConfiguration(app));
    assert.ok(recommendations.has('spark.dynamicAllocation.enabled'));
    assert.ok(!recommendations.get('spark.dynamicAllocation.enabled')!.together!.some((s) => s.key === 'spark.dynamicAllocation.shuffleTracking.enabled'));
  });

  it('already under dynamic allocation: no executor counts', () => {
    const stages = [stage(0, 200, 0, 5, 40), stage(1, 1, 5, 35, 1)];
    const recommendations = recommendConfiguration(cluster(10, 4, 35, stages, { 'spark.dynamicAllocation.enabled': 'true' }));
    assert.deepStrictEqual(recommendations.filter((r) => r.key.startsWith('spark.dynamicAllocation.') || r.key === 'spark.executor.instances'), []);
  });

  it('many busy waves: 2,000 tasks on 40 cores kept 95% busy for 50 of 60 min → 20 executors', () => {
    const stages = [stage(0, 2000, 5, 55, 38)];
    const recommendations = keyed(recommendConfiguration(cluster(10, 4, 60, stages)));
    const instances = recommendations.get('spark.executor.instances');
    assert.ok(instances, [...recommendations.keys()].join(', '));
    assert.strictEqual(instances.current, '10');
    // Capped at twice the executors per step (2,000 tasks alone would use 500).
    assert.strictEqual(instances.suggested, '20');
    assert.match(instances.reason, /2,000 tasks in 50\.0 waves over 40 cores/);
    assert.match(instances.reason, /95% busy/);
  });

  it('a few waves, or a short share of the run, stay silent', () => {
    // 80 tasks = 2 waves.
    assert.deepStrictEqual(recommendConfiguration(cluster(10, 4, 60, [stage(0, 80, 0, 55, 38)])), []);
    // Busy waves for 10 of 60 min, the rest one stage at full width: not worth more executors.
    const stages = [stage(0, 400, 0, 10, 38), stage(1, 40, 10, 60, 40)];
    assert.deepStrictEqual(recommendConfiguration(cluster(10, 4, 60, stages)), []);
  });
});
