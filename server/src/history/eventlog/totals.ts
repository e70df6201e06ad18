/** Task figures read from one TaskEnd event, and their sums. */
import type { Json } from './json';
import { num, numOr0, obj, str } from './json';
import type { TaskStatus, TaskTotals } from './types';

export function emptyTotals(): TaskTotals {
  return {
    tasks: 0,
    succeededTasks: 0,
    failedTasks: 0,
    killedTasks: 0,
    tasksWithoutMetrics: 0,
    durationMs: 0,
    executorRunTimeMs: 0,
    jvmGcTimeMs: 0,
    shuffleReadBytes: 0,
    shuffleRemoteReadBytes: 0,
    shuffleLocalReadBytes: 0,
    shuffleWriteBytes: 0,
    inputBytes: 0,
    memorySpilledBytes: 0,
    diskSpilledBytes: 0,
    executorCpuTimeNs: 0,
    outputBytes: 0,
  };
}

/** One TaskEnd event's figures. */
export interface TaskFigures {
  status: TaskStatus;
  reason: string | undefined;
  hasMetrics: boolean;
  launchTime: number | undefined;
  durationMs: number | undefined;
  executorRunTimeMs: number;
  jvmGcTimeMs: number;
  shuffleRemoteReadBytes: number;
  shuffleLocalReadBytes: number;
  shuffleWriteBytes: number;
  inputBytes: number;
  memorySpilledBytes: number;
  diskSpilledBytes: number;
  executorCpuTimeNs: number;
  outputBytes: number;
}

/** Spark's own rule (AppStatusListener): Success counts as completed, TaskKilled/TaskCommitDenied as killed, the rest as failed. */
function taskStatus(reason: string | undefined, info: Json | undefined): TaskStatus {
  if (info?.['Killed'] === true || reason === 'TaskKilled' || reason === 'TaskCommitDenied') return 'killed';
  if (reason === 'Success' || (reason === undefined && info?.['Failed'] === false)) return 'succeeded';
  return 'failed';
}

/**
 * Field names follow Spark's JsonProtocol, 1.x to 4.x: sub-objects and fields that older versions do
 * not write ("Shuffle Read Metrics"/"Local Bytes Read" before 1.3, "Executor CPU Time" before 2.1,
 * "Task Metrics" on lost tasks) simply add nothing.
 */
export function taskFigures(event: Json, notNumber?: (field: string, value: unknown) => void): TaskFigures {
  const info = obj(event['Task Info']);
  const metrics = obj(event['Task Metrics']);
  const reason = str(obj(event['Task End Reason'])?.['Reason']);
  const launch = num(info?.['Launch Time']);
  const finish = num(info?.['Finish Time']);
  if (notNumber && info) reportNonNumbers(info, TIME_FIELDS, notNumber);
  if (notNumber && metrics) reportNonNumbers(metrics, METRIC_FIELDS, notNumber);
  const shuffleRead = obj(metrics?.['Shuffle Read Metrics']);
  return {
    status: taskStatus(reason, info),
    reason,
    hasMetrics: metrics !== undefined,
    launchTime: launch,
    durationMs: launch !== undefined && finish !== undefined && finish >= launch && finish > 0 ? finish - launch : undefined,
    executorRunTimeMs: numOr0(metrics?.['Executor Run Time']),
    jvmGcTimeMs: numOr0(metrics?.['JVM GC Time']),
    shuffleRemoteReadBytes: numOr0(shuffleRead?.['Remote Bytes Read']),
    shuffleLocalReadBytes: numOr0(shuffleRead?.['Local Bytes Read']),
    shuffleWriteBytes: numOr0(obj(metrics?.['Shuffle Write Metrics'])?.['Shuffle Bytes Written']),
    inputBytes: numOr0(obj(metrics?.['Input Metrics'])?.['Bytes Read']),
    memorySpilledBytes: numOr0(metrics?.['Memory Bytes Spilled']),
    diskSpilledBytes: numOr0(metrics?.['Disk Bytes Spilled']),
    executorCpuTimeNs: numOr0(metrics?.['Executor CPU Time']),
    outputBytes: numOr0(obj(metrics?.['Output Metrics'])?.['Bytes Written']),
  };
}

const TIME_FIELDS = ['Launch Time', 'Finish Time'];
const METRIC_FIELDS = ['Executor Run Time', 'JVM GC Time', 'Memory Bytes Spilled', 'Disk Bytes Spilled', 'Executor CPU Time'];

/** Fields present but not numbers (a string "12", null) would otherwise count as 0 without a word. */
function reportNonNumbers(container: Json, fields: readonly string[], notNumber: (field: string, value: unknown) => void): void {
  for (const field of fields) {
    const value = container[field];
    if (value !== undefined && num(value) === undefined) notNumber(field, value);
  }
}

export function addTask(totals: TaskTotals, task: TaskFigures): void {
  totals.tasks++;
  if (task.status === 'succeeded') totals.succeededTasks++;
  else if (task.status === 'failed') totals.failedTasks++;
  else totals.killedTasks++;
  if (!task.hasMetrics) totals.tasksWithoutMetrics++;
  totals.durationMs += task.durationMs ?? 0;
  totals.executorRunTimeMs += task.executorRunTimeMs;
  totals.jvmGcTimeMs += task.jvmGcTimeMs;
  totals.shuffleRemoteReadBytes += task.shuffleRemoteReadBytes;
  totals.shuffleLocalReadBytes += task.shuffleLocalReadBytes;
  totals.shuffleReadBytes += task.shuffleRemoteReadBytes + task.shuffleLocalReadBytes;
  totals.shuffleWriteBytes += task.shuffleWriteBytes;
  totals.inputBytes += task.inputBytes;
  totals.memorySpilledBytes += task.memorySpilledBytes;
  totals.diskSpilledBytes += task.diskSpilledBytes;
  totals.executorCpuTimeNs += task.executorCpuTimeNs;
  totals.outputBytes += task.outputBytes;
}
