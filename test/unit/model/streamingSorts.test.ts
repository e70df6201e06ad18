import * as assert from 'assert';
import { rejectedStreamingSort, streamOutputMode } from '../../../server/src/model/streamingSorts';
import type { Language } from '../../../server/src/syntax/ast';
import { modelOf } from '../helpers/parsers';

const PY = 'from pyspark.sql import SparkSession, functions as F\nspark = SparkSession.builder.getOrCreate()\ns = spark.readStream.format("rate").load()\n';

/** The streaming write of the snippet: its output mode and the sort Spark would reject, as `mode/sort/aggregated`. */
async function judged(language: Language, text: string): Promise<string> {
  const model = await modelOf(language, text);
  const write = model.writes.find((w) => w.step.name === 'writeStream');
  assert.ok(write, 'no streaming write');
  const rejected = rejectedStreamingSort(model, write);
  return `${streamOutputMode(model, write)}/${rejected ? `${rejected.sort.step.name}${rejected.aggregated ? ' after aggregation' : ''}` : 'allowed'}`;
}

describe('streaming sorts: what Spark rejects when a streaming query starts', () => {
  it('reads the output mode from the writer chain, append when none is set', async () => {
    assert.strictEqual(await judged('python', `${PY}s.writeStream.format("console").start()`), 'append/allowed');
    assert.strictEqual(await judged('python', `${PY}s.groupBy("k").count().writeStream.outputMode("Complete").start()`), 'complete/allowed');
    assert.strictEqual(await judged('python', `${PY}m = "update"\ns.writeStream.outputMode(m).start()`), 'unknown/allowed');
  });

  it('rejects a sort with no aggregation before it, or one outside Complete mode', async () => {
    assert.strictEqual(await judged('python', `${PY}s.orderBy("timestamp").writeStream.start()`), 'append/orderBy');
    assert.strictEqual(await judged('python', `${PY}t = s.groupBy("k").count()\nt.sort("count").writeStream.outputMode("update").start()`), 'update/sort after aggregation');
    assert.strictEqual(await judged('python', `${PY}s.orderBy("value").writeStream.outputMode("complete").start()`), 'complete/orderBy');
  });

  it('allows an aggregate sorted in Complete mode, and a sort on the far side of a join', async () => {
    assert.strictEqual(await judged('python', `${PY}s.groupBy("k").count().orderBy(F.desc("count")).writeStream.outputMode("complete").start()`), 'complete/allowed');
    assert.strictEqual(await judged('python', `${PY}d = spark.table("dim").orderBy("k")\nd.join(s, "k").writeStream.start()`), 'append/allowed');
    const scala = 'import org.apache.spark.sql.streaming.OutputMode\nobject A {\n  def f(s: org.apache.spark.sql.DataFrame) = s.groupBy("k").count().orderBy("k").writeStream.outputMode(OutputMode.Complete()).start()\n}';
    assert.strictEqual(await judged('scala', scala), 'complete/allowed');
  });
});
