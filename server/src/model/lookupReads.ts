/**
 * Reads whose data enters the job only as the joined-in side of a join with other data: a lookup
 * (dimension) table such as zones, countries or product codes, joined to the facts that are the
 * job's real input. Its size is a fraction of the facts', so per-read costs (a schema inference
 * pass) matter far less there than on the facts.
 */
import { within } from './loopDependence';
import { lineageSteps } from './flow';
import { isCertainlySmall, rowBound } from './rowBound';
import type { JoinSite, ReadSite, SparkModel } from './types';

/** The join that takes `read`'s data in as a lookup, when that is the only way its data is used. */
export function lookupJoinOf(model: SparkModel, read: ReadSite): JoinSite | undefined {
  const joins = model.joins.filter((join) => join.right && lineageSteps(join.right).includes(read.step) && !lineageSteps(join.left).includes(read.step));
  if (joins.length === 0) return undefined;
  // The other side must be the bigger one: a literal or limited left side makes the read the data.
  const smallLeft = joins.some((join) => isCertainlySmall(rowBound(join.left, { model, isSmallTable: () => false })));
  if (smallLeft) return undefined;
  // The joined-in argument, or a column of it in the join condition (`stations.id`).
  const inJoin = (span: JoinSite['step']['span']) => joins.some((join) => within(span, join.step.span));
  for (const binding of model.bindings) {
    if (!lineageSteps(binding.value).includes(read.step)) continue;
    // Derived names are bindings of their own, checked in turn; anything else (a job, a write, a call) uses the data directly.
    if (binding.uses.some((use) => !(use.kind === 'transform' || use.kind === 'cache' || use.kind === 'unpersist' || ((use.kind === 'join-input' || use.kind === 'other') && inJoin(use.span))))) return undefined;
  }
  const direct = [...model.actions.map((a) => a.frame), ...model.writes.map((w) => w.frame)];
  if (direct.some((frame) => lineageSteps(frame).includes(read.step))) return undefined;
  return joins[0];
}
