import { ancestorBindings, lineageSteps } from '../../model/flow';
import { logMessageContext, type LogMessageContext } from '../../model/logCalls';
import { SHUFFLE_OPERATIONS } from '../../model/sparkApi';
import type { ActionSite, FrameValue, ReadSite } from '../../model/types';
import { stepRange } from '../spans';
import { BOTH_LANGUAGES, type Rule, type RuleSettings } from '../types';
import { knownSmall } from './cross-join';

/** Actions that read every row of their input. */
const FULL_JOBS = new Set([
  'count', 'collect', 'collectAsList', 'toPandas', 'countByKey', 'countByValue', 'collectAsMap', 'reduce', 'fold', 'aggregate',
  'treeReduce', 'treeAggregate', 'sum', 'mean', 'max', 'min', 'stats',
]);
/** Actions that stop early, unless a shuffle (an aggregation, a sort, a join) has to run in full first. */
const EARLY_STOPPING = new Set(['first', 'head', 'take', 'takeAsList', 'isEmpty']);

/** Does the action read data cached before any shuffle, or data known small? Then the job is cheap. */
function cheapToRead(action: ActionSite, settings: RuleSettings): boolean {
  for (let current: FrameValue | undefined = action.frame; current; current = current.parent) {
    if (knownSmall(current, settings)) return true;
    for (let i = current.steps.length - 1; i >= 0; i--) {
      const name = current.steps[i]!.name;
      if (name === 'cache' || name === 'persist' || name === 'checkpoint' || name === 'localCheckpoint') return true;
      if (SHUFFLE_OPERATIONS.has(name)) return false;
    }
    const cache = current.sourceBinding?.cachedBy;
    if (cache && cache.order <= action.order) return true;
  }
  return false;
}

/** Columnar sources whose row count Spark reads from file footers or table metadata, without the data. */
const METADATA_COUNTED = new Set(['parquet', 'orc', 'delta', 'table']);
/** Projections, which a count prunes away entirely. */
const PRUNED_FOR_COUNT = new Set(['select', 'selectExpr', 'withColumn', 'withColumns', 'withColumnRenamed', 'withColumnsRenamed', 'drop', 'alias', 'as', 'toDF', 'hint']);

/** `spark.read.parquet(p).count()`: only footers are read (a listing and a small job), not the rows. */
function countsFromMetadata(action: ActionSite, reads: readonly ReadSite[]): boolean {
  if (action.name !== 'count' || action.frame.kind !== 'dataframe') return false;
  const steps = lineageSteps(action.frame);
  const source = steps.findIndex((step) => METADATA_COUNTED.has(step.name) || (step.name === 'load' && METADATA_COUNTED.has(reads.find((r) => r.step === step)?.format?.toLowerCase() ?? '')));
  return source >= 0 && steps.slice(source + 1).every((step) => PRUNED_FOR_COUNT.has(step.name));
}

function shuffles(frame: FrameValue): boolean {
  for (let current: FrameValue | undefined = frame; current; current = current.parent) {
    if (current.steps.some((step) => SHUFFLE_OPERATIONS.has(step.name))) return true;
  }
  return false;
}

function runsFullJob(action: ActionSite): boolean {
  if (action.frame.kind !== 'dataframe' && action.frame.kind !== 'rdd') return false;
  return FULL_JOBS.has(action.name) || (EARLY_STOPPING.has(action.name) && shuffles(action.frame));
}

/** Only where the job runs: a message built whatever the level, or a level that is normally on. */
function costsAJob(context: LogMessageContext): boolean {
  if (context.guarded || context.inLambda) return false;
  if (context.level === 'debug' || context.level === 'trace') return context.evaluation === 'eager';
  return true;
}

/** `orders.select(…).distinct().count()`: the action with the steps this expression applies before it. */
function describeJob(action: ActionSite): string {
  const name = ancestorBindings(action.frame)[0]?.name;
  const own = action.frame.sourceBinding?.name === name ? action.frame.steps : [];
  const steps = [...own, action.step].map((step) => `${step.name}(${step.args && step.args.length > 0 ? '…' : ''})`);
  return [...(name ? [name] : []), ...steps].join('.');
}

function message(action: ActionSite, context: LogMessageContext, python: boolean): string {
  const job = `\`${describeJob(action)}\``;
  if (context.level === 'debug' || context.level === 'trace') {
    const level = context.level.toUpperCase();
    const logger = context.callee.slice(0, context.callee.lastIndexOf('.')) || 'logger';
    const guard = python ? `\`if ${logger}.isEnabledFor(logging.${level}):\`` : `\`if (${logger}.is${context.level === 'debug' ? 'Debug' : 'Trace'}Enabled)\``;
    const lazy = python ? '' : ', or a logger that builds the message only when the level is on (scala-logging, Spark\'s `logDebug`)';
    return `${job} runs a Spark job for a \`${context.callee}\` message even when ${level} is off: the message is built before the logger checks the level, so the job runs in production too, for a line nobody reads. Guard the call with ${guard}${lazy}, or drop the figure.`;
  }
  return `${job} runs a whole Spark job, computing the data from its sources, only to put a figure in this \`${context.callee}\` message; the jobs that use the data compute it again unless it is cached. Log a figure you already have (an observed metric with \`observe()\`, the written rows in the write's metrics), cache the data if later jobs read it anyway, or log it at DEBUG behind a level check.`;
}

export const jobInLogMessage: Rule = {
  id: 'job-in-log-message',
  defaultSeverity: 'warning',
  summary: 'A Spark job (count(), collect(), …) runs only to build a log message.',
  languages: BOTH_LANGUAGES,
  check({ model, settings, report }) {
    for (const action of model.actions) {
      if (!runsFullJob(action)) continue;
      const context = logMessageContext(model.statements, action.step.span, model.language, model.imports);
      if (!context || !costsAJob(context) || cheapToRead(action, settings) || countsFromMetadata(action, model.reads)) continue;
      report({
        span: stepRange(action.step),
        message: message(action, context, model.language === 'python'),
        related: [{ span: context.call.callee.span, message: `logged with ${context.callee}` }],
      });
    }
  },
};
