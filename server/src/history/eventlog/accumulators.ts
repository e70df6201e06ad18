/**
 * Final values of SQL metric accumulators, matched later against plan nodes by accumulator id.
 *
 * Spark's SQL tab (SQLAppStatusListener) sums, per accumulator, the update of each partition's first
 * successful task in every stage, plus the driver-side updates. That needs per-task state; the same
 * total is available per stage: a stage's "Accumulables" entry carries the DRIVER's accumulator
 * value, which is cumulative over every stage that fed it (verified on the shared logs: an
 * accumulator reported by several stages grows from stage to stage). So the final task-side value is
 * the largest stage-level value, not their sum; driver updates (SparkListenerDriverAccumUpdates:
 * file sizes, broadcast sizes, write commits) come on top and are summed, as Spark appends them.
 *
 * Known gap: Spark 2.x size/timing metrics start at -1 on the driver, so their stage value is one
 * below the task sum.
 *
 * Memory: one number and the few reporting stage ids per SQL accumulator (bounded by the plans' size, not by tasks).
 */
import type { Json } from './json';
import { list, num, numeric, obj, str } from './json';

export class SqlMetricValues {
  private readonly fromStages = new Map<number, number>();
  private readonly fromDriver = new Map<number, number>();
  /** Stages that reported each accumulator: how a plan node is tied to the stages that ran it (the SQL tab's own method). */
  private readonly reportedBy = new Map<number, number[]>();

  /** A stage's "Accumulables" (Stage Info of StageCompleted). Core metrics ("internal.metrics.*") are ignored. */
  stageAccumulables(accumulables: unknown, stageId?: number): void {
    for (const entry of list(accumulables)) {
      const accumulable = obj(entry);
      if (!accumulable || !isSqlAccumulable(accumulable)) continue;
      const id = num(accumulable['ID']);
      const value = numeric(accumulable['Value']);
      if (id === undefined || value === undefined) continue;
      const previous = this.fromStages.get(id);
      if (previous === undefined || value > previous) this.fromStages.set(id, value);
      if (stageId === undefined) continue;
      const stages = this.reportedBy.get(id);
      if (!stages) this.reportedBy.set(id, [stageId]);
      else if (!stages.includes(stageId)) stages.push(stageId);
    }
  }

  /** Ids of the stages whose accumulables carried this accumulator (none for driver-only metrics). */
  stagesReporting(id: number): readonly number[] {
    return this.reportedBy.get(id) ?? [];
  }

  /** SparkListenerDriverAccumUpdates "accumUpdates": [[id, value], …]; one id may repeat. */
  driverUpdates(updates: unknown): void {
    for (const pair of list(updates)) {
      if (!Array.isArray(pair)) continue;
      const id = num(pair[0]);
      const value = numeric(pair[1]);
      if (id === undefined || value === undefined) continue;
      this.fromDriver.set(id, (this.fromDriver.get(id) ?? 0) + value);
    }
  }

  /** Undefined when no stage nor the driver reported the accumulator. */
  value(id: number): number | undefined {
    const stage = this.fromStages.get(id);
    const driver = this.fromDriver.get(id);
    if (stage === undefined) return driver;
    return driver === undefined ? stage : stage + driver;
  }
}

/** Spark 3+ marks SQL metrics with "Metadata":"sql"; Spark 2 does not, but writes their values as strings. */
function isSqlAccumulable(accumulable: Json): boolean {
  if (accumulable['Metadata'] === 'sql') return true;
  const name = str(accumulable['Name']);
  return typeof accumulable['Value'] === 'string' && (name === undefined || !name.startsWith('internal.'));
}
