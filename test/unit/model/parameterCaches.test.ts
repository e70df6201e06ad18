import * as assert from 'assert';
import { callsCachingParameter } from '../../../server/src/model/parameterCaches';
import { modelOf } from '../helpers/parsers';

/** Per call of the file, the reads of the parameter cached on `line` (0-based), or undefined when the calls do not decide. */
async function readsPerCall(language: 'python' | 'scala', text: string, line: number): Promise<number[] | undefined> {
  const model = await modelOf(language, text);
  const site = model.caches.find((c) => c.step.span.start.line === line);
  assert.ok(site, `no cache on line ${line + 1}`);
  return callsCachingParameter(model, site)?.map((call) => call.reads);
}

const SAVE = 'def save(df, path):\n    df.cache()\n    df.write.parquet(path)\n';

describe('parameters cached in place', () => {
  it('adds the caller\'s reads after the call to the helper\'s reads after the cache', async () => {
    assert.deepStrictEqual(await readsPerCall('python', `${SAVE}def main():\n    a = spark.table("a")\n    save(a, "x")\n`, 1), [1]);
    assert.deepStrictEqual(await readsPerCall('python', `${SAVE}def main():\n    a = spark.table("a")\n    save(a, "x")\n    a.count()\n`, 1), [2]);
    // The reads before the call do not read the cache.
    assert.deepStrictEqual(await readsPerCall('python', `${SAVE}def main():\n    a = spark.table("a")\n    a.count()\n    save(a, "x")\n`, 1), [1]);
  });

  it('counts the caller\'s reads of the result when the helper hands the parameter back', async () => {
    const prep = 'def prep(df):\n    df.cache()\n    return df.filter("x > 0")\n';
    assert.deepStrictEqual(await readsPerCall('python', `${prep}def main():\n    r = prep(spark.table("a"))\n    r.write.parquet("1")\n    r.write.parquet("2")\n`, 1), [2]);
    assert.deepStrictEqual(await readsPerCall('python', `${prep}def main():\n    r = prep(spark.table("a"))\n    r.write.parquet("1")\n`, 1), [1]);
    // Handed back as it is, the parameter is not followed: read we know not how often.
    assert.deepStrictEqual(await readsPerCall('python', 'def prep(df):\n    df.cache()\n    return df\ndef main():\n    r = prep(spark.table("a"))\n    r.write.parquet("1")\n', 1), [Infinity]);
  });

  it('judges a chain of helpers at the outermost call', async () => {
    const text = `${SAVE}def archive(df):\n    save(df, "a")\n    df.count()\ndef main():\n    t = spark.table("t")\n    archive(t)\n`;
    assert.deepStrictEqual(await readsPerCall('python', text, 1), [2]);
  });

  it('leaves a parameter handed on by a function nobody in the file calls to its callers', async () => {
    const text = `${SAVE}def archive(df):\n    save(df, "a")\n`;
    assert.strictEqual(await readsPerCall('python', text, 1), undefined);
    assert.strictEqual(await readsPerCall('python', SAVE, 1), undefined);
  });

  it('gives up on a call in a loop the caller\'s DataFrame is not in', async () => {
    const text = `${SAVE}def main():\n    a = spark.table("a")\n    for p in ["x", "y"]:\n        save(a, p)\n`;
    assert.strictEqual(await readsPerCall('python', text, 1), undefined);
  });

  it('sees a Scala method of the same object and its release', async () => {
    const text = 'object Job {\n  def save(df: DataFrame): Unit = {\n    df.cache()\n    df.count()\n    df.write.parquet("x")\n    df.unpersist()\n  }\n  def run(spark: SparkSession): Unit = {\n    val t = spark.table("t")\n    save(t)\n  }\n}\n';
    const model = await modelOf('scala', text);
    const site = model.caches.find((c) => c.method === 'cache')!;
    const calls = callsCachingParameter(model, site);
    assert.deepStrictEqual(calls?.map((call) => [call.reads, call.released]), [[2, true]]);
  });
});
