/**
 * Which measured SQL executions ran a given piece of code. A join or cache has no call site of its
 * own in an event log: the execution of the action or write that consumed it does. So we follow
 * the model downstream from the step to every action/write whose DataFrame derives from it, and
 * take the executions mapped to those lines.
 */
import type { ExecutionRun, FileHistory } from '../history/evidence';
import type { PlanNodeSummary } from '../history/evidence';
import type { ChainStep, FrameValue, JoinSite, SparkModel } from '../model/types';
import { executionsAt, latestRunOnly } from './history';

/**
 * Whether `value` is computed from `step`. With `throughCaches` false the walk stops at cached
 * bindings: a plan that reads a cache (InMemoryTableScan) no longer contains the joins before it.
 */
function derivesFrom(value: FrameValue, step: ChainStep, seen: Set<FrameValue>, throughCaches = true): boolean {
  if (seen.has(value)) return false;
  seen.add(value);
  if (value.steps.includes(step)) return true;
  if (value.parent && derivesFrom(value.parent, step, seen, throughCaches)) return true;
  const source = value.sourceBinding;
  if (source && (throughCaches || !source.cachedBy) && derivesFrom(source.value, step, seen, throughCaches)) return true;
  return value.inputs.some((input) => derivesFrom(input, step, seen, throughCaches));
}

/** 0-based lines of the actions and writes whose data derives from `step` (its own line included). */
export function sinkLines(model: SparkModel, step: ChainStep, throughCaches = true): number[] {
  const lines = new Set<number>([step.nameSpan.start.line]);
  for (const action of model.actions) if (derivesFrom(action.frame, step, new Set(), throughCaches)) lines.add(action.step.nameSpan.start.line);
  for (const write of model.writes) {
    if (!derivesFrom(write.frame, step, new Set(), throughCaches)) continue;
    lines.add((write.terminal ?? write.step).nameSpan.start.line);
  }
  return [...lines];
}

/** Executions (latest run of each job) that ran code derived from `step`. */
export function executionsOf(model: SparkModel, history: FileHistory, step: ChainStep): ExecutionRun[] {
  if (history.executions.length === 0) return [];
  return latestRunOnly(executionsAt(history, sinkLines(model, step)));
}

/**
 * The plan nodes this execution ran, without those under a cache scan: they show how the cached
 * data was first built, which an execution reading the cache does not repeat.
 */
export function nodesThatRan(execution: ExecutionRun): PlanNodeSummary[] {
  const byIndex = new Map(execution.nodes.map((node) => [node.nodeIndex, node]));
  const underCache = (node: PlanNodeSummary): boolean => {
    for (let parent = node.parentIndex === undefined ? undefined : byIndex.get(node.parentIndex); parent; parent = parent.parentIndex === undefined ? undefined : byIndex.get(parent.parentIndex)) {
      if (parent.kind === 'cache-scan') return true;
    }
    return false;
  };
  return execution.nodes.filter((node) => !underCache(node));
}

/**
 * The plan join that a code join became in an execution. Code joins feeding the same sink, in source
 * order, line up with the plan's joins deepest first (a left-deep chain `a.join(b).join(c)` plans
 * as Join(Join(a, b), c)); when the counts differ the pairing is unknown and nothing is claimed.
 */
export function planJoinFor(model: SparkModel, execution: ExecutionRun, join: JoinSite): PlanNodeSummary | undefined {
  const planJoins = nodesThatRan(execution).filter((node) => node.kind === 'join').reverse();
  const readsCache = execution.nodes.some((node) => node.kind === 'cache-scan');
  const codeJoins = model.joins
    .filter((candidate) => sinkLines(model, candidate.step, !readsCache).includes(execution.line))
    .sort((a, b) => a.step.nameSpan.start.line - b.step.nameSpan.start.line || a.step.nameSpan.start.character - b.step.nameSpan.start.character);
  if (codeJoins.length !== planJoins.length) return undefined;
  return planJoins[codeJoins.indexOf(join)];
}
