import { columnReferenceKey, isPartitionIdCall, partitionIdColumns } from '../../model/partitionIds';
import type { SparkModel, WindowSpecSite } from '../../model/types';
import { builtForCallersFrame, globalOrderWindow, type GlobalOrderWindow } from '../../model/windowOrder';
import { BOTH_LANGUAGES, type Rule } from '../types';

/** `orderBy("ts")` / `orderBy($"ts")` → "`ts`", when the columns are written as names. */
function orderColumns(site: WindowSpecSite): string | undefined {
  const order = site.chain.steps.find((s) => s.name === 'orderBy');
  const names: string[] = [];
  for (const arg of order?.args ?? []) {
    const value = arg.value;
    if (value.kind === 'literal' && typeof value.value === 'string') names.push(value.value);
    else if (value.kind === 'column') names.push(value.name);
    else return undefined;
  }
  return names.length > 0 ? names.map((n) => `\`${n}\``).join(', ') : undefined;
}

const FRAMING = new Set(['orderBy', 'rowsBetween', 'rangeBetween']);

/**
 * A window ordered only by the partition id runs over a per-partition summary (one row per
 * partition, `groupBy(spark_partition_id())`): ordering every row of real data by partition id
 * would make no sense, so the single partition holds a few hundred rows at most.
 */
function overPartitionSummary(site: WindowSpecSite, model: SparkModel): boolean {
  const order = site.chain.steps.filter((s) => s.name === 'orderBy').at(-1);
  const args = order?.args ?? [];
  if (args.length === 0) return false;
  const keys = partitionIdColumns(model);
  return args.every((a) => isPartitionIdCall(a.value, model.imports) || keys.has(columnReferenceKey(a.value, model.imports) ?? ''));
}

/**
 * A window whose spec shows the global order is its meaning, built for a caller's frame: the single
 * task is the price of that meaning, and only large if the caller's frame is.
 */
function globalByIntentMessage(kind: GlobalOrderWindow, columns: string | undefined): string {
  const size = 'that is its meaning (no partition key gives the same result), and it matters only if the frame its callers pass is large, which the code here does not show.';
  if (kind === 'running-frame') {
    return `This running or moving window${columns ? ` over ${columns}` : ''} has no partitionBy, so one task sorts every row: ${size} On a large frame compute per-partition results plus offsets from a groupBy(spark_partition_id()) summary.`;
  }
  return `This window orders rows by monotonically_increasing_id() without partitionBy, so one task sorts every row: consecutive numbers need the global order; ${size} On a large frame use zipWithIndex, or per-partition counts from a groupBy(spark_partition_id()) summary as offsets.`;
}

export const windowWithoutPartition: Rule = {
  id: 'window-without-partition',
  defaultSeverity: 'warning',
  summary: 'A window without partitionBy moves all data into one partition.',
  languages: BOTH_LANGUAGES,
  check({ model, report }) {
    for (const site of model.windows) {
      if (site.partitionedLater) continue;
      const unpartitioned = site.emptyPartitionBy || (!site.hasPartitionBy && site.hasOrderOrFrame);
      if (!unpartitioned || overPartitionSummary(site, model)) continue;
      const columns = orderColumns(site);
      const what = site.emptyPartitionBy ? 'This window has partitionBy() with no columns' : `This window${columns ? ` ordered by ${columns}` : ''} has no partitionBy`;
      // Start at the method name, so a multi-line `Window\n.orderBy(...)` is flagged on its orderBy line.
      const flagged = site.chain.steps.find((s) => (site.emptyPartitionBy ? s.name === 'partitionBy' : FRAMING.has(s.name)));
      const span = flagged ? { start: flagged.nameSpan.start, end: site.span.end } : site.span;
      const global = site.emptyPartitionBy || !builtForCallersFrame(site, model) ? undefined : globalOrderWindow(site, model.imports);
      if (global) {
        report({ span, atMost: 'hint', message: globalByIntentMessage(global, columns) });
        continue;
      }
      report({
        span,
        message: `${what}: Spark moves every row into a single partition and sorts and processes it in one task ("No Partition Defined for Window operation!"). Partition by the natural grouping key (e.g. Window.partitionBy("user_id").orderBy(...)); for a global row number use monotonically_increasing_id(), for a share of a total compute the total in a separate aggregation.`,
      });
    }
  },
};
