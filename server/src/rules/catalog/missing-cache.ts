import { directConsumers, lastReadingUse, shuffleSinceLastCache } from '../../model/flow';
import type { Binding, SparkModel, Use } from '../../model/types';
import { inputRowBounds } from '../rowBounds';
import { insertText } from '../fixSyntax';
import { insertStatementAfter, statementAfterUse } from '../statementEdits';
import { BOTH_LANGUAGES, type Rule, type TextEdit } from '../types';

function isCached(binding: Binding): boolean {
  const last = binding.value.steps.at(-1)?.name;
  return binding.cachedBy !== undefined || last === 'cache' || last === 'persist' || last === 'checkpoint' || last === 'localCheckpoint';
}

/**
 * A runtime setting changed between the jobs (`spark.conf.set(...)` between two `show()`s): they are
 * meant to run under different settings (comparing plans, toggling a feature), and a cache would
 * make the second one reuse the first one's result.
 */
function settingChangedBetween(uses: Use[], model: SparkModel): boolean {
  const lines = uses.map((use) => use.span.start.line);
  const first = Math.min(...lines);
  const last = Math.max(...lines);
  return model.configs.some((setting) => setting.via === 'runtime-conf' && setting.span.start.line > first && setting.span.start.line < last);
}

function consumingUses(binding: Binding): Use[] {
  return binding.uses.filter((use) => use.kind === 'action' || use.kind === 'write' || use.executed || use.derived !== undefined);
}

export const missingCache: Rule = {
  id: 'missing-cache',
  defaultSeverity: 'warning',
  summary: 'A shuffled DataFrame feeds two or more jobs without being cached.',
  languages: BOTH_LANGUAGES,
  check({ model, settings, syntax, report }) {
    const inputBoundOf = inputRowBounds(model, settings);
    // A broadcast join ships the small side to every executor and does not shuffle the large one.
    const broadcastJoins = new Set(model.joins.filter((join) => join.leftBroadcast || join.rightBroadcast).map((join) => join.step));
    for (const binding of model.bindings) {
      // An RDD's shuffle files are reused by every job on the same RDD; a DataFrame re-plans and shuffles again.
      if (binding.value.kind !== 'dataframe' || binding.isParameter || isCached(binding) || !shuffleSinceLastCache(binding.value, broadcastJoins)) continue;
      // `train, test = df.randomSplit(...)`: there is no single expression to append .cache() to.
      if (binding.statement.kind !== 'assign' || binding.statement.targets.length !== 1) continue;
      const consumers = directConsumers(binding);
      if (consumers < 2 || settingChangedBetween(consumingUses(binding), model)) continue;
      // Recomputing from a few input rows (a small range, literal rows) costs less than caching them.
      const bound = inputBoundOf(binding.value);
      if (bound.size === 'small' && !bound.guess) continue;
      const edits: TextEdit[] = [insertText(binding.valueSpan.end, '.cache()')];
      const last = lastReadingUse(binding);
      const anchor = last && last !== 'unknown' ? statementAfterUse(last, binding) : undefined;
      if (anchor) edits.push(insertStatementAfter(anchor, syntax.methodStatement(binding.name, 'unpersist')));
      report({
        span: binding.nameSpan ?? binding.span,
        message: `\`${binding.name}\` is computed with a shuffle and then read by ${Number.isFinite(consumers) ? consumers : 'several'} jobs; without cache() every job repeats the shuffle. Cache it (and unpersist() after its last use).`,
        fixes: [{ title: `Cache \`${binding.name}\` and unpersist it after its last use`, edits, isPreferred: false }],
      });
    }
  },
};
