/**
 * Odd values in otherwise valid events: numbers written as strings, missing fields, integers beyond
 * 2^53, times going backwards and repeated task ends are each warned about with file and line, and
 * never counted twice or turned into negative durations.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readEventLog } from '../../../server/src/history/eventlog';

const lines = [
  /* 1 */ { Event: 'SparkListenerApplicationStart', 'App Name': 'odd', 'App ID': 'app-odd', Timestamp: 1_700_000_100_000, User: 'u' },
  /* 2 */ { Event: 'SparkListenerJobStart', 'Job ID': 0, 'Submission Time': 1_700_000_100_100, 'Stage IDs': [0] },
  /* 3 */ { Event: 'SparkListenerJobStart', 'Stage IDs': [1] },
  /* 4 */ { Event: 'SparkListenerStageSubmitted', 'Stage Info': { 'Stage ID': 0, 'Stage Attempt ID': 0, 'Number of Tasks': 2, 'Submission Time': 1_700_000_100_200 } },
  /* 5 */ task(0, 1_000),
  /* 6 */ task(0, 1_000),
  /* 7 */ task(1, 2_000),
  /* 8 */ { ...task(2, 3_000), 'Stage ID': '0' },
  /* 9 */ { ...task(3, 4_000), 'Task Metrics': { 'Executor Run Time': '4000' } },
  /* 10 */ task(2 ** 53 + 10, 5_000),
  /* 11 */ { Event: 'SparkListenerStageCompleted', 'Stage Info': { 'Stage ID': 0, 'Stage Attempt ID': 0, 'Submission Time': 1_700_000_100_200, 'Completion Time': 1_600_000_000_000 } },
  /* 12 */ { Event: 'SparkListenerApplicationEnd', Timestamp: 1_000 },
];

function task(taskId: number, runTime: number) {
  return {
    Event: 'SparkListenerTaskEnd',
    'Stage ID': 0,
    'Stage Attempt ID': 0,
    'Task End Reason': { Reason: 'Success' },
    'Task Info': { 'Task ID': taskId, Index: taskId, Attempt: 0, 'Launch Time': 1_700_000_100_300, 'Finish Time': 1_700_000_100_300 + runTime, 'Executor ID': '1', Host: 'h' },
    'Task Metrics': { 'Executor Run Time': runTime },
  };
}

describe('odd values in events', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spark-advisor-odd-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('are warned about with file and line; repeated task ends count once; times going backwards are unknown', async () => {
    const file = path.join(dir, 'app-odd');
    fs.writeFileSync(file, `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`);
    const summary = await readEventLog(file);
    assert.deepStrictEqual(
      summary.warnings.map((w) => [path.basename(w.file), w.line, w.kind, w.message]),
      [
        ['app-odd', 3, 'odd-value', 'SparkListenerJobStart without "Job ID", skipped'],
        ['app-odd', 6, 'odd-value', 'SparkListenerTaskEnd for task 0 (stage 0) seen before, counted once'],
        ['app-odd', 8, 'odd-value', 'SparkListenerTaskEnd: "Stage ID" is a string "0", not a number; event skipped'],
        ['app-odd', 9, 'odd-value', 'SparkListenerTaskEnd: "Executor Run Time" is a string "4000", not a number; taken as unknown'],
        ['app-odd', 10, 'odd-value', `SparkListenerTaskEnd: "Task ID" ${2 ** 53 + 10} is beyond 2^53 and was rounded when read`],
        ['app-odd', 11, 'odd-value', 'SparkListenerStageCompleted: stage 0 completes at 1600000000000, before it was submitted (1700000100200): its completion time is taken as unknown'],
        ['app-odd', 12, 'odd-value', 'SparkListenerApplicationEnd at 1000, before the application started (1700000100000): its end time is taken as unknown'],
      ],
    );
    const [app] = summary.applications;
    assert.strictEqual(app!.totals.tasks, 4, 'tasks 0, 1, 3 and the one beyond 2^53; the repeat and the one without a numeric stage id are not counted');
    assert.strictEqual(app!.totals.executorRunTimeMs, 1_000 + 2_000 + 5_000);
    assert.strictEqual(app!.endTime, undefined);
    assert.strictEqual(app!.stages[0]!.completionTime, undefined);
  });
});
