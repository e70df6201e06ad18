import type { ActionSite, FrameValue } from '../../model/types';
import { stepRange } from '../spans';
import { BOTH_LANGUAGES, type Rule } from '../types';
import { evidenceAt } from '../history';
import { rowBounds } from '../rowBounds';

/**
 * `toLocalIterator` is left out on purpose: it fetches one partition at a time, which is the
 * documented way to stream a large result through the driver.
 */
const COLLECTING = new Set(['collect', 'collectAsList', 'toPandas', 'toArrow', 'collectAsMap']);

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
  summary: 'collect()/toPandas() brings a whole, unbounded DataFrame to the driver.',
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
      report({
        span: stepRange(action.step),
        message: `${what} and nothing bounds it: ${bound.reason}, with no limit, sample or aggregation after that. A large result exceeds spark.driver.maxResultSize or runs the driver out of memory. Bound it with ${limit}, aggregate on the cluster, or write the result out instead.`,
        evidence,
      });
    }
  },
};
