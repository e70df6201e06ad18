import * as assert from 'assert';
import { bindingsNamed, rebindingsMaking } from '../../../server/src/model/modelIndexes';
import { modelOf } from '../helpers/parsers';

describe('model indexes: look-ups several rules make of one model', () => {
  it('lists the bindings of a name in the model order, and none for an unknown name', async () => {
    const model = await modelOf('python', ['df = spark.read.parquet("a")', 'other = spark.table("t")', 'df = df.filter("x > 1")', 'df = df.join(other, "k")'].join('\n'));
    const named = bindingsNamed(model, 'df');
    assert.deepStrictEqual(named.map((b) => b.statement.span.start.line), [0, 2, 3]);
    assert.deepStrictEqual(named, model.bindings.filter((b) => b.name === 'df'));
    assert.deepStrictEqual(bindingsNamed(model, 'missing'), []);
  });

  it('finds the loop re-bindings that make a binding', async () => {
    const model = await modelOf('python', ['df = spark.read.parquet("a")', 'for c in cols:', '    df = df.withColumn(c, lit(1))', '    df = df.drop("x")'].join('\n'));
    assert.strictEqual(model.loopRebindings.length, 2);
    for (const entry of model.loopRebindings) assert.deepStrictEqual(rebindingsMaking(model.loopRebindings, entry.binding), [entry]);
    assert.deepStrictEqual(rebindingsMaking(model.loopRebindings, model.bindings[0]), []);
    assert.deepStrictEqual(rebindingsMaking(model.loopRebindings, undefined), []);
  });
});
