import { builtinEquivalent } from '../../model/udfEquivalents';
import { numericUdfWork } from '../../model/udfNumericWork';
import type { SparkModel } from '../../model/types';
import type { Rule } from '../types';

const ARROW_UDF_KEY = 'spark.sql.execution.pythonUDF.arrow.enabled';

/** The session makes every Python UDF Arrow-optimised (Spark 3.5+): rows already cross in batches. */
function arrowForAllUdfs(model: SparkModel): boolean {
  return model.configs.some((c) => c.key === ARROW_UDF_KEY && String(c.value).toLowerCase() === 'true');
}

export const rowAtATimeUdf: Rule = {
  id: 'row-at-a-time-udf',
  defaultSeverity: 'information',
  summary: 'A row-at-a-time Python UDF over element-wise numeric work; a pandas_udf with numpy does it a batch at a time.',
  languages: ['python'] as const,
  check({ model, report }) {
    if (arrowForAllUdfs(model)) return;
    const seen = new Set<unknown>();
    for (const udf of model.udfs) {
      if (udf.arrow) continue;
      // `@udf def f` registered again with spark.udf.register: one finding per body.
      const identity = udf.bodyExpression ?? udf.body;
      if (seen.has(identity)) continue;
      seen.add(identity);
      // A short chain of built-ins is replaceable-udf's: no Python at all beats a vectorised UDF.
      const work = builtinEquivalent(udf) ? undefined : numericUdfWork(udf);
      if (!work) continue;
      const subject = udf.name ? `\`${udf.name}\`` : 'This UDF';
      const builtins = work.allBuiltin ? ' Every function it calls also has a Spark built-in of the same name, so the formula can also be written with pyspark.sql.functions and stay in the JVM.' : '';
      report({
        span: udf.span,
        message: `${subject} is a Python UDF doing numeric work one row at a time: make it a pandas_udf. It calls ${work.calls.join(', ')}; on a pandas Series the same formula is written with ${work.numpy.join(', ')}. Each call then gets a whole Arrow batch instead of one pickled row, and numpy computes the batch in compiled loops: expect the UDF's share of the stage to shrink several times, more for arithmetic-heavy bodies.${builtins}`,
      });
    }
  },
};
