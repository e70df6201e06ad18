/**
 * Caches made inside a loop body: `for day in days: events = spark.read…(day).cache()`. Each
 * iteration that caches a new plan adds a new entry to Spark's cache manager, and nothing drops
 * the previous one when the name is re-bound: only `unpersist()` or `clearCache()` does. So the
 * questions are per iteration: how many jobs of the iteration read its copy, whether the next
 * iteration reads it again through a re-bound name (`cur = step(cur).cache()`), whether the code
 * releases it (this iteration's copy, or the previous one's: `prev = cur; …; prev.unpersist()`),
 * and what heavy work the later iterations run while it is held.
 *
 * A cache whose plan does not change between iterations (`spark.read.parquet(INPUT).cache()` in a
 * loop over columns) is one entry: Spark finds the plan already cached and every iteration reads
 * the first one's copy. Those are not per-iteration caches.
 */
import { bindingsNamed } from './modelIndexes';
import type { Expr, Position, Span, Stmt } from '../syntax/ast';
import { comparePositions } from '../syntax/spans';
import { walkStatements } from '../syntax/walk';
import { outlineOf, pathTo, regionIndex, type ApplicationOutline } from './applicationOutline';
import { clearsCaches, shuffleIn } from './cacheHolding';
import { withoutDebugOnlyUses } from './debugGuards';
import { MANY } from './flow';
import { conditionsAround, within } from './loopDependence';
import { isFitUse } from './mlEstimators';
import type { Binding, CacheSite, LoopContext, SparkModel, Use } from './types';

export interface LoopCache {
  site: CacheSite;
  /** The innermost loop around the cache: each of its iterations caches a new copy. */
  loop: LoopContext;
  /** The name the iteration's cached data is bound to first. */
  holder: Binding;
  /** The holder and the names bound to the same cached value in the iteration (`labels = updated`). */
  names: Binding[];
  /** The cached plan changes with the iteration; when it does not, Spark reuses the first iteration's copy. */
  varies: boolean;
  /** Jobs of the same iteration that read the copy after the cache (MANY: an ML fit, or a read in an inner loop). */
  readsInIteration: number;
  /** Jobs of the next iteration that read the copy through a name it is re-bound to (0 when the next iteration does not). */
  carriedReads: number;
  /** The re-bound name the next iteration reads the copy through. */
  carriedAs?: string;
  /** Handed inside the loop to something we cannot follow (a list, an attribute, an unknown function), or folded into a value the next iterations keep. */
  kept: boolean;
  /** Code after the loop reads the last iteration's copy (or a frame derived from it in the loop). */
  readAfterLoop: boolean;
  /** The last use through which the iteration reads the copy, if it is in the iteration. */
  lastRead?: Use;
  /** The loop unpersists this iteration's copy or the previous iteration's, or the file clears the cache wholesale. */
  released: boolean;
  /** The loop checkpoints: an iterative algorithm that manages its lineage and storage itself. */
  checkpointed: boolean;
  /** Heavy work the loop body runs (a write, a shuffle, a join, a heavy helper, an ML fit): the next iterations run it while the copy is held. */
  heavyWork?: { span: Span; what: string };
  /** The loop runs once at most, as its collection shows. */
  runsOnce: boolean;
  /** The loop is in a function Spark calls once per micro-batch (`foreachBatch`). */
  perBatch: boolean;
}

const memo = new WeakMap<SparkModel, LoopCache[]>();

/** Every `cache()` / `persist()` made anew in each iteration of a loop (not in a comprehension, whose copies go into a collection). */
export function loopCaches(model: SparkModel): LoopCache[] {
  let found = memo.get(model);
  if (!found) {
    found = model.caches.flatMap((site) => {
      const entry = loopCacheOf(model, site);
      return entry ? [entry] : [];
    });
    memo.set(model, found);
  }
  return found;
}

/** The loop cache of one site, if the site makes one. */
export function loopCacheAt(model: SparkModel, site: CacheSite): LoopCache | undefined {
  return loopCaches(model).find((entry) => entry.site === site);
}

function inLoop(loop: LoopContext, item: { loops: readonly LoopContext[] }): boolean {
  return item.loops.some((l) => l.id === loop.id);
}

/** A use that runs in every iteration: in the body, or in a `while` condition. */
function usedInLoop(loop: LoopContext, use: Use): boolean {
  return inLoop(loop, use) || (loop.kind === 'while' && within(use.span, loop.span));
}

function loopCacheOf(model: SparkModel, site: CacheSite): LoopCache | undefined {
  if (site.method !== 'cache' && site.method !== 'persist') return undefined;
  const loop = site.loops.at(-1);
  if (!loop || loop.kind === 'comprehension') return undefined;
  if (loop.kind === 'fold') return foldCacheOf(model, site, loop);
  const holder = holderOf(model, site);
  // `base.cache()` on a frame made before the loop caches the same data every time.
  if (!holder || !inLoop(loop, holder) || holder.isParameter) return undefined;
  const names = namesOf(model, site, holder, loop);
  const counter = new ReadCounter(model, loop, site, false);
  let readsInIteration = 0;
  for (const name of names) readsInIteration += counter.reads(withoutDebugOnlyUses(model, name), name === holder ? site.order : -1);
  const sameStatementJob = model.actions.some((a) => a.statement === site.statement) || model.writes.some((w) => w.statement === site.statement);
  if (sameStatementJob && !site.standalone) readsInIteration += 1;
  // The next iteration's reads are counted apart: they say nothing about where this iteration's last read is.
  const nextIteration = new ReadCounter(model, loop, site, true);
  const carried = carriedReads(model, loop, names, nextIteration);
  const checkpointed = model.caches.some((other) => (other.method === 'checkpoint' || other.method === 'localCheckpoint') && inLoop(loop, other));
  return {
    site, loop, holder, names,
    varies: variesPerIteration(model, loop, holder),
    readsInIteration,
    carriedReads: carried?.reads ?? 0,
    ...(carried ? { carriedAs: carried.name } : {}),
    kept: counter.kept || nextIteration.kept || accumulates(model, loop, names, counter.derivedInLoop),
    readAfterLoop: counter.readAfterLoop,
    ...(counter.last ? { lastRead: counter.last } : {}),
    released: clearsCaches(model) || releasedInLoop(model, loop, names, carried?.previous ?? []) || (carried !== undefined && releasesCarriedName(model, loop, carried.name)),
    checkpointed,
    heavyWork: heavyWorkIn(model, loop, [...counter.fits, ...nextIteration.fits]),
    runsOnce: runsOnce(loop),
    perBatch: inBatchFunction(model, site.step.span.start),
  };
}

/**
 * `steps.foldLeft(df)((acc, step) => acc.join(step, "id").cache())`: each step's result, cached,
 * is the next step's accumulator. The next step reads the copy through the accumulator; the use
 * that starts the chain ending in this cache fills the next copy, once. The fold's value, the last
 * copy, goes on to whatever reads it after the fold.
 */
function foldCacheOf(model: SparkModel, site: CacheSite, loop: LoopContext): LoopCache | undefined {
  const variable = loop.variables[0];
  const accumulator = variable === undefined ? undefined : bindingsNamed(model, variable).find((b) => inLoop(loop, b) && b.isParameter);
  if (!accumulator || site.holder || site.target) return undefined;
  const counter = new ReadCounter(model, loop, site, true);
  let carried = 0;
  for (const use of accumulator.uses) {
    if (!usedInLoop(loop, use)) continue;
    carried += comparePositions(use.span.start, site.step.span.start) === 0 ? 1 : counter.reads({ ...accumulator, uses: [use] });
  }
  return {
    site, loop, holder: accumulator, names: [], varies: true, readsInIteration: 0, carriedReads: carried, carriedAs: accumulator.name,
    kept: counter.kept, readAfterLoop: true, released: clearsCaches(model), checkpointed: false,
    heavyWork: heavyWorkIn(model, loop, counter.fits), runsOnce: runsOnce(loop), perBatch: inBatchFunction(model, site.step.span.start),
  };
}

function runsOnce(loop: LoopContext): boolean {
  return loop.extent?.kind === 'at-most-one' || (loop.extent?.kind === 'fixed' && loop.extent.count <= 1);
}

/**
 * The binding the cached data is first bound to: the cached name itself for `df.cache()`, else the
 * earliest name whose value ends with the cache (a later `b = a` re-uses the value and may have
 * become the site's holder).
 */
function holderOf(model: SparkModel, site: CacheSite): Binding | undefined {
  if (site.standalone || (site.target && site.target.cachedBy === site)) return site.target;
  const holding = model.bindings.filter((b) => b.value.steps.at(-1) === site.step);
  return holding.sort((a, b) => a.order - b.order)[0] ?? site.holder;
}

/** The holder and every name bound in the loop to the same cached value. */
function namesOf(model: SparkModel, site: CacheSite, holder: Binding, loop: LoopContext): Binding[] {
  const names = new Set<Binding>([holder]);
  if (site.holder && inLoop(loop, site.holder)) names.add(site.holder);
  for (const binding of model.bindings) {
    if (inLoop(loop, binding) && binding.scope.id === holder.scope.id && (binding.value === holder.value || binding.value.steps.at(-1) === site.step)) names.add(binding);
  }
  return [...names];
}

/**
 * Counts the jobs of one iteration that read a binding's data, through derived names of the same
 * iteration. Uses after the loop are the last iteration's only and are not counted here.
 */
class ReadCounter {
  kept = false;
  readAfterLoop = false;
  last: Use | undefined;
  /** Uses that hand the data to an ML estimator's `fit`. */
  readonly fits: Use[] = [];
  /** Bindings of the iteration derived from the cached data (the cached names excluded). */
  readonly derivedInLoop = new Set<Binding>();
  private readonly seen = new Set<Binding>();

  /** `site`: the cache being asked about; `nextIteration`: counting the reads of the previous copy, from which the new copy is filled once, whoever reads it later. */
  constructor(private readonly model: SparkModel, private readonly loop: LoopContext, private readonly site: CacheSite, private readonly nextIteration: boolean) {}

  reads(binding: Binding, after = -1): number {
    if (this.seen.has(binding)) return 0;
    this.seen.add(binding);
    let total = 0;
    for (const use of binding.uses) {
      if (use.order <= after) continue;
      if (!usedInLoop(this.loop, use)) {
        if (use.kind !== 'cache' && use.kind !== 'unpersist') this.readAfterLoop = true;
        continue;
      }
      const count = this.useReads(use);
      // A use in a loop nested in the iteration runs once per inner iteration.
      const repeated = use.loops.some((l) => l.id !== this.loop.id && !binding.loops.some((b) => b.id === l.id));
      if (count > 0 && (!this.last || use.order > this.last.order)) this.last = use;
      total += count > 0 && repeated ? MANY : count;
    }
    return total;
  }

  private useReads(use: Use): number {
    switch (use.kind) {
      case 'action':
      case 'write':
        return 1;
      case 'cache':
      case 'unpersist':
        return 0;
      case 'iterative':
        return MANY;
      case 'escape':
        if (isFitUse(use)) {
          this.fits.push(use);
          return MANY;
        }
        this.kept = true;
        return MANY;
      default: {
        if (use.executed) return 1;
        const derived = use.derived;
        if (!derived) return 0;
        if (inLoop(this.loop, derived)) this.derivedInLoop.add(derived);
        // A derived frame cached again reads this data once, when its own cache is filled.
        // The value of the cache being asked about: the same copy under another name in its own iteration; read from the previous copy, the new copy's one fill.
        if (derived.value.steps.at(-1) === this.site.step) return this.nextIteration ? 1 : this.reads(derived);
        const cachedAgain = this.model.caches.some((c) => (c.method === 'cache' || c.method === 'persist') && (c.holder === derived || c.target === derived));
        const reads = this.reads(derived);
        return cachedAgain ? Math.min(1, reads) : reads;
      }
    }
  }
}

function sameSpan(a: Span, b: Span): boolean {
  return comparePositions(a.start, b.start) === 0 && comparePositions(a.end, b.end) === 0;
}

/** Names read in the loop before (or in) the statement that binds them: the next iteration reads the value the previous one left. */
function readBeforeBound(loopStatement: Stmt | undefined, name: string, bound: Position): boolean {
  if (!loopStatement) return false;
  let found = false;
  walkStatements([loopStatement], {
    expression(expr) {
      if (found) return false;
      if (expr.kind === 'name' && expr.id === name && comparePositions(expr.span.start, bound) < 0) found = true;
    },
  });
  return found;
}

/** The loop statement (or lambda) of a loop context, found by its span. */
function loopStatementOf(model: SparkModel, loop: LoopContext): Stmt | undefined {
  let found: Stmt | undefined;
  walkStatements(model.statements, {
    statement(statement) {
      if (found || !within(loop.span, statement.span)) return false;
      if (statement.kind === 'loop' && sameSpan(statement.span, loop.span)) found = statement;
    },
    expression(expr) {
      if (found || !within(loop.span, expr.span)) return false;
      if (sameSpan(expr.span, loop.span)) found = { kind: 'expr', expr, span: expr.span };
    },
  });
  return found;
}

/** The binding is the last of its name in the iteration and the loop reads the name before binding it: the next iteration reads this value. */
function carriedToNextIteration(model: SparkModel, loop: LoopContext, loopStatement: Stmt | undefined, binding: Binding): boolean {
  const laterInIteration = bindingsNamed(model, binding.name).some((b) => b.scope.id === binding.scope.id && inLoop(loop, b) && b.order > binding.order);
  return !laterInIteration && readBeforeBound(loopStatement, binding.name, binding.statement.span.end);
}

/**
 * The next iteration's reads of the copy: the cached name (or an alias) is the last binding of its
 * name in the iteration, and the loop reads that name before binding it. Those reads were recorded
 * on the binding the name had before the loop (the first iteration reads that one).
 */
function carriedReads(model: SparkModel, loop: LoopContext, names: readonly Binding[], counter: ReadCounter): { name: string; reads: number; previous: Binding[] } | undefined {
  const loopStatement = loopStatementOf(model, loop);
  for (const binding of names) {
    if (!carriedToNextIteration(model, loop, loopStatement, binding)) continue;
    const previous = bindingsNamed(model, binding.name).filter((b) => b.scope.id === binding.scope.id && !inLoop(loop, b) && b.uses.some((u) => usedInLoop(loop, u)));
    // Read before it is bound, but not as a frame we followed (`acc = None` before the loop): many, as far as we know.
    if (previous.length === 0) return { name: binding.name, reads: MANY, previous };
    const reads = previous.reduce((sum, b) => sum + counter.reads(b), 0);
    return { name: binding.name, reads, previous };
  }
  return undefined;
}

/** A frame derived from the copy that the next iteration reads again (`acc = acc.union(part)`): the copy stays part of a value the loop keeps. */
function accumulates(model: SparkModel, loop: LoopContext, names: readonly Binding[], derived: ReadonlySet<Binding>): boolean {
  const loopStatement = loopStatementOf(model, loop);
  return [...derived].some((binding) => !names.includes(binding) && carriedToNextIteration(model, loop, loopStatement, binding));
}

/** `df.unpersist()` in the loop on the copy's names, or on the previous iteration's copy (`prev.unpersist()`, `cur.unpersist()` before it is re-bound). */
function releasedInLoop(model: SparkModel, loop: LoopContext, names: readonly Binding[], previous: readonly Binding[]): boolean {
  const released = new Set<Binding>([...names, ...previous]);
  // `prev = cur` at the top of the iteration: an alias of the previous copy.
  for (const binding of previous) {
    for (const use of binding.uses) if (usedInLoop(loop, use) && use.derived && (use.derived.value.steps.length === 0 || use.derived.value === binding.value)) released.add(use.derived);
  }
  return model.unpersists.some((u) => u.target !== undefined && released.has(u.target) && within(u.step.span, loop.span))
    || model.frameSteps.some((s) => s.kind === 'session' && s.step.name === 'clearCache' && within(s.step.span, loop.span));
}

/**
 * `cur.unpersist()`, or `prev = cur` then `prev.unpersist()`, in the loop: the previous iteration's
 * copy is released, read off the code for names the model does not hold as frames (a parameter
 * whose type the code does not show).
 */
function releasesCarriedName(model: SparkModel, loop: LoopContext, carried: string): boolean {
  const loopStatement = loopStatementOf(model, loop);
  if (!loopStatement) return false;
  const aliases = new Set([carried]);
  const unpersisted = new Set<string>();
  walkStatements([loopStatement], {
    statement(statement) {
      if (statement.kind === 'assign' && statement.targets.length === 1 && statement.value.kind === 'name' && aliases.has(statement.value.id)) aliases.add(statement.targets[0]!);
    },
    expression(expr) {
      if (expr.kind === 'call' && expr.callee.kind === 'member' && expr.callee.property === 'unpersist' && expr.callee.object.kind === 'name') unpersisted.add(expr.callee.object.id);
    },
  });
  return [...unpersisted].some((name) => aliases.has(name));
}

/** The first heavy work in the loop body: it runs again in every later iteration. */
function heavyWorkIn(model: SparkModel, loop: LoopContext, fits: readonly Use[]): { span: Span; what: string } | undefined {
  const candidates: Array<{ span: Span; what: string }> = [];
  for (const write of model.writes) if (inLoop(loop, write)) candidates.push({ span: write.step.span, what: shuffleIn(write.frame) ? `a ${shuffleIn(write.frame)} and write` : 'a write' });
  for (const action of model.actions) {
    const shuffle = inLoop(loop, action) ? shuffleIn(action.frame) : undefined;
    if (shuffle) candidates.push({ span: action.step.span, what: `a ${shuffle}` });
  }
  for (const call of model.helperCalls) if (call.heavy && within(call.span, loop.span)) candidates.push({ span: call.span, what: `${call.name}()` });
  for (const fit of fits) candidates.push({ span: fit.span, what: fit.fittedIn ? `a model fit (in ${fit.fittedIn}())` : 'a model fit' });
  return candidates.sort((a, b) => comparePositions(a.span.start, b.span.start))[0];
}

/**
 * Whether the cached plan changes from one iteration to the next: its expression mentions a loop
 * variable, a name the iteration reads before binding it, or a name bound in the iteration to
 * something that changes. A frame bound in the iteration is followed to its own expression.
 */
function variesPerIteration(model: SparkModel, loop: LoopContext, holder: Binding): boolean {
  const varying = new Set(loop.variables);
  const assignedInLoop = new Set<string>();
  walkStatements(model.statements, {
    statement(statement) {
      if (!within(statement.span, loop.span) && !within(loop.span, statement.span)) return false;
      if (!within(statement.span, loop.span)) return;
      if (statement.kind === 'assign') statement.targets.forEach((t) => assignedInLoop.add(t));
      if (statement.kind === 'loop') statement.variables.forEach((v) => varying.add(v));
    },
  });
  const seen = new Set<Binding>();
  const changes = (binding: Binding): boolean => {
    if (seen.has(binding)) return false;
    seen.add(binding);
    // `if code == 0: ref = a.where(…) else: ref = a.where(…)`: which plan is bound depends on the iteration.
    const conditions = conditionsAround(model.statements, binding.span).filter((condition) => within(condition.span, loop.span));
    return [valueExpression(binding), ...conditions].some((expr) => mentions(expr, (name) => {
      if (varying.has(name)) return true;
      if (!assignedInLoop.has(name)) return false;
      const earlier = bindingsNamed(model, name).filter((b) => b.scope.id === binding.scope.id && inLoop(loop, b) && b.order < binding.order);
      // Bound in the loop to something other than a frame, or read before it is bound (the previous iteration's value).
      if (earlier.length === 0) return true;
      return earlier.some(changes);
    }));
  };
  return changes(holder);
}

function valueExpression(binding: Binding): Expr | undefined {
  const statement = binding.statement;
  if (statement.kind === 'assign') return statement.value;
  if (statement.kind === 'expr') return statement.expr;
  return undefined;
}

function mentions(expr: Expr | undefined, test: (name: string) => boolean): boolean {
  if (!expr) return true;
  let found = false;
  walkStatements([{ kind: 'expr', expr, span: expr.span }], {
    expression(inner) {
      if (found) return false;
      if (inner.kind === 'name' && test(inner.id)) found = true;
      // `f"s3://raw/{day}"`, `s"…$day"`: names inside interpolated strings.
      if (inner.kind === 'literal' && typeof inner.value === 'string') {
        for (const match of inner.value.matchAll(/[{$]\{?([A-Za-z_]\w*)/g)) if (test(match[1]!)) found = true;
      }
    },
  });
  return found;
}

const outlines = new WeakMap<SparkModel, ApplicationOutline>();

function inBatchFunction(model: SparkModel, position: Position): boolean {
  let outline = outlines.get(model);
  if (!outline) outlines.set(model, (outline = outlineOf(model.statements)));
  const path = pathTo(outline, position);
  for (let i = regionIndex(path); i >= 0; i--) {
    const fn = path[i]!.fn;
    if (fn && outline.batchFunctions.has(fn.name)) return true;
  }
  return false;
}
