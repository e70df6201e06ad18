import * as path from 'path';
import { readsAfterCache } from '../../model/flow';
import { everyCallCachingParameter, type RemoteParameterCacheCall } from '../../model/parameterCaches';
import { readsOfReturnedCache } from '../../model/returnedCaches';
import { loopCacheAt, type LoopCache } from '../../model/loopCaches';
import type { CacheSite, SparkModel } from '../../model/types';
import { replaceSpan } from '../fixSyntax';
import { stepRange } from '../spans';
import { deleteStatement } from '../statementEdits';
import { BOTH_LANGUAGES, type Rule, type TextEdit } from '../types';
import { evidenceAt } from '../history';
import type { FileHistory, MeasuredEvidence } from '../../history/evidence';
import type { CachedRddSummary } from '../../history/evidence';
import { formatBytes } from '../../common/format';
import { executionsOf } from '../executionLinks';

/**
 * What the latest run says about this cache: the cached RDDs its downstream executions touched,
 * and whether each was used by one job only (computed, never read again).
 */
function measuredReuse(model: SparkModel, history: FileHistory, site: CacheSite): { readOnce: boolean; evidence: MeasuredEvidence[] } | undefined {
  const found = new Map<number, { rdd: CachedRddSummary; run: string }>();
  for (const execution of executionsOf(model, history, site.step)) {
    for (const stage of execution.stages) for (const rdd of stage.cachedRdds) found.set(rdd.rddId, { rdd, run: execution.run.label });
  }
  if (found.size === 0) return undefined;
  const evidence = [...found.values()].map(({ rdd, run }) => {
    const jobs = rdd.jobIds.length;
    const summary = `cached ${rdd.name ? `\`${rdd.name.split('\n')[0]!.slice(0, 60)}\`` : `RDD ${rdd.rddId}`} (${formatBytes(rdd.memoryBytes + rdd.diskBytes)}) was used by ${jobs} job${jobs === 1 ? '' : 's'}`;
    return { run, summary, figures: { rddId: rdd.rddId, jobs, cachedBytes: rdd.memoryBytes + rdd.diskBytes } };
  });
  return { readOnce: [...found.values()].every(({ rdd }) => rdd.jobIds.length <= 1), evidence };
}

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

/**
 * A cache made anew in each iteration whose copy one job reads: in the iteration itself, or in the
 * next one, which builds its own copy from it (`acc = acc.join(x).cache()`). With no read at all a
 * copy is never filled and costs nothing; a plan that does not change is one cache Spark reuses.
 */
function readOncePerIteration(entry: LoopCache): boolean {
  return entry.varies && !entry.kept && !entry.runsOnce && entry.readsInIteration + entry.carriedReads === 1;
}

function loopMessage(entry: LoopCache, name: string, verb: string): string {
  const line = entry.loop.span.start.line + 1;
  const reader = entry.carriedReads > 0 ? `only the next iteration reads it, once, to build its own copy` : `only one job of the iteration reads it`;
  const last = entry.carriedReads > 0 ? ` If the last copy is read several times after the loop, ${entry.site.method}() it once there.` : '';
  return `Each iteration caches a new copy and reads it once: \`${name}\` is ${verb} anew on every pass of the loop on line ${line}, but ${reader}. The cache costs executor memory and an extra serialisation pass and is never reused. Remove the ${entry.site.method}() call.${last}`;
}

/** The calls in other files, named in the message: a related location can only be in this file. */
function calledFrom(remote: readonly RemoteParameterCacheCall[], file: string): string {
  if (remote.length === 0) return '';
  const places = remote.slice(0, 3).map((call) => `${path.relative(path.dirname(file), call.file).split(path.sep).join('/')}:${call.line + 1} (${call.function}())`);
  return ` Called from ${places.join(', ')}${remote.length > 3 ? ` and ${remote.length - 3} more` : ''}.`;
}

export const needlessCache: Rule = {
  id: 'needless-cache',
  defaultSeverity: 'warning',
  summary: 'A cached DataFrame is read at most once afterwards.',
  languages: BOTH_LANGUAGES,
  // A cache handed back or cached in place is judged by its callers' reads: an edit in a caller changes the helper's finding.
  scope: 'file',
  check({ model, file, history, report }) {
    for (const site of model.caches) {
      if (site.method !== 'cache' && site.method !== 'persist') continue;
      if (site.loops.length > 0) {
        const entry = loopCacheAt(model, site);
        if (!entry || !readOncePerIteration(entry)) continue;
        const name = entry.holder.name;
        report({
          span: stepRange(site.step),
          message: loopMessage(entry, name, site.method === 'cache' ? 'cached' : 'persisted'),
          fixes: [{ title: `Remove the ${site.method}() call`, edits: removalEdits(site, model), isPreferred: entry.carriedReads === 0 }],
          related: entry.lastRead ? [{ span: entry.lastRead.span, message: `the one read of this iteration's copy of \`${name}\`` }] : [],
          evidence: evidenceAt(history, site.step.span),
        });
        continue;
      }
      // Handed back to the callers of its function: their reads of the result are the cache's reads.
      const returned = readsOfReturnedCache(model, site);
      if (!site.target && !site.holder && !returned) continue;
      // Caching a parameter in place caches the caller's DataFrame, which the caller may go on reading (a name known only by its use is a parameter only to the file's model; the summary knows):
      // judged by the calls of the file, each adding its own reads after the call to the function's.
      // Calls in other files of the workspace count too (they are named in the message: a related location is in this file).
      const every = site.target?.isParameter && !returned ? everyCallCachingParameter(model, site) : undefined;
      if (site.target?.isParameter && !returned && !every) continue;
      const inPlace = every?.local;
      const callerCount = (every?.local.length ?? 0) + (every?.remote.length ?? 0);
      let reads = readsAfterCache(site, model.actions, model.writes);
      if (returned) reads = returned.reads;
      if (every) reads = Math.max(...every.local.map((call) => call.reads), ...every.remote.map((call) => call.reads));
      // cache() is lazy: a copy no job reads is never filled and costs nothing (and a name no job of this file reads may be read where the file cannot see, such as a module's importers).
      if (reads === 0) continue;
      const measured = measuredReuse(model, history, site);
      if (reads > 1 && !measured?.readOnce) continue;
      const name = (site.holder ?? site.target)?.name ?? `${returned!.arrivals[0]!.arrival.function}()`;
      const verb = site.method === 'cache' ? 'cached' : 'persisted';
      const callers = returned ? `, handed back to ${returned.arrivals.length === 1 ? 'its caller' : `each of its ${returned.arrivals.length} callers`},` : every ? ` in place for ${callerCount === 1 ? 'its caller' : `each of its ${callerCount} callers`}` : '';
      const why =
        reads > 1 ? `in ${measured!.evidence[0]!.run} only one job used the cached data (the code has ${reads} reads)` : 'only one job reads it afterwards';
      report({
        span: stepRange(site.step),
        message: `\`${name}\` is ${verb}${callers} but ${why}: the cache costs executor memory and an extra serialisation pass and is never reused. Remove the ${site.method}() call.${calledFrom(every?.remote ?? [], file)}`,
        fixes: [{ title: `Remove the ${site.method}() call`, edits: removalEdits(site, model), isPreferred: reads <= 1 }],
        related: [
          ...(returned?.arrivals ?? []).map(({ arrival, binding }) => ({ span: arrival.call, message: `\`${binding.name}\` receives the ${verb} DataFrame here and is read by one job at most` })),
          ...(inPlace ?? []).map(({ arrival }) => ({ span: arrival.call, message: `${arrival.binding ? `\`${arrival.binding.name}\`` : 'the argument'} is ${verb} by ${arrival.function}() here and read by one job at most in all` })),
        ],
        evidence: [...(measured?.evidence ?? []), ...evidenceAt(history, site.step.span)],
      });
    }
  },
};
