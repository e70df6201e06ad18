import * as assert from 'assert';
import { collectedListArgument } from '../../../server/src/model/udfCallSites';
import { builtinEquivalent } from '../../../server/src/model/udfEquivalents';
import type { Language } from '../../../server/src/syntax/ast';
import { modelOf } from '../helpers/parsers';

/** Each UDF of the snippet as `name: parameters <- whose body | built-in equivalent or -`. */
async function udfs(language: Language, text: string): Promise<string[]> {
  const model = await modelOf(language, text);
  return model.udfs.map((udf) => {
    const equivalent = builtinEquivalent(udf);
    const shown = equivalent ? `${equivalent.functions.join('+') || equivalent.expression.kind}${equivalent.medianOfList ? ' (median of a list)' : ''}` : '-';
    return `${udf.name}: ${udf.params.join(',')}${udf.bodyOf ? ` <- ${udf.bodyOf}` : ''} | ${shown}`;
  });
}

const PY = 'from pyspark.sql.functions import udf\n';

describe('UDF bodies reached through names, wrappers and locals', () => {
  it('follows a lambda bound to a name once, and not one bound twice', async () => {
    assert.deepStrictEqual(await udfs('python', `${PY}f = lambda s: s.upper()\nu = udf(f)`), ['u: s <- f | upper']);
    assert.deepStrictEqual(await udfs('python', `${PY}f = lambda s: s.upper()\nif x:\n    f = lambda s: s.lower()\nu = udf(f)`), []);
    assert.deepStrictEqual(await udfs('scala', 'object A {\n  val f: String => String = _.trim\n  val u = udf(f)\n}'), ['u: _ <- f | trim']);
  });

  it('follows a lambda that only passes its arguments on, to a def or a named lambda, a few levels deep', async () => {
    const text = `${PY}def a(s):\n    return s.strip()\nb = lambda t: a(t)\nu = udf(lambda p: b(p))\nv = udf(lambda p, q: a(q))`;
    assert.deepStrictEqual(await udfs('python', text), ['u: s <- a | trim', 'v: p,q | -']);
  });

  it('puts locals assigned once in place, and gives up on a local assigned twice', async () => {
    const once = `${PY}@udf("string")\ndef clean(s):\n    t = s.strip()\n    u = t.lower()\n    return u`;
    assert.deepStrictEqual(await udfs('python', once), ['clean: s | trim+lower']);
    const twice = `${PY}@udf("string")\ndef clean(s):\n    t = s.strip()\n    t = t.lower()\n    return t`;
    assert.deepStrictEqual(await udfs('python', twice), ['clean: s | -']);
    const scala = 'object A {\n  def tidy(s: String): String = {\n    val t = s.trim\n    t.toLowerCase\n  }\n  val u = udf(tidy _)\n}';
    assert.deepStrictEqual(await udfs('scala', scala), ['u: s <- tidy | trim+lower']);
  });

  it('sees a parameter times itself, but not a product of two parameters', async () => {
    assert.deepStrictEqual(await udfs('python', `${PY}sq = udf(lambda n: n * n)\narea = udf(lambda w, h: w * h)`), ['sq: n | operator', 'area: w,h | -']);
  });

  it('sees the median of a list parameter, and finds where collect_list feeds it', async () => {
    const text = [
      'import numpy as np',
      'from pyspark.sql import functions as F',
      'from pyspark.sql.functions import udf',
      'med = udf(lambda xs: float(np.median(xs)))',
      'p50 = udf(lambda xs: np.percentile(xs, 50))',
      'p90 = udf(lambda xs: np.percentile(xs, 90))',
      'df.groupBy("k").agg(med(F.collect_list("price")))',
    ].join('\n');
    assert.deepStrictEqual(await udfs('python', text), ['med: xs | percentile_approx (median of a list)', 'p50: xs | percentile_approx (median of a list)', 'p90: xs | -']);
    const model = await modelOf('python', text);
    assert.deepStrictEqual(collectedListArgument(model, 'med'), { column: 'price', span: collectedListArgument(model, 'med')!.span });
    assert.strictEqual(collectedListArgument(model, 'med')!.span.start.line, 6);
    assert.strictEqual(collectedListArgument(model, 'p50'), undefined);
  });
});
