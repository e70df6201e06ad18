/**
 * `broadcast(df)` written as a statement of its own. The function hands back a hinted copy and
 * leaves `df` as it was, so the line does nothing: the joins that read `df` afterwards carry no
 * hint, and Spark broadcasts them only when its own size estimate is under the threshold.
 */
import { derivedPerPart, type FunctionContribution } from './functionReuse';
import type { Binding, JoinSite, Span, SparkModel } from './types';

export interface DiscardedBroadcast {
  /** The `broadcast(df)` call. */
  span: Span;
  binding: Binding;
  /** Joins after it that read `df` without any broadcast hint on its side. */
  unhintedJoins: JoinSite[];
}

/**
 * The bindings with a `broadcast(df)` statement among their uses, per reused function: per
 * keystroke only what was built afresh is looked through. A reused function's bindings have all
 * their uses from inside it (a function reading the module's data is never reused).
 */
const broadcastDiscardersPerPart = new WeakMap<FunctionContribution, readonly Binding[]>();

export function discardedBroadcasts(model: SparkModel): DiscardedBroadcast[] {
  const found: DiscardedBroadcast[] = [];
  const discarders = derivedPerPart(model, 'bindings', broadcastDiscardersPerPart, (bindings) => bindings.filter((binding) => binding.uses.some((use) => use.discardedBroadcast)));
  for (const binding of discarders) {
    for (const use of binding.uses) {
      if (!use.discardedBroadcast) continue;
      const laterStatements = new Set(binding.uses.filter((later) => later.order > use.order).map((later) => later.statement));
      const unhintedJoins = model.joins.filter((join) => laterStatements.has(join.statement) && unhintedSideReads(join, binding));
      found.push({ span: use.discardedBroadcast, binding, unhintedJoins });
    }
  }
  return found;
}

function unhintedSideReads(join: JoinSite, binding: Binding): boolean {
  const isBinding = (side: JoinSite['right']) => side !== undefined && (side === binding.value || side.sourceBinding === binding);
  return (isBinding(join.right) && !join.rightBroadcast) || (isBinding(join.left) && !join.leftBroadcast);
}
