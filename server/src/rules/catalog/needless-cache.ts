import { readsAfterCache } from '../../model/flow';
import type { CacheSite, SparkModel } from '../../model/types';
import { replaceSpan } from '../fixSyntax';
import { stepRange } from '../spans';
import { deleteStatement } from '../statementEdits';
import { BOTH_LANGUAGES, type Rule, type TextEdit } from '../types';

/** Removing the cache: the whole `df.cache()` / `df = df.cache()` statement, or just the `.cache()` call. */
function removalEdits(site: CacheSite, model: SparkModel): TextEdit[] {
  const assignsToItself = site.statement.kind === 'assign' && site.holder && site.target && site.holder.name === site.target.name && site.holder.value.steps.length === 1;
  const edits = [site.standalone || assignsToItself ? deleteStatement(site.statement) : replaceSpan(site.step.tailSpan, '')];
  const names = new Set([site.target, site.holder].filter((b) => b !== undefined));
  // Only an unpersist at the cache's own indentation: deleting the only statement of a `finally:` would break the code.
  const column = site.statement.span.start.character;
  for (const unpersist of model.unpersists) {
    if (unpersist.target && names.has(unpersist.target) && unpersist.statement.kind === 'expr' && unpersist.statement.span.start.character === column) edits.push(deleteStatement(unpersist.statement));
  }
  return edits;
}

export const needlessCache: Rule = {
  id: 'needless-cache',
  defaultSeverity: 'warning',
  summary: 'A cached DataFrame is read at most once afterwards.',
  languages: BOTH_LANGUAGES,
  check({ model, file, evidence, report }) {
    for (const site of model.caches) {
      if (site.method !== 'cache' && site.method !== 'persist') continue;
      if (site.loops.length > 0 || (!site.target && !site.holder)) continue;
      // Caching a parameter in place caches the caller's DataFrame, which the caller may go on reading.
      if (site.target?.isParameter) continue;
      const reads = readsAfterCache(site, model.actions, model.writes);
      if (reads > 1) continue;
      const name = (site.holder ?? site.target)!.name;
      report({
        span: stepRange(site.step),
        message: `\`${name}\` is ${site.method === 'cache' ? 'cached' : 'persisted'} but ${reads === 0 ? 'no job reads it afterwards' : 'only one job reads it afterwards'}: the cache costs executor memory and an extra serialisation pass and is never reused. Remove the ${site.method}() call.`,
        fixes: [{ title: `Remove the ${site.method}() call`, edits: removalEdits(site, model), isPreferred: true }],
        evidence: evidence.evidenceFor({ file, span: site.step.span, operation: 'cache' }),
      });
    }
  },
};
