import { configSpan, isZeroByteSize } from '../../model/configs';
import { BOTH_LANGUAGES, type Rule } from '../types';

const KEY = 'spark.driver.maxResultSize';

export const unlimitedResultSize: Rule = {
  id: 'unlimited-result-size',
  defaultSeverity: 'warning',
  summary: 'spark.driver.maxResultSize = 0 lets an action pull unlimited results into the driver.',
  languages: BOTH_LANGUAGES,
  scope: 'file',
  check({ model, report }) {
    for (const setting of model.configs) {
      if (setting.key !== KEY || !isZeroByteSize(setting)) continue;
      // A core setting: Spark 3 rejects it at runtime (spark.conf.set, SET), only the session's own configuration counts.
      if (setting.via !== 'builder' && setting.via !== 'spark-conf') continue;
      report({
        span: configSpan(setting),
        message: `\`${KEY}\` is set to 0, which removes the limit (1g by default) on the results all tasks of an action send to the driver: a collect() or toPandas() of a large DataFrame, or a broadcast built from it, then runs the driver out of memory or into long garbage-collection pauses instead of failing fast with a clear "bigger than spark.driver.maxResultSize" error. Set a size the driver's memory can hold (e.g. "4g" with spark.driver.memory of 8g or more), and bring less data to the driver.`,
      });
    }
  },
};
