import * as assert from 'assert';
import { applicationEntries, heavyWorkAfter } from '../../../server/src/model/applicationExtent';
import { cacheLeftHeld } from '../../../server/src/model/cacheHolding';
import { readJupyterNotebook } from '../../../server/src/notebook/jupyter';
import type { Span } from '../../../server/src/syntax/ast';
import type { SparkModel } from '../../../server/src/model/types';
import { modelOf } from '../helpers/parsers';

/** The span of the first line containing `text`, as a point the question is asked after. */
function lineOf(source: string, text: string): Span {
  const line = source.split('\n').findIndex((l) => l.includes(text));
  assert.ok(line >= 0, `no line with ${text}`);
  return { start: { line, character: 0 }, end: { line, character: source.split('\n')[line]!.length } };
}

function after(model: SparkModel, source: string, text: string): string | undefined {
  const work = heavyWorkAfter(model, lineOf(source, text));
  return work && `${work.what} at ${work.span.start.line + 1}${work.after ? ` after ${work.after}` : ''}${work.nextIteration ? ' (again)' : ''}`;
}

const STEPS = `from pyspark.sql import SparkSession
spark = SparkSession.builder.getOrCreate()

def first(day):
    spark.table("a").write.parquet("s3://a")

def count_only(day):
    print(spark.table("b").count())

def rollup(day):
    spark.table("c").groupBy("k").count().write.parquet("s3://c")

def middle(day):
    first(day)
    count_only(day)

def main(day):
    middle(day)
    rollup(day)
    count_only(day)

if __name__ == "__main__":
    main("2024-01-01")
`;

describe('application extent within a file', () => {
  it('follows a step back to its callers: the heavy work after it returns, skipping jobs that neither write nor shuffle', async () => {
    const model = await modelOf('python', STEPS);
    assert.strictEqual(after(model, STEPS, '    first(day)'), 'rollup() at 19 after middle');
    // rollup is followed only by a plain count: the application then ends.
    assert.strictEqual(after(model, STEPS, 'spark.table("c")'), undefined);
  });

  it('helper calls carry what their summaries say: heavy work, a cache left held', async () => {
    const source = `from pyspark.sql import SparkSession
spark = SparkSession.builder.getOrCreate()

def keeps():
    kept = spark.table("a").cache()
    kept.count()
    kept.count()

def releases():
    done = spark.table("a").cache()
    done.write.parquet("s3://a")
    done.unpersist()

def hands_back():
    back = spark.table("a").cache()
    back.count()
    return back

keeps()
releases()
hands_back()
`;
    const model = await modelOf('python', source);
    const flags = model.helperCalls.map((c) => `${c.name}: heavy=${c.heavy} held=${c.leavesCacheHeld}`);
    assert.deepStrictEqual(flags, ['keeps: heavy=false held=true', 'releases: heavy=true held=false', 'hands_back: heavy=false held=false']);
  });

  it('knows where the application starts', async () => {
    const model = await modelOf('python', STEPS);
    assert.deepStrictEqual(applicationEntries(model).map((e) => `${e.kind}@${e.span.start.line + 1}`), ['script@2', 'main-function@17', 'main-guard@22']);
    const scala = `object Job extends App {
  val spark = SparkSession.builder().getOrCreate()
  run(spark)
}`;
    assert.deepStrictEqual(applicationEntries(await modelOf('scala', scala)).map((e) => e.kind), ['object-body']);
  });

  it('a call in a loop runs again while the cache of the previous iteration is held; mutually exclusive arms do not follow each other', async () => {
    const source = `from pyspark.sql import SparkSession
spark = SparkSession.builder.getOrCreate()

def load(day):
    spark.read.parquet(day).write.parquet("s3://out/" + day)

def heavy():
    spark.table("t").distinct().write.parquet("s3://t")

for day in ["a", "b"]:
    load(day)

if spark.conf.get("mode") == "full":
    load("all")
else:
    heavy()
`;
    const model = await modelOf('python', source);
    assert.strictEqual(after(model, source, 'spark.read.parquet(day)'), 'load() at 11 after load (again)');
  });

  it('reads a list of steps in order and ignores functions Spark calls per micro-batch', async () => {
    const source = `from pyspark.sql import SparkSession
spark = SparkSession.builder.getOrCreate()

class Extract:
    def run(self, spark):
        spark.table("raw").write.saveAsTable("staged")

class Load:
    def run(self, spark):
        spark.table("staged").join(spark.table("dim"), "k", "inner").write.saveAsTable("mart")

def per_batch(batch, batch_id):
    batch.write.parquet("s3://sink")

for step in [Extract(), Load()]:
    step.run(spark)
spark.readStream.table("raw").writeStream.foreachBatch(per_batch).start()
spark.table("x").groupBy("y").count().write.parquet("s3://x")
`;
    const model = await modelOf('python', source);
    assert.strictEqual(after(model, source, 'spark.table("raw")'), 'Load.run() at 16 after Extract.run');
    // Load is the last listed step: what follows the loop is next.
    assert.strictEqual(after(model, source, 'spark.table("staged")'), 'a write at 17 after Load.run');
    assert.strictEqual(after(model, source, 'batch.write'), undefined);
  });

  it('a function the file never calls is a library function: nothing is known to run after it', async () => {
    const source = `from pyspark.sql import SparkSession
spark = SparkSession.builder.getOrCreate()

def step():
    spark.table("a").write.parquet("s3://a")

def other():
    spark.table("b").groupBy("k").count().write.parquet("s3://b")
`;
    assert.strictEqual(after(await modelOf('python', source), source, 'spark.table("a")'), undefined);
  });

  it('runs the cells of a notebook in order: a function called in one cell is followed by the heavy work of later cells', async () => {
    const cells = [
      'from pyspark.sql import functions as F\n',
      'def profile(table):\n    df = spark.table(table).cache()\n    df.write.parquet("s3://profile/" + table)\n    df.groupBy("k").count().show()\n',
      'profile("sales.orders")\n',
      '# Markdown-free notes\nx = 1\n',
      'spark.table("sales.items").join(spark.table("sales.orders"), "order_id", "inner").write.saveAsTable("marts.items")\n',
    ];
    const raw = JSON.stringify({ cells: cells.map((source) => ({ cell_type: 'code', metadata: {}, source: [source], outputs: [], execution_count: null })), metadata: { kernelspec: { language: 'python' } }, nbformat: 4, nbformat_minor: 5 });
    const notebook = readJupyterNotebook(raw);
    if ('skipped' in notebook) return assert.fail(notebook.skipped);
    const model = await modelOf('python', notebook.text);
    const site = model.caches[0]!;
    assert.ok(cacheLeftHeld(model, site));
    const work = heavyWorkAfter(model, lineOf(notebook.text, 'df.groupBy'));
    assert.strictEqual(work && `${work.what} after ${work.after}`, 'a join and write after profile');
    assert.strictEqual(work!.span.start.line, notebook.text.split('\n').findIndex((l) => l.includes('marts.items')));
  });
});
