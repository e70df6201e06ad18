/**
 * Plans as Spark writes them into SQL events: the `sparkPlanInfo` tree and the formatted
 * `physicalPlanDescription` (explain mode "formatted": a tree with operator ids, then one block per
 * operator; WholeStageCodegen and InputAdapter show only as `*` and "[codegen id : n]").
 */
import type { PhysicalNode } from './planNodes';

export interface SparkPlanInfoJson {
  nodeName: string;
  simpleString: string;
  children: SparkPlanInfoJson[];
  metadata: Record<string, string>;
  metrics: Array<{ name: string; accumulatorId: number; metricType: string }>;
}

export function planInfo(node: PhysicalNode): SparkPlanInfoJson {
  return {
    nodeName: node.nodeName,
    simpleString: node.simpleString,
    children: node.children.map(planInfo),
    metadata: node.metadata,
    metrics: node.metrics.map((metric) => ({ name: metric.name, accumulatorId: metric.accumulatorId, metricType: metric.metricType })),
  };
}

export function adaptiveRoot(child: PhysicalNode, isFinal: boolean): PhysicalNode {
  return { nodeName: 'AdaptiveSparkPlan', simpleString: `AdaptiveSparkPlan isFinalPlan=${isFinal}`, children: [child], metrics: [], metadata: {}, details: [], codegen: false };
}

const HIDDEN = /^(WholeStageCodegen \(\d+\)|InputAdapter)$/;

/** Visible operators (no codegen wrappers) with their children, numbered in post-order like Spark. */
interface Operator {
  id: number;
  node: PhysicalNode;
  children: Operator[];
}

function operators(node: PhysicalNode, counter: { next: number }): Operator[] {
  const children = node.children.flatMap((child) => operators(child, counter));
  if (HIDDEN.test(node.nodeName)) return children;
  return [{ id: counter.next++, node, children }];
}

function treeLines(op: Operator, lines: string[], prefix: string, last: boolean, top: boolean): void {
  const star = op.node.codegenId !== undefined ? '* ' : '';
  lines.push(`${top ? prefix : prefix + (last ? '+- ' : ':- ')}${star}${op.node.nodeName.trimEnd()} (${op.id})`);
  const childPrefix = top ? prefix : prefix + (last ? '   ' : ':  ');
  op.children.forEach((child, i) => treeLines(child, lines, childPrefix, i === op.children.length - 1, false));
}

function detailBlocks(op: Operator, blocks: Map<number, string>): void {
  for (const child of op.children) detailBlocks(child, blocks);
  const codegen = op.node.codegenId !== undefined ? ` [codegen id : ${op.node.codegenId}]` : '';
  blocks.set(op.id, [`(${op.id}) ${op.node.nodeName.trimEnd()}${codegen}`, ...op.node.details].join('\n'));
}

/**
 * The formatted explain. `initial` (AQE only) is printed under "== Initial Plan ==" after the final
 * plan; a plan being planned (`isFinal` false) shows only its initial tree.
 */
export function planDescription(main: PhysicalNode, options: { adaptive: boolean; isFinal: boolean; initial?: PhysicalNode; extra?: string[] }): string {
  const counter = { next: 1 };
  const blocks = new Map<number, string>();
  const lines: string[] = ['== Physical Plan =='];
  if (!options.adaptive) {
    const [top] = operators(main, counter);
    if (top) {
      treeLines(top, lines, '', true, true);
      detailBlocks(top, blocks);
    }
  } else {
    const shown = operators(main, counter)[0];
    const initial = options.initial ? operators(options.initial, counter)[0] : undefined;
    const rootId = counter.next++;
    lines.push(`AdaptiveSparkPlan (${rootId})`);
    if (shown && options.isFinal && initial) {
      lines.push('+- == Final Plan ==');
      treeLines(shown, lines, '   ', true, true);
      lines.push('+- == Initial Plan ==');
      treeLines(initial, lines, '   ', true, true);
      detailBlocks(shown, blocks);
      detailBlocks(initial, blocks);
    } else if (shown) {
      treeLines(shown, lines, '', true, false);
      detailBlocks(shown, blocks);
    }
    blocks.set(rootId, `(${rootId}) AdaptiveSparkPlan\nArguments: isFinalPlan=${options.isFinal}`);
  }
  const ordered = [...blocks.entries()].sort((a, b) => a[0] - b[0]).map(([, text]) => text);
  return `${lines.join('\n')}\n\n\n${[...ordered, ...(options.extra ?? [])].join('\n\n')}\n\n`;
}
