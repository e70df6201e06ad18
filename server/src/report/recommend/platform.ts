/**
 * Advice in the terms of the platform the run used: where each setting is changed, and the keys a
 * platform sizes by (Databricks sizes clusters by workers; with dynamic allocation Spark sizes the
 * executors between min and max). Recommendations that cannot apply on a platform are dropped: no
 * JVM-heap advice on a RAPIDS GPU run (its spill is GPU memory), no executor sizing in local mode.
 */
import type { Platform } from '../../common/platform';
import type { Recommendation } from '../types';

const EXECUTOR_SIZING = /^spark\.(executor\.(instances|memory|cores)|dynamicAllocation\.)/;
const JVM_MEMORY = /^spark\.(executor\.memory|memory\.fraction)$/;

function where(platform: Platform, key: string): string {
  const runtime = /^spark\.sql\./.test(key) ? ' (a SQL setting: spark.conf.set in the job works too)' : '';
  switch (platform.manager) {
    case 'databricks':
      return `Databricks: the cluster's Advanced options → Spark config${runtime}`;
    case 'yarn':
      return `${platform.emr ? 'EMR: the spark-defaults configuration classification, or --conf on the step' : 'spark-submit --conf or spark-defaults.conf'}${runtime}`;
    case 'kubernetes':
      return `spark-submit --conf, or sparkConf of the SparkApplication${runtime}`;
    case 'local':
      return `SparkSession.builder.config(…) or spark-submit --conf${runtime}`;
    default:
      return `spark-submit --conf or spark-defaults.conf${runtime}`;
  }
}

/** What a bigger executor heap must still fit on this platform. */
function memoryNote(platform: Platform): string {
  if (platform.manager === 'yarn') return ' On YARN the container is spark.executor.memory + spark.executor.memoryOverhead (default max(384 MB, 10%)); it must fit yarn.scheduler.maximum-allocation-mb.';
  if (platform.manager === 'kubernetes') return " On Kubernetes the pod requests spark.executor.memory + overhead (spark.kubernetes.memoryOverheadFactor, default 0.1); it must fit the nodes' allocatable memory.";
  return '';
}

export function adaptToPlatform(platform: Platform, recommendations: Recommendation[], executors: number): Recommendation[] {
  const result: Recommendation[] = [];
  for (const r of recommendations) {
    if (platform.manager === 'local' && EXECUTOR_SIZING.test(r.key)) continue;
    if (platform.gpu && JVM_MEMORY.test(r.key)) continue;
    if (platform.manager === 'databricks' && EXECUTOR_SIZING.test(r.key)) {
      const databricks = platform.databricks!;
      if (r.key === 'spark.executor.instances') {
        const perWorker = databricks.workers && databricks.workers > 0 ? executors / databricks.workers : 1;
        const workers = Math.max(1, Math.round(Number(r.suggested) / Math.max(perWorker, 1e-9)));
        if (databricks.workers !== undefined && workers === databricks.workers) continue;
        result.push({ ...r, key: 'Workers', current: databricks.workers !== undefined ? String(databricks.workers) : null, suggested: String(workers), kind: 'cluster', where: 'Databricks: the cluster\'s Workers (Compute → cluster → Edit)' });
      } else if (r.key === 'spark.dynamicAllocation.maxExecutors' && databricks.maxWorkers !== undefined) {
        const perWorker = executors / Math.max(1, databricks.workers ?? databricks.maxWorkers);
        result.push({ ...r, key: 'Max workers', current: String(databricks.maxWorkers), suggested: String(Math.max(1, Math.round(Number(r.suggested) / Math.max(perWorker, 1e-9)))), kind: 'cluster', where: "Databricks: the cluster's autoscaling Max workers (Compute → cluster → Edit)" });
      } else if (r.key === 'spark.dynamicAllocation.enabled') {
        // Databricks sizes the autoscaling range in workers: the executor floor and ceiling become its min and max workers.
        const { together: _executors, ...autoscaling } = r;
        result.push({ ...autoscaling, key: 'Autoscaling', current: null, suggested: 'on', kind: 'cluster', where: "Databricks: the cluster's Enable autoscaling, with min and max workers" });
      }
      // Executor memory and cores follow the worker type on Databricks: no Spark setting to paste.
      continue;
    }
    if (platform.dynamicAllocation && r.key === 'spark.executor.instances') {
      result.push({ ...r, key: 'spark.dynamicAllocation.maxExecutors', current: null, where: where(platform, r.key), reason: `${r.reason} (dynamic allocation is on: its ceiling decides the executors)` });
      continue;
    }
    result.push({ ...r, where: where(platform, r.key), ...(r.key === 'spark.executor.memory' ? { reason: `${r.reason}${memoryNote(platform)}` } : {}) });
  }
  return result;
}
