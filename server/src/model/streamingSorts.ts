/**
 * A global sort in a streaming query. Structured Streaming's UnsupportedOperationChecker rejects
 * the query when it starts ("Sorting is not supported on streaming DataFrames/Datasets, unless it
 * is on aggregated DataFrame/Dataset in Complete output mode"): only a sort of an aggregate whose
 * whole result table is emitted on every trigger is allowed.
 */
import { argument, literalValue } from './chains';
import { lineageWithHolders, type LineageStep } from './partitioning';
import type { ChainStep, SparkModel, WriteSite } from './types';

/** The writer's output mode as the chain shows it: `append` when none is set (Spark's default), `unknown` when it is computed. */
export type StreamOutputMode = 'append' | 'update' | 'complete' | 'unknown';

const AGGREGATIONS: ReadonlySet<string> = new Set(['agg', 'count', 'sum', 'avg', 'mean', 'min', 'max', 'pivot', 'groupBy', 'groupby', 'rollup', 'cube', 'groupByKey']);
/** A join or union brings in another side whose sorts we cannot place on the streaming side. */
const COMBINES: ReadonlySet<string> = new Set(['join', 'crossJoin', 'union', 'unionAll', 'unionByName', 'joinWith']);

export function streamOutputMode(model: SparkModel, write: WriteSite): StreamOutputMode {
  const found = model.frameChains.find((entry) => entry.chain.steps.includes(write.step));
  if (!found) return 'unknown';
  const steps = found.chain.steps.slice(found.chain.steps.indexOf(write.step) + 1);
  const setting = steps.find((step) => step.name === 'outputMode');
  if (!setting) return 'append';
  const mode = argument(setting, 0, 'outputMode');
  const text = typeof literalValue(mode) === 'string' ? String(literalValue(mode)) : mode?.kind === 'call' && mode.callee.kind === 'member' ? mode.callee.property : mode?.kind === 'member' ? mode.property : undefined;
  const lower = text?.toLowerCase();
  return lower === 'append' || lower === 'update' || lower === 'complete' ? lower : 'unknown';
}

/**
 * The `orderBy`/`sort` a `writeStream` write starts from that Spark will reject, with whether an
 * aggregation comes before it. Walks back from the write to the nearest join or union (past it the
 * sorted side may be a static DataFrame, which may be sorted). Undefined when there is none, or when
 * the sort is allowed: after an aggregation in Complete mode, or with a mode the code computes.
 */
export function rejectedStreamingSort(model: SparkModel, write: WriteSite): { sort: LineageStep; aggregated: boolean; mode: StreamOutputMode } | undefined {
  if (write.step.name !== 'writeStream' || write.frame.kind !== 'dataframe') return undefined;
  const mode = streamOutputMode(model, write);
  if (mode === 'unknown') return undefined;
  const lineage = lineageWithHolders(write.frame);
  let start = 0;
  for (let i = lineage.length - 1; i >= 0; i--) {
    if (COMBINES.has(lineage[i]!.step.name)) {
      start = i + 1;
      break;
    }
  }
  const isSort = (step: ChainStep) => step.name === 'orderBy' || step.name === 'sort';
  const index = lineage.findIndex((entry, i) => i >= start && isSort(entry.step));
  if (index < 0) return undefined;
  const aggregated = lineage.slice(0, index).some((entry) => AGGREGATIONS.has(entry.step.name));
  if (aggregated && mode === 'complete') return undefined;
  return { sort: lineage[index]!, aggregated, mode };
}
