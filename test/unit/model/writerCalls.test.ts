import * as assert from 'assert';
import { heavyWorkNextIteration } from '../../../server/src/model/applicationExtent';
import { executions } from '../../../server/src/model/flow';
import { isMicroBatchFrame } from '../../../server/src/model/microBatches';
import { namesAWrite } from '../../../server/src/model/writerCalls';
import type { SparkModel } from '../../../server/src/model/types';
import { modelOf } from '../helpers/parsers';

/** Jobs on the binding `name` after its first statement. */
function jobsOn(model: SparkModel, name: string): number {
  const binding = model.bindings.find((b) => b.name === name);
  assert.ok(binding, `no binding ${name}`);
  return executions(binding);
}

describe('writers the model cannot see into', () => {
  it('knows a write by the first word of the method name', () => {
    for (const name of ['write', 'writeBatch', 'save', 'save_table', 'saveAsTable', 'insertInto', 'insert_into', 'upsert', 'sink', 'export', 'output', 'persistTo', 'persist_to_delta']) assert.ok(namesAWrite(name), name);
    for (const name of ['persist', 'register', 'rewrite', 'saved', 'process', 'add', 'append', 'overwriteSchema', 'outputs']) assert.ok(!namesAWrite(name), name);
  });

  it('counts a write-named method of an unknown receiver as one job on its argument, and any other method as unknown', async () => {
    const model = await modelOf('python', 'def f(spark, sink, catalog):\n    a = spark.table("a")\n    sink.write(a, "x")\n    b = spark.table("b")\n    catalog.register(b)\n');
    assert.strictEqual(jobsOn(model, 'a'), 1);
    assert.strictEqual(jobsOn(model, 'b'), Infinity);
    assert.deepStrictEqual(model.helperCalls.map((call) => [call.name, call.heavy]), [['sink.write', true]]);
    // A file handle's write is handed text, not Spark data: no Spark job.
    const files = await modelOf('python', 'def report(spark, path, rows):\n    handle = open(path, "w")\n    handle.write(str(rows))\n');
    assert.deepStrictEqual(files.helperCalls, []);
  });

  it('leaves a receiver assigned objects the code constructs to the classes it names', async () => {
    const text = 'class Tee:\n    def write(self, frame, name):\n        frame.write.csv(name)\n        frame.write.parquet(name)\n'
      + 'class Plain:\n    def write(self, frame, name):\n        frame.write.csv(name)\n'
      + 'def f(spark, mirror):\n    out = Tee()\n    if mirror:\n        out = Plain()\n    a = spark.table("a")\n    out.write(a, "x")\n';
    assert.strictEqual(jobsOn(await modelOf('python', text), 'a'), Infinity);
  });

  it('binds the batch of a foreachBatch function, lambda or named, as its own DataFrame', async () => {
    const scala = await modelOf('scala', 'object J {\n  def run(spark: SparkSession): Unit = {\n    spark.readStream.table("t").writeStream.foreachBatch((batch: DataFrame, id: Long) => {\n      batch.write.parquet("p")\n    }).start()\n  }\n}\n');
    const batch = scala.bindings.find((b) => b.name === 'batch');
    assert.ok(batch && isMicroBatchFrame(scala, batch));
    const python = await modelOf('python', 'def handle(batch_df, batch_id):\n    batch_df.write.parquet("p")\ndef other(frame):\n    frame.write.parquet("q")\nspark.readStream.table("t").writeStream.foreachBatch(handle).start()\n');
    const named = python.bindings.find((b) => b.name === 'batch_df');
    const plain = python.bindings.find((b) => b.name === 'frame');
    assert.ok(named && isMicroBatchFrame(python, named));
    assert.ok(plain && !isMicroBatchFrame(python, plain));
  });

  it('finds the heavy work of the next pass of the loop around a point', async () => {
    const text = 'def run(spark, tables):\n    for t in tables:\n        frame = spark.table(t)\n        frame.write.parquet(t)\n';
    const model = await modelOf('python', text);
    const work = heavyWorkNextIteration(model, { start: { line: 3, character: 8 }, end: { line: 3, character: 30 } });
    assert.deepStrictEqual(work && [work.span.start.line, work.nextIteration], [3, true]);
    assert.strictEqual(heavyWorkNextIteration(model, { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } }), undefined);
  });
});
