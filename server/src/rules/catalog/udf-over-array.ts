import { arrayWorkInUdf, type HigherOrderFunction } from '../../model/udfArrayWork';
import type { Rule } from '../types';

/** What each higher-order function does, for the message. */
const DOES: Record<HigherOrderFunction, string> = {
  transform: 'transform(col, lambda x: ...) maps each element',
  filter: 'filter(col, lambda x: ...) keeps the elements that match',
  forall: 'forall(col, lambda x: ...) tests every element',
  exists: 'exists(col, lambda x: ...) tests for any element',
  aggregate: 'aggregate(col, lit(0), lambda acc, x: acc + ...) folds the elements',
};

export const udfOverArray: Rule = {
  id: 'udf-over-array',
  defaultSeverity: 'warning',
  summary: 'A Python UDF that only loops over an array argument; transform/filter/forall/exists/aggregate do it in the JVM.',
  languages: ['python'] as const,
  check({ model, report }) {
    const seen = new Set<unknown>();
    for (const udf of model.udfs) {
      // `@udf def f` registered again with spark.udf.register: one finding per body.
      const identity = udf.bodyExpression ?? udf.body;
      if (seen.has(identity)) continue;
      seen.add(identity);
      const work = arrayWorkInUdf(udf);
      if (!work) continue;
      const subject = udf.name ? `\`${udf.name}\`` : 'This UDF';
      const names = work.functions.join(' then ');
      report({
        span: work.span,
        message: `${subject} only loops over the array \`${work.param}\`: Spark's higher-order function${work.functions.length > 1 ? 's' : ''} ${names} ${work.functions.length > 1 ? 'do' : 'does'} the same in the JVM (Spark 3.1+ in Python). The UDF pickles every row's whole array to a Python worker and back; ${work.functions.map((f) => DOES[f]).join(', and ')}, with code generation and no Python round trip.`,
      });
    }
  },
};
