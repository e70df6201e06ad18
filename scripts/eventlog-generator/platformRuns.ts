/**
 * Runs on the platforms whose advice differs, for the platform tests: a RAPIDS GPU run on YARN that
 * spills (GPU memory spilled to the host, which Spark counts as "Memory Bytes Spilled") and then
 * fails with a GPU out-of-memory error, the stages after it cancelled as the application stops; a
 * Databricks run on 2 workers whose scan runs many waves; and a run with dynamic allocation held at
 * its maxExecutors ceiling through the same many waves.
 */
import { description, rollup, type PairSettings } from './configurationPairs';
import type { JobRunDescription } from './types';

const GPU_OOM_FRAMES: Array<[string, string, string, number]> = [
  ['com.nvidia.spark.rapids.jni.RmmSpark', 'blockThreadUntilReady', 'RmmSpark.java', 384],
  ['com.nvidia.spark.rapids.RmmRapidsRetryIterator$', 'withRetryNoSplit', 'RmmRapidsRetryIterator.scala', 187],
  ['com.nvidia.spark.rapids.GpuSortExec', 'doExecuteColumnar', 'GpuSortExec.scala', 212],
];

/** RAPIDS on YARN: 4 executors × 4 cores × 1 GPU, 16 GB heap, two concurrent GPU tasks, 10 % of GPU memory reserved. */
export function rapidsGpuRun(): JobRunDescription {
  const settings: PairSettings = { executors: 4, coresPerExecutor: 4, executorMemoryMb: 16 * 1024, memoryFraction: 0.1 };
  // The aggregation spills (what RAPIDS moves from GPU to host memory shows as memory spill).
  const [aggregate] = rollup(settings, 96 * 1024, 48 * 1024);
  const failing = rollup(settings, 8 * 1024, 6 * 1024)[0]!;
  const abortedReduce = { ...failing.stages[1]!, abort: { exception: 'com.nvidia.spark.rapids.jni.GpuRetryOOM', message: 'GPU OutOfMemory: could not allocate 2147483648 bytes (10% of GPU memory reserved)', stack: GPU_OOM_FRAMES } };
  return description('nds-gpu-rollup', 20, settings, [aggregate!, { ...failing, stages: [failing.stages[0]!, abortedReduce] }, { ...failing, cancelled: true }, { ...aggregate!, cancelled: true }], {
    'spark.plugins': 'com.nvidia.spark.SQLPlugin',
    'spark.rapids.sql.enabled': 'true',
    'spark.rapids.sql.concurrentGpuTasks': '2',
    'spark.rapids.memory.gpu.reserve': '0.1',
    'spark.rapids.memory.pinnedPool.size': '2g',
    'spark.executor.resource.gpu.amount': '1',
    'spark.task.resource.gpu.amount': '0.25',
  });
}

/** A rollup whose scan of 120 GB runs many waves on `settings`' cores. */
function wideScan(name: string, runIndex: number, settings: PairSettings, platformConf: Record<string, string>): JobRunDescription {
  return description(name, runIndex, settings, rollup(settings, 120 * 1024, 4 * 1024), platformConf);
}

/** Databricks: 2 workers of i3.xlarge (one executor each, 4 cores); the scan runs 120 waves. */
export function databricksRun(): JobRunDescription {
  return wideScan('orders-rollup-databricks', 22, { executors: 2, coresPerExecutor: 4, executorMemoryMb: 24 * 1024 }, {
    'spark.master': 'spark://10.139.64.4:7077',
    'spark.databricks.clusterUsageTags.clusterWorkers': '2',
    'spark.databricks.clusterUsageTags.clusterNodeType': 'i3.xlarge',
    'spark.databricks.clusterUsageTags.sparkVersion': '13.3.x-scala2.12',
    'spark.databricks.clusterUsageTags.clusterName': 'etl-nightly',
  });
}

/** Dynamic allocation on YARN, at its ceiling of 4 executors for the whole scan. */
export function dynamicAllocationRun(): JobRunDescription {
  return wideScan('orders-rollup-dynamic', 24, { executors: 4, coresPerExecutor: 4, executorMemoryMb: 8 * 1024 }, {
    'spark.dynamicAllocation.enabled': 'true',
    'spark.dynamicAllocation.minExecutors': '1',
    'spark.dynamicAllocation.maxExecutors': '4',
    'spark.shuffle.service.enabled': 'true',
  });
}

export function platformRuns(): JobRunDescription[] {
  return [rapidsGpuRun(), databricksRun(), dynamicAllocationRun()];
}
