import * as assert from 'assert';
import { constantKeyAggregate } from '../../../server/src/model/constantKeyAggregates';
import { nameConstants } from '../../../server/src/model/nameConstants';
import { modelOf } from '../helpers/parsers';

/** For each join of the snippet: whether its right side is a one-row constant-key aggregate, as `keys@line of the fill`. */
async function rightSides(text: string): Promise<string[]> {
  const model = await modelOf('python', ['from pyspark.sql import functions as F', ...text.split('\n')].join('\n'));
  const names = nameConstants(model.statements);
  return model.joins.map((join) => {
    const hint = constantKeyAggregate(join.right, model.imports, names);
    return hint?.kind === 'constant-keys' ? `${hint.keys.join(',')}@${hint.fills.map((s) => s.start.line + 1).join(',')}` : '-';
  });
}

describe('constant-key aggregates: grouped only by columns holding one constant', () => {
  it('sees the constant through a name, a select and an orderBy after the aggregate', async () => {
    const text = ['K = "all"', 'd = spark.read.parquet("p").withColumn(K, F.lit(1))', 't = d.groupBy(K).agg(F.max("x")).select(K, "x").orderBy(K)', 'd.join(t, K).count()'].join('\n');
    assert.deepStrictEqual(await rightSides(text), ['all@3']);
  });

  it('does not call an ordinary key, a fill of missing values, a mixed key or a row-multiplying step small', async () => {
    const text = [
      'd = spark.read.parquet("p").withColumn("one", F.lit(1)).withColumn("r", F.coalesce(F.col("r"), F.lit("none")))',
      'd.join(d.groupBy("shop").agg(F.sum("x")), "shop").count()',
      'd.join(d.groupBy("r").agg(F.sum("x")), "r").count()',
      'd.join(d.groupBy("one", "day").agg(F.sum("x")), "one").count()',
      'd.join(d.groupBy("one").agg(F.collect_list("x").alias("xs")).select("one", F.explode("xs")), "one").count()',
    ].join('\n');
    assert.deepStrictEqual(await rightSides(text), ['-', '-', '-', '-']);
  });
});
