import * as assert from 'assert';
import { executions, MANY } from '../../../server/src/model/flow';
import type { SparkModel } from '../../../server/src/model/types';
import { modelOf } from '../helpers/parsers';

function binding(model: SparkModel, name: string) {
  const found = model.bindings.find((b) => b.name === name);
  assert.ok(found, `no binding ${name}; have ${model.bindings.map((b) => b.name).join(', ')}`);
  return found;
}

describe('reads the model follows to count jobs', () => {
  it('links a use to the name its statement assigns, even when a lambda body has statements', async () => {
    const model = await modelOf('scala', [
      'object A {',
      '  val links = sc.textFile("in").map(l => (l, l)).groupByKey().cache()',
      '  val ranks = sc.textFile("ranks").map(l => (l, 1.0))',
      '  val contribs = links.join(ranks).values.flatMap { case (urls, rank) =>',
      '    val size = urls.size',
      '    urls.map(u => (u, 1.0 / size))',
      '  }',
      '  contribs.saveAsTextFile("out")',
      '}',
    ].join('\n'));
    const use = binding(model, 'links').uses.find((u) => u.span.start.line === 3);
    assert.strictEqual(use?.derived?.name, 'contribs');
    assert.strictEqual(executions(binding(model, 'links')), 1);
  });

  it('counts the jobs of a DataFrame made from an RDD as reads of the RDD', async () => {
    const model = await modelOf('python', [
      'rows = sc.parallelize(range(10)).map(lambda i: {"id": i}).cache()',
      'ref = rows.collect()',
      'frame = spark.createDataFrame(rows)',
      'frame.write.parquet("out")',
    ].join('\n'));
    assert.strictEqual(executions(binding(model, 'rows')), 2);
  });

  it('treats a Scala assignment to a field as escaping the method', async () => {
    const model = await modelOf('scala', [
      'object A {',
      '  private var dictionary: DataFrame = _',
      '  def build(df: DataFrame): Unit = {',
      '    dictionary = df.groupBy("k").count().cache()',
      '    var local = df',
      '    local = local.filter("x > 0")',
      '    local.write.parquet("out")',
      '  }',
      '}',
    ].join('\n'));
    assert.strictEqual(executions(binding(model, 'dictionary')), MANY);
    const locals = model.bindings.filter((b) => b.name === 'local');
    assert.strictEqual(executions(locals.at(-1)!), 1, 'a var of the method itself is no field');
  });
});
