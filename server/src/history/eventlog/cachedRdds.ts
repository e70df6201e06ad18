/**
 * RDDs with a storage level (cache/persist, and the InMemoryRelation of a cached DataFrame), from the
 * "RDD Info" of submitted and completed stages, with the stages and jobs that ran over them. Grows
 * with the number of cached RDDs and the stages listing them.
 */
import type { Json } from './json';
import { cut, list, num, numOr0, obj, str } from './json';
import type { CachedRddSummary } from './types';

const MAX_NAME = 1000;

interface CachedRdd {
  rddId: number;
  name: string | undefined;
  callSite: string | undefined;
  storageLevel: string;
  numPartitions: number | undefined;
  cachedPartitions: number;
  memoryBytes: number;
  diskBytes: number;
  stageIds: Set<number>;
  jobIds: Set<number>;
}

export class CachedRdds {
  private readonly rdds = new Map<number, CachedRdd>();

  /** One stage's Stage Info; `jobIds`: the jobs that ran the stage. */
  observe(stageInfo: Json, stageId: number, jobIds: Iterable<number>): void {
    for (const entry of list(stageInfo['RDD Info'])) {
      const info = obj(entry);
      const rddId = num(info?.['RDD ID']);
      const storageLevel = info && storageLevelText(obj(info['Storage Level']));
      if (rddId === undefined || !storageLevel) continue;
      let rdd = this.rdds.get(rddId);
      if (!rdd) {
        rdd = { rddId, name: undefined, callSite: undefined, storageLevel, numPartitions: undefined, cachedPartitions: 0, memoryBytes: 0, diskBytes: 0, stageIds: new Set(), jobIds: new Set() };
        this.rdds.set(rddId, rdd);
      }
      rdd.name = cut(str(info['Name']), MAX_NAME) ?? rdd.name;
      rdd.callSite = str(info['Callsite']) ?? rdd.callSite;
      rdd.storageLevel = storageLevel;
      rdd.numPartitions = num(info['Number of Partitions']) ?? rdd.numPartitions;
      rdd.cachedPartitions = Math.max(rdd.cachedPartitions, numOr0(info['Number of Cached Partitions']));
      rdd.memoryBytes = Math.max(rdd.memoryBytes, numOr0(info['Memory Size']));
      rdd.diskBytes = Math.max(rdd.diskBytes, numOr0(info['Disk Size']));
      rdd.stageIds.add(stageId);
      for (const jobId of jobIds) rdd.jobIds.add(jobId);
    }
  }

  summary(): CachedRddSummary[] {
    const ascending = (a: number, b: number) => a - b;
    return [...this.rdds.values()]
      .sort((a, b) => a.rddId - b.rddId)
      .map((rdd) => {
        const summary: CachedRddSummary = {
          rddId: rdd.rddId,
          storageLevel: rdd.storageLevel,
          cachedPartitions: rdd.cachedPartitions,
          memoryBytes: rdd.memoryBytes,
          diskBytes: rdd.diskBytes,
          stageIds: [...rdd.stageIds].sort(ascending),
          jobIds: [...rdd.jobIds].sort(ascending),
        };
        if (rdd.name !== undefined) summary.name = rdd.name;
        if (rdd.callSite !== undefined) summary.callSite = rdd.callSite;
        if (rdd.numPartitions !== undefined) summary.numPartitions = rdd.numPartitions;
        return summary;
      });
  }
}

/** "memory+disk deserialized", "disk serialized 2x replicated"; undefined when the RDD is not stored. */
export function storageLevelText(level: Json | undefined): string | undefined {
  if (!level || (level['Use Memory'] !== true && level['Use Disk'] !== true)) return undefined;
  const places = [level['Use Memory'] === true && 'memory', level['Use Disk'] === true && 'disk', level['Use Off Heap'] === true && 'off-heap'].filter(Boolean).join('+');
  const replication = num(level['Replication']) ?? 1;
  return `${places} ${level['Deserialized'] === true ? 'deserialized' : 'serialized'}${replication > 1 ? ` ${replication}x replicated` : ''}`;
}
