import * as assert from 'assert';
import { loopCaches } from '../../../server/src/model/loopCaches';
import { MANY } from '../../../server/src/model/flow';
import { modelOf } from '../helpers/parsers';

const HEADER = 'from pyspark.sql import SparkSession, functions as F\nspark = SparkSession.builder.getOrCreate()\n';

async function only(text: string, language: 'python' | 'scala' = 'python') {
  const entries = loopCaches(await modelOf(language, language === 'python' ? `${HEADER}${text}` : text));
  assert.strictEqual(entries.length, 1, `one loop cache, found ${entries.length}`);
  return entries[0]!;
}

describe('caches made in loop bodies', () => {
  it('counts the jobs of one iteration that read its copy', async () => {
    const entry = await only('for day in days:\n    ev = spark.read.parquet(f"s3://raw/{day}").cache()\n    ev.count()\n    ev.groupBy("u").count().write.parquet(f"s3://agg/{day}")\n');
    assert.strictEqual(entry.varies, true);
    assert.strictEqual(entry.readsInIteration, 2);
    assert.strictEqual(entry.carriedReads, 0);
    assert.strictEqual(entry.lastRead?.span.start.line, 5);
    assert.strictEqual(entry.heavyWork?.what, 'a groupBy and write');
    assert.ok(!entry.kept && !entry.released && !entry.readAfterLoop);
  });

  it('knows a plan that does not change between iterations is one cache Spark reuses', async () => {
    const same = await only('for c in cols:\n    base = spark.read.parquet("s3://raw/train").cache()\n    base.groupBy(c).count().write.parquet(c)\n');
    assert.strictEqual(same.varies, false);
    // A frame of the iteration made from an unchanging plan is followed to its own expression.
    const derived = await only('for c in cols:\n    raw = spark.read.parquet("s3://raw/train")\n    base = raw.filter(F.col("ok")).cache()\n    base.groupBy(c).count().write.parquet(c)\n');
    assert.strictEqual(derived.varies, false);
    const perColumn = await only('for c in cols:\n    raw = spark.read.parquet("s3://raw/train")\n    base = raw.select(c).cache()\n    base.write.parquet(c)\n');
    assert.strictEqual(perColumn.varies, true);
    // Which plan an `if` on the loop variable binds changes with the iteration.
    const branched = await only('for code in [0, 1]:\n    if code == 0:\n        part = spark.table("jobs").where(F.col("exit") == 0)\n    else:\n        part = spark.table("jobs").where(F.col("exit") != 0)\n    part.persist()\n    part.write.parquet("out")\n');
    assert.strictEqual(branched.varies, true);
  });

  it('counts the next iteration\'s reads of a copy carried through a re-bound name', async () => {
    const chain = await only('acc = spark.table("orders")\nfor dim in dims:\n    acc = acc.join(dim, "k", "left").cache()\nacc.write.parquet("out")\n');
    assert.deepStrictEqual([chain.readsInIteration, chain.carriedReads, chain.carriedAs, chain.readAfterLoop], [0, 1, 'acc', true]);
    const rounds = await only('labels = spark.table("nodes")\nwhile changed:\n    new = spark.table("edges").join(labels, "id", "inner").groupBy("dst").count().cache()\n    changed = labels.join(new, "dst", "inner").count() != labels.count()\n    labels = new\n');
    assert.deepStrictEqual([rounds.readsInIteration, rounds.carriedReads, rounds.carriedAs], [1, 3, 'labels']);
    assert.strictEqual(rounds.released, false);
  });

  it('sees the previous iteration\'s copy released, this one released, or all caches cleared', async () => {
    const previous = await only('labels = spark.table("nodes")\nwhile changed:\n    prev = labels\n    labels = spark.table("edges").join(prev, "id", "inner").cache()\n    changed = labels.count() != prev.count()\n    prev.unpersist()\n');
    assert.strictEqual(previous.released, true);
    const own = await only('for d in days:\n    ev = spark.read.parquet(d).cache()\n    ev.count()\n    ev.unpersist()\n');
    assert.strictEqual(own.released, true);
    const cleared = await only('for d in days:\n    ev = spark.read.parquet(d).cache()\n    ev.count()\n    spark.catalog.clearCache()\n');
    assert.strictEqual(cleared.released, true);
  });

  it('tells copies kept on purpose, ML fits and checkpoints apart', async () => {
    const listed = await only('parts = []\nfor d in days:\n    p = spark.read.parquet(d).cache()\n    parts.append(p)\n');
    assert.strictEqual(listed.kept, true);
    const unioned = await only('acc = None\nfor d in days:\n    p = spark.read.parquet(d).cache()\n    p.count()\n    acc = p if acc is None else acc.union(p)\n');
    assert.strictEqual(unioned.kept, true);
    const fitted = await only('for t in tenants:\n    p = spark.table("r").filter(F.col("t") == t).cache()\n    m = als.fit(p)\n');
    assert.deepStrictEqual([fitted.kept, fitted.readsInIteration, fitted.heavyWork?.what], [false, MANY, 'a model fit']);
    const checkpointed = loopCaches(await modelOf('python', `${HEADER}for i in range(9):\n    df = df.join(e, "k", "inner").cache()\n    df.count()\n    df = df.localCheckpoint()\n`));
    assert.ok(checkpointed.every((entry) => entry.checkpointed));
  });

  it('leaves out comprehensions and caches of frames made before the loop', async () => {
    const model = await modelOf('python', `${HEADER}base = spark.table("t")\nfor d in days:\n    base.cache()\n    base.filter(F.col("d") == d).write.parquet(d)\nframes = [spark.read.parquet(p).cache() for p in paths]\n`);
    assert.deepStrictEqual(loopCaches(model), []);
  });

  it('reads a Scala fold whose step caches its result as a copy carried to the next step', async () => {
    const entry = await only('object Job {\n  def widen(orders: DataFrame, dims: Seq[DataFrame]): DataFrame =\n    dims.foldLeft(orders)((acc, dim) => acc.join(dim, Seq("id"), "left").cache())\n}\n', 'scala');
    assert.deepStrictEqual([entry.loop.kind, entry.holder.name, entry.readsInIteration, entry.carriedReads, entry.readAfterLoop], ['fold', 'acc', 0, 1, true]);
  });

  it('reads Scala foreach bodies as loops', async () => {
    const entry = await only('object Job {\n  def run(spark: SparkSession, days: Seq[String]): Unit = {\n    days.foreach { day =>\n      val ev = spark.read.parquet(s"s3://raw/$day").cache()\n      ev.write.parquet(s"s3://clean/$day")\n    }\n  }\n}\n', 'scala');
    assert.deepStrictEqual([entry.loop.kind, entry.varies, entry.readsInIteration], ['foreach', true, 1]);
  });
});
