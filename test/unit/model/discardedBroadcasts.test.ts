import * as assert from 'assert';
import { discardedBroadcasts } from '../../../server/src/model/discardedBroadcasts';
import { readsAfterCache } from '../../../server/src/model/flow';
import { modelOf } from '../helpers/parsers';

const PY = 'import pyspark.sql.functions as F\nfrom pyspark.sql.functions import broadcast\n';

describe('discarded broadcast hints', () => {
  it('finds broadcast(df) as a statement of its own, with the unhinted joins after it', async () => {
    const model = await modelOf('python', `${PY}dims = spark.table("dims").groupBy("k").count()\nF.broadcast(dims)\nfacts = spark.table("facts")\nfacts.join(dims, "k").write.parquet("o")\n`);
    const [found, ...rest] = discardedBroadcasts(model);
    assert.ok(found && rest.length === 0);
    assert.strictEqual(found.binding.name, 'dims');
    assert.strictEqual(found.span.start.line, 3);
    assert.deepStrictEqual(found.unhintedJoins.map((j) => j.step.span.start.line), [5]);
  });

  it('counts the thrown-away copy as no read of the data', async () => {
    const model = await modelOf('python', `${PY}dims = spark.table("dims").groupBy("k").count()\ndims.cache()\nbroadcast(dims)\nfacts = spark.table("facts")\nfacts.join(dims, "k").write.parquet("o")\n`);
    assert.strictEqual(readsAfterCache(model.caches[0]!, model.actions, model.writes), 1);
  });

  it('leaves out a hint that is used, and joins hinted where they join', async () => {
    const used = await modelOf('python', `${PY}dims = spark.table("dims")\nsmall = F.broadcast(dims)\nspark.table("f").join(small, "k").count()\nspark.table("f").join(F.broadcast(dims), "k").count()\n`);
    assert.deepStrictEqual(discardedBroadcasts(used), []);
    const hinted = await modelOf('python', `${PY}dims = spark.table("dims")\nbroadcast(dims)\nspark.table("f").join(broadcast(dims), "k").count()\n`);
    assert.deepStrictEqual(discardedBroadcasts(hinted).map((f) => f.unhintedJoins.length), [0]);
  });

  it('reads Scala the same way', async () => {
    const model = await modelOf('scala', 'import org.apache.spark.sql.functions\nobject J {\n  val dims = spark.table("dims")\n  functions.broadcast(dims)\n  spark.table("f").join(dims, Seq("k")).count()\n}\n');
    const [found] = discardedBroadcasts(model);
    assert.ok(found);
    assert.deepStrictEqual(found.unhintedJoins.map((j) => j.step.span.start.line), [4]);
  });
});
