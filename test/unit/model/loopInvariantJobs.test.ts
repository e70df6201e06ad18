import * as assert from 'assert';
import { namesVaryingIn } from '../../../server/src/model/loopDependence';
import { drawsRandomly, mentionsVaryingAttribute, repeatsUnchangedJobs } from '../../../server/src/model/loopInvariantJobs';
import { modelOf } from '../helpers/parsers';

const PY = 'import time\nfrom pyspark.sql import SparkSession, functions as F\nspark = SparkSession.builder.getOrCreate()\ndf = spark.table("t")\n';

/** Whether the loop around the snippet's last action would re-run an unchanged job for nothing. */
async function repeatsForNothing(text: string): Promise<boolean> {
  const model = await modelOf('python', PY + text);
  const action = model.actions.at(-1);
  assert.ok(action && action.loops.length > 0, 'no action in a loop');
  return repeatsUnchangedJobs(model, action.loops.at(-1)!);
}

describe('loop-invariant jobs: loops that repeat an unchanged job for nothing', () => {
  it('knows a for loop and a comprehension that change nothing', async () => {
    assert.strictEqual(await repeatsForNothing('for c in df.columns:\n    n = df.count()\n'), true);
    assert.strictEqual(await repeatsForNothing('xs = [df.collect() for c in ["a", "b"]]\n'), true);
  });

  it('leaves polling, retry, benchmark and writing loops alone', async () => {
    assert.strictEqual(await repeatsForNothing('while True:\n    n = df.count()\n'), false);
    assert.strictEqual(await repeatsForNothing('for i in range(5):\n    n = df.count()\n    time.sleep(10)\n'), false);
    assert.strictEqual(await repeatsForNothing('for i in range(5):\n    t0 = time.time()\n    df.count()\n'), false);
    assert.strictEqual(await repeatsForNothing('for p in ["a", "b"]:\n    spark.read.parquet(p).write.saveAsTable("t")\n    n = df.count()\n'), false);
    assert.strictEqual(await repeatsForNothing('for p in ["a", "b"]:\n    spark.sql(f"INSERT INTO t SELECT * FROM {p}")\n    n = df.count()\n'), false);
  });

  it('knows a query that reads an attribute the loop assigns', async () => {
    const varies = async (text: string) => {
      const model = await modelOf('python', PY + text);
      const action = model.actions.at(-1)!;
      return mentionsVaryingAttribute([action.step, ...action.frame.steps], namesVaryingIn(model, action.loops.at(-1)!));
    };
    assert.strictEqual(await varies('for i in range(3):\n    self.limit = i * 10\n    n = df.filter(F.col("a") > self.limit).count()\n'), true);
    assert.strictEqual(await varies('for i in range(3):\n    self.seen = i\n    n = df.filter(F.col("a") > self.limit).count()\n'), false);
  });

  it('knows a random draw in the lineage', async () => {
    const frameOf = async (text: string) => (await modelOf('python', PY + text)).actions.at(-1)!.frame;
    assert.strictEqual(drawsRandomly(await frameOf('df.sample(0.1).collect()\n')), true);
    assert.strictEqual(drawsRandomly(await frameOf('s = df.withColumn("r", F.rand())\ns.collect()\n')), true);
    assert.strictEqual(drawsRandomly(await frameOf('df.filter(F.col("a") > 1).collect()\n')), false);
  });
});
