/**
 * The operations of a file's Spark model that a plan node can be matched with (see
 * history/callsites/planPlacement.ts): joins with their keys, groupings and de-duplications, window
 * specs, sorts and reads, each with the actions and writes it feeds.
 */
import type { CodeOperation } from '../history/evidence';
import { argument } from '../model/chains';
import { joinKeys } from '../model/joins';
import { READER_TERMINALS } from '../model/sparkApi';
import type { Argument, ChainStep, Expr, FrameValue, FunctionImports, SparkModel } from '../model/types';

const GROUPINGS = new Set(['groupBy', 'groupby', 'rollup', 'cube']);
const DEDUPLICATIONS = new Set(['dropDuplicates', 'drop_duplicates', 'dropDuplicatesWithinWatermark']);
const SORTS = new Set(['orderBy', 'sort', 'sortWithinPartitions']);
const SORT_DIRECTIONS = new Set(['asc', 'desc', 'asc_nulls_first', 'asc_nulls_last', 'desc_nulls_first', 'desc_nulls_last', 'ascending', 'descending']);

/** `F.col("ts").desc()`, `F.desc("ts")`, `$"ts".desc` → the column expression itself. */
function withoutDirection(expr: Expr, imports: FunctionImports): Expr {
  if (expr.kind === 'call' && expr.callee.kind === 'member' && SORT_DIRECTIONS.has(expr.callee.property) && expr.args.length === 0) return expr.callee.object;
  if (expr.kind === 'member' && SORT_DIRECTIONS.has(expr.property)) return expr.object;
  if (expr.kind === 'call' && expr.args.length === 1 && [...SORT_DIRECTIONS].some((name) => imports.isSparkFunction(expr.callee, name))) return expr.args[0]!.value;
  return expr;
}

/** Column names of a call's positional arguments (strings, lists, `col(…)`, `$"…"`, `df.x`), lower case. */
function columns(args: readonly Argument[] | undefined, imports: FunctionImports): string[] {
  const names = (args ?? []).filter((arg) => !arg.name || arg.name === 'cols' || arg.name === 'subset').flatMap((arg) => joinKeys(withoutDirection(arg.value, imports), imports));
  return [...new Set(names.map((name) => name.toLowerCase()))];
}

/** Every step a value is computed from, through parents, source bindings and the other sides of joins. */
function upstreamSteps(value: FrameValue, into: Set<ChainStep>, seen: Set<FrameValue>): Set<ChainStep> {
  const pending = [value];
  while (pending.length > 0) {
    const current = pending.pop()!;
    if (seen.has(current)) continue;
    seen.add(current);
    for (const step of current.steps) into.add(step);
    if (current.parent) pending.push(current.parent);
    if (current.sourceBinding) pending.push(current.sourceBinding.value);
    pending.push(...current.inputs);
  }
  return into;
}

/**
 * The file's operations. `targetOf` reads a path or table argument the way the history query does
 * (constants substituted, interpolations as `*`).
 */
export function codeOperations(model: SparkModel, targetOf: (expr: Expr | undefined) => string | undefined): CodeOperation[] {
  const imports = model.imports;
  const sinks = [
    ...model.actions.map((action) => ({ line: action.step.nameSpan.start.line, frame: action.frame })),
    ...model.writes.map((write) => ({ line: (write.terminal ?? write.step).nameSpan.start.line, frame: write.frame })),
  ].map((sink) => ({ line: sink.line, steps: upstreamSteps(sink.frame, new Set(), new Set()) }));
  const sinksOf = (step: ChainStep) => sinks.filter((sink) => sink.steps.has(step) || sink.line === step.nameSpan.start.line).map((sink) => sink.line);
  const operation = (kind: CodeOperation['kind'], step: ChainStep, keys: string[], target?: string): CodeOperation => ({
    kind,
    line: step.nameSpan.start.line,
    keys,
    ...(target !== undefined ? { target } : {}),
    sinks: sinksOf(step),
  });

  const operations: CodeOperation[] = model.joins.map((join) => operation('join', join.step, [...new Set(join.keys.map((key) => key.toLowerCase()))]));
  for (const { step, kind } of model.frameSteps) {
    if (kind === 'dataframe' && (GROUPINGS.has(step.name) || DEDUPLICATIONS.has(step.name))) operations.push(operation('aggregate', step, columns(step.args, imports)));
    else if (kind === 'dataframe' && SORTS.has(step.name)) operations.push(operation('sort', step, columns(step.args, imports)));
    else if ((kind === 'reader' && READER_TERMINALS.has(step.name)) || (kind === 'session' && step.name === 'table')) {
      const target = targetOf(argument(step, 0, step.name === 'table' ? 'tableName' : 'path'));
      if (target !== undefined && target.replace(/\*/g, '').length > 0) operations.push(operation('read', step, [], target));
    }
  }
  for (const window of model.windows) {
    const keyed = window.chain.steps.filter((step) => step.name === 'partitionBy' || step.name === 'orderBy');
    const keys = [...new Set(keyed.flatMap((step) => columns(step.args, imports)))];
    if (keys.length > 0) operations.push({ kind: 'window', line: window.span.start.line, keys, sinks: [] });
  }
  return operations;
}
