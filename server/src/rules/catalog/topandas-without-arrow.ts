import { configBoolean } from '../../model/configs';
import { stepRange } from '../spans';
import type { Rule } from '../types';

const ARROW_KEYS = new Set(['spark.sql.execution.arrow.pyspark.enabled', 'spark.sql.execution.arrow.enabled']);

export const topandasWithoutArrow: Rule = {
  id: 'topandas-without-arrow',
  defaultSeverity: 'information',
  summary: 'toPandas() without Arrow converts row by row.',
  languages: ['python'] as const,
  scope: 'file',
  check({ model, report }) {
    // A session that comes from elsewhere (a notebook platform, a shared helper) may well have Arrow on.
    if (!model.createsSession) return;
    // A value we cannot read (a variable) may enable it: only an explicit false counts as off.
    if (model.configs.some((s) => ARROW_KEYS.has(s.key) && configBoolean(s) !== false)) return;
    for (const action of model.actions) {
      if (action.name !== 'toPandas') continue;
      report({
        span: stepRange(action.step),
        message: 'toPandas() runs without Arrow (spark.sql.execution.arrow.pyspark.enabled is not enabled in this file): every row is pickled, sent to Python and turned into pandas value by value, often 10× slower and with a much larger driver memory peak. Enable spark.sql.execution.arrow.pyspark.enabled where the session is built.',
      });
    }
  },
};
