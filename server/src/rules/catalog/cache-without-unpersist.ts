import { heavyWorkAfter, heavyWorkNextIteration, type LaterWork } from '../../model/applicationExtent';
import { cachedBindings, clearsCaches, isUnpersisted, shuffleIn } from '../../model/cacheHolding';
import { lastReadingUse, readsAfterCache } from '../../model/flow';
import { callsCachingParameter, lastReadOfCall } from '../../model/parameterCaches';
import { readsOfReturnedCache } from '../../model/returnedCaches';
import { supersededCache } from '../../model/supersededCaches';
import { loopCacheAt, type LoopCache } from '../../model/loopCaches';
import { MANY } from '../../model/flow';
import { within } from '../../model/loopDependence';
import { knownSmall } from '../smallData';
import type { Finding, RuleContext } from '../types';
import type { Binding, CacheSite, HelperCall, Span, SparkModel, Use } from '../../model/types';
import { stepRange } from '../spans';
import { insertStatementAfter, statementAfterUse } from '../statementEdits';
import { BOTH_LANGUAGES, type Rule } from '../types';

/** The last job reading the cached data through either name (`x = y.cache()` caches y too). */
function lastRead(site: CacheSite): Use | 'unknown' | undefined {
  let last: Use | undefined;
  for (const binding of cachedBindings(site)) {
    const use = lastReadingUse(binding, site.order);
    if (use === 'unknown') return 'unknown';
    if (use && (!last || use.order > last.order)) last = use;
  }
  return last;
}

/** Jobs in the same scope that start after `line`, run there or by a function of the file it calls: work that competes with the forgotten cache for memory. */
function workAfter(model: SparkModel, line: number, scopeId: number): { line: number; helper?: HelperCall } | undefined {
  const after = (site: { scopeId: number; statement: { span: { start: { line: number } } } }) => site.scopeId === scopeId && site.statement.span.start.line > line;
  const direct = [...model.actions, ...model.writes].filter(after).map((site) => ({ line: site.statement.span.start.line }));
  const helpers = model.helperCalls.filter(after).map((helper) => ({ line: helper.statement.span.start.line, helper }));
  return [...direct, ...helpers].sort((a, b) => a.line - b.line)[0];
}

/** The message and related location when the cache outlives its function and the application goes on with heavy work. */
function heldPastItsStep(name: string, anchor: { span: Span }, later: LaterWork): { message: string; related: { span: LaterWork['span']; message: string } } {
  const line = later.span.start.line + 1;
  const when = later.nextIteration ? `the loop runs ${later.what} again (line ${line})` : `${later.what} runs (line ${line})`;
  const outlives = later.after ? ` after ${later.after}() returns` : '';
  return {
    message: `\`${name}\` stays cached${outlives} while ${when}: its blocks hold executor memory that the later joins, shuffles and writes need. Call ${name}.unpersist() after its last use (line ${anchor.span.end.line + 1}).`,
    related: { span: later.span, message: `${later.nextIteration ? `${later.what} runs again here` : `${later.what} runs here`} while \`${name}\` is still cached` },
  };
}

/** A caller's name for a cache a function of the file made: where the call is and where the caller last reads it. */
interface CallerHolding {
  binding: Binding;
  call: Span;
  last: Use | 'unknown' | undefined;
  /** How the cache reached the name (`load() hands it back as \`x\``), for the message. */
  how: string;
}

/**
 * A cache a function of the file hands back, read more than once by a caller that never releases
 * it while work follows: reported on the cache line (where the helper's callers find it), the
 * caller's last read and the later work as related locations. Only when every call's result is
 * followed, and the first call found holding it with work after is the one named.
 */
function heldByCaller(model: SparkModel, site: CacheSite): { message: string; related: Array<{ span: Span; message: string }> } | undefined {
  const returned = readsOfReturnedCache(model, site);
  if (!returned || returned.reads <= 1) return undefined;
  if (returned.arrivals.some(({ binding }) => isUnpersisted(model, [binding]))) return undefined;
  return heldByCallers(model, returned.arrivals.map(({ arrival, binding }) => ({ binding, call: arrival.call, last: lastReadingUse(binding), how: `${arrival.function}() hands it back as \`${binding.name}\`` })));
}

/** A parameter cached in place by a function of the file, read more than once and released neither there nor by any caller: held as for a returned cache. */
function heldAfterParameterCache(model: SparkModel, site: CacheSite): { message: string; related: Array<{ span: Span; message: string }> } | undefined {
  const calls = callsCachingParameter(model, site);
  if (!calls || calls.some((call) => call.reads <= 1 || call.released || !call.arrival.binding)) return undefined;
  return heldByCallers(model, calls.map((call) => ({ binding: call.arrival.binding!, call: call.arrival.call, last: lastReadOfCall(call), how: `${call.arrival.function}() caches \`${call.arrival.binding!.name}\` in place and never releases it` })));
}

function heldByCallers(model: SparkModel, holdings: readonly CallerHolding[]): { message: string; related: Array<{ span: Span; message: string }> } | undefined {
  for (const { binding, call, last, how } of holdings) {
    if (!last || last === 'unknown') return undefined;
    // The last read in a branch of the caller's block (`if (streaming) … else save(df)`) still ends the caller's reads there: no edit is offered, only lines named.
    const anchor = statementAfterUse(last, binding) ?? (inBranchOfBlock(last, binding) ? last.statement : undefined);
    if (!anchor) return undefined;
    const work = workAfter(model, anchor.span.end.line, binding.scope.id);
    const lastLine = anchor.span.end.line + 1;
    const name = binding.name;
    const releaseHere = { span: last.span, message: `last read of \`${name}\` here: unpersist it after this line` };
    const receives = { span: call, message: `\`${name}\` receives the cached DataFrame here` };
    if (work) {
      const at = work.line + 1;
      return {
        message: `This cache stays held after its caller's last use (line ${lastLine}) while jobs run after it (line ${at}): ${how}, and its blocks hold executor memory those jobs could use. Call ${name}.unpersist() after line ${lastLine}.`,
        related: [receives, releaseHere, ...(work.helper ? [{ span: work.helper.span, message: `${work.helper.name}() runs Spark jobs here while \`${name}\` is still cached` }] : [])],
      };
    }
    // A DataFrame the loop makes anew on each pass and leaves cached: the next pass's work runs while this one's copy is held.
    const later = (madeEachIteration(binding, call) ? heavyWorkNextIteration(model, anchor.span) : undefined) ?? heavyWorkAfter(model, anchor.span);
    if (later) {
      const { message, related } = heldPastItsStep(name, anchor, later);
      return { message: `This cache stays held after its caller's last use (line ${lastLine}) while later steps run: ${how}, and ${message}`, related: [receives, releaseHere, related] };
    }
  }
  return undefined;
}

/** A use in the binding's own scope and loops, only deeper in branches. */
function inBranchOfBlock(use: Use, binding: Binding): boolean {
  return use.binding.scope.id === binding.scope.id && use.statement.kind !== 'return' && use.loops.length === binding.loops.length && use.loops.every((loop, i) => loop.id === binding.loops[i]!.id);
}

/** The name is bound inside the innermost loop around the call: each iteration has a DataFrame of its own. */
function madeEachIteration(binding: Binding, call: Span): boolean {
  const loop = binding.loops.at(-1);
  return loop !== undefined && !binding.isParameter && within(call, loop.span);
}

/** The first job on a copy runs in a loop and shuffles: the next iteration runs it again (`for n in ns: totals(copy, n).toPandas()`). */
function fillRepeatedByLoop(model: SparkModel, firstRead: Use): LaterWork | undefined {
  if (firstRead.loops.length === 0) return undefined;
  const jobs = [...model.actions, ...model.writes].filter((job) => job.statement === firstRead.statement && within(firstRead.span, job.step.span));
  const shuffle = jobs.map((job) => shuffleIn(job.frame)).find((found) => found !== undefined);
  return shuffle ? { span: firstRead.span, what: `a ${shuffle}`, nextIteration: true } : undefined;
}

/**
 * A cache read several times by its function, which then hands back a cached copy made from it:
 * the copy is filled at the caller's first job on it, the last read of this cache, which stays
 * held while the application goes on with heavy work.
 */
function heldPastItsCopy(model: SparkModel, site: CacheSite, settings: RuleContext['settings']): { message: string; related: Array<{ span: Span; message: string }> } | undefined {
  const superseded = supersededCache(model, site);
  if (!superseded || superseded.readsBefore + 1 < 2 || knownSmall(superseded.holder.value, settings)) return undefined;
  const { holder, copy } = superseded;
  for (const { arrival, binding, firstRead } of superseded.fills) {
    const later = fillRepeatedByLoop(model, firstRead) ?? heavyWorkAfter(model, firstRead.span);
    if (!later) continue;
    const name = holder.name;
    const fillLine = firstRead.span.start.line + 1;
    const laterLine = later.span.start.line + 1;
    const again = later.nextIteration && later.span === firstRead.span ? `the loop runs that ${later.what.replace(/^a /, '')} again on each later pass` : undefined;
    const when = again ?? (later.nextIteration ? `the loop runs ${later.what} again (line ${laterLine})` : `${later.what} runs (line ${laterLine})`);
    return {
      message: `\`${name}\` stays cached after ${arrival.function}() hands back a cached copy made from it (line ${copy.step.span.start.line + 1}). The copy is filled by the first job that reads \`${binding.name}\` in the caller (line ${fillLine}); that is the last read of \`${name}\`, yet it stays held while ${when}. Release it once the copy is filled: bind the copy to a name, run one action on it (count()), call ${name}.unpersist(), then return the copy.`,
      related: [
        { span: copy.step.span, message: `the cached copy of \`${name}\` handed back here` },
        { span: firstRead.span, message: `the first job on \`${binding.name}\` fills the copy: \`${name}\` is not read after this` },
        { span: later.span, message: `${later.nextIteration ? `${later.what} runs again here` : `${later.what} runs here`} while \`${name}\` is still cached` },
      ],
    };
  }
  return undefined;
}

/**
 * A cache made anew in each iteration, read several times there (or again by the next iteration),
 * never released, while the loop runs heavy work on its next passes: every iteration's copy stays
 * cached. Quiet when the loop releases its copies, checkpoints, runs once, keeps the copies on
 * purpose (a list, an accumulated union), or caches a frame known to be small.
 */
function heldAcrossIterations(entry: LoopCache, context: Pick<RuleContext, 'model' | 'syntax' | 'settings'>): Omit<Finding, 'ruleId' | 'severity'> | undefined {
  const { site, loop, holder } = entry;
  if (!entry.varies || entry.kept || entry.released || entry.checkpointed || entry.runsOnce || entry.perBatch || !entry.heavyWork) return undefined;
  if (entry.readsInIteration + entry.carriedReads < 2 || knownSmall(holder.value, context.settings)) return undefined;
  const name = holder.name;
  const extent = loop.extent?.kind === 'fixed' ? `${loop.extent.count} iterations each keep` : 'Every iteration keeps';
  const reads = entry.readsInIteration + entry.carriedReads === MANY ? 'many times' : `${entry.readsInIteration + entry.carriedReads} times`;
  const heavy = entry.heavyWork;
  const carried = entry.carriedAs;
  const release = carried
    ? `Unpersist the previous iteration's copy once the new one is materialised: \`previous = ${carried}\` before re-binding \`${carried}\`, then previous.unpersist() after the new copy's first action.`
    : `Call ${name}.unpersist() at the end of the iteration${entry.lastRead ? `, after its last read (line ${entry.lastRead.span.end.line + 1})` : ''}.`;
  const message = `${extent} a cached copy of \`${name}\`: memory grows with every iteration and evicts earlier data. The loop on line ${loop.span.start.line + 1} caches a new copy on each pass, reads it ${reads}${carried ? ` (also in the next pass, as \`${carried}\`)` : ''} and never unpersists it, while ${heavy.what} runs again on the next pass (line ${heavy.span.start.line + 1}). ${release}`;
  // The fix only where it is plainly safe: a Python iteration whose copy nothing reads after its last read there.
  const anchor = context.model.language === 'python' && !carried && !entry.readAfterLoop && entry.lastRead ? statementAfterUse(entry.lastRead, holder) : undefined;
  const fits = anchor && within(anchor.span, loop.span) && anchor.span.start.line !== loop.span.start.line;
  return {
    span: stepRange(site.step),
    message,
    fixes: fits ? [{ title: `Unpersist \`${name}\` at the end of each iteration`, edits: [insertStatementAfter(anchor, context.syntax.methodStatement(name, 'unpersist'))], isPreferred: false }] : [],
    related: [{ span: heavy.span, message: `${heavy.what} runs again here on the next pass while earlier copies of \`${name}\` are still cached` }],
    evidence: [],
  };
}

export const cacheWithoutUnpersist: Rule = {
  id: 'cache-without-unpersist',
  defaultSeverity: 'information',
  summary: 'A cached DataFrame is never unpersisted although work follows its last use.',
  languages: BOTH_LANGUAGES,
  scope: 'file',
  check({ model, syntax, settings, report }) {
    // Without a cache there is nothing to look at (and the model's other lists are not gathered).
    if (model.caches.length === 0 || clearsCaches(model)) return;
    for (const site of model.caches) {
      if (site.method !== 'cache' && site.method !== 'persist') continue;
      if (site.loops.length > 0) {
        const entry = loopCacheAt(model, site);
        const held = entry && heldAcrossIterations(entry, { model, syntax, settings });
        if (held) report(held);
        continue;
      }
      const byCaller = site.loops.length === 0 ? (heldByCaller(model, site) ?? heldAfterParameterCache(model, site) ?? heldPastItsCopy(model, site, settings)) : undefined;
      if (byCaller) {
        report({ span: stepRange(site.step), message: byCaller.message, related: byCaller.related });
        continue;
      }
      const holder = site.holder ?? site.target;
      // A parameter cached in place belongs to the caller, who may read it again and unpersist it.
      if (!holder || site.loops.length > 0 || site.target?.isParameter) continue;
      if (isUnpersisted(model, cachedBindings(site))) continue;
      // A cache read at most once is needless-cache's finding, not this one.
      if (readsAfterCache(site, model.actions, model.writes) <= 1) continue;
      const last = lastRead(site);
      const anchor = last && last !== 'unknown' ? statementAfterUse(last, holder) : undefined;
      if (!anchor) continue;
      const fixes = [{ title: `Unpersist \`${holder.name}\` after its last use`, edits: [insertStatementAfter(anchor, syntax.methodStatement(holder.name, 'unpersist'))], isPreferred: false }];
      const work = workAfter(model, anchor.span.end.line, holder.scope.id);
      if (work) {
        report({
          span: stepRange(site.step),
          message: `\`${holder.name}\` stays cached after its last use (line ${anchor.span.end.line + 1}), holding executor memory that the jobs after it could use. Call ${holder.name}.unpersist() once it is no longer needed.`,
          fixes,
          related: work.helper ? [{ span: work.helper.span, message: `${work.helper.name}() runs Spark jobs here while \`${holder.name}\` is still cached` }] : [],
        });
        continue;
      }
      const later = heavyWorkAfter(model, anchor.span);
      if (!later) continue;
      const { message, related } = heldPastItsStep(holder.name, anchor, later);
      report({ span: stepRange(site.step), message, fixes, related: [related] });
    }
  },
};
