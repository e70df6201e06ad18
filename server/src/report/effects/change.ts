/**
 * One configuration change, modelled: which effect model a key has and which stages of the run it
 * touches. The recommendations, the validation of earlier recommendations against later runs and
 * the benchmark on generated pairs all go through here, so a change is predicted one way only.
 *
 *   const modelled = modelChange(context, { key: 'spark.sql.shuffle.partitions', value: '64' });
 *   const effect = modelled && replayEffect(context.simulation, observedMs, modelled, cost);
 */
import type { StageSummary } from '../../history/eventlog/types';
import { isTinyTasksVerdict, judgeApplication, type KeyedApplication, type StageVerdict } from '../../verdicts';
import { SPARK_DEFAULTS } from '../../verdicts/thresholds';
import { parseBoolean, parseNumber, parseSize, settingOf, versionAtLeast } from '../recommend/settings';
import { judgedStages, stagesWith, type JudgedStage } from '../recommend/verdicts';
import { adaptiveModel, broadcastModel, coresModel, memoryModel, partitionsModel, type EffectContext, type ModelledChange } from './models';

export interface SettingChange {
  key: string;
  value: string;
}

/** The keys an effect model covers. */
export const MODELLED_KEYS = [
  'spark.sql.shuffle.partitions',
  'spark.executor.memory',
  'spark.memory.fraction',
  'spark.executor.cores',
  'spark.executor.instances',
  'spark.dynamicAllocation.maxExecutors',
  'spark.sql.autoBroadcastJoinThreshold',
  'spark.sql.adaptive.enabled',
  'spark.sql.adaptive.skewJoin.enabled',
] as const;

type JudgedWith = JudgedStage & { verdict: StageVerdict };

const SHUFFLED_JOIN = /^(SortMergeJoin|ShuffledHashJoin)/;

/** The shuffled join of the stage's SQL execution, when the stage reads a shuffle (a join's reduce side). */
export function shuffledJoinOf({ stage, execution }: JudgedStage): string | undefined {
  if (!execution || stage.tasks.shuffleReadBytes === 0) return undefined;
  return execution.nodes.find((node) => node.kind === 'join' && SHUFFLED_JOIN.test(node.nodeName))?.nodeName;
}

/** SQL stages reading a shuffle with exactly `partitions` tasks: the ones spark.sql.shuffle.partitions sized. */
export function stagesSizedBy(judged: readonly JudgedStage[], partitions: number): Set<StageSummary> {
  return new Set(judged.filter(({ stage, execution }) => execution !== undefined && stage.tasks.shuffleReadBytes > 0 && (stage.numTasks ?? stage.tasks.tasks) === partitions).map(({ stage }) => stage));
}

/** Stages AQE would change: shuffles of tiny partitions (coalesced) and skewed shuffled joins (split). */
export function adaptiveStages(judged: readonly JudgedStage[]): { tinyShuffles: JudgedWith[]; skewedJoins: JudgedWith[] } {
  return {
    tinyShuffles: stagesWith(judged, 'partition-sizing').filter(({ stage, verdict }) => isTinyTasksVerdict(verdict) && stage.tasks.shuffleReadBytes > 0),
    skewedJoins: stagesWith(judged, 'task-skew').filter((item) => shuffledJoinOf(item) !== undefined),
  };
}

/** Executors alive at the busiest moment: the cores then over the cores of one executor. */
function executorCount(context: EffectContext): number {
  return Math.max(1, Math.round(context.simulation.observedCores / Math.max(1, context.calibration.coresPerExecutor)));
}

/**
 * The change as a scenario of the run's replay, or undefined when no model covers the key or the
 * value is unreadable. A value equal to the run's own gives an empty scenario.
 */
export function modelChange(context: EffectContext & { app: KeyedApplication }, change: SettingChange): ModelledChange | undefined {
  const { app } = context;
  const judged = (): JudgedStage[] => judgedStages(app, judgeApplication(app));
  switch (change.key) {
    case 'spark.sql.shuffle.partitions': {
      const to = parseNumber(change.value);
      if (to === undefined || to < 1) return undefined;
      const from = parseNumber(settingOf(app, change.key)) ?? SPARK_DEFAULTS.shufflePartitions;
      return partitionsModel(context, [...stagesSizedBy(judged(), from)], Math.round(to));
    }
    case 'spark.executor.memory': {
      const bytes = parseSize(change.value, 'm');
      return bytes === undefined || bytes <= 0 ? undefined : memoryModel(context, { executorMemoryBytes: bytes });
    }
    case 'spark.memory.fraction': {
      const fraction = parseNumber(change.value);
      return fraction === undefined || fraction <= 0 || fraction >= 1 ? undefined : memoryModel(context, { memoryFraction: fraction });
    }
    case 'spark.executor.cores': {
      const cores = parseNumber(change.value);
      if (cores === undefined || cores < 1) return undefined;
      // Fewer cores per executor: more memory per task, and fewer task slots.
      const model = memoryModel(context, { coresPerExecutor: cores });
      return { ...model, scenario: { ...model.scenario, coresFactor: cores / context.calibration.coresPerExecutor } };
    }
    case 'spark.executor.instances':
    case 'spark.dynamicAllocation.maxExecutors': {
      const executors = parseNumber(change.value);
      return executors === undefined || executors < 1 ? undefined : coresModel(executors / executorCount(context));
    }
    case 'spark.sql.autoBroadcastJoinThreshold': {
      const to = parseSize(change.value, 'b');
      if (to === undefined) return undefined;
      const from = parseSize(settingOf(app, change.key), 'b') ?? SPARK_DEFAULTS.broadcastThresholdBytes;
      // Every buildable shuffled join whose small side fits under the new threshold and did not fit under the old one.
      const joins = judgeApplication(app).joins.filter((join) => join.buildable && to >= 0 && join.smallBytes <= to && (from < 0 || join.smallBytes > from));
      return broadcastModel(context, joins);
    }
    case 'spark.sql.adaptive.enabled':
    case 'spark.sql.adaptive.skewJoin.enabled': {
      const on = parseBoolean(change.value);
      if (on === undefined) return undefined;
      const aqeBefore = parseBoolean(settingOf(app, 'spark.sql.adaptive.enabled')) ?? versionAtLeast(app, 3, 2) ?? true;
      const skewJoinBefore = parseBoolean(settingOf(app, 'spark.sql.adaptive.skewJoin.enabled')) ?? true;
      const { tinyShuffles, skewedJoins } = adaptiveStages(judged());
      const aqeAfter = change.key === 'spark.sql.adaptive.enabled' ? on : aqeBefore;
      const skewJoinAfter = change.key === 'spark.sql.adaptive.skewJoin.enabled' ? on : skewJoinBefore;
      // Only what the change switches on is modelled: coalescing when AQE comes on, splitting when skew join starts to act.
      const coalesce = aqeAfter && !aqeBefore;
      const split = aqeAfter && skewJoinAfter && !(aqeBefore && skewJoinBefore);
      return adaptiveModel(context, coalesce ? tinyShuffles.map(({ stage }) => stage) : [], split ? skewedJoins.map(({ stage }) => stage) : []);
    }
    default:
      return undefined;
  }
}
