/**
 * Look-ups several rules make of one model, built once per model instead of scanning its lists
 * again for every question (a binding's name asked per loop re-binding made those rules quadratic).
 * A model is complete when rules read it, so an index made on first use stays right.
 */
import type { Binding, SparkModel } from './types';

type LoopRebinding = SparkModel['loopRebindings'][number];

const NONE: readonly never[] = [];

function grouped<K, V>(items: readonly V[], keyOf: (item: V) => K | undefined): Map<K, V[]> {
  const groups = new Map<K, V[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (key === undefined) continue;
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

const bindingsByName = new WeakMap<readonly Binding[], Map<string, Binding[]>>();

/** The model's bindings of `name`, in the model's order. */
export function bindingsNamed(model: SparkModel, name: string): readonly Binding[] {
  let index = bindingsByName.get(model.bindings);
  if (!index) bindingsByName.set(model.bindings, (index = grouped(model.bindings, (b) => b.name)));
  return index.get(name) ?? NONE;
}

const rebindingsByBinding = new WeakMap<readonly LoopRebinding[], Map<Binding, LoopRebinding[]>>();

/** The loop re-bindings (of `all`, a model's `loopRebindings`) that make `binding`, in order. */
export function rebindingsMaking(all: readonly LoopRebinding[], binding: Binding | undefined): readonly LoopRebinding[] {
  if (!binding) return NONE;
  let index = rebindingsByBinding.get(all);
  if (!index) rebindingsByBinding.set(all, (index = grouped(all, (entry) => entry.binding)));
  return index.get(binding) ?? NONE;
}
