/**
 * A described application run → Spark event-log lines. Deterministic: the same description (and
 * seed) always gives the same lines. Lines are produced lazily, one action at a time, so a large
 * log never sits in memory (only the current stage's task attempts do).
 */
import { adaptiveRoot, planDescription, planInfo } from './render';
import { PlanBuilder, versionAtLeast } from './plan';
import type { PhysicalNode, PlanMetric, StageSlot } from './planNodes';
import { emptyFigures } from './planNodes';
import { Rng, hashString } from './random';
import type { Executor, Json, RddInfo, TaskMetricValues } from './sparkJson';
import { HELPER_THREAD_DETAILS, HELPER_THREAD_NAME, INTERNAL_METRICS, OOM_TRACE, executorMetricsJson, fullStackTrace, stackTraceJson, stageInfoJson, taskMetricsJson } from './sparkJson';
import type { StageAttemptPlan, TaskRun } from './tasks';
import { assignFigures, planStageAttempts } from './tasks';
import type { ActionDescription, JobRunDescription, PlanNode, StageDescription, WriteNode } from './types';
import { environmentEvent, executorAddedEvents, sparkProperties } from './environment';

const SQL_EVENT = 'org.apache.spark.sql.execution.ui.';

/** Mutable state of one application run: counters, clock, executors. */
class RunState {
  readonly rng: Rng;
  readonly version: string;
  now: number;
  accumulatorId = 0;
  exprId = 0;
  planId = 0;
  rddId = 0;
  scopeId = 0;
  stageId = 0;
  jobId = 0;
  taskId = 0;
  shuffleId = 0;
  executionId = 0;
  firstStage = true;
  readonly executors: Executor[] = [];
  readonly properties: Record<string, string>;
  /** Cached RDDs by name, so an action reading a cache lists the RDD its builder made. */
  readonly cachedRdds = new Map<string, RddInfo>();
  /** Cumulative value of every SQL accumulator (Spark reports running totals). */
  readonly accumulatorValues = new Map<number, number>();
  readonly heapMax: number;

  constructor(
    readonly run: JobRunDescription,
    readonly options: GenerateOptions,
  ) {
    this.rng = new Rng(run.seed ?? hashString(run.appId));
    this.version = run.sparkVersion;
    this.now = run.startTime;
    this.properties = sparkProperties(run, this.rng.fork('properties'));
    this.heapMax = Math.round(parseMemory(run.executorMemory) * 0.94);
  }

  get aliveExecutors(): Executor[] {
    return this.executors.filter((executor) => !executor.removed);
  }
}

function parseMemory(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([kmgt]?)b?$/i.exec(text.trim());
  if (!match) throw new Error(`executorMemory "${text}" is not a size like "16g"`);
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 }[match[2]!.toLowerCase() as '' | 'k' | 'm' | 'g' | 't'];
  return Number(match[1]) * unit;
}

export interface GenerateOptions {
  /** Told the stage id Spark gave each described stage attempt (for docs that cite stage ids). */
  onStage?: (stage: { action: number; stage: number; stageId: number; attemptId: number }) => void;
}

/** The log, one JSON line (without newline) per event. */
export function* generateEventLog(run: JobRunDescription, options: GenerateOptions = {}): Generator<string, void, undefined> {
  validateRun(run);
  const state = new RunState(run, options);
  for (const event of applicationStart(state)) yield JSON.stringify(event);
  run.actions.forEach((action, index) => {
    if (action.stages.length === 0) throw new Error(`${run.appId}: action ${index} (${action.callSite}) has no stages`);
  });
  for (const [index, action] of run.actions.entries()) {
    for (const event of runAction(state, action, index)) yield JSON.stringify(event);
  }
  state.now += 1200 + state.rng.int(0, 800);
  yield JSON.stringify({ Event: 'SparkListenerApplicationEnd', Timestamp: state.now });
}

function validateRun(run: JobRunDescription): void {
  const problems: string[] = [];
  if (!run.appId) problems.push('appId is empty');
  if (!(run.executors > 0)) problems.push('executors must be > 0');
  if (!(run.coresPerExecutor > 0)) problems.push('coresPerExecutor must be > 0');
  run.actions.forEach((action, a) =>
    action.stages.forEach((stage, s) => {
      const where = `action ${a} (${action.callSite}) stage ${s}`;
      if (!(stage.tasks > 0)) problems.push(`${where}: tasks must be > 0`);
      if (!(stage.durationMs.median > 0)) problems.push(`${where}: durationMs.median must be > 0`);
      if (stage.skew && stage.skew.tasks > stage.tasks) problems.push(`${where}: skew.tasks exceeds tasks`);
      if ((stage.failedTasks ?? 0) > stage.tasks) problems.push(`${where}: failedTasks exceeds tasks`);
    }),
  );
  if (problems.length > 0) throw new Error(`invalid run description ${run.appId}: ${problems.join('; ')}`);
}

function* applicationStart(state: RunState): Generator<Json> {
  const { run } = state;
  yield { Event: 'SparkListenerLogStart', 'Spark Version': run.sparkVersion };
  const memoryMb = Math.round(parseMemory(run.executorMemory) / 1024 ** 2);
  yield {
    Event: 'SparkListenerResourceProfileAdded',
    'Resource Profile Id': 0,
    'Executor Resource Requests': {
      cores: { 'Resource Name': 'cores', Amount: run.coresPerExecutor, 'Discovery Script': '', Vendor: '' },
      memory: { 'Resource Name': 'memory', Amount: memoryMb, 'Discovery Script': '', Vendor: '' },
      offHeap: { 'Resource Name': 'offHeap', Amount: 0, 'Discovery Script': '', Vendor: '' },
    },
    'Task Resource Requests': { cpus: { 'Resource Name': 'cpus', Amount: 1.0 } },
  };
  const driverHost = state.properties['spark.driver.host']!;
  yield { Event: 'SparkListenerBlockManagerAdded', 'Block Manager ID': { 'Executor ID': 'driver', Host: driverHost, Port: 38000 + state.rng.int(0, 999) }, 'Maximum Memory': 4_772_392_550, Timestamp: run.startTime + 1800, 'Maximum Onheap Memory': 4_772_392_550, 'Maximum Offheap Memory': 0 };
  yield environmentEvent(run, state.properties);
  yield { Event: 'SparkListenerApplicationStart', 'App Name': run.appName, 'App ID': run.appId, Timestamp: run.startTime, User: run.user ?? 'hadoop' };
  state.now = run.startTime + 6000 + state.rng.int(0, 4000);
  for (let i = 1; i <= run.executors; i++) yield* addExecutor(state, `${i}`);
  state.now += 3000 + state.rng.int(0, 3000);
}

function* addExecutor(state: RunState, id: string): Generator<Json> {
  const rng = state.rng;
  const executor: Executor = { id, host: `ip-10-0-${rng.int(16, 31)}-${rng.int(10, 250)}.ec2.internal`, cores: state.run.coresPerExecutor, port: 40000 + rng.int(0, 9999), addedTime: state.now + rng.int(0, 1500) };
  state.executors.push(executor);
  yield* executorAddedEvents(state.run, executor, Math.round(state.heapMax * 0.6));
}

// ---------------------------------------------------------------------------------------------
// Actions

interface ActionContext {
  action: ActionDescription;
  actionIndex: number;
  executionId?: number;
  rootExecutionId?: number;
  slots: StageSlot[];
  adaptive: boolean;
  /** Slot → its StageDescription. */
  stageOf: Map<StageSlot, StageDescription>;
  /** Slot → attempts to emit in its turn (its own, plus a parent's re-run after a fetch failure). */
  attemptsOf: Map<StageSlot, StageAttemptPlan[]>;
  shuffleIdOf: Map<StageSlot, number>;
}

function runAction(state: RunState, action: ActionDescription, actionIndex: number): Generator<Json> {
  if (action.cancelled) return cancelledAction(state, action);
  state.now += action.driverTimeMs ?? 1500;
  return action.plan ? sqlAction(state, action, action.plan, actionIndex) : rddAction(state, action, actionIndex);
}

/** An action whose job the stopping SparkContext cancelled: its stages are submitted and end at once. */
function* cancelledAction(state: RunState, action: ActionDescription): Generator<Json> {
  const jobId = state.jobId++;
  state.now += 20 + state.rng.int(0, 80);
  const stages = action.stages.map((description, index) => ({
    stageId: state.stageId++,
    attemptId: 0,
    name: description.name ?? action.callSite,
    numTasks: description.tasks,
    rdds: [],
    parentIds: index > 0 ? [state.stageId - 2] : [],
    details: (action.details ?? []).join('\n'),
  }));
  yield { Event: 'SparkListenerJobStart', 'Job ID': jobId, 'Submission Time': state.now, 'Stage Infos': stages.map((stage) => stageInfoJson(state.version, { ...stage, accumulables: [], filled: false })), 'Stage IDs': stages.map((stage) => stage.stageId), Properties: { ...state.properties } };
  const reason = `Job ${jobId} cancelled because SparkContext was shut down`;
  for (const stage of stages) {
    const submission = state.now + 2;
    yield { Event: 'SparkListenerStageSubmitted', 'Stage Info': stageInfoJson(state.version, { ...stage, submissionTime: submission, accumulables: [], filled: false }), Properties: { ...state.properties } };
    state.now = submission + 5 + state.rng.int(0, 20);
    yield { Event: 'SparkListenerStageCompleted', 'Stage Info': stageInfoJson(state.version, { ...stage, submissionTime: submission, completionTime: state.now, accumulables: [], filled: true, failureReason: reason }) };
  }
  yield { Event: 'SparkListenerJobEnd', 'Job ID': jobId, 'Completion Time': state.now, 'Job Result': jobFailed(reason) };
}

function jobFailed(message: string): Json {
  return { Result: 'JobFailed', Exception: { Message: message, 'Stack Trace': [] } };
}

/** Spark's text for a stage whose task failed spark.task.maxFailures times. */
function abortMessage(stageId: number, attempt: StageAttemptPlan, timed: TimedRun[]): string {
  const abort = attempt.description.abort!;
  const last = timed.filter((task) => task.run.outcome === 'abort').sort((a, b) => a.finish - b.finish).at(-1)!;
  const partition = last.run.partition;
  const frames = fullStackTrace(abort.exception, abort.message, abort.stack ?? OOM_TRACE);
  return `Job aborted due to stage failure: Task ${partition} in stage ${stageId}.${attempt.attemptId} failed 4 times, most recent failure: Lost task ${partition}.3 in stage ${stageId}.${attempt.attemptId} (TID ${last.taskId}) (${last.executor.host} executor ${last.executor.id}): ${frames}\nDriver stacktrace:`;
}

function* rddAction(state: RunState, action: ActionDescription, actionIndex: number): Generator<Json> {
  const slots: StageSlot[] = action.stages.map((_, index) => ({
    index,
    kind: index === action.stages.length - 1 ? 'result' : 'rdd-map',
    label: `RDD stage ${index}`,
    parents: [],
    figures: emptyFigures(),
    metrics: [],
    rddCallSites: [],
    scopes: [],
  }));
  slots.forEach((slot, i) => {
    if (i > 0) slot.parents.push(slots[i - 1]!);
  });
  const ctx = prepare(state, action, actionIndex, slots, false);
  yield* runJob(state, ctx, { own: slots, skipped: [], final: true });
}

function* sqlAction(state: RunState, action: ActionDescription, plan: PlanNode, actionIndex: number): Generator<Json> {
  const run = state.run;
  const aqeSetting = run.sessionConf?.['spark.sql.adaptive.enabled'] ?? run.sparkConf['spark.sql.adaptive.enabled'] ?? 'true';
  const builder = new PlanBuilder({
    sparkVersion: state.version,
    adaptive: aqeSetting !== 'false',
    executors: run.executors,
    nextAccumulatorId: () => state.accumulatorId++,
    nextExprId: () => state.exprId++,
    nextPlanId: () => state.planId++,
    callSite: action.callSite,
    objectId: () => state.rng.hex(8),
  });
  const delta = plan.op === 'write' && plan.command === 'SaveIntoDataSourceCommand' ? plan : undefined;
  let commandExecution: number | undefined;
  if (delta) {
    commandExecution = state.executionId++;
    const command = builder.deltaCommand(delta);
    const text = deltaCommandText(command.argumentsLine, delta);
    yield executionStart(state, action, commandExecution, commandExecution, command.root, text);
  }
  const query = builder.build(delta ? delta.child : plan);
  if (query.slots.length !== action.stages.length) {
    const labels = query.slots.map((slot) => `${slot.index}: ${slot.kind} ${slot.label}`).join('; ');
    throw new Error(`${run.appId} action ${actionIndex} (${action.callSite}): its plan runs ${query.slots.length} stages but ${action.stages.length} are described. Expected, in order: ${labels}`);
  }
  const ctx = prepare(state, action, actionIndex, query.slots, query.adaptive);
  const executed = builder.executedPlan(query.root, query.adaptive);
  const executionId = state.executionId++;
  ctx.executionId = executionId;
  ctx.rootExecutionId = commandExecution ?? executionId;
  const startRoot = query.adaptive ? withAdaptiveRoot(query.root, false) : executed;
  yield executionStart(state, action, executionId, ctx.rootExecutionId, startRoot, planDescription(startRoot, { adaptive: false, isFinal: !query.adaptive }), query.adaptive ? query.root : undefined);

  const early = query.driverMetrics.filter((metric) => ['number of files read', 'metadata time', 'size of files read'].includes(metric.name));
  if (early.length > 0) yield driverAccumUpdates(state, executionId, early);

  const jobs = groupJobs(query.slots, query.adaptive);
  for (const job of jobs) {
    if (query.adaptive && job.final) {
      const finalRoot = withAdaptiveRoot(executed, true);
      yield {
        Event: `${SQL_EVENT}SparkListenerSQLAdaptiveExecutionUpdate`,
        executionId,
        physicalPlanDescription: planDescription(finalRoot, { adaptive: false, isFinal: true }),
        sparkPlanInfo: planInfo(finalRoot),
      };
    }
    yield* runJob(state, ctx, job);
  }
  const late = query.driverMetrics.filter((metric) => !early.includes(metric));
  if (late.length > 0) yield driverAccumUpdates(state, executionId, late);
  state.now += 30 + state.rng.int(0, 200);
  yield executionEnd(state, executionId);
  if (commandExecution !== undefined) {
    state.now += 400 + state.rng.int(0, 900);
    yield executionEnd(state, commandExecution);
  }
}

/** Puts AdaptiveSparkPlan where Spark does: at the root, or under a write command. */
function withAdaptiveRoot(root: PhysicalNode, isFinal: boolean): PhysicalNode {
  if (root.nodeName === 'Execute InsertIntoHadoopFsRelationCommand') return { ...root, children: root.children.map((child) => adaptiveRoot(child, isFinal)) };
  return adaptiveRoot(root, isFinal);
}

function deltaCommandText(argumentsLine: string, write: WriteNode): string {
  return [
    '== Physical Plan ==',
    'Execute SaveIntoDataSourceCommand (1)',
    '   +- SaveIntoDataSourceCommand (2)',
    `         +- Project (3)`,
    '',
    '',
    '(1) Execute SaveIntoDataSourceCommand',
    'Output: []',
    '',
    '(2) SaveIntoDataSourceCommand',
    `Arguments: ${argumentsLine}`,
    '',
    '(3) Project',
    `Arguments: [${write.columns.join(', ')}]`,
    '',
    '',
  ].join('\n');
}

function executionStart(state: RunState, action: ActionDescription, executionId: number, rootExecutionId: number, root: PhysicalNode, text: string, initial?: PhysicalNode): Json {
  const event: Json = { Event: `${SQL_EVENT}SparkListenerSQLExecutionStart`, executionId };
  if (versionAtLeast(state.version, 3, 4)) event['rootExecutionId'] = rootExecutionId;
  event['description'] = action.description ?? action.callSite;
  event['details'] = (action.details ?? []).join('\n');
  event['physicalPlanDescription'] = initial ? planDescription(withAdaptiveRoot(initial, false), { adaptive: false, isFinal: false }) : text;
  event['sparkPlanInfo'] = planInfo(root);
  event['time'] = state.now;
  event['modifiedConfigs'] = { ...(state.run.sessionConf ?? {}) };
  if (versionAtLeast(state.version, 3, 5)) event['jobTags'] = [];
  return event;
}

function executionEnd(state: RunState, executionId: number): Json {
  const event: Json = { Event: `${SQL_EVENT}SparkListenerSQLExecutionEnd`, executionId, time: state.now };
  if (versionAtLeast(state.version, 3, 4)) event['errorMessage'] = '';
  return event;
}

function driverAccumUpdates(state: RunState, executionId: number, metrics: PlanMetric[]): Json {
  const updates = metrics.map((metric) => {
    const value = metric.resolve ? metric.resolve() : (metric.value ?? 0);
    state.accumulatorValues.set(metric.accumulatorId, value);
    return [metric.accumulatorId, value];
  });
  return { Event: `${SQL_EVENT}SparkListenerDriverAccumUpdates`, executionId, accumUpdates: updates };
}

/** Pairs slots with their descriptions and plans every stage attempt (and its figures) up front. */
function prepare(state: RunState, action: ActionDescription, actionIndex: number, slots: StageSlot[], adaptive: boolean): ActionContext {
  const rng = state.rng.fork(`action-${actionIndex}`);
  const ctx: ActionContext = { action, actionIndex, slots, adaptive, stageOf: new Map(), attemptsOf: new Map(), shuffleIdOf: new Map() };
  slots.forEach((slot, i) => {
    const description = action.stages[i]!;
    ctx.stageOf.set(slot, description);
    slot.tasks = description.tasks;
    if (slot.kind === 'rdd-map' && description.rddCallSites) slot.rddCallSites.push(...description.rddCallSites);
  });
  const attemptsBySlot = new Map<StageSlot, StageAttemptPlan[]>();
  for (const slot of slots) {
    const description = ctx.stageOf.get(slot)!;
    const parentSlot = slot.parents[0];
    const parent = parentSlot ? { slot: parentSlot, description: ctx.stageOf.get(parentSlot)!, nextAttempt: adaptive ? 0 : 1 } : undefined;
    const attempts = planStageAttempts(rng, slot, description, description.fetchFailure ? parent : undefined);
    ctx.attemptsOf.set(slot, attempts);
    for (const attempt of attempts) {
      const list = attemptsBySlot.get(attempt.slot) ?? [];
      list.push(attempt);
      attemptsBySlot.set(attempt.slot, list);
    }
  }
  for (const [slot, attempts] of attemptsBySlot) assignFigures(slot, ctx.stageOf.get(slot)!, attempts);
  return ctx;
}

interface JobPlan {
  own: StageSlot[];
  /** Ancestors that ran in earlier jobs: listed in JobStart under new stage ids, never submitted. */
  skipped: StageSlot[];
  final: boolean;
}

/**
 * AQE runs every query stage (exchange or broadcast producer) as a job of its own, then the final
 * stage; without AQE broadcasts still get their own jobs and the rest is one job.
 */
function groupJobs(slots: StageSlot[], adaptive: boolean): JobPlan[] {
  const jobs: Array<{ own: StageSlot[] }> = [];
  if (adaptive) {
    let pending: StageSlot[] = [];
    for (const slot of slots) {
      pending.push(slot);
      if (slot.kind === 'rdd-map') continue;
      jobs.push({ own: pending });
      pending = [];
    }
  } else {
    for (const slot of slots) if (slot.kind === 'broadcast') jobs.push({ own: [slot] });
    jobs.push({ own: slots.filter((slot) => slot.kind !== 'broadcast') });
  }
  return jobs.map((job, i) => {
    const own = new Set(job.own);
    const skipped = new Set<StageSlot>();
    const visit = (slot: StageSlot) => {
      for (const parent of slot.parents) {
        if (!own.has(parent) && !skipped.has(parent)) {
          skipped.add(parent);
          visit(parent);
        }
      }
    };
    job.own.forEach(visit);
    return { own: job.own, skipped: [...skipped].sort((a, b) => a.index - b.index), final: i === jobs.length - 1 };
  });
}

// ---------------------------------------------------------------------------------------------
// Jobs and stages

interface JobStages {
  stageIdOf: Map<StageSlot, number>;
  rddsOf: Map<StageSlot, RddInfo[]>;
  properties: Record<string, string>;
}

function* runJob(state: RunState, ctx: ActionContext, job: JobPlan): Generator<Json> {
  const jobId = state.jobId++;
  const all = [...job.own, ...job.skipped].sort((a, b) => a.index - b.index);
  const stages: JobStages = { stageIdOf: new Map(), rddsOf: new Map(), properties: jobProperties(state, ctx, job) };
  for (const slot of all) {
    stages.stageIdOf.set(slot, state.stageId++);
    if (slot.kind === 'shuffle-map' || slot.kind === 'rdd-map') {
      if (!ctx.shuffleIdOf.has(slot)) ctx.shuffleIdOf.set(slot, state.shuffleId++);
    }
  }
  for (const slot of all) stages.rddsOf.set(slot, slotRdds(state, ctx, slot));
  state.now += 20 + state.rng.int(0, 120);
  const listed = [...job.own].reverse().concat(job.skipped);
  yield {
    Event: 'SparkListenerJobStart',
    'Job ID': jobId,
    'Submission Time': state.now,
    'Stage Infos': listed.map((slot) => stageInfoJson(state.version, { ...stageFields(state, ctx, stages, slot, 0, slot.tasks ?? 1), accumulables: [], filled: false })),
    'Stage IDs': listed.map((slot) => stages.stageIdOf.get(slot)!),
    Properties: stages.properties,
  };
  let aborted: string | undefined;
  for (const slot of job.own) {
    for (const attempt of ctx.attemptsOf.get(slot)!) {
      yield* runStageAttempt(state, ctx, stages, attempt);
      if (attempt.description.abort) aborted = `Job aborted due to stage failure: ${attempt.description.abort.exception}: ${attempt.description.abort.message}`;
    }
    if (aborted) break;
  }
  state.now += 5 + state.rng.int(0, 40);
  yield { Event: 'SparkListenerJobEnd', 'Job ID': jobId, 'Completion Time': state.now, 'Job Result': aborted ? jobFailed(aborted) : { Result: 'JobSucceeded' } };
}

function jobProperties(state: RunState, ctx: ActionContext, job: JobPlan): Record<string, string> {
  const properties: Record<string, string> = { ...state.properties };
  const top = job.own[job.own.length - 1]!;
  properties['spark.rdd.scope'] = JSON.stringify({ id: `${state.scopeId++}`, name: top.kind === 'result' ? 'mapPartitionsInternal' : 'Exchange' });
  properties['spark.rdd.scope.noOverride'] = 'true';
  if (state.run.language === 'python' && !ctx.action.callSite.includes('NativeMethodAccessorImpl')) properties['callSite.short'] = ctx.action.callSite;
  if (ctx.executionId !== undefined) {
    Object.assign(properties, state.run.sessionConf ?? {});
    properties['spark.sql.execution.id'] = `${ctx.executionId}`;
    if (versionAtLeast(state.version, 3, 4)) properties['spark.sql.execution.root.id'] = `${ctx.rootExecutionId}`;
    properties['spark.job.interruptOnCancel'] = 'true';
  }
  return properties;
}

/**
 * Broadcasts are collected on SQLExecution's helper thread pool, whose stack has no user frame, so
 * the stage is named after FutureTask; with `aqeHelperThreadStages` AQE query stages are too (Spark
 * 4 style). A PySpark call site set as the job's `callSite.short` property wins on any thread.
 */
function usesHelperThread(state: RunState, ctx: ActionContext, slot: StageSlot): boolean {
  if (state.run.language === 'python' && !ctx.action.callSite.includes('NativeMethodAccessorImpl')) return false;
  return slot.kind === 'broadcast' || (ctx.action.aqeHelperThreadStages === true && slot.kind === 'shuffle-map');
}

function stageName(state: RunState, ctx: ActionContext, slot: StageSlot): string {
  return ctx.stageOf.get(slot)!.name ?? (usesHelperThread(state, ctx, slot) ? HELPER_THREAD_NAME : ctx.action.callSite);
}

function stageFields(state: RunState, ctx: ActionContext, stages: JobStages, slot: StageSlot, attemptId: number, numTasks: number) {
  const description = ctx.stageOf.get(slot)!;
  const details = description.details ?? (usesHelperThread(state, ctx, slot) ? HELPER_THREAD_DETAILS : ctx.action.details ?? []);
  return {
    stageId: stages.stageIdOf.get(slot)!,
    attemptId,
    name: stageName(state, ctx, slot),
    numTasks,
    rdds: stages.rddsOf.get(slot)!,
    parentIds: slot.parents.map((parent) => stages.stageIdOf.get(parent)).filter((id): id is number => id !== undefined),
    details: details.join('\n'),
  };
}

/** A plausible RDD chain for the stage, ending in the RDD the stage computes. */
function slotRdds(state: RunState, ctx: ActionContext, slot: StageSlot): RddInfo[] {
  const callSite = stageName(state, ctx, slot);
  const partitions = slot.tasks ?? 1;
  const chain: RddInfo[] = [];
  const add = (name: string, scopeName: string, site = callSite, parts = partitions) => {
    const previous = chain[chain.length - 1];
    const rdd: RddInfo = { id: state.rddId++, name, scope: { id: state.scopeId++, name: scopeName }, callSite: site, parentIds: previous ? [previous.id] : [], partitions: parts };
    chain.push(rdd);
    return rdd;
  };
  const userSites = slot.rddCallSites;
  if (slot.kind === 'rdd-map' || (ctx.executionId === undefined && userSites.length > 0)) {
    userSites.forEach((site, i) => add(i === 0 && slot.parents.length === 0 ? 'HadoopRDD' : i === 0 ? 'ShuffledRDD' : 'MapPartitionsRDD', site.split(' ')[0]!, site));
    if (chain.length === 0) add('MapPartitionsRDD', 'map');
    return [...chain].reverse();
  }
  if (slot.parents.some((parent) => parent.kind === 'shuffle-map')) add('ShuffledRowRDD', 'Exchange');
  else if (slot.figures.inputBytes > 0) add('FileScanRDD', 'FileScan');
  else if (slot.scopes.includes('LocalTableScan')) add('ParallelCollectionRDD', 'LocalTableScan');
  userSites.forEach((site, i) => add(i === 0 ? 'ShuffledRDD' : 'MapPartitionsRDD', site.split(' ')[0]!, site));
  for (const scope of slot.scopes.filter((name) => name.startsWith('WholeStageCodegen')).slice(0, 2)) add('MapPartitionsRDD', scope);
  const cache = slot.cache ?? slot.cacheRead;
  if (cache) {
    let rdd = state.cachedRdds.get(cache.rddName);
    if (!rdd) {
      const previous = chain[chain.length - 1];
      rdd = {
        id: state.rddId++,
        name: cache.rddName,
        scope: { id: state.scopeId++, name: 'InMemoryTableScan' },
        callSite: cache.callSite ?? callSite,
        parentIds: previous ? [previous.id] : [],
        partitions: cache.partitions ?? partitions,
        cache: { memoryBytes: cache.memoryBytes, diskBytes: cache.diskBytes, partitions: cache.partitions ?? partitions },
      };
      state.cachedRdds.set(cache.rddName, rdd);
    }
    chain.push(rdd);
  }
  add('MapPartitionsRDD', slot.kind === 'shuffle-map' ? 'Exchange' : slot.kind === 'broadcast' ? 'BroadcastExchange' : 'mapPartitionsInternal');
  return [...chain].reverse();
}

interface TimedRun {
  run: TaskRun;
  taskId: number;
  executor: Executor;
  launch: number;
  finish: number;
  metrics: TaskMetricValues;
  sqlUpdates: Array<[PlanMetric, number]>;
}

function* runStageAttempt(state: RunState, ctx: ActionContext, stages: JobStages, attempt: StageAttemptPlan): Generator<Json> {
  const { slot } = attempt;
  const rng = state.rng;
  if (attempt.failed && !attempt.description.abort) yield* loseExecutor(state);
  state.now += 4 + rng.int(0, 25);
  const submission = state.now;
  const fields = stageFields(state, ctx, stages, slot, attempt.attemptId, attempt.numTasks);
  state.options.onStage?.({ action: ctx.actionIndex, stage: slot.index, stageId: fields.stageId, attemptId: attempt.attemptId });
  yield { Event: 'SparkListenerStageSubmitted', 'Stage Info': stageInfoJson(state.version, { ...fields, submissionTime: submission, accumulables: [], filled: false }), Properties: stages.properties };

  const timed = schedule(state, attempt, submission + 15 + rng.int(0, 40));
  const internalBase = state.accumulatorId;
  state.accumulatorId += INTERNAL_METRICS.length;
  const events: Array<{ time: number; order: number; event: Json }> = [];
  const taskType = slot.kind === 'shuffle-map' || slot.kind === 'rdd-map' ? 'ShuffleMapTask' : 'ResultTask';
  const locality = slot.cacheRead ? 'PROCESS_LOCAL' : slot.parents.length > 0 ? 'NODE_LOCAL' : 'PROCESS_LOCAL';
  for (const task of timed) {
    events.push({ time: task.launch, order: 1, event: { Event: 'SparkListenerTaskStart', 'Stage ID': fields.stageId, 'Stage Attempt ID': attempt.attemptId, 'Task Info': taskInfo(task, locality, false, false, []) } });
  }
  timed.sort((a, b) => a.finish - b.finish || a.taskId - b.taskId);
  const internalTotals = new Array<number>(INTERNAL_METRICS.length).fill(0);
  for (const task of timed) {
    const accumulables: Json[] = [];
    if (task.run.outcome === 'success') {
      for (const [metric, update] of task.sqlUpdates) {
        const value = (state.accumulatorValues.get(metric.accumulatorId) ?? 0) + update;
        state.accumulatorValues.set(metric.accumulatorId, value);
        accumulables.push({ ID: metric.accumulatorId, Name: metric.name, Update: `${update}`, Value: `${value}`, Internal: true, 'Count Failed Values': true, Metadata: 'sql' });
      }
    }
    INTERNAL_METRICS.forEach(([name, key], i) => {
      const update = task.metrics[key];
      internalTotals[i]! += update;
      if (update !== 0) accumulables.push({ ID: internalBase + i, Name: name, Update: update, Value: internalTotals[i], Internal: true, 'Count Failed Values': true });
    });
    const failed = task.run.outcome !== 'success';
    const end: Json = {
      Event: 'SparkListenerTaskEnd',
      'Stage ID': fields.stageId,
      'Stage Attempt ID': attempt.attemptId,
      'Task Type': taskType,
      'Task End Reason': endReason(state, ctx, attempt, task, internalBase),
      'Task Info': taskInfo(task, locality, true, failed, accumulables),
      'Task Executor Metrics': executorMetricsJson(rng, state.heapMax, task.metrics.gcMs),
      'Task Metrics': taskMetricsJson(state.version, task.metrics),
    };
    events.push({ time: task.finish, order: 0, event: end });
  }
  events.sort((a, b) => a.time - b.time || a.order - b.order);
  for (const { event } of events) yield event;
  const completion = Math.max(submission, ...timed.map((task) => task.finish)) + 3 + rng.int(0, 20);
  state.now = completion;
  const accumulables: Json[] = [];
  for (const metric of [...slot.metrics].sort((a, b) => a.accumulatorId - b.accumulatorId)) {
    const value = state.accumulatorValues.get(metric.accumulatorId);
    if (value !== undefined) accumulables.push({ ID: metric.accumulatorId, Name: metric.name, Value: `${value}`, Internal: true, 'Count Failed Values': true, Metadata: 'sql' });
  }
  INTERNAL_METRICS.forEach(([name], i) => {
    if (internalTotals[i] !== 0) accumulables.push({ ID: internalBase + i, Name: name, Value: internalTotals[i], Internal: true, 'Count Failed Values': true });
  });
  const completed = { ...fields, submissionTime: submission, completionTime: completion, accumulables, filled: true };
  if (attempt.description.abort) {
    yield { Event: 'SparkListenerStageCompleted', 'Stage Info': stageInfoJson(state.version, { ...completed, failureReason: abortMessage(fields.stageId, attempt, timed) }) };
  } else if (attempt.failed) {
    const lost = lostExecutor(state);
    yield { Event: 'SparkListenerStageCompleted', 'Stage Info': stageInfoJson(state.version, { ...completed, failureReason: fetchFailedMessage(lost) }) };
    state.now += 2000 + rng.int(0, 3000);
    yield* addExecutor(state, `${Math.max(...state.executors.map((executor) => Number(executor.id))) + 1}`);
  } else {
    yield { Event: 'SparkListenerStageCompleted', 'Stage Info': stageInfoJson(state.version, completed) };
  }
}

/** Lays the attempt's task runs onto executor cores (earliest free core first); retries go to another executor. */
function schedule(state: RunState, attempt: StageAttemptPlan, start: number): TimedRun[] {
  const rng = state.rng;
  const cores: Array<{ executor: Executor; freeAt: number }> = [];
  for (const executor of state.aliveExecutors) for (let c = 0; c < executor.cores; c++) cores.push({ executor, freeAt: start });
  const primary = attempt.runs.filter((run) => !(run.attempt === 1 && run.outcome === 'success')).sort((a, b) => a.partition - b.partition || (a.outcome === 'success' ? 1 : -1));
  const retries = attempt.runs.filter((run) => run.attempt === 1 && run.outcome === 'success').sort((a, b) => a.partition - b.partition);
  const timed: TimedRun[] = [];
  const place = (run: TaskRun, readyAt: number, avoid?: Executor) => {
    let best: { executor: Executor; freeAt: number } | undefined;
    for (const core of cores) {
      if (avoid && core.executor === avoid && cores.some((other) => other.executor !== avoid)) continue;
      if (!best || core.freeAt < best.freeAt) best = core;
    }
    const launch = Math.max(readyAt, best!.freeAt) + rng.int(1, 4);
    const finish = launch + run.durationMs;
    best!.freeAt = finish + rng.int(0, 3);
    const task: TimedRun = { run, taskId: 0, executor: best!.executor, launch, finish, metrics: taskMetrics(state, attempt, run), sqlUpdates: [] };
    timed.push(task);
    return task;
  };
  const failures = new Map<number, TimedRun>();
  for (const run of primary) {
    // Each attempt of an aborting task starts after the previous one failed, on another executor.
    const previous = run.outcome === 'abort' ? failures.get(run.partition) : undefined;
    const task = place(run, previous ? previous.finish + rng.int(5, 60) : start, previous?.executor);
    if (run.outcome === 'exception' || run.outcome === 'abort') failures.set(run.partition, task);
  }
  for (const run of retries) {
    const failed = failures.get(run.partition);
    place(run, (failed?.finish ?? start) + rng.int(5, 60), failed?.executor);
  }
  timed.sort((a, b) => a.launch - b.launch || a.run.partition - b.run.partition);
  for (const task of timed) {
    task.taskId = state.taskId++;
    if (task.run.outcome !== 'success') continue;
    const updates: Array<[PlanMetric, number]> = [...task.run.sql.entries()];
    for (const metric of attempt.slot.metrics) {
      if (metric.runTimeShare !== undefined) updates.push([metric, Math.round(task.metrics.runMs * metric.runTimeShare)]);
    }
    task.sqlUpdates = updates.sort((a, b) => a[0].accumulatorId - b[0].accumulatorId);
  }
  state.firstStage = false;
  return timed;
}

function taskMetrics(state: RunState, attempt: StageAttemptPlan, run: TaskRun): TaskMetricValues {
  const rng = state.rng;
  const f = run.figures;
  const deserializeMs = state.firstStage ? rng.int(250, 900) : rng.int(2, 30);
  const resultSerializationMs = rng.int(0, 2);
  const runMs = Math.max(1, run.durationMs - deserializeMs - resultSerializationMs - rng.int(1, 5));
  const gcFraction = attempt.description.gcFraction ?? 0.03;
  const gcMs = Math.min(runMs, Math.round(runMs * gcFraction * rng.between(0.75, 1.25)));
  const shuffleRead = f.shuffleReadBytes;
  const executors = Math.max(1, state.run.executors);
  const localBytes = Math.round(shuffleRead / executors);
  const blocks = shuffleRead > 0 ? Math.max(1, Math.min(attempt.slot.parents.reduce((sum, parent) => sum + (parent.tasks ?? 1), 0), Math.ceil(shuffleRead / 65536))) : 0;
  const localBlocks = Math.round(blocks / executors);
  const spilling = f.memorySpilledBytes > 0;
  return {
    deserializeMs,
    deserializeCpuNs: Math.round(deserializeMs * rng.between(0.5, 0.9) * 1e6),
    runMs,
    cpuNs: Math.round(Math.max(0, runMs - gcMs) * rng.between(0.55, 0.88) * 1e6),
    peakExecutionMemory: run.outcome !== 'success' ? 0 : spilling ? Math.round(state.heapMax * 0.3) : Math.min(512 * 1024 * 1024, Math.round((f.inputBytes + shuffleRead) * 0.02) + 4 * 1024 * 1024),
    resultSize: run.outcome === 'success' ? rng.int(2400, 5800) + (attempt.slot.kind === 'broadcast' ? Math.round(f.outputBytes) : 0) : 0,
    gcMs,
    resultSerializationMs,
    memorySpilled: f.memorySpilledBytes,
    diskSpilled: f.diskSpilledBytes,
    remoteBlocks: blocks - localBlocks,
    localBlocks,
    fetchWaitMs: shuffleRead > 0 ? Math.round(runMs * 0.01) : 0,
    remoteBytes: shuffleRead - localBytes,
    localBytes,
    shuffleRecordsRead: f.shuffleReadRecords,
    shuffleBytesWritten: f.shuffleWriteBytes,
    shuffleWriteNs: Math.round(f.shuffleWriteBytes * 9.5),
    shuffleRecordsWritten: f.shuffleWriteRecords,
    inputBytes: f.inputBytes,
    inputRecords: f.inputRecords,
    outputBytes: f.outputBytes,
    outputRecords: f.outputRecords,
  };
}

function taskInfo(task: TimedRun, locality: string, ended: boolean, failed: boolean, accumulables: Json[]): Json {
  return {
    'Task ID': task.taskId,
    Index: task.run.partition,
    Attempt: task.run.attempt,
    'Partition ID': task.run.partition,
    'Launch Time': task.launch,
    'Executor ID': task.executor.id,
    Host: task.executor.host,
    Locality: locality,
    Speculative: false,
    'Getting Result Time': 0,
    'Finish Time': ended ? task.finish : 0,
    Failed: failed,
    Killed: false,
    Accumulables: accumulables,
  };
}

function endReason(state: RunState, ctx: ActionContext, attempt: StageAttemptPlan, task: TimedRun, internalBase: number): Json {
  if (task.run.outcome === 'success') return { Reason: 'Success' };
  const abort = attempt.description.abort;
  if (task.run.outcome === 'abort' && abort) {
    const frames = abort.stack ?? OOM_TRACE;
    return {
      Reason: 'ExceptionFailure',
      'Class Name': abort.exception,
      Description: abort.message,
      'Stack Trace': stackTraceJson(frames),
      'Full Stack Trace': fullStackTrace(abort.exception, abort.message, frames),
      'Accumulator Updates': [{ ID: internalBase + 2, Update: `${task.metrics.runMs}`, Internal: false, 'Count Failed Values': true }],
    };
  }
  if (task.run.outcome === 'exception') {
    const message = 'Unable to acquire 65536 bytes of memory, got 0';
    return {
      Reason: 'ExceptionFailure',
      'Class Name': 'org.apache.spark.memory.SparkOutOfMemoryError',
      Description: message,
      'Stack Trace': stackTraceJson(OOM_TRACE),
      'Full Stack Trace': fullStackTrace('org.apache.spark.memory.SparkOutOfMemoryError', message, OOM_TRACE),
      'Accumulator Updates': [
        { ID: internalBase + 2, Update: `${task.metrics.runMs}`, Internal: false, 'Count Failed Values': true },
        { ID: internalBase + 5, Update: `${task.metrics.gcMs}`, Internal: false, 'Count Failed Values': true },
      ],
    };
  }
  const lost = lostExecutor(state);
  const parent = attempt.slot.parents[0];
  const mapIndex = state.rng.int(0, Math.max(0, (parent?.tasks ?? 1) - 1));
  return {
    Reason: 'FetchFailed',
    'Block Manager Address': { 'Executor ID': lost.id, Host: lost.host, Port: 7337 },
    'Shuffle ID': parent ? (ctx.shuffleIdOf.get(parent) ?? 0) : 0,
    'Map ID': Math.max(0, task.taskId - 1 - mapIndex * 3),
    'Map Index': mapIndex,
    'Reduce ID': task.run.partition,
    Message: fetchFailedMessage(lost),
  };
}

function lostExecutor(state: RunState): Executor {
  const removed = state.executors.filter((executor) => executor.removed);
  return removed[removed.length - 1] ?? state.executors[0]!;
}

function fetchFailedMessage(lost: Executor): string {
  const ip = lost.host.replace(/^ip-/, '').replace(/\.ec2\.internal$/, '').replace(/-/g, '.');
  return [
    `org.apache.spark.shuffle.FetchFailedException: Failed to connect to ${lost.host}/${ip}:7337`,
    '\tat org.apache.spark.errors.SparkCoreErrors$.fetchFailedError(SparkCoreErrors.scala:437)',
    '\tat org.apache.spark.storage.ShuffleBlockFetcherIterator.throwFetchFailedException(ShuffleBlockFetcherIterator.scala:1239)',
    '\tat org.apache.spark.storage.ShuffleBlockFetcherIterator.next(ShuffleBlockFetcherIterator.scala:971)',
    '\tat org.apache.spark.storage.ShuffleBlockFetcherIterator.next(ShuffleBlockFetcherIterator.scala:86)',
    '\tat org.apache.spark.util.CompletionIterator.next(CompletionIterator.scala:29)',
    'Caused by: java.io.IOException: Connection refused',
  ].join('\n');
}

/** An executor dies (YARN kills its container): its shuffle output is gone. */
function* loseExecutor(state: RunState): Generator<Json> {
  const alive = state.aliveExecutors;
  const victim = alive[Math.floor(alive.length / 2)]!;
  victim.removed = true;
  state.now += 200 + state.rng.int(0, 800);
  yield {
    Event: 'SparkListenerExecutorRemoved',
    Timestamp: state.now,
    'Executor ID': victim.id,
    'Removed Reason': `Container killed by YARN for exceeding physical memory limits. 18.4 GB of 18.4 GB physical memory used. Consider boosting spark.executor.memoryOverhead.`,
  };
  yield { Event: 'SparkListenerBlockManagerRemoved', 'Block Manager ID': { 'Executor ID': victim.id, Host: victim.host, Port: victim.port }, Timestamp: state.now + 3 };
}
