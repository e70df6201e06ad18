import * as assert from 'assert';
import { supersededCache } from '../../../server/src/model/supersededCaches';
import type { SparkModel } from '../../../server/src/model/types';
import { modelOf } from '../helpers/parsers';

const HEADER = 'from pyspark.sql import SparkSession, functions as F\nspark = SparkSession.builder.getOrCreate()\n';

function at(model: SparkModel, line: number) {
  const site = model.caches.find((c) => c.step.span.start.line + 1 === line);
  assert.ok(site, `a cache on line ${line}`);
  return supersededCache(model, site);
}

const CALLER = `
def main():
    copy = clean(spark.table("a"), spark.table("b"))
    for n in [1, 2]:
        copy.groupBy("k").count().filter(F.col("count") > n).write.parquet(str(n))
`;

describe('caches a function copies into a cache it hands back', () => {
  it('finds the copy handed back and the caller\'s first job on it', async () => {
    const model = await modelOf('python', `${HEADER}
def clean(a, b):
    joined = a.join(b, "k").cache()
    print(joined.count(), joined.filter(F.col("x").isNull()).count())
    return joined.filter(F.col("x").isNotNull()).cache()
${CALLER}`);
    const found = at(model, 5);
    assert.ok(found);
    assert.strictEqual(found.readsBefore, 2);
    assert.strictEqual(found.copy.step.span.start.line + 1, 7);
    assert.deepStrictEqual(found.fills.map((fill) => [fill.binding.name, fill.firstRead.span.start.line + 1]), [['copy', 12]]);
  });

  it('follows a copy bound to a name before it is handed back', async () => {
    const model = await modelOf('python', `${HEADER}
def clean(a, b):
    joined = a.join(b, "k").cache()
    joined.count()
    kept = joined.filter(F.col("x").isNotNull()).cache()
    return kept
${CALLER}`);
    assert.strictEqual(at(model, 5)?.copy.step.span.start.line, 6);
  });

  it('leaves out a cache released, read after the copy or let go elsewhere', async () => {
    const released = await modelOf('python', `${HEADER}
def clean(a, b):
    joined = a.join(b, "k").cache()
    joined.count()
    kept = joined.filter(F.col("x").isNotNull()).cache()
    kept.count()
    joined.unpersist()
    return kept
${CALLER}`);
    assert.strictEqual(at(released, 5), undefined);
    const escaped = await modelOf('python', `${HEADER}
def clean(a, b):
    joined = a.join(b, "k").cache()
    registry.keep(joined)
    return joined.filter(F.col("x").isNotNull()).cache()
${CALLER}`);
    assert.strictEqual(at(escaped, 5), undefined);
    const both = await modelOf('python', `${HEADER}
def clean(a, b):
    joined = a.join(b, "k").cache()
    joined.count()
    return joined
${CALLER}`);
    assert.strictEqual(at(both, 5), undefined);
  });
});
