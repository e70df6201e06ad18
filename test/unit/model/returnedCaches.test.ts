import * as assert from 'assert';
import { readsOfReturnedCache } from '../../../server/src/model/returnedCaches';
import { modelOf } from '../helpers/parsers';

async function callersReads(language: 'python' | 'scala', text: string): Promise<number | undefined> {
  const model = await modelOf(language, text);
  const site = model.caches.find((c) => c.method === 'cache' || c.method === 'persist');
  assert.ok(site, 'no cache in the model');
  return readsOfReturnedCache(model, site)?.reads;
}

const LOAD = 'def load(ctx, day):\n    rows = ctx.sql("select * from t where day = %s" % day).distinct()\n    rows.persist()\n    if verbose:\n        print(rows.count())\n    return rows\n';

describe('caches handed back by a function', () => {
  it('counts each caller\'s reads of the result, the helper\'s debug-only count left out', async () => {
    assert.strictEqual(await callersReads('python', `${LOAD}def main():\n    a = load(ctx, 1)\n    a.write.parquet("a")\n    b = load(ctx, 2)\n    b.write.parquet("b")\n`), 1);
    assert.strictEqual(await callersReads('python', `${LOAD}def main():\n    a = load(ctx, 1)\n    a.write.parquet("a")\n    print(a.count())\n`), 2);
  });

  it('adds the reads the helper runs itself before handing it back', async () => {
    const text = 'def load(spark):\n    df = spark.table("t").cache()\n    df.count()\n    return df\ndef main():\n    x = load(spark)\n    x.write.parquet("x")\n';
    assert.strictEqual(await callersReads('python', text), 2);
  });

  it('says nothing when a call\'s result is not bound to a name, when the helper caches its parameter, or when nobody calls it', async () => {
    assert.strictEqual(await callersReads('python', `${LOAD}def main():\n    load(ctx, 1).write.parquet("a")\n`), undefined);
    assert.strictEqual(await callersReads('python', 'def prep(df):\n    df.cache()\n    return df\ndef main():\n    x = prep(spark.table("t"))\n    x.write.parquet("x")\n'), undefined);
    assert.strictEqual(await callersReads('python', LOAD), undefined);
  });

  it('reads a Scala method whose block ends with the cached value', async () => {
    const text = 'object J {\n  def load(spark: SparkSession): DataFrame = {\n    val df = spark.table("t")\n    df.persist()\n  }\n  def main(args: Array[String]): Unit = {\n    val x = load(spark)\n    x.write.parquet("x")\n  }\n}\n';
    assert.strictEqual(await callersReads('scala', text), 1);
  });
});

describe('caches handed back, derived from a parameter', () => {
  it('stops at a later cache: the fill of a cache made from it is one read', async () => {
    const text = 'def load(spark):\n    return spark.table("a").filter("x > 0").cache()\ndef enrich(df, other):\n    return df.join(other, "k").cache()\ndef main():\n    a = load(spark)\n    b = enrich(a, spark.table("b"))\n    b.write.parquet("1")\n    b.write.parquet("2")\n';
    assert.strictEqual(await callersReads('python', text), 1);
  });

  it('counts a DataFrame joined into a helper\'s returned value as read where we cannot follow', async () => {
    const text = 'def load(spark):\n    return spark.table("a").cache()\ndef enrich(df, other):\n    return df.join(other, "k")\ndef main():\n    a = load(spark)\n    b = enrich(spark.table("b"), a)\n    b.write.parquet("1")\n';
    assert.ok(((await callersReads('python', text)) ?? Infinity) > 1);
  });
});
