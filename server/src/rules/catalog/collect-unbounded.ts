import type { ActionSite, FrameValue } from '../../model/types';
import { stepRange } from '../spans';
import { BOTH_LANGUAGES, type Rule } from '../types';
import type { FileHistory, MeasuredEvidence } from '../../history/evidence';
import { formatBytes } from '../../common/format';
import { driverSideWork } from '../../model/driverSideWork';
import { evidenceAt, stagesRunFor } from '../history';
import { rowBounds } from '../rowBounds';

/**
 * `toLocalIterator` is left out on purpose: it fetches one partition at a time, which is the
 * documented way to stream a large result through the driver.
 */
const COLLECTING = new Set(['collect', 'collectAsList', 'toPandas', 'toArrow', 'collectAsMap']);

/** As large as the default spark.driver.maxResultSize: a collecting job reading more can bring back that much. */
const LARGE_COLLECT_BYTES = 1024 ** 3;

/**
 * The latest run shows the collect was large: a stage of its job failed on the driver's result limit
 * or memory, or the job read at least as much as the default result limit.
 */
function measuredLarge(history: FileHistory, line: number): MeasuredEvidence | undefined {
  const stages = stagesRunFor(history, line);
  if (stages.length === 0) return undefined;
  const failed = stages.find((stage) => /maxResultSize|OutOfMemoryError/.test(stage.failureReason ?? ''));
  if (failed) {
    return { run: failed.run.label, summary: `measured a failure of stage ${failed.stageId}: ${failed.failureReason!.split('\n')[0]}`, figures: { stageId: failed.stageId } };
  }
  const bytes = stages.reduce((sum, stage) => sum + stage.tasks.inputBytes + stage.tasks.shuffleReadBytes, 0);
  if (bytes < LARGE_COLLECT_BYTES) return undefined;
  return { run: stages[0]!.run.label, summary: `measured ${formatBytes(bytes)} read by its job`, figures: { readBytes: bytes } };
}

function isData(value: FrameValue): boolean {
  return value.kind === 'dataframe' || value.kind === 'rdd' || value.kind === 'grouped';
}

function frameName(value: FrameValue): string | undefined {
  for (let current: FrameValue | undefined = value; current && isData(current); current = current.parent) {
    if (current.sourceBinding && isData(current.sourceBinding.value)) return current.sourceBinding.name;
  }
  return undefined;
}

/** "every row of `orders`" / "every element of the RDD". */
function everyRowOf(action: ActionSite): string {
  const rdd = action.frame.kind === 'rdd';
  const name = frameName(action.frame);
  return `every ${rdd ? 'element' : 'row'} of ${name ? `\`${name}\`` : rdd ? 'the RDD' : 'the DataFrame'}`;
}

export const collectUnbounded: Rule = {
  id: 'collect-unbounded',
  defaultSeverity: 'warning',
  summary: 'collect()/toPandas() brings a whole, unbounded DataFrame to the driver (a warning when the driver then counts, groups or aggregates the rows, or keeps only the first ones).',
  languages: BOTH_LANGUAGES,
  check({ model, settings, history, report }) {
    const boundOf = rowBounds(model, settings);
    for (const action of model.actions) {
      if (!COLLECTING.has(action.name) || (action.frame.kind !== 'dataframe' && action.frame.kind !== 'rdd')) continue;
      const bound = boundOf(action.frame);
      const what = `\`${action.name}()\` brings ${everyRowOf(action)} to the driver`;
      const limit = action.frame.kind === 'rdd' ? 'take(n)' : '.limit(n) or take(n)';
      const evidence = evidenceAt(history, action.step.span);
      if (bound.size === 'small' && bound.guess) {
        report({
          span: stepRange(action.step),
          atMost: 'hint',
          message: `${what}; it is taken to be small because ${bound.reason}. If it can be large, bound it with ${limit} or aggregate on the cluster first.`,
          evidence,
        });
        continue;
      }
      if (bound.size !== 'unbounded') continue;
      const use = action.resultUse;
      if (use?.kind === 'joined-into-string') {
        // Joining every row into one string (a file's text, a list for a log line) only makes sense for few rows.
        report({
          span: stepRange(action.step),
          atMost: 'hint',
          message: `${what} and joins them into one string, which is taken to mean the data is small (a configuration file, a short list). If it can be large, bound it with ${limit}.`,
          evidence,
        });
        continue;
      }
      if (use?.kind === 'head') {
        report({
          span: stepRange(action.step),
          message: `${what} and then keeps only the first ${use.rows} of them: every row is still computed, transferred and converted. Call .limit(${use.rows}) before ${action.name}() so only those rows leave the cluster.`,
          evidence,
        });
        continue;
      }
      const work = use ?? driverSideWork(model, action);
      if (work?.kind === 'driver-side-work') {
        report({
          span: stepRange(action.step),
          message: `${what} (${bound.reason}), where \`${work.operation}\` (line ${work.span.start.line + 1}) ${work.does}: work the cluster does in parallel, done on one machine after every row was transferred and converted. Do it in Spark with ${work.instead} before ${action.name}() and collect only the result.`,
          evidence,
        });
        continue;
      }
      const large = measuredLarge(history, action.step.span.start.line);
      if (large) {
        report({
          span: stepRange(action.step),
          message: `${what} and nothing bounds it: ${bound.reason}, with no limit, sample or aggregation after that, and ${large.summary.replace(/^measured /, 'the latest run measured ')}. Such a result exceeds spark.driver.maxResultSize or runs the driver out of memory. Bound it with ${limit}, aggregate on the cluster, or write the result out instead.`,
          evidence: [large, ...evidence],
        });
        continue;
      }
      report({
        span: stepRange(action.step),
        atMost: 'hint',
        message: `${what}; its size cannot be told from the code: nothing bounds it (${bound.reason}). It is a problem when the result can outgrow spark.driver.maxResultSize (1g by default) or the driver's memory, or when the driver only counts, groups or aggregates the rows afterwards; then bound it with ${limit}, aggregate on the cluster, or write the result out instead.`,
        evidence,
      });
    }
  },
};
