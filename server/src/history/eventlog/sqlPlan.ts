/**
 * A SQL plan (sparkPlanInfo tree) reduced, as soon as it arrives, to the nodes worth keeping and the
 * accumulator ids their figures will come from; values are filled in at the end, once every stage has
 * reported. Memory is bounded by the kept nodes, whatever the size of the plan text.
 */
import type { SqlMetricValues } from './accumulators';
import type { Json } from './json';
import { cut, list, num, obj, str } from './json';
import { joinTypeOf, planNodeKind, readTargetOf, writeTargetOf } from './planText';
import type { PlanNodeKind, PlanNodeSummary } from './types';

interface MetricRef {
  name: string;
  accumulatorId: number;
  metricType: string | undefined;
}

/** Accumulator ids whose values add up to one measurement (several when a side is a union). */
type Measure = number[];

export interface CompiledNode {
  nodeIndex: number;
  parentIndex?: number;
  nodeName: string;
  kind: PlanNodeKind;
  simpleString: string;
  metrics: MetricRef[];
  sideBytes?: [Measure | undefined, Measure | undefined];
  sideRows?: [Measure | undefined, Measure | undefined];
  joinType?: string;
  writeTarget?: string;
  readTarget?: string;
}

const MAX_SIMPLE_STRING = 1000;
/** How far down a join side is searched for a measurement: far beyond real plans, well within the call stack. */
const MAX_SIDE_DEPTH = 500;

const EXCHANGE_SIZE = ['data size', 'data size (bytes)'];
const SHUFFLE_READ_SIZE = ['partition data size'];
const SCAN_SIZE = ['size of files read'];
const ROWS = ['number of output rows', 'shuffle records written'];

/** Pre-order walk of the whole tree; only nodes of a known kind are kept. */
export function compilePlan(planInfo: unknown): CompiledNode[] {
  const kept: CompiledNode[] = [];
  const root = obj(planInfo);
  if (!root) return kept;
  let nextIndex = 0;
  // An explicit stack: plans can be deeper than the call stack allows.
  const stack: Array<{ node: Json; parentIndex: number | undefined }> = [{ node: root, parentIndex: undefined }];
  while (stack.length > 0) {
    const { node, parentIndex } = stack.pop()!;
    const nodeIndex = nextIndex++;
    const nodeName = (str(node['nodeName']) ?? '').trim();
    const kind = planNodeKind(nodeName);
    let keptIndex = parentIndex;
    if (kind) {
      kept.push(compileNode(node, nodeIndex, parentIndex, nodeName, kind));
      keptIndex = nodeIndex;
    }
    const below = children(node);
    for (let i = below.length - 1; i >= 0; i--) stack.push({ node: below[i]!, parentIndex: keptIndex });
  }
  return kept;
}

function compileNode(node: Json, nodeIndex: number, parentIndex: number | undefined, nodeName: string, kind: PlanNodeKind): CompiledNode {
  const simpleString = str(node['simpleString']) ?? nodeName;
  const compiled: CompiledNode = { nodeIndex, parentIndex, nodeName, kind, simpleString: cut(simpleString, MAX_SIMPLE_STRING)!, metrics: metricRefs(node) };
  if (kind === 'join') {
    const [left, right] = children(node);
    compiled.sideBytes = [left && sideBytes(left, 0), right && sideBytes(right, 0)];
    compiled.sideRows = [left && sideRows(left, 0), right && sideRows(right, 0)];
    compiled.joinType = joinTypeOf(nodeName, simpleString);
  } else if (kind === 'write') {
    compiled.writeTarget = writeTargetOf(nodeName, simpleString);
  } else if (kind === 'scan') {
    compiled.readTarget = readTargetOf(simpleString);
  }
  return compiled;
}

function children(node: Json): Json[] {
  return list(node['children']).map(obj).filter((child): child is Json => child !== undefined);
}

function metricRefs(node: Json): MetricRef[] {
  const refs: MetricRef[] = [];
  for (const entry of list(node['metrics'])) {
    const metric = obj(entry);
    const name = str(metric?.['name']);
    const accumulatorId = num(metric?.['accumulatorId']);
    if (name !== undefined && accumulatorId !== undefined) refs.push({ name, accumulatorId, metricType: str(metric?.['metricType']) });
  }
  return refs;
}

function idsNamed(node: Json, names: readonly string[]): Measure | undefined {
  const ids = metricRefs(node)
    .filter((metric) => names.includes(metric.name))
    .map((metric) => metric.accumulatorId);
  return ids.length > 0 ? ids.slice(0, 1) : undefined;
}

/** Sum of the children's measures; unknown when any child has none. */
function allChildren(node: Json, depth: number, measure: (child: Json, depth: number) => Measure | undefined): Measure | undefined {
  const below = children(node);
  if (below.length === 0 || depth >= MAX_SIDE_DEPTH) return undefined;
  const measures = below.map((child) => measure(child, depth + 1));
  return measures.every((m) => m !== undefined) ? measures.flat() : undefined;
}

/**
 * Bytes of a join input: the first size measurement down the side, looking through AQE query stages,
 * codegen, projections, filters, sorts. The exchange's "data size" is preferred to the AQEShuffleRead
 * above it, as it is the figure AQE itself compares with the broadcast threshold. A nested join or a
 * cache read ends the search unmeasured: their output size is not recorded.
 */
function sideBytes(node: Json, depth: number): Measure | undefined {
  const kind = planNodeKind(str(node['nodeName']) ?? '');
  switch (kind) {
    case 'join':
    case 'cache-scan':
      return undefined;
    case 'exchange':
    case 'broadcast-exchange':
      return idsNamed(node, EXCHANGE_SIZE) ?? allChildren(node, depth, sideBytes);
    case 'shuffle-read':
      return allChildren(node, depth, sideBytes) ?? idsNamed(node, SHUFFLE_READ_SIZE);
    case 'scan':
      return idsNamed(node, SCAN_SIZE);
    default:
      return allChildren(node, depth, sideBytes);
  }
}

/** Rows of a join input: the nearest node below that counts its output rows. */
function sideRows(node: Json, depth: number): Measure | undefined {
  const kind = planNodeKind(str(node['nodeName']) ?? '');
  if (kind === 'join') return undefined;
  const own = idsNamed(node, ROWS);
  if (own || kind === 'scan' || kind === 'cache-scan') return own;
  return allChildren(node, depth, sideRows);
}

/** The kept nodes with their final metric values. */
export function resolvePlan(nodes: readonly CompiledNode[], values: SqlMetricValues): PlanNodeSummary[] {
  const measure = (ids: Measure | undefined): number | undefined => {
    if (!ids) return undefined;
    let sum = 0;
    for (const id of ids) {
      const value = values.value(id);
      if (value === undefined) return undefined;
      sum += value;
    }
    return sum;
  };
  return nodes.map((node) => {
    const summary: PlanNodeSummary = {
      nodeIndex: node.nodeIndex,
      nodeName: node.nodeName,
      kind: node.kind,
      simpleString: node.simpleString,
      metrics: metricValues(node.metrics, values),
    };
    if (node.parentIndex !== undefined) summary.parentIndex = node.parentIndex;
    const stageIds = [...new Set(node.metrics.flatMap((metric) => values.stagesReporting(metric.accumulatorId)))].sort((a, b) => a - b);
    if (stageIds.length > 0) summary.stageIds = stageIds;
    if (node.sideBytes) summary.sideBytes = [measure(node.sideBytes[0]), measure(node.sideBytes[1])];
    if (node.sideRows) summary.sideRows = [measure(node.sideRows[0]), measure(node.sideRows[1])];
    if (node.joinType !== undefined) summary.joinType = node.joinType;
    if (node.writeTarget !== undefined) summary.writeTarget = node.writeTarget;
    if (node.readTarget !== undefined) summary.readTarget = node.readTarget;
    return summary;
  });
}

/**
 * Totals by metric name, as the SQL tab's "total": nanosecond timings turned into ms. Average
 * metrics (e.g. "avg hash probes per key") have no meaningful total and are left out.
 */
function metricValues(refs: readonly MetricRef[], values: SqlMetricValues): Record<string, number> {
  const out: Record<string, number> = {};
  for (const ref of refs) {
    if (ref.metricType === 'average') continue;
    const raw = values.value(ref.accumulatorId);
    if (raw === undefined) continue;
    const value = ref.metricType === 'nsTiming' ? raw / 1e6 : raw;
    out[ref.name] = (out[ref.name] ?? 0) + value;
  }
  return out;
}
