/**
 * A job in a loop that is the same job in every iteration: the data does not change (no re-binding,
 * nothing the loop writes or runs through SQL or helpers), the query mentions nothing the iteration
 * sets, and it draws no random sample. Its result is the same each time, so it can run once before
 * the loop. Polling, retry and benchmark loops repeat a job on purpose: `while` loops, loops that
 * sleep (waiting for the data to change) and loops that read a clock (timing each run) are left alone.
 */
import type { Expr } from '../syntax/ast';
import { children, walkStatements } from '../syntax/walk';
import { lineageSteps } from './flow';
import { within } from './loopDependence';
import type { ChainStep, FrameValue, LoopContext, SparkModel } from './types';

/** Actions whose result a caller can keep in a variable: collected rows, a count, a pandas frame. */
export const HOISTABLE_ACTIONS: ReadonlySet<string> = new Set(['collect', 'collectAsList', 'count', 'toPandas']);

/** Session calls that may change what a table read returns (`INSERT`, `REFRESH TABLE`, …). */
const DATA_CHANGING_SESSION_CALLS: ReadonlySet<string> = new Set(['sql', 'refreshTable', 'refreshByPath', 'recoverPartitions', 'uncacheTable', 'clearCache']);
const RANDOM_STEPS: ReadonlySet<string> = new Set(['sample', 'sampleBy', 'randomSplit']);
/** Waiting or timing: `time.sleep`, `Thread.sleep`, `time.time()`, `perf_counter()`, `System.nanoTime`. */
const WAITING_OR_TIMING: ReadonlySet<string> = new Set(['sleep', 'time', 'perf_counter', 'monotonic', 'process_time', 'nanoTime', 'currentTimeMillis', 'now', 'timeit']);
const RANDOM_FUNCTIONS: ReadonlySet<string> = new Set(['rand', 'randn', 'uuid', 'shuffle', 'random']);

function calledName(expr: Expr): string | undefined {
  if (expr.kind !== 'call') return undefined;
  return expr.callee.kind === 'name' ? expr.callee.id : expr.callee.kind === 'member' ? expr.callee.property : undefined;
}

function callsAnyOf(expr: Expr, names: ReadonlySet<string>): boolean {
  const name = calledName(expr);
  return (name !== undefined && names.has(name)) || children(expr).some((child) => callsAnyOf(child, names));
}

/** A loop whose body may change the data a job reads, waits for it to change, or times the jobs. */
function loopMayChangeData(model: SparkModel, loop: LoopContext): boolean {
  if (model.writes.some((write) => within(write.statement.span, loop.span))) return true;
  if (model.helperCalls.some((call) => within(call.span, loop.span))) return true;
  if (model.frameSteps.some(({ step }) => DATA_CHANGING_SESSION_CALLS.has(step.name) && within(step.span, loop.span))) return true;
  let waitsOrTimes = false;
  walkStatements(model.statements, {
    statement: (statement) => !waitsOrTimes && (within(statement.span, loop.span) || within(loop.span, statement.span)),
    expression(expr) {
      if (waitsOrTimes || !(within(expr.span, loop.span) || within(loop.span, expr.span))) return false;
      const name = calledName(expr);
      if (name !== undefined && within(expr.span, loop.span) && WAITING_OR_TIMING.has(name)) waitsOrTimes = true;
    },
  });
  return waitsOrTimes;
}

/** Whether a job over `frame` draws a random sample or random values: a new result on each run. */
export function drawsRandomly(frame: FrameValue): boolean {
  const steps: ChainStep[] = lineageSteps(frame);
  return steps.some((step) => RANDOM_STEPS.has(step.name) || (step.args ?? []).some((arg) => callsAnyOf(arg.value, RANDOM_FUNCTIONS)));
}

/** `self.threshold` in a query when the loop assigns `self.threshold`: attributes are varying names written with a dot. */
export function mentionsVaryingAttribute(steps: readonly ChainStep[], varying: ReadonlySet<string>): boolean {
  const dotted = [...varying].filter((name) => name.includes('.'));
  if (dotted.length === 0) return false;
  const mentions = (expr: Expr): boolean => (expr.kind === 'member' && expr.object.kind === 'name' && dotted.includes(`${expr.object.id}.${expr.property}`)) || children(expr).some(mentions);
  return steps.some((step) => (step.args ?? []).some((arg) => mentions(arg.value)));
}

/** A loop that re-runs an unchanged job for nothing: not a `while` (polling) or a fold, nothing in it changes or waits for data. */
export function repeatsUnchangedJobs(model: SparkModel, loop: LoopContext): boolean {
  if (loop.kind === 'while' || loop.kind === 'fold') return false;
  // Scala iterates Options as often as collections (`count.foreach(c => …)` with `count: Option[Long]`): only a collection the code shows.
  if (model.language === 'scala' && (loop.extent === undefined || loop.extent.kind === 'unknown')) return false;
  return !loopMayChangeData(model, loop);
}
