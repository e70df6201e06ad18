/**
 * What a function of the file does with the DataFrames its callers hand it, and what it hands
 * back: the summary a call site applies instead of treating the call as a place where data
 * escapes. Summaries are read off a model built of the function alone (callbuild.ts), with the
 * parameters the caller fills with DataFrames bound as DataFrames.
 */
import { runsHeavySparkJobs, cacheLeftHeld, shuffleIn } from './cacheHolding';
import { withoutDebugOnlyUses } from './debugGuards';
import { executions, MANY } from './flow';
import { lessCertainHint } from './sizeHints';
import { SIZE_PRESERVING } from './sparkApi';
import { KNOWN_BY_USE } from './frameEvidence';
import { commonFills } from './keyFills';
import { filledCache, handsBackOnlyCaches, reachesReturnLazily, returnedCache, returnedTuple, type ReturnedCache, type ReturnedTupleElement } from './returnedCaches';
import { cachedParameters, type CachedParameter } from './parameterCaches';
import { fittedOnly } from './mlEstimators';
import type { Binding, FrameKind, FrameValue, FunctionImports, KeyFill, SizeHint, SparkModel } from './types';

/** What the function does with one parameter's data. */
export interface ParameterEffect {
  /** Spark jobs the function runs on the parameter's data; MANY when it lets the data go where we cannot follow, or reads it in a loop. */
  jobs: number;
  /** Set when all the function hands back is data it cached: whether this parameter's data is read when the caller reads that result. */
  followsResult?: boolean;
  /** The function fits a Spark ML estimator to the parameter's data (many reads, none kept), and lets it go nowhere else we cannot follow. */
  fitted?: boolean;
}

/** What the function returns when every `return` hands back a DataFrame or RDD. */
export interface ReturnSummary {
  kind: FrameKind;
  /** The parameter the returned value is derived from, if any. */
  fromParameter?: string;
  /** From a parameter: only steps that cannot make the data larger (filter, select, distinct, …). */
  keepsSize: boolean;
  /** Not from a parameter: why the returned value is small, if it is. */
  sizeHint?: SizeHint;
  /** Key columns every returned value has filled with the same constant (`na.fill("unknown", ["locale"])`). */
  filledKeys?: KeyFill[];
  /** Every returned value's lineage in the function shuffles (a join, a groupBy): the first such operation of the first. */
  shuffle?: string;
}

/** A DataFrame the function keeps in an attribute (`self.lookup = ...`) for other methods to read. */
export interface FieldSummary {
  kind: FrameKind;
  /** Set when every value the function assigns to it is small. */
  sizeHint?: SizeHint;
}

export interface FunctionSummary {
  parameters: ReadonlyMap<string, ParameterEffect>;
  fields: ReadonlyMap<string, FieldSummary>;
  returns?: ReturnSummary;
  /** The function runs at least one Spark job (itself or through the functions it calls). */
  runsJobs: boolean;
  /** One of those jobs writes, joins or shuffles: work that needs the executor memory a forgotten cache holds. */
  runsHeavyJobs: boolean;
  /** It caches a DataFrame it neither releases nor hands back: the cache stays held after it returns. */
  leavesCacheHeld: boolean;
  /** Every `return` hands back a DataFrame the function cached: its callers' reads decide whether the cache pays. */
  returnedCache?: ReturnedCache;
  /** Every `return` hands back a tuple of the same width with a cache in it (`return totals, details`): what each place holds. */
  returnedTuple?: readonly ReturnedTupleElement[];
  /** Parameters it caches in place (itself or through a helper it hands them to): the caller's DataFrames, cached at the call. */
  cachedParameters?: ReadonlyMap<string, CachedParameter>;
  /** Equal for summaries that mean the same (spans included): what callers remember to reuse their own analysis. */
  fingerprint: string;
}

/** The summary of a function from the model of its body, its DataFrame parameters' bindings and the values its `return`s hand back. */
export function summarise(
  model: SparkModel, parameters: ReadonlyMap<string, Binding>, returned: ReadonlyArray<FrameValue | undefined>, fieldBindings: readonly Binding[], declaredParameters: readonly string[] = [...parameters.keys()],
  returnedTuples: ReadonlyArray<ReadonlyArray<FrameValue | undefined>> = [],
): FunctionSummary {
  const effects = new Map<string, ParameterEffect>();
  const returns = returnSummary(parameters, returned, model.imports);
  const cached = returns ? returnedCache(model, returned, declaredParameters) : undefined;
  const tuple = returnedTuple(model, returned.length, returnedTuples, declaredParameters);
  // A returned value is followed at the call site, so it is no job here; anything else we cannot follow is many. When all the
  // function hands back is data it cached, the call site follows every parameter whose data that cache reads.
  const onlyCaches = handsBackOnlyCaches(cached, tuple);
  const returnedReads = (name: string): number => {
    if (onlyCaches) return 0;
    if (returnedTuples.length > 0) return MANY;
    return !returns || returns.fromParameter === name ? 0 : MANY;
  };
  // Jobs behind a debug or verbose switch do not run in a normal run: a helper that only prints rows when asked reads nothing.
  for (const [name, binding] of parameters) {
    const read = withoutDebugOnlyUses(model, binding);
    const jobs = executions(read, -1, new Set(), MANY, returnedReads(name), filledCache);
    const fitted = fittedOnly(read) ? { fitted: true } : {};
    effects.set(name, onlyCaches ? { jobs, followsResult: reachesReturnLazily(read), ...fitted } : { jobs, ...fitted });
  }
  const runsJobs = model.actions.length > 0 || model.writes.length > 0 || model.helperCalls.length > 0;
  const runsHeavyJobs = runsHeavySparkJobs(model);
  const leavesCacheHeld = model.caches.some((site) => cacheLeftHeld(model, site));
  const fields = fieldSummaries(fieldBindings);
  const cachesParameters = cachedParameters(model, parameters);
  const fingerprint = JSON.stringify({ effects: [...effects], returns, runsJobs, runsHeavyJobs, leavesCacheHeld, fields: [...fields], returnedCache: cached, returnedTuple: tuple, cachedParameters: [...cachesParameters] });
  return {
    parameters: effects, fields, returns, runsJobs, runsHeavyJobs, leavesCacheHeld, fingerprint,
    ...(cached ? { returnedCache: cached } : {}), ...(tuple ? { returnedTuple: tuple } : {}), ...(cachesParameters.size > 0 ? { cachedParameters: cachesParameters } : {}),
  };
}

function fieldSummaries(bindings: readonly Binding[]): Map<string, FieldSummary> {
  const fields = new Map<string, FieldSummary>();
  for (const binding of bindings) {
    const earlier = fields.get(binding.name);
    const { kind, sizeHint } = binding.value;
    if (!earlier) fields.set(binding.name, { kind, sizeHint });
    else if (earlier.sizeHint) fields.set(binding.name, { kind: earlier.kind, sizeHint: sizeHint && lessCertainHint(earlier.sizeHint, sizeHint) });
  }
  return fields;
}

function returnSummary(parameters: ReadonlyMap<string, Binding>, returned: ReadonlyArray<FrameValue | undefined>, imports: FunctionImports): ReturnSummary | undefined {
  const summary = returnLineage(parameters, returned);
  const filledKeys = summary && commonFills(returned as FrameValue[], imports);
  const shuffles = summary ? returned.map((value) => shuffleIn(value)) : [];
  const shuffle = shuffles.every((found) => found !== undefined) ? shuffles[0] : undefined;
  return summary && { ...summary, ...(filledKeys ? { filledKeys } : {}), ...(shuffle ? { shuffle } : {}) };
}

function returnLineage(parameters: ReadonlyMap<string, Binding>, returned: ReadonlyArray<FrameValue | undefined>): ReturnSummary | undefined {
  const values = returned.filter((v): v is FrameValue => v !== undefined && (v.kind === 'dataframe' || v.kind === 'rdd'));
  if (values.length === 0 || values.length !== returned.length) return undefined;
  const kind = values[0]!.kind;
  if (values.some((v) => v.kind !== kind)) return undefined;
  const origins = values.map((value) => parameterOrigin(value, parameters));
  const first = origins[0];
  if (first) {
    if (origins.some((o) => o?.name !== first.name)) return undefined;
    return { kind, fromParameter: first.name, keepsSize: origins.every((o) => o!.keepsSize) };
  }
  if (origins.some((o) => o !== undefined)) return undefined;
  const hints = values.map((v) => v.sizeHint);
  return { kind, keepsSize: false, sizeHint: hints.every((h) => h !== undefined) ? hints[0] : undefined };
}

/** The parameter a value is derived from, and whether every step since keeps its size. */
function parameterOrigin(value: FrameValue, parameters: ReadonlyMap<string, Binding>): { name: string; keepsSize: boolean } | undefined {
  const bindings = new Set(parameters.values());
  let keepsSize = true;
  for (let current: FrameValue | undefined = value; current; current = current.parent) {
    if (current.steps.some((step) => !SIZE_PRESERVING.has(step.name))) keepsSize = false;
    if (current.sourceBinding && bindings.has(current.sourceBinding)) return { name: current.sourceBinding.name, keepsSize };
    if (current.sourceBinding?.isParameter && (current.sourceBinding.value.origin === 'parameter' || current.sourceBinding.value.origin === KNOWN_BY_USE)) return undefined;
  }
  return undefined;
}
