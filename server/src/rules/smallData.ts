import { everyTableOf } from '../model/sizeHints';
import { fewKeyAggregate, type AggregateContext } from '../model/fewKeyAggregates';
import { fewValueGrouping } from '../model/partitionIds';
import { nameConstants } from '../model/nameConstants';
import type { ChainStep, FrameValue, JoinSite, SizeHint, SparkModel } from '../model/types';
import { matchesAnyGlob } from '../common/globs';
import type { RuleSettings } from './types';

/** A size hint that counts: literal sizes always, table names only when settings list them. */
export function knownSmall(value: FrameValue | undefined, settings: RuleSettings): SizeHint | undefined {
  return counted(value?.sizeHint, settings);
}

/** No table is small when the settings list none. */
const NONE_LISTED = (): boolean => false;

/** The hint, when every table it names is one the settings call small (a literal size names none). */
function counted(hint: SizeHint | undefined, settings: RuleSettings): SizeHint | undefined {
  return hint && everyTableOf(hint, listedSmall(settings.smallTables)) ? hint : undefined;
}

/** Whether a table is listed small (no closure is made when the settings list none). */
function listedSmall(smallTables: readonly string[]): (table: string) => boolean {
  return smallTables.length === 0 ? NONE_LISTED : matchingAny(smallTables);
}

/**
 * A function of its own: a closure made in a caller has every call of that caller allocate its
 * context, tables listed or not (each side of every join asks per keystroke).
 */
function matchingAny(smallTables: readonly string[]): (table: string) => boolean {
  return (table) => matchesAnyGlob(table, smallTables);
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

const aggregateContexts = new WeakMap<SparkModel, { settings: RuleSettings; context: AggregateContext }>();

/** What fewKeyAggregate reads of the model, made once per model and settings (every join's two sides ask). */
function aggregateContext(model: SparkModel, settings: RuleSettings): AggregateContext {
  const made = aggregateContexts.get(model);
  if (made?.settings === settings) return made.context;
  const context: AggregateContext = {
    imports: model.imports,
    get names() {
      return nameConstants(model.statements);
    },
    joinAt: (step) => joinsByStep(model).get(step),
    smallHint: (side) => knownSmall(side, settings),
    fewValueGrouping: (grouping) => fewValueGrouping(grouping, model),
  };
  aggregateContexts.set(model, { settings, context });
  return context;
}

/** Known small, or small in a way only the code shows (an aggregate grouped only by constants, by a small side's keys, or by the partition id or input file), which Spark does not see. */
export function smallSide(value: FrameValue | undefined, model: SparkModel, settings: RuleSettings): SizeHint | undefined {
  const known = knownSmall(value, settings);
  if (known || !value) return known;
  return counted(fewKeyAggregate(value, aggregateContext(model, settings)), settings);
}
