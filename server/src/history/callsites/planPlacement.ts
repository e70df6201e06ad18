/**
 * Places a measured stage on the operation of the code that caused it. A stage's call site names
 * the action or write that ran it (PySpark writes not even that), yet its time goes to the join,
 * aggregation, window or read inside the plan: a skewed sort-merge join should be reported on the
 * `join`, not on `.parquet(…)` six lines below.
 *
 * The plan says which nodes a stage ran (the stages that reported a node's metrics, as Spark's SQL
 * tab does); the node that defines the stage is its shuffled join, else its deepest operator (the
 * one reading the stage's input); that node is matched with the code's operations by join keys,
 * grouping, window or sort columns and input paths or tables, preferring operations that feed the
 * action or write, then by order when the same keys occur several times. Without a unique match
 * the stage stays where its call site put it.
 */
import type { PlanNodeKind, PlanNodeSummary } from '../eventlog/types';
import type { CodeOperation } from '../evidence';
import { targetMatches } from './targets';

/** Nodes shared with neighbouring stages (an exchange is written by one and read by the next) or serving the write. */
const NOT_A_CAUSE: ReadonlySet<PlanNodeKind> = new Set(['exchange', 'broadcast-exchange', 'shuffle-read', 'write']);

const OPERATIONS_FOR: Partial<Record<PlanNodeKind, ReadonlyArray<CodeOperation['kind']>>> = {
  join: ['join'],
  aggregate: ['aggregate'],
  sort: ['window', 'sort'],
  scan: ['read'],
};

/** The top-level `[…]` groups of a plan string, in order. */
function bracketGroups(text: string): string[] {
  const groups: string[] = [];
  let depth = 0;
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '[') {
      if (depth === 0) start = i + 1;
      depth++;
    } else if (ch === ']' && depth > 0) {
      depth--;
      if (depth === 0) groups.push(text.slice(start, i));
    }
  }
  return groups;
}

/** Attribute names an expression list refers to: `coalesce(account_id#5, guest), ts#6 ASC` → account_id, ts. */
function attributes(text: string): string[] {
  return [...new Set([...text.matchAll(/([A-Za-z_][\w]*)#\d+L?/g)].map((match) => match[1]!.toLowerCase()))];
}

/** The columns a join, aggregate or sort node works on, or undefined when the plan does not say. */
export function planKeys(node: PlanNodeSummary): string[] | undefined {
  const args = node.simpleString.startsWith(node.nodeName) ? node.simpleString.slice(node.nodeName.length) : node.simpleString;
  let keys: string[] = [];
  if (node.kind === 'join') keys = bracketGroups(args).slice(0, 2).flatMap(attributes);
  else if (node.kind === 'aggregate') {
    const at = args.indexOf('keys=[');
    if (at < 0) return undefined;
    keys = attributes(bracketGroups(args.slice(at + 'keys='.length))[0] ?? '');
  } else if (node.kind === 'sort') keys = attributes(bracketGroups(args)[0] ?? '');
  else return undefined;
  const unique = [...new Set(keys)];
  return unique.length > 0 ? unique : undefined;
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((key) => b.includes(key));
}

function matches(node: PlanNodeSummary, operation: CodeOperation): boolean {
  if (!OPERATIONS_FOR[node.kind]?.includes(operation.kind)) return false;
  if (node.kind === 'scan') return operation.target !== undefined && node.readTarget !== undefined && targetMatches(operation.target, node.readTarget);
  const keys = planKeys(node);
  return keys !== undefined && operation.keys.length > 0 && sameKeys(keys, operation.keys);
}

function isShuffledJoin(node: PlanNodeSummary): boolean {
  return node.kind === 'join' && !/Broadcast/.test(node.nodeName);
}

/** The nodes a stage ran that could define it, most telling first: shuffled joins, then the deepest operators. */
function causeCandidates(stageId: number, nodes: readonly PlanNodeSummary[]): PlanNodeSummary[] {
  const byIndex = new Map(nodes.map((node) => [node.nodeIndex, node]));
  const parentOf = (node: PlanNodeSummary) => (node.parentIndex === undefined ? undefined : byIndex.get(node.parentIndex));
  const depth = (node: PlanNodeSummary) => {
    let d = 0;
    for (let parent = parentOf(node); parent && d < nodes.length; parent = parentOf(parent)) d++;
    return d;
  };
  const ran = nodes.filter((node) => node.stageIds?.includes(stageId) && !NOT_A_CAUSE.has(node.kind));
  // A sort right under a join or write only orders rows for it.
  const own = ran.filter((node) => !(node.kind === 'sort' && ['join', 'write'].includes(parentOf(node)?.kind ?? '')));
  const deepestFirst = (a: PlanNodeSummary, b: PlanNodeSummary) => depth(b) - depth(a);
  return [...own.filter(isShuffledJoin).sort(deepestFirst), ...own.filter((node) => !isShuffledJoin(node)).sort(deepestFirst)];
}

/**
 * Among operations that match equally: the one feeding the sink, else by order: plan nodes with the
 * same keys, deepest (first run) first, line up with the operations in source order.
 */
function pick(node: PlanNodeSummary, matched: CodeOperation[], nodes: readonly PlanNodeSummary[], sinkLine: number): CodeOperation | undefined {
  if (matched.length === 1) return matched[0];
  const feeding = matched.filter((operation) => operation.sinks.includes(sinkLine));
  if (feeding.length === 1) return feeding[0];
  const pool = (feeding.length > 0 ? feeding : matched).sort((a, b) => a.line - b.line);
  // One sort serves every window over the same columns: the first spec is where that partitioning starts.
  if (pool.every((operation) => operation.kind === 'window')) return pool[0];
  const twins = nodes.filter((other) => other.kind === node.kind && pool.some((operation) => matches(other, operation))).reverse();
  return twins.length === pool.length ? pool[twins.indexOf(node)] : undefined;
}

export interface Placement {
  /** 0-based line of the operation. */
  line: number;
  /** The plan node that ran there, e.g. "SortMergeJoin". */
  operation: string;
}

/** Where the stage's cause is in the code, when the plan and the code agree on one place. */
export function placeStage(stageId: number, nodes: readonly PlanNodeSummary[], sinkLine: number, operations: readonly CodeOperation[]): Placement | undefined {
  if (operations.length === 0) return undefined;
  for (const node of causeCandidates(stageId, nodes)) {
    const matched = operations.filter((operation) => matches(node, operation));
    if (matched.length === 0) continue;
    const chosen = pick(node, matched, nodes, sinkLine);
    if (chosen) return { line: chosen.line, operation: node.nodeName };
    // The defining node matched ambiguously: a later candidate would place the stage on a lesser cause.
    return undefined;
  }
  return undefined;
}
