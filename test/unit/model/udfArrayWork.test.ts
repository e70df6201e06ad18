import * as assert from 'assert';
import { arrayWorkInUdf } from '../../../server/src/model/udfArrayWork';
import { modelOf } from '../helpers/parsers';

async function workOf(body: string) {
  const model = await modelOf('python', `from pyspark.sql.functions import udf\n\n@udf("double")\n${body}\n`);
  assert.strictEqual(model.udfs.length, 1, 'one UDF');
  return arrayWorkInUdf(model.udfs[0]!);
}

describe('array work in Python UDFs', () => {
  it('names the higher-order functions of comprehensions, quantifiers and accumulating loops', async () => {
    assert.deepStrictEqual((await workOf('def f(xs):\n    return [x * 2 for x in xs]'))?.functions, ['transform']);
    assert.deepStrictEqual((await workOf('def f(xs):\n    return [x for x in xs if x > 1]'))?.functions, ['filter']);
    assert.deepStrictEqual((await workOf('def f(xs):\n    return [x.upper() for x in xs if x]'))?.functions, ['filter', 'transform']);
    assert.deepStrictEqual((await workOf('def f(xs):\n    return all(xs)'))?.functions, ['forall']);
    assert.deepStrictEqual((await workOf('def f(xs):\n    return any(x in ["a", "b"] for x in xs)'))?.functions, ['exists']);
    assert.deepStrictEqual((await workOf('def f(xs, k):\n    n = 0\n    for x in xs:\n        n += x * k\n    return n'))?.functions, ['aggregate']);
    assert.strictEqual((await workOf('def f(xs):\n    return [x for x in xs]'))?.param, undefined);
  });

  it('stays out when an element needs Python: unknown calls, keyword arguments, early returns', async () => {
    assert.strictEqual(await workOf('def f(xs):\n    return [parse(x) for x in xs]'), undefined);
    assert.strictEqual(await workOf('def f(xs):\n    return [x.split(",", maxsplit=1) for x in xs]'), undefined);
    assert.strictEqual(await workOf('def f(xs):\n    for x in xs:\n        if x:\n            return x\n    return None'), undefined);
    assert.strictEqual(await workOf('def f(s):\n    return len(s)'), undefined);
  });
});
