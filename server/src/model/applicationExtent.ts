/**
 * What the application runs after a point in one of the file's functions: the rest of that
 * function, then, once it returns, the rest of each caller (a `main()` running its steps in order,
 * an `if __name__ == "__main__":` block, a Scala `main` or `extends App` body, a notebook's later
 * cells), the next iterations of a loop around a call, and the later steps of a list of steps run
 * one after another. A cache made in a step and never released is still held while all of that
 * runs. Only heavy work counts (writes, joins, shuffles): that is what needs the executor memory a
 * cache holds. Calls are known through the model's helper calls, so whatever summaries the builder
 * applied (functions of this file, or of other files) extend the application the same way.
 */
import type { FunctionStmt, Position, Span, Stmt } from '../syntax/ast';
import { comparePositions } from '../syntax/spans';
import { outlineOf, pathTo, regionIndex, type ApplicationOutline, type DispatchSite, type EntryPoint, type OutlineNode } from './applicationOutline';
import { shuffleIn } from './cacheHolding';
import type { HelperCall, SparkModel } from './types';

/** Heavy work the application runs after a point: where it is and what it is, for messages and related locations. */
export interface LaterWork {
  span: Span;
  /** `heavy_rollup()`, `Load.run()`, `a write`, `a join`. */
  what: string;
  /** The function whose return the point outlives, when the work is in a caller. */
  after?: string;
  /** The work is the next iteration of a loop around the call. */
  nextIteration: boolean;
}

interface WorkItem {
  at: Position;
  span: Span;
  path: OutlineNode[];
  region: OutlineNode;
  /** A write or a shuffling action: heavy by itself. */
  operation?: string;
  call?: HelperCall;
  dispatch?: DispatchSite;
}

interface Extent {
  outline: ApplicationOutline;
  items: Map<OutlineNode, WorkItem[]>;
  regions: Map<FunctionStmt, OutlineNode>;
  callers: Map<FunctionStmt, WorkItem[]>;
  heavy: Map<FunctionStmt, boolean>;
}

const extents = new WeakMap<SparkModel, Extent>();

function extentOf(model: SparkModel): Extent {
  let extent = extents.get(model);
  if (!extent) extents.set(model, (extent = buildExtent(model)));
  return extent;
}

function buildExtent(model: SparkModel): Extent {
  const outline = outlineOf(model.statements);
  const extent: Extent = { outline, items: new Map(), regions: new Map(), callers: new Map(), heavy: new Map() };
  const collectRegions = (node: OutlineNode) => {
    if (node.fn) extent.regions.set(node.fn, node);
    node.children.forEach(collectRegions);
  };
  collectRegions(outline.root);
  const add = (item: Omit<WorkItem, 'path' | 'region'>, path = pathTo(outline, item.at)): WorkItem => {
    const region = path[regionIndex(path)]!;
    const full = { ...item, path, region };
    const list = extent.items.get(region) ?? [];
    list.push(full);
    extent.items.set(region, list);
    return full;
  };
  for (const write of model.writes) {
    const shuffle = shuffleIn(write.frame);
    add({ at: write.step.span.start, span: write.step.span, operation: shuffle ? `${shuffle} and write` : 'write' });
  }
  for (const action of model.actions) {
    const operation = shuffleIn(action.frame);
    if (operation) add({ at: action.step.span.start, span: action.step.span, operation });
  }
  for (const call of model.helperCalls) {
    const item = add({ at: call.span.start, span: call.span, call });
    const callee = outline.functions.get(call.name);
    if (callee) calledFrom(extent, callee, item);
  }
  for (const dispatch of outline.dispatches) {
    const item = add({ at: dispatch.span.start, span: dispatch.span, dispatch }, dispatch.path);
    for (const callee of dispatchTargets(outline, dispatch)) calledFrom(extent, callee, item);
  }
  for (const list of extent.items.values()) list.sort((a, b) => comparePositions(a.at, b.at));
  return extent;
}

function calledFrom(extent: Extent, callee: FunctionStmt, item: WorkItem): void {
  const list = extent.callers.get(callee) ?? [];
  list.push(item);
  extent.callers.set(callee, list);
}

/** The methods a dispatch may run: those of the listed steps when the list is spelled out, else every class's method of that name. */
function dispatchTargets(outline: ApplicationOutline, dispatch: DispatchSite): FunctionStmt[] {
  const named = dispatch.loop.itemClasses;
  const classes = named ? named.map((name) => (name ? outline.classes.get(name) : undefined)) : [...outline.classes.values()];
  const targets = new Set<FunctionStmt>();
  for (const cls of classes) {
    const method = cls && methodOf(cls.body, dispatch.method);
    if (method) targets.add(method);
  }
  return [...targets];
}

function methodOf(body: readonly Stmt[], name: string): FunctionStmt | undefined {
  return body.find((s): s is FunctionStmt => s.kind === 'function' && s.name === name);
}

function isHeavy(extent: Extent, item: WorkItem): boolean {
  if (item.operation) return true;
  if (item.call) {
    const callee = extent.outline.functions.get(item.call.name);
    return callee ? heavyFunction(extent, callee) : item.call.heavy === true;
  }
  return item.dispatch !== undefined && dispatchTargets(extent.outline, item.dispatch).some((fn) => heavyFunction(extent, fn));
}

/** Whether running `fn` writes, joins or shuffles, itself or through what it calls (a call back into a function being asked about counts as no). */
function heavyFunction(extent: Extent, fn: FunctionStmt): boolean {
  const known = extent.heavy.get(fn);
  if (known !== undefined) return known;
  extent.heavy.set(fn, false);
  const region = extent.regions.get(fn);
  const heavy = (region && extent.items.get(region)?.some((item) => isHeavy(extent, item))) ?? false;
  extent.heavy.set(fn, heavy);
  return heavy;
}

function describe(item: WorkItem): string {
  if (item.call) return `${item.call.name}()`;
  if (item.dispatch) return `${item.dispatch.receiver}.${item.dispatch.method}()`;
  return `a ${item.operation}`;
}

/** Two places in different arms of the same `if`: at most one of them runs. */
function exclusive(a: readonly OutlineNode[], b: readonly OutlineNode[]): boolean {
  return a.some((x) => x.kind === 'branch' && b.some((y) => y.kind === 'branch' && y.branchOf === x.branchOf && y.arm !== x.arm));
}

function firstHeavyAfter(extent: Extent, region: OutlineNode, path: readonly OutlineNode[], after: Position, within?: OutlineNode): WorkItem | undefined {
  return extent.items.get(region)?.find((item) => comparePositions(item.at, after) >= 0 && (!within || item.path.includes(within)) && !exclusive(item.path, path) && isHeavy(extent, item));
}

/** Heavy work in `loop` (the call itself included): what its next iteration runs. */
function firstHeavyIn(extent: Extent, region: OutlineNode, loop: OutlineNode, path: readonly OutlineNode[]): WorkItem | undefined {
  return extent.items.get(region)?.find((item) => item.path.includes(loop) && !exclusive(item.path, path) && isHeavy(extent, item));
}

/** What runs after a call of `fn` returns, in the caller: the next listed steps, the rest of the caller, the loop's next iteration. */
function afterCall(extent: Extent, site: WorkItem, fn: FunctionStmt): LaterWork | undefined {
  const dispatch = site.dispatch;
  const order = dispatch?.loop.itemClasses;
  if (dispatch && order) {
    const index = order.findIndex((name) => {
      const cls = name ? extent.outline.classes.get(name) : undefined;
      return cls !== undefined && methodOf(cls.body, dispatch.method) === fn;
    });
    for (const name of order.slice(index + 1)) {
      const cls = name ? extent.outline.classes.get(name) : undefined;
      const next = cls && methodOf(cls.body, dispatch.method);
      if (next && heavyFunction(extent, next)) return { span: site.span, what: `${name}.${dispatch.method}()`, nextIteration: false };
    }
  }
  // A loop around the call runs it again, and what else the loop does, while this cache is still held.
  const start = site.path.indexOf(site.region) + 1;
  const loop = site.path.slice(start).find((n) => n.kind === 'loop' && n !== dispatch?.loop);
  const inLoop = loop && firstHeavyAfter(extent, site.region, site.path, site.span.end, loop);
  if (inLoop) return { span: inLoop.span, what: describe(inLoop), nextIteration: false };
  const again = loop && firstHeavyIn(extent, site.region, loop, site.path);
  if (again) return { span: again.span, what: describe(again), nextIteration: true };
  const later = firstHeavyAfter(extent, site.region, site.path, site.span.end);
  return later && { span: later.span, what: describe(later), nextIteration: false };
}

/**
 * The first heavy work the application runs after `point` (a position in one of the file's
 * functions, or at the top level): later in the same function, or after the function returns,
 * in its callers up to the entry. Nothing when the application ends first, when the function is
 * called by nothing the file shows (a library function), or when Spark calls it once per
 * micro-batch (`foreachBatch`).
 */
export function heavyWorkAfter(model: SparkModel, point: Span): LaterWork | undefined {
  const extent = extentOf(model);
  const path = pathTo(extent.outline, point.start);
  const region = path[regionIndex(path)]!;
  const here = firstHeavyAfter(extent, region, path, point.end);
  if (here) return { span: here.span, what: describe(here), nextIteration: false };
  const seen = new Set<FunctionStmt>();
  const regions = [region];
  for (let next = regions.shift(); next; next = regions.shift()) {
    const fn = next.fn;
    if (!fn || seen.has(fn) || extent.outline.batchFunctions.has(fn.name)) continue;
    seen.add(fn);
    for (const site of extent.callers.get(fn) ?? []) {
      // Within a micro-batch: the batch's own work follows, and the batch is small.
      if (site.region.fn && extent.outline.batchFunctions.has(site.region.fn.name)) continue;
      const found = afterCall(extent, site, fn);
      if (found) return { ...found, after: qualifiedName(extent.outline, region.fn ?? fn) };
      regions.push(site.region);
    }
  }
  return undefined;
}

/**
 * The heavy work the innermost loop around `point` runs on its next pass: for a DataFrame made anew
 * in each iteration and left cached there, what runs while the previous iteration's copy is held.
 */
export function heavyWorkNextIteration(model: SparkModel, point: Span): LaterWork | undefined {
  const extent = extentOf(model);
  const path = pathTo(extent.outline, point.start);
  const index = regionIndex(path);
  const loop = path.slice(index + 1).reverse().find((node) => node.kind === 'loop');
  const again = loop && firstHeavyIn(extent, path[index]!, loop, path);
  return again && { span: again.span, what: describe(again), nextIteration: true };
}

/** `load_day`, or `Dedupe.run` for a method. */
function qualifiedName(outline: ApplicationOutline, fn: FunctionStmt): string {
  const owner = outline.owners.get(fn);
  return owner ? `${owner.name}.${fn.name}` : fn.name;
}

/** Where the file's application starts, as far as the file shows. */
export function applicationEntries(model: SparkModel): readonly EntryPoint[] {
  return extentOf(model).outline.entries;
}
