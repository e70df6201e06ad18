import { lastReadingUse, readsAfterCache } from '../../model/flow';
import type { Binding, SparkModel } from '../../model/types';
import { stepRange } from '../spans';
import { inSameBlock, insertStatementAfter } from '../statementEdits';
import { BOTH_LANGUAGES, type Rule } from '../types';

function isUnpersisted(model: SparkModel, bindings: Binding[]): boolean {
  return model.unpersists.some((u) => u.target !== undefined && bindings.includes(u.target));
}

/** Jobs that run after `order` in the same scope: work that competes with the forgotten cache for memory. */
function workAfter(model: SparkModel, order: number, scopeId: number): boolean {
  return [...model.actions, ...model.writes].some((site) => site.scopeId === scopeId && site.order > order);
}

export const cacheWithoutUnpersist: Rule = {
  id: 'cache-without-unpersist',
  defaultSeverity: 'information',
  summary: 'A cached DataFrame is never unpersisted although work follows its last use.',
  languages: BOTH_LANGUAGES,
  check({ model, syntax, report }) {
    for (const site of model.caches) {
      if (site.method !== 'cache' && site.method !== 'persist') continue;
      const holder = site.holder ?? site.target;
      if (!holder || site.loops.length > 0) continue;
      const bindings = [site.target, site.holder].filter((b): b is Binding => b !== undefined);
      if (isUnpersisted(model, bindings)) continue;
      // A cache read at most once is needless-cache's finding, not this one.
      if (readsAfterCache(site, model.actions, model.writes) <= 1) continue;
      const last = lastReadingUse(holder, site.order);
      if (!last || last === 'unknown' || !inSameBlock(last, holder)) continue;
      if (!workAfter(model, last.order, holder.scope.id)) continue;
      report({
        span: stepRange(site.step),
        message: `\`${holder.name}\` stays cached after its last use, holding executor memory that the jobs after it could use. Call unpersist() once it is no longer needed.`,
        fixes: [{ title: `Unpersist \`${holder.name}\` after its last use`, edits: [insertStatementAfter(last.statement, syntax.methodStatement(holder.name, 'unpersist'))], isPreferred: false }],
      });
    }
  },
};
