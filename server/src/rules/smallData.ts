import { tablesOf } from '../model/sizeHints';
import { fewKeyAggregate } from '../model/fewKeyAggregates';
import { fewValueGrouping } from '../model/partitionIds';
import { nameConstants } from '../model/nameConstants';
import type { ChainStep, FrameValue, JoinSite, SizeHint, SparkModel } from '../model/types';
import { matchesAnyGlob } from '../common/globs';
import type { RuleSettings } from './types';

/** A size hint that counts: literal sizes always, table names only when settings list them. */
export function knownSmall(value: FrameValue | undefined, settings: RuleSettings): SizeHint | undefined {
  return counted(value?.sizeHint, settings);
}

/** The hint, when every table it names is one the settings call small (a literal size names none). */
function counted(hint: SizeHint | undefined, settings: RuleSettings): SizeHint | undefined {
  return hint && tablesOf(hint).every((table) => matchesAnyGlob(table, settings.smallTables)) ? hint : undefined;
}

const joinIndexes = new WeakMap<SparkModel['joins'], Map<ChainStep, JoinSite>>();

/** The file's joins by their step, made once per model (every join's two sides ask). */
function joinsByStep(model: SparkModel): Map<ChainStep, JoinSite> {
  let index = joinIndexes.get(model.joins);
  if (!index) {
    index = new Map(model.joins.map((join) => [join.step, join]));
    joinIndexes.set(model.joins, index);
  }
  return index;
}

/** Known small, or small in a way only the code shows (an aggregate grouped only by constants, by a small side's keys, or by the partition id or input file), which Spark does not see. */
export function smallSide(value: FrameValue | undefined, model: SparkModel, settings: RuleSettings): SizeHint | undefined {
  const known = knownSmall(value, settings);
  if (known || !value) return known;
  const hint = fewKeyAggregate(value, {
    imports: model.imports,
    names: nameConstants(model.statements),
    joinAt: (step) => joinsByStep(model).get(step),
    smallHint: (side) => knownSmall(side, settings),
    fewValueGrouping: (grouping) => fewValueGrouping(grouping, model),
  });
  return counted(hint, settings);
}
