import * as assert from 'assert';
import { callsCachingParameter } from '../../../server/src/model/parameterCaches';
import { modelOf } from '../helpers/parsers';

/** The function each call of the file caching the parameter on `line` (0-based) was resolved to, with its reads. */
async function callers(language: 'python' | 'scala', text: string, line: number): Promise<string[]> {
  const model = await modelOf(language, text);
  const site = model.caches.find((c) => c.step.span.start.line === line);
  assert.ok(site, `no cache on line ${line + 1}`);
  return (callsCachingParameter(model, site) ?? []).map((call) => `${call.arrival.function}:${call.reads}`);
}

const PY_CLASS = 'class Stats:\n    def newest(self, df):\n        df.cache()\n        return df.agg({"t": "max"}).collect()\n';
const SCALA_CLASS = 'class Stats {\n  def newest(df: DataFrame): Long = {\n    df.cache()\n    df.agg(Map("t" -> "max")).collect()(0).getLong(0)\n  }\n}\n';

describe('methods called on objects the code constructs', () => {
  it('reaches the class method through `X().m()`, a name and a `self` field (Python)', async () => {
    assert.deepStrictEqual(await callers('python', `${PY_CLASS}def main():\n    a = spark.table("a")\n    Stats().newest(a)\n`, 2), ['Stats.newest:1']);
    assert.deepStrictEqual(await callers('python', `${PY_CLASS}def main():\n    a = spark.table("a")\n    s = Stats()\n    s.newest(a)\n    a.count()\n`, 2), ['Stats.newest:2']);
    const job = 'class Job:\n    def __init__(self):\n        self.stats = Stats()\n    def run(self):\n        a = spark.table("a")\n        self.stats.newest(a)\n';
    assert.deepStrictEqual(await callers('python', `${PY_CLASS}${job}`, 2), ['Stats.newest:1']);
  });

  it('reaches the class method through `new X().m()`, a case class and a `val` (Scala)', async () => {
    const main = (call: string) => `${SCALA_CLASS}object Main {\n  def run(spark: SparkSession): Unit = {\n    val a = spark.table("a")\n    ${call}\n  }\n}\n`;
    assert.deepStrictEqual(await callers('scala', main('new Stats().newest(a)'), 2), ['Stats.newest:1']);
    assert.deepStrictEqual(await callers('scala', main('Stats().newest(a)'), 2), ['Stats.newest:1']);
    assert.deepStrictEqual(await callers('scala', main('val s = new Stats()\n    s.newest(a)'), 2), ['Stats.newest:1']);
  });

  it('stays out when the object is not known to be of one class', async () => {
    // Two classes of one name, a name holding objects of two classes, a field assigned twice, a parameter.
    assert.deepStrictEqual(await callers('python', `${PY_CLASS}${PY_CLASS}def main():\n    a = spark.table("a")\n    Stats().newest(a)\n`, 2), []);
    const other = 'class Other:\n    def newest(self, df):\n        return 1\n';
    assert.deepStrictEqual(await callers('python', `${PY_CLASS}${other}def main(flag):\n    a = spark.table("a")\n    s = Other()\n    if flag:\n        s = Stats()\n    s.newest(a)\n`, 2), []);
    const twice = 'class Job:\n    def __init__(self):\n        self.stats = Stats()\n    def reset(self):\n        self.stats = Other()\n    def run(self):\n        a = spark.table("a")\n        self.stats.newest(a)\n';
    assert.deepStrictEqual(await callers('python', `${PY_CLASS}${other}${twice}`, 2), []);
    assert.deepStrictEqual(await callers('python', `${PY_CLASS}def main(s):\n    a = spark.table("a")\n    s.newest(a)\n`, 2), []);
  });
});
