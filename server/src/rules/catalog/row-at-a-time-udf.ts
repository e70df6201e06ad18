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
      const vectorised = `declare it a pandas_udf and write the formula with ${work.numpy.join(', ')} on the Series: each call then gets a whole Arrow batch instead of one pickled row, and numpy computes the batch in compiled loops (expect the UDF's share of the stage to shrink several times, more for arithmetic-heavy bodies).`;
      const message = work.builtins
        ? `${subject} is a Python UDF doing numeric work one row at a time: Spark's built-ins do the same in the JVM. It calls ${work.calls.join(', ')}, and pyspark.sql.functions has ${work.builtins.join(', ')}: written with them, the formula needs no Python worker at all and stays visible to the optimizer. If it must stay in Python, ${vectorised}`
        : `${subject} is a Python UDF doing numeric work one row at a time: make it a pandas_udf. Spark has no built-in for ${work.withoutBuiltin.join(', ')}; ${vectorised}`;
      report({ span: udf.span, message });
    }
  },
};
