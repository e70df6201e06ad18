import * as assert from 'assert';
import { numericUdfWork } from '../../../server/src/model/udfNumericWork';
import { modelOf } from '../helpers/parsers';

async function workOf(body: string) {
  const model = await modelOf('python', `import math\nimport numpy as np\nfrom pyspark.sql.functions import udf\n\n@udf("double")\n${body}\n`);
  assert.strictEqual(model.udfs.length, 1, 'one UDF');
  return numericUdfWork(model.udfs[0]!);
}

describe('numeric work in row-at-a-time Python UDFs', () => {
  it('reads formulas of arithmetic and math/numpy functions, through locals and null guards', async () => {
    const cdf = await workOf('def f(z):\n    return 0.5 * (1 + math.erf(z / math.sqrt(2)))');
    assert.deepStrictEqual(cdf, { calls: ['math.erf', 'math.sqrt'], numpy: ['scipy.special.erf', 'np.sqrt'], withoutBuiltin: ['math.erf'] });
    const guarded = await workOf('def f(a, b):\n    if a is None:\n        return None\n    d = math.atan2(a, b)\n    return math.degrees(d) ** 2');
    assert.deepStrictEqual(guarded?.builtins, ['degrees', 'atan2']);
    assert.deepStrictEqual(guarded?.numpy, ['np.degrees', 'np.arctan2']);
  });

  it('stays out of anything but element-wise arithmetic over the parameters', async () => {
    assert.strictEqual(await workOf('def f(x):\n    return x * 2 + 1'), undefined, 'no math function: a built-in expression');
    assert.strictEqual(await workOf('def f(x):\n    return RATES.get(x, 1.0) * math.exp(x)'), undefined, 'a dict lookup');
    assert.strictEqual(await workOf('def f(x):\n    return math.log(x) if x > 0 else 0.0'), undefined, 'a branch');
    assert.strictEqual(await workOf('def f(x):\n    return np.mean(x) * math.e'), undefined, 'an aggregate of an array');
    assert.strictEqual(await workOf('def f(row):\n    return math.sqrt(row.a ** 2 + row.b ** 2)'), undefined, 'fields of a struct');
    assert.strictEqual(await workOf('def f(x):\n    return math.sqrt(2.0)'), undefined, 'no parameter used');
  });
});
