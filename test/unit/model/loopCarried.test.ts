import * as assert from 'assert';
import { growthKind, jobOnGrowingValue, lineageCutInLoop } from '../../../server/src/model/loopCarried';
import { modelOf } from '../helpers/parsers';

async function rebindings(text: string) {
  const model = await modelOf('python', text);
  return { model, entries: model.loopRebindings };
}

const HEADER = 'from pyspark.sql import SparkSession, functions as F\nspark = SparkSession.builder.getOrCreate()\ndf = spark.table("t")\n';

describe('loop growth', () => {
  it('tells column additions, unions and other operators apart', async () => {
    const { entries } = await rebindings(`${HEADER}for c in df.columns:\n    df = df.withColumn(c, F.trim(c))\n    df = df.union(spark.table("u"))\n    df = df.join(spark.table("d"), "k", "inner").select("k")\n    df = df.cache()\n`);
    assert.deepStrictEqual(entries.map(growthKind), ['columns', 'union', 'operators', undefined]);
  });

  it('sees a checkpoint in the loop and a write read back into the same name as cuts', async () => {
    const checkpointed = await rebindings(`${HEADER}for i in range(100):\n    df = df.filter(F.col("a") > i)\n    if i % 10 == 0:\n        df = df.localCheckpoint()\n`);
    assert.ok(lineageCutInLoop(checkpointed.entries[0]!, 'df', checkpointed.model));
    const reread = await rebindings(`${HEADER}for i in range(100):\n    df = df.groupBy("a").count()\n    df.write.parquet("tmp")\n    df = spark.read.parquet("tmp")\n`);
    assert.ok(lineageCutInLoop(reread.entries[0]!, 'df', reread.model));
    const growing = await rebindings(`${HEADER}other = spark.table("o")\nfor i in range(100):\n    df = df.groupBy("a").count()\n    other = spark.read.parquet("tmp")\n`);
    assert.ok(!lineageCutInLoop(growing.entries[0]!, 'df', growing.model));
  });

  it('finds a job on the growing value inside the loop, not after it', async () => {
    const inside = await rebindings(`${HEADER}while True:\n    df = df.filter(F.col("a") > 1)\n    if df.count() == 0:\n        break\n`);
    assert.strictEqual(jobOnGrowingValue(inside.entries[0]!), 6);
    const after = await rebindings(`${HEADER}for i in range(100):\n    df = df.filter(F.col("a") > i)\ndf.count()\n`);
    assert.strictEqual(jobOnGrowingValue(after.entries[0]!), undefined);
  });
});
