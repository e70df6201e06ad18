/**
 * Sparklens-style what-if for one application run: where the wall time went (driver vs executors),
 * the critical path (time with unlimited executors), the ideal time (perfect parallelism) and the
 * run replayed on other numbers of cores.
 *
 * Method (after qubole/sparklens' CompletionEstimator, with stages instead of jobs): the run is cut
 * into phases, spans in which some stage attempt was running; the time between phases is driver time
 * and stays the same at every size. Each phase is replayed on the task slots: stage attempts wait for
 * their parents (and a retry for the attempt it replaces), keep the observed delay between their
 * parents ending and their submission, and their tasks (rebuilt from the stored duration summary,
 * see taskDurations.ts) go in index order to the first free slot. The slots follow the executor
 * cores observed alive over time (executors joining late or leaving), scaled by
 * cores / observedCores; with no executor timeline (local mode) they are constant.
 * simulated(cores) = driver time + Σ replayed phase times.
 *
 * By construction, for any number of cores: simulated ≥ critical path (no stage ends before its
 * slowest task) and simulated ≥ ideal (no slot does more than its share of the work); with executors
 * alive throughout every phase, simulated = critical path once cores exceed the tasks that could
 * ever run at once. Time with no executor alive stays waiting time at every size.
 */
import type { ApplicationSummary } from '../../history/eventlog/types';
import type { WhatIf, WhatIfPoint } from '../types';
import { coreTimeline, phaseSlotSteps, scaledSlots, type CoreStep } from './capacity';
import { defaultExecutorCores, observedCores, taskCpus } from './observedCores';
import { replayPhase, replaySingleStage, replayUnlimited } from './replay';
import { buildRunModel, type RunModel } from './runModel';

export { observedCores } from './observedCores';

export interface TimeBreakdown {
  /** Wall time with no stage running. */
  driverTimeMs: number;
  /** Wall time with at least one stage running. */
  executorTimeMs: number;
  /** Driver time + every phase replayed with unlimited slots: each stage takes as long as its slowest task. */
  criticalPathMs: number;
  /** Driver time + all task time spread evenly over the slots `cores` give. */
  idealTimeMs: number;
}

/** 2^(k/3) for k = −6…6: 0.25× … 4× in 13 geometric steps, 1× in the middle. */
export const DEFAULT_CORE_FACTORS: readonly number[] = Array.from({ length: 13 }, (_, i) => 2 ** ((i - 6) / 3));

/** An application without any wall time (no start and nothing timed) breaks down into zeros. */
export function timeBreakdown(app: ApplicationSummary, cores: number): TimeBreakdown {
  const simulation = Simulation.of(app);
  if (!simulation) return { driverTimeMs: 0, executorTimeMs: 0, criticalPathMs: 0, idealTimeMs: 0 };
  const { model } = simulation;
  const taskTimeMs = model.phases.reduce((sum, phase) => sum + phase.stages.reduce((s, stage) => s + stage.taskDurations.reduce((a, d) => a + d, 0), 0), 0);
  return {
    driverTimeMs: model.driverTimeMs,
    executorTimeMs: model.executorTimeMs,
    criticalPathMs: simulation.duration(Number.POSITIVE_INFINITY),
    idealTimeMs: model.driverTimeMs + taskTimeMs / simulation.peakSlots(cores),
  };
}

/** Replays the run on `cores` task slots. 0 for an application without any wall time. */
export function simulateDuration(app: ApplicationSummary, cores: number): number {
  return Simulation.of(app)?.duration(cores) ?? 0;
}

/**
 * 13 sizes 0.25× … 4× the observed cores (geometric steps; `factors` to choose others), each with
 * cost(cores, durationMs) when given; cores are the factor applied and rounded, at least one task's
 * worth. modelError = |simulated(observed cores) − observed| / observed. Null when the run has no
 * completed stage or no wall time (ApplicationStart and ApplicationEnd both needed).
 */
export function simulateClusterSizes(app: ApplicationSummary, options: { cost?: (cores: number, durationMs: number) => number | null; factors?: number[] } = {}): WhatIf | null {
  if (app.startTime === undefined || app.endTime === undefined) return null;
  const observedDurationMs = app.endTime - app.startTime;
  const simulation = Simulation.of(app);
  if (!simulation || observedDurationMs <= 0 || simulation.model.phases.length === 0) return null;
  const cores = simulation.observedCores;
  const simulated = (options.factors ?? DEFAULT_CORE_FACTORS).map((coresFactor): WhatIfPoint => {
    const size = Math.max(simulation.taskCpus, Math.round(cores * coresFactor));
    const durationMs = simulation.duration(size);
    return { coresFactor, cores: size, durationMs, cost: options.cost ? options.cost(size, durationMs) : null };
  });
  const atObserved = simulated.find((point) => point.cores === cores)?.durationMs ?? simulation.duration(cores);
  return { observedDurationMs, observedCores: cores, simulated, modelError: Math.abs(atObserved - observedDurationMs) / observedDurationMs };
}

/** A change to replay: other task durations for some stage attempts, other cores, more driver time. */
export interface Scenario {
  /** New task attempt durations (ms, in launch order) by stage attempt key ("7.0"). */
  tasks?: ReadonlyMap<string, Float64Array>;
  /** Cores relative to the observed ones (default 1). */
  coresFactor?: number;
  /** Driver time added (e.g. collecting a broadcast), ms. */
  extraDriverMs?: number;
}

export interface Replayed {
  durationMs: number;
  /** Each stage attempt's replayed span (first task start to end), ms, by stage attempt key. */
  stageSpans: Map<string, number>;
}

/** One run ready to replay at any size or with changed stages: task durations are rebuilt once. */
export class Simulation {
  private baselineResult: (Replayed & { phaseMs: Float64Array }) | undefined;
  /** Per phase: its task attempts in all, and each stage's slowest task (for phases that never wait for a slot). */
  private readonly phaseTasks: Int32Array;
  private readonly slowestTask: Float64Array[];

  private constructor(
    readonly model: RunModel,
    readonly observedCores: number,
    readonly taskCpus: number,
    /** Cores alive over time; constant (observed cores) when the log has no executor timeline. */
    private readonly timeline: CoreStep[],
  ) {
    this.phaseTasks = Int32Array.from(model.phases, (phase) => phase.stages.reduce((sum, stage) => sum + stage.taskDurations.length, 0));
    this.slowestTask = model.phases.map((phase) => Float64Array.from(phase.stages, (stage) => maxOf(stage.taskDurations)));
  }

  private static readonly cache = new WeakMap<ApplicationSummary, Simulation | null>();

  /** Null without a wall time. Built once per loaded application. */
  static of(app: ApplicationSummary): Simulation | null {
    if (Simulation.cache.has(app)) return Simulation.cache.get(app)!;
    const model = buildRunModel(app);
    const cores = observedCores(app);
    const simulation = model ? new Simulation(model, cores, taskCpus(app), coreTimeline(app, defaultExecutorCores(app)) ?? [{ time: Number.NEGATIVE_INFINITY, cores }]) : null;
    Simulation.cache.set(app, simulation);
    return simulation;
  }

  /** Slots at the busiest moment with `cores` cores. */
  peakSlots(cores: number): number {
    return scaledSlots(this.observedCores, cores / this.observedCores, this.taskCpus);
  }

  /** The replayed task durations of a stage attempt, as the model holds them. */
  taskDurations(key: string): Float64Array | undefined {
    for (const phase of this.model.phases) for (const stage of phase.stages) if (stage.key === key) return stage.taskDurations;
    return undefined;
  }

  /** Infinity: every task starts as soon as its stage may (the critical path). */
  duration(cores: number): number {
    const scale = cores / this.observedCores;
    return scale === 1 ? this.baseline().durationMs : this.replayAll({ coresFactor: scale }, false).durationMs;
  }

  /** The run replayed as observed (cached, with each phase's time). */
  baseline(): Replayed {
    this.baselineResult ??= this.replayAll({}, true);
    return this.baselineResult;
  }

  /**
   * The run with a change replayed. At the observed size, phases the change leaves alone keep their
   * baseline time: only the phases holding changed stages are replayed again.
   */
  replay(scenario: Scenario): Replayed {
    const scale = scenario.coresFactor ?? 1;
    if (scale !== 1) return this.replayAll(scenario, true);
    const base = this.baseline() as Replayed & { phaseMs: Float64Array };
    const changed = scenario.tasks;
    if (!changed || changed.size === 0) return { durationMs: base.durationMs + (scenario.extraDriverMs ?? 0), stageSpans: base.stageSpans };
    const stageSpans = new Map(base.stageSpans);
    let durationMs = base.durationMs + (scenario.extraDriverMs ?? 0);
    this.model.phases.forEach((phase, index) => {
      if (!phase.stages.some((stage) => changed.has(stage.key))) return;
      durationMs += this.replayOne(index, scenario, 1, stageSpans) - base.phaseMs[index]!;
    });
    return { durationMs, stageSpans };
  }

  private replayAll(scenario: Scenario, withSpans: boolean): Replayed & { phaseMs: Float64Array } {
    const scale = scenario.coresFactor ?? 1;
    const stageSpans = new Map<string, number>();
    const phaseMs = new Float64Array(this.model.phases.length);
    let durationMs = this.model.driverTimeMs + (scenario.extraDriverMs ?? 0);
    for (let index = 0; index < this.model.phases.length; index++) {
      phaseMs[index] = this.replayOne(index, scenario, scale, withSpans ? stageSpans : undefined);
      durationMs += phaseMs[index]!;
    }
    return { durationMs, stageSpans, phaseMs };
  }

  /** One phase replayed; its stages' spans written into `stageSpans` when given. */
  private replayOne(index: number, scenario: Scenario, scale: number, stageSpans: Map<string, number> | undefined): number {
    const phase = this.model.phases[index]!;
    const changed = scenario.tasks !== undefined && scenario.tasks.size > 0 && phase.stages.some((stage) => scenario.tasks!.has(stage.key));
    const replayed = changed ? { ...phase, stages: phase.stages.map((stage) => ({ ...stage, taskDurations: scenario.tasks!.get(stage.key) ?? stage.taskDurations })) } : phase;
    const steps = scale === Number.POSITIVE_INFINITY ? [{ at: 0, slots: Number.POSITIVE_INFINITY }] : phaseSlotSteps(this.timeline, phase, scale, this.taskCpus, this.observedCores);
    const spans = stageSpans ? { start: new Float64Array(phase.stages.length), finish: new Float64Array(phase.stages.length) } : undefined;
    const tasks = changed ? replayed.stages.reduce((sum, stage) => sum + stage.taskDurations.length, 0) : this.phaseTasks[index]!;
    // With a slot for every task of the phase at every moment, no task ever waits: each stage lasts its slowest task.
    const neverWaits = steps.every((step) => step.slots >= tasks);
    const slowest = changed ? Float64Array.from(replayed.stages, (stage) => maxOf(stage.taskDurations)) : this.slowestTask[index]!;
    const only = replayed.stages.length === 1 ? replayed.stages[0]! : undefined;
    const constantSlots = steps.length === 1 && steps[0]!.at === 0 && steps[0]!.slots > 0;
    let ms: number;
    if (neverWaits) ms = replayUnlimited(replayed, slowest, spans);
    else if (only && constantSlots) {
      ms = replaySingleStage(only.taskDurations, steps[0]!.slots, only.delayMs);
      if (spans) {
        spans.start[0] = only.delayMs;
        spans.finish[0] = ms;
      }
    } else ms = replayPhase(replayed, steps, spans);
    if (stageSpans && spans) phase.stages.forEach((stage, i) => stageSpans.set(stage.key, Math.max(0, spans.finish[i]! - spans.start[i]!)));
    return ms;
  }
}

function maxOf(values: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < values.length; i++) if (values[i]! > max) max = values[i]!;
  return max;
}
