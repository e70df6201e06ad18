import { lastReadingUse, readsAfterCache } from '../../model/flow';
import type { Binding, CacheSite, SparkModel, Use } from '../../model/types';
import { stepRange } from '../spans';
import { insertStatementAfter, statementAfterUse } from '../statementEdits';
import { BOTH_LANGUAGES, type Rule } from '../types';

function isUnpersisted(model: SparkModel, bindings: Binding[]): boolean {
  return model.unpersists.some((u) => u.target !== undefined && bindings.includes(u.target));
}

/** `spark.catalog.clearCache()` anywhere: the file manages its caches wholesale. */
function clearsCaches(model: SparkModel): boolean {
  return model.frameSteps.some((s) => s.kind === 'session' && s.step.name === 'clearCache');
}

/** The last job reading the cached data through either name (`x = y.cache()` caches y too). */
function lastRead(site: CacheSite): Use | 'unknown' | undefined {
  let last: Use | undefined;
  for (const binding of new Set([site.target, site.holder])) {
    if (!binding) continue;
    const use = lastReadingUse(binding, site.order);
    if (use === 'unknown') return 'unknown';
    if (use && (!last || use.order > last.order)) last = use;
  }
  return last;
}

/** Jobs in the same scope that start after `line`: work that competes with the forgotten cache for memory. */
function workAfter(model: SparkModel, line: number, scopeId: number): boolean {
  return [...model.actions, ...model.writes].some((site) => site.scopeId === scopeId && site.statement.span.start.line > line);
}

export const cacheWithoutUnpersist: Rule = {
  id: 'cache-without-unpersist',
  defaultSeverity: 'information',
  summary: 'A cached DataFrame is never unpersisted although work follows its last use.',
  languages: BOTH_LANGUAGES,
  scope: 'file',
  check({ model, syntax, report }) {
    // Without a cache there is nothing to look at (and the model's other lists are not gathered).
    if (model.caches.length === 0 || clearsCaches(model)) return;
    for (const site of model.caches) {
      if (site.method !== 'cache' && site.method !== 'persist') continue;
      const holder = site.holder ?? site.target;
      // A parameter cached in place belongs to the caller, who may read it again and unpersist it.
      if (!holder || site.loops.length > 0 || site.target?.isParameter) continue;
      const bindings = [site.target, site.holder].filter((b): b is Binding => b !== undefined);
      if (isUnpersisted(model, bindings)) continue;
      // A cache read at most once is needless-cache's finding, not this one.
      if (readsAfterCache(site, model.actions, model.writes) <= 1) continue;
      const last = lastRead(site);
      const anchor = last && last !== 'unknown' ? statementAfterUse(last, holder) : undefined;
      if (!anchor || !workAfter(model, anchor.span.end.line, holder.scope.id)) continue;
      report({
        span: stepRange(site.step),
        message: `\`${holder.name}\` stays cached after its last use (line ${anchor.span.end.line + 1}), holding executor memory that the jobs after it could use. Call ${holder.name}.unpersist() once it is no longer needed.`,
        fixes: [{ title: `Unpersist \`${holder.name}\` after its last use`, edits: [insertStatementAfter(anchor, syntax.methodStatement(holder.name, 'unpersist'))], isPreferred: false }],
      });
    }
  },
};
