/**
 * Where a run ran, read from its Spark properties: the cluster manager, the vendor platform, the
 * accelerator and how executors were allocated. Advice about a run is phrased in these terms (a
 * Databricks cluster is sized by workers, a RAPIDS run's spill is GPU memory, dynamic allocation
 * has min/max executors rather than a count).
 */
export type ClusterManager = 'local' | 'yarn' | 'kubernetes' | 'standalone' | 'databricks' | 'unknown';

export interface Platform {
  manager: ClusterManager;
  /** Amazon EMR (on YARN or EKS), from its class paths and properties. */
  emr: boolean;
  /** The RAPIDS Accelerator plugin ran SQL on GPUs. */
  gpu: boolean;
  /** spark.dynamicAllocation.enabled = true (Databricks autoscaling counts too). */
  dynamicAllocation: boolean;
  /** Databricks: workers, node type and Photon, from the cluster usage tags. */
  databricks?: { workers?: number; minWorkers?: number; maxWorkers?: number; nodeType?: string; photon: boolean };
  /** One line for the report: "Databricks, 2 workers of i3.xlarge, Photon" or "YARN (EMR)". */
  label: string;
}

type Properties = Readonly<Record<string, string>>;

const num = (value: string | undefined): number | undefined => {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
};

const isTrue = (value: string | undefined) => value?.trim().toLowerCase() === 'true';

export function isRapids(properties: Properties): boolean {
  return /com\.nvidia\.spark\.SQLPlugin/.test(properties['spark.plugins'] ?? '') && !/^false$/i.test(properties['spark.rapids.sql.enabled'] ?? '');
}

function managerOf(properties: Properties): ClusterManager {
  if (Object.keys(properties).some((key) => key.startsWith('spark.databricks.clusterUsageTags.'))) return 'databricks';
  const master = (properties['spark.master'] ?? '').trim();
  if (/^local(\[|$)|^local-cluster\[/.test(master)) return 'local';
  if (/^yarn/.test(master)) return 'yarn';
  if (/^k8s:\/\//.test(master)) return 'kubernetes';
  if (/^spark:\/\//.test(master)) return 'standalone';
  return 'unknown';
}

export function platformOf(properties: Properties): Platform {
  const manager = managerOf(properties);
  const emr = Object.entries(properties).some(([key, value]) => /^spark\.emr\./.test(key) || (/extraClassPath|extraLibraryPath/.test(key) && /\/usr\/share\/aws\/emr\//.test(value)));
  const gpu = isRapids(properties);
  const tag = (name: string) => properties[`spark.databricks.clusterUsageTags.${name}`];
  const autoscale = num(tag('clusterMaxWorkers')) !== undefined && num(tag('clusterMinWorkers')) !== undefined && num(tag('clusterMaxWorkers'))! > num(tag('clusterMinWorkers'))!;
  const databricks =
    manager === 'databricks'
      ? {
          workers: num(tag('clusterWorkers')) ?? num(tag('clusterTargetWorkers')),
          minWorkers: num(tag('clusterMinWorkers')),
          maxWorkers: num(tag('clusterMaxWorkers')),
          nodeType: tag('clusterNodeType') ?? tag('workerNodeType'),
          photon: isTrue(properties['spark.databricks.photon.enabled']) || /photon/i.test(tag('sparkVersion') ?? tag('effectiveSparkVersion') ?? ''),
        }
      : undefined;
  const dynamicAllocation = isTrue(properties['spark.dynamicAllocation.enabled']) || autoscale;
  const parts: string[] = [];
  if (databricks) {
    const workers = autoscale ? `${databricks.minWorkers}–${databricks.maxWorkers} workers (autoscaling)` : databricks.workers !== undefined ? `${databricks.workers} worker${databricks.workers === 1 ? '' : 's'}` : 'workers unknown';
    parts.push(`Databricks, ${workers}${databricks.nodeType ? ` of ${databricks.nodeType}` : ''}${databricks.photon ? ', Photon' : ''}`);
  } else {
    parts.push({ local: 'local mode', yarn: 'YARN', kubernetes: 'Kubernetes', standalone: 'Spark standalone', databricks: 'Databricks', unknown: 'cluster manager unknown' }[manager] + (emr ? ' (EMR)' : ''));
  }
  if (gpu) parts.push('RAPIDS GPU');
  if (dynamicAllocation && !databricks) parts.push('dynamic allocation');
  return { manager, emr, gpu, dynamicAllocation, ...(databricks ? { databricks } : {}), label: parts.join(', ') };
}
