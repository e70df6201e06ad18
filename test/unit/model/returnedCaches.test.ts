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

async function readsAt(language: 'python' | 'scala', text: string, line: number): Promise<number | undefined> {
  const model = await modelOf(language, text);
  const site = model.caches.find((c) => c.step.span.start.line === line);
  assert.ok(site, `no cache on line ${line + 1}`);
  return readsOfReturnedCache(model, site)?.reads;
}

describe('caches handed back, read by the next helper', () => {
  const LOADERS = 'def load_a(spark):\n    return spark.table("a").cache()\ndef load_b(spark):\n    return spark.table("b").cache()\n';

  it('counts a cache joined into another helper\'s returned cache as read once, when that cache fills', async () => {
    const text = `${LOADERS}def enrich(left, right):\n    return left.join(right, "k").cache()\ndef main():\n    a = load_a(spark)\n    b = load_b(spark)\n    e = enrich(a, b)\n    e.write.parquet("1")\n    e.write.parquet("2")\n`;
    assert.strictEqual(await readsAt('python', text, 3), 1);
  });

  it('still counts the joined-in cache as read where we cannot follow when the helper hands back an uncached join', async () => {
    const text = `${LOADERS}def enrich(left, right):\n    return left.join(right, "k")\ndef main():\n    a = load_a(spark)\n    b = load_b(spark)\n    e = enrich(a, b)\n    e.write.parquet("1")\n`;
    assert.ok(((await readsAt('python', text, 3)) ?? Infinity) > 1);
  });

  it('counts a parameter that fills a cache the helper reads itself as read once', async () => {
    const text = `${LOADERS}def totals(df):\n    t = df.groupBy("k").count().cache()\n    print(t.count())\n    print(t.filter("count > 1").count())\n    return t.filter("count > 0").cache()\ndef main():\n    a = load_a(spark)\n    r = totals(a)\n    r.write.parquet("1")\n`;
    assert.strictEqual(await readsAt('python', text, 1), 1);
  });

  it('follows a tuple of caches into the names that unpack it', async () => {
    const pair = 'def pair(df):\n    sub = df.groupBy("a", "b").count().cache()\n    top = sub.groupBy("a").count().cache()\n    return top, sub\n';
    const once = `${pair}def main():\n    top, sub = pair(spark.table("t"))\n    top.write.parquet("1")\n    sub.write.parquet("2")\n`;
    // `top` is read once; `sub` fills `top` and is written.
    assert.strictEqual(await readsAt('python', once, 2), 1);
    assert.strictEqual(await readsAt('python', once, 1), 2);
    // Not unpacked: the tuple goes where we do not follow.
    assert.strictEqual(await readsAt('python', `${pair}def main():\n    both = pair(spark.table("t"))\n    both[0].write.parquet("1")\n`, 2), undefined);
  });

  it('gives up on a tuple with a DataFrame handed back uncached', async () => {
    const text = 'def pair(df):\n    c = df.groupBy("a").count().cache()\n    return c, c.filter("count > 1")\ndef main():\n    whole, big = pair(spark.table("t"))\n    big.write.parquet("1")\n    big.write.parquet("2")\n';
    assert.strictEqual(await readsAt('python', text, 1), undefined);
  });
});
