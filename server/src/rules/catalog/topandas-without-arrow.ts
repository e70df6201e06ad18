import { configBoolean } from '../../model/configs';
import { stepRange } from '../spans';
import type { Rule } from '../types';
import { rowBounds } from '../rowBounds';

const ARROW_KEYS = new Set(['spark.sql.execution.arrow.pyspark.enabled', 'spark.sql.execution.arrow.enabled']);
const SLOW_PATH = 'toPandas() runs without Arrow (spark.sql.execution.arrow.pyspark.enabled is not enabled in this file): every row is pickled, sent to Python and turned into pandas value by value';
const ENABLE = 'Enable spark.sql.execution.arrow.pyspark.enabled where the session is built.';

export const topandasWithoutArrow: Rule = {
  id: 'topandas-without-arrow',
  defaultSeverity: 'information',
  summary: 'toPandas() without Arrow converts row by row.',
  languages: ['python'] as const,
  scope: 'file',
  check({ model, settings, report }) {
    // A session that comes from elsewhere (a notebook platform, a shared helper) may well have Arrow on.
    if (!model.createsSession) return;
    // A value we cannot read (a variable) may enable it: only an explicit false counts as off.
    if (model.configs.some((s) => ARROW_KEYS.has(s.key) && configBoolean(s) !== false)) return;
    const boundOf = rowBounds(model, settings);
    for (const action of model.actions) {
      if (action.name !== 'toPandas') continue;
      const span = stepRange(action.step);
      const use = action.resultUse;
      if (use?.kind === 'head') {
        report({ span, message: `${SLOW_PATH}, and then only the first ${use.rows} rows are used. Call .limit(${use.rows}) before toPandas(), so only those rows are computed and converted; for larger results, ${ENABLE.charAt(0).toLowerCase()}${ENABLE.slice(1)}` });
        continue;
      }
      // For a few rows the row-by-row path costs milliseconds: Arrow is worth it for large results.
      const bound = boundOf(action.frame);
      if (bound.size === 'small' && !bound.guess) continue;
      if (bound.size === 'small' || bound.size === 'reduced') {
        report({ span, atMost: 'hint', message: `${SLOW_PATH}. The result is probably small (${bound.reason}), where that costs little; if it can have many rows, ${ENABLE.charAt(0).toLowerCase()}${ENABLE.slice(1)}` });
        continue;
      }
      report({ span, message: `${SLOW_PATH}, often 10× slower and with a much larger driver memory peak. ${ENABLE}` });
    }
  },
};
