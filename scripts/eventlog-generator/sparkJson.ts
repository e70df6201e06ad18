/**
 * Event JSON in Spark's JsonProtocol shapes (key names, nesting and key order as Spark 3.4/3.5 write
 * them), for the parts that do not depend on the simulation: environment, executors, RDD and stage
 * info, task metrics and end reasons.
 */
import { versionAtLeast } from './plan';
import type { Rng } from './random';

export type Json = Record<string, unknown>;

export interface Executor {
  id: string;
  host: string;
  cores: number;
  port: number;
  addedTime: number;
  removed?: boolean;
}

export const JAVA_FRAMES_PY4J = [
  'sun.reflect.NativeMethodAccessorImpl.invoke0(Native Method)',
  'sun.reflect.NativeMethodAccessorImpl.invoke(NativeMethodAccessorImpl.java:62)',
  'sun.reflect.DelegatingMethodAccessorImpl.invoke(DelegatingMethodAccessorImpl.java:43)',
  'java.lang.reflect.Method.invoke(Method.java:498)',
  'py4j.reflection.MethodInvoker.invoke(MethodInvoker.java:244)',
  'py4j.reflection.ReflectionEngine.invoke(ReflectionEngine.java:374)',
  'py4j.Gateway.invoke(Gateway.java:282)',
  'py4j.commands.AbstractCommand.invokeMethod(AbstractCommand.java:132)',
  'py4j.commands.CallCommand.execute(CallCommand.java:79)',
  'py4j.ClientServerConnection.waitForCommands(ClientServerConnection.java:182)',
  'py4j.ClientServerConnection.run(ClientServerConnection.java:106)',
  'java.lang.Thread.run(Thread.java:750)',
];

/** Stage name and stack of stages run on SQLExecution.withThreadLocalCaptured's thread pool (AQE query stages, broadcasts). */
export const HELPER_THREAD_NAME = '$anonfun$withThreadLocalCaptured$1 at FutureTask.java:266';
export const HELPER_THREAD_DETAILS = [
  'org.apache.spark.sql.execution.SQLExecution$.$anonfun$withThreadLocalCaptured$1(SQLExecution.scala:219)',
  'java.util.concurrent.FutureTask.run(FutureTask.java:266)',
  'java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1149)',
  'java.util.concurrent.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:624)',
  'java.lang.Thread.run(Thread.java:750)',
];

export function storageLevel(version: string, cached: boolean): Json {
  const level: Json = { 'Use Disk': cached, 'Use Memory': cached };
  if (versionAtLeast(version, 3, 4)) level['Use Off Heap'] = false;
  level['Deserialized'] = cached;
  level['Replication'] = 1;
  return level;
}

export interface RddInfo {
  id: number;
  name: string;
  scope: { id: number; name: string };
  callSite: string;
  parentIds: number[];
  partitions: number;
  cache?: { memoryBytes: number; diskBytes: number; partitions: number };
}

export function rddInfoJson(version: string, rdd: RddInfo, filled: boolean): Json {
  const cached = rdd.cache !== undefined;
  return {
    'RDD ID': rdd.id,
    Name: rdd.name,
    Scope: JSON.stringify({ id: `${rdd.scope.id}`, name: rdd.scope.name }),
    Callsite: rdd.callSite,
    'Parent IDs': rdd.parentIds,
    'Storage Level': storageLevel(version, cached),
    Barrier: false,
    DeterministicLevel: 'DETERMINATE',
    'Number of Partitions': rdd.partitions,
    'Number of Cached Partitions': cached && filled ? rdd.cache!.partitions : 0,
    'Memory Size': cached && filled ? rdd.cache!.memoryBytes : 0,
    'Disk Size': cached && filled ? rdd.cache!.diskBytes : 0,
  };
}

export interface StageInfoFields {
  stageId: number;
  attemptId: number;
  name: string;
  numTasks: number;
  rdds: RddInfo[];
  parentIds: number[];
  details: string;
  submissionTime?: number;
  completionTime?: number;
  failureReason?: string;
  accumulables: Json[];
  /** Cached RDDs show their filled partitions (StageCompleted). */
  filled: boolean;
}

export function stageInfoJson(version: string, stage: StageInfoFields): Json {
  const info: Json = {
    'Stage ID': stage.stageId,
    'Stage Attempt ID': stage.attemptId,
    'Stage Name': stage.name,
    'Number of Tasks': stage.numTasks,
    'RDD Info': stage.rdds.map((rdd) => rddInfoJson(version, rdd, stage.filled)),
    'Parent IDs': stage.parentIds,
    Details: stage.details,
  };
  if (stage.submissionTime !== undefined) info['Submission Time'] = stage.submissionTime;
  if (stage.completionTime !== undefined) info['Completion Time'] = stage.completionTime;
  if (stage.failureReason !== undefined) info['Failure Reason'] = stage.failureReason;
  info['Accumulables'] = stage.accumulables;
  info['Resource Profile Id'] = 0;
  if (versionAtLeast(version, 3, 4)) {
    info['Shuffle Push Enabled'] = false;
    info['Shuffle Push Mergers Count'] = 0;
  }
  return info;
}

/** Per-task figures as TaskMetrics carries them. */
export interface TaskMetricValues {
  deserializeMs: number;
  deserializeCpuNs: number;
  runMs: number;
  cpuNs: number;
  peakExecutionMemory: number;
  resultSize: number;
  gcMs: number;
  resultSerializationMs: number;
  memorySpilled: number;
  diskSpilled: number;
  remoteBlocks: number;
  localBlocks: number;
  fetchWaitMs: number;
  remoteBytes: number;
  localBytes: number;
  shuffleRecordsRead: number;
  shuffleBytesWritten: number;
  shuffleWriteNs: number;
  shuffleRecordsWritten: number;
  inputBytes: number;
  inputRecords: number;
  outputBytes: number;
  outputRecords: number;
}

export function taskMetricsJson(version: string, m: TaskMetricValues): Json {
  const shuffleRead: Json = {
    'Remote Blocks Fetched': m.remoteBlocks,
    'Local Blocks Fetched': m.localBlocks,
    'Fetch Wait Time': m.fetchWaitMs,
    'Remote Bytes Read': m.remoteBytes,
    'Remote Bytes Read To Disk': 0,
    'Local Bytes Read': m.localBytes,
    'Total Records Read': m.shuffleRecordsRead,
  };
  if (versionAtLeast(version, 3, 4)) {
    shuffleRead['Remote Requests Duration'] = m.remoteBlocks > 0 ? Math.round(m.fetchWaitMs * 0.8) : 0;
    shuffleRead['Push Based Shuffle'] = {
      'Corrupt Merged Block Chunks': 0,
      'Merged Fetch Fallback Count': 0,
      'Merged Remote Blocks Fetched': 0,
      'Merged Local Blocks Fetched': 0,
      'Merged Remote Chunks Fetched': 0,
      'Merged Local Chunks Fetched': 0,
      'Merged Remote Bytes Read': 0,
      'Merged Local Bytes Read': 0,
      'Merged Remote Requests Duration': 0,
    };
  }
  return {
    'Executor Deserialize Time': m.deserializeMs,
    'Executor Deserialize CPU Time': m.deserializeCpuNs,
    'Executor Run Time': m.runMs,
    'Executor CPU Time': m.cpuNs,
    'Peak Execution Memory': m.peakExecutionMemory,
    'Result Size': m.resultSize,
    'JVM GC Time': m.gcMs,
    'Result Serialization Time': m.resultSerializationMs,
    'Memory Bytes Spilled': m.memorySpilled,
    'Disk Bytes Spilled': m.diskSpilled,
    'Shuffle Read Metrics': shuffleRead,
    'Shuffle Write Metrics': { 'Shuffle Bytes Written': m.shuffleBytesWritten, 'Shuffle Write Time': m.shuffleWriteNs, 'Shuffle Records Written': m.shuffleRecordsWritten },
    'Input Metrics': { 'Bytes Read': m.inputBytes, 'Records Read': m.inputRecords },
    'Output Metrics': { 'Bytes Written': m.outputBytes, 'Records Written': m.outputRecords },
    'Updated Blocks': [],
  };
}

/** Internal accumulators of a stage attempt, in the order Spark registers them. */
export const INTERNAL_METRICS: Array<[string, keyof TaskMetricValues]> = [
  ['internal.metrics.executorDeserializeTime', 'deserializeMs'],
  ['internal.metrics.executorDeserializeCpuTime', 'deserializeCpuNs'],
  ['internal.metrics.executorRunTime', 'runMs'],
  ['internal.metrics.executorCpuTime', 'cpuNs'],
  ['internal.metrics.resultSize', 'resultSize'],
  ['internal.metrics.jvmGCTime', 'gcMs'],
  ['internal.metrics.resultSerializationTime', 'resultSerializationMs'],
  ['internal.metrics.memoryBytesSpilled', 'memorySpilled'],
  ['internal.metrics.diskBytesSpilled', 'diskSpilled'],
  ['internal.metrics.peakExecutionMemory', 'peakExecutionMemory'],
  ['internal.metrics.shuffle.read.remoteBlocksFetched', 'remoteBlocks'],
  ['internal.metrics.shuffle.read.localBlocksFetched', 'localBlocks'],
  ['internal.metrics.shuffle.read.remoteBytesRead', 'remoteBytes'],
  ['internal.metrics.shuffle.read.localBytesRead', 'localBytes'],
  ['internal.metrics.shuffle.read.fetchWaitTime', 'fetchWaitMs'],
  ['internal.metrics.shuffle.read.recordsRead', 'shuffleRecordsRead'],
  ['internal.metrics.shuffle.write.bytesWritten', 'shuffleBytesWritten'],
  ['internal.metrics.shuffle.write.recordsWritten', 'shuffleRecordsWritten'],
  ['internal.metrics.shuffle.write.writeTime', 'shuffleWriteNs'],
  ['internal.metrics.input.bytesRead', 'inputBytes'],
  ['internal.metrics.input.recordsRead', 'inputRecords'],
  ['internal.metrics.output.bytesWritten', 'outputBytes'],
  ['internal.metrics.output.recordsWritten', 'outputRecords'],
];

/** Executor memory/GC gauges at task end ("Task Executor Metrics", Spark 3.0+). */
export function executorMetricsJson(rng: Rng, heapMax: number, gcMs: number): Json {
  const heap = Math.round(heapMax * rng.between(0.25, 0.7));
  const execution = Math.round(heapMax * rng.between(0.02, 0.2));
  const storage = Math.round(heapMax * rng.between(0.0, 0.1));
  return {
    JVMHeapMemory: heap,
    JVMOffHeapMemory: Math.round(rng.between(1.1e8, 1.9e8)),
    OnHeapExecutionMemory: execution,
    OffHeapExecutionMemory: 0,
    OnHeapStorageMemory: storage,
    OffHeapStorageMemory: 0,
    OnHeapUnifiedMemory: execution + storage,
    OffHeapUnifiedMemory: 0,
    DirectPoolMemory: Math.round(rng.between(1e6, 4e7)),
    MappedPoolMemory: 0,
    ProcessTreeJVMVMemory: 0,
    ProcessTreeJVMRSSMemory: 0,
    ProcessTreePythonVMemory: 0,
    ProcessTreePythonRSSMemory: 0,
    ProcessTreeOtherVMemory: 0,
    ProcessTreeOtherRSSMemory: 0,
    MinorGCCount: Math.round(gcMs / 12) + rng.int(5, 40),
    MinorGCTime: Math.round(gcMs * 0.7) + rng.int(100, 900),
    MajorGCCount: rng.int(1, 4),
    MajorGCTime: Math.round(gcMs * 0.3) + rng.int(50, 400),
    TotalGCTime: gcMs + rng.int(150, 1300),
  };
}

/** A stack frame: class, method, file (null for generated code), line. */
export type Frame = [string, string, string | null, number];

export function stackTraceJson(frames: Frame[]): Json[] {
  return frames.map(([declaringClass, method, file, line]) => ({ 'Declaring Class': declaringClass, 'Method Name': method, 'File Name': file, 'Line Number': line }));
}

export const OOM_TRACE: Frame[] = [
  ['org.apache.spark.memory.TaskMemoryManager', 'allocatePage', 'TaskMemoryManager.java', 402],
  ['org.apache.spark.memory.MemoryConsumer', 'allocatePage', 'MemoryConsumer.java', 130],
  ['org.apache.spark.util.collection.unsafe.sort.UnsafeExternalSorter', 'acquireNewPageIfNecessary', 'UnsafeExternalSorter.java', 434],
  ['org.apache.spark.util.collection.unsafe.sort.UnsafeExternalSorter', 'insertRecord', 'UnsafeExternalSorter.java', 458],
  ['org.apache.spark.sql.execution.UnsafeExternalRowSorter', 'insertRow', 'UnsafeExternalRowSorter.java', 138],
  ['org.apache.spark.sql.catalyst.expressions.GeneratedClass$GeneratedIteratorForCodegenStage3', 'sort_addToSorter_0$', null, -1],
  ['org.apache.spark.scheduler.ShuffleMapTask', 'runTask', 'ShuffleMapTask.scala', 99],
  ['org.apache.spark.scheduler.Task', 'run', 'Task.scala', 141],
  ['org.apache.spark.executor.Executor$TaskRunner', 'run', 'Executor.scala', 620],
  ['java.util.concurrent.ThreadPoolExecutor', 'runWorker', 'ThreadPoolExecutor.java', 1149],
  ['java.util.concurrent.ThreadPoolExecutor$Worker', 'run', 'ThreadPoolExecutor.java', 624],
  ['java.lang.Thread', 'run', 'Thread.java', 750],
];

export function fullStackTrace(className: string, message: string, frames: Frame[]): string {
  const lines = frames.map(([cls, method, file, line]) => `\tat ${cls}.${method}(${file === null ? 'Unknown Source' : `${file}:${line}`})`);
  return `${className}: ${message}\n${lines.join('\n')}\n`;
}
