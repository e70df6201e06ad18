import * as assert from 'assert';
import { analyzeLowered } from '../../../server/src/engine/analyze';
import { IncrementalDocument } from '../../../server/src/engine/incrementalDocument';
import { DEFAULT_SETTINGS } from '../../../server/src/engine/settings';
import { lowerTree } from '../../../server/src/syntax/lower';
import { modelOf, parsers } from '../helpers/parsers';

const HELPERS = `from pyspark.sql import SparkSession
spark = SparkSession.builder.getOrCreate()


def publish(frame):
    frame.write.parquet("s3://out/a")


def run():
    sales = spark.table("sales").cache()
    publish(sales)
    sales.unpersist()
`;

describe('function summaries applied at call sites', () => {
  it('counts each job a helper runs on its parameter as a read of the argument, where the call is', async () => {
    const model = await modelOf('python', `from pyspark.sql import SparkSession
spark = SparkSession.builder.getOrCreate()

def audit(frame):
    print(frame.count(), frame.filter("x > 0").count())

def derive(frame):
    return frame.select("x")

orders = spark.table("orders")
audit(orders)
derived = derive(orders)
`);
    const orders = model.bindings.find((b) => b.name === 'orders')!;
    const atCall = orders.uses.filter((u) => u.span.start.line === 10);
    assert.deepStrictEqual(atCall.map((u) => u.kind), ['action', 'action']);
    // derive() hands back a value derived from its argument: a transformation followed to `derived`, no job.
    const throughDerive = orders.uses.find((u) => u.span.start.line === 11)!;
    assert.strictEqual(throughDerive.derived?.name, 'derived');
    assert.notStrictEqual(throughDerive.kind, 'escape');
  });

  it('gives up on recursion (the argument escapes) instead of looping', async () => {
    const model = await modelOf('python', `from pyspark.sql import SparkSession
spark = SparkSession.builder.getOrCreate()

def shrink(frame):
    return shrink(frame.limit(10))

tiny = spark.table("t")
shrink(tiny)
`);
    const tiny = model.bindings.find((b) => b.name === 'tiny')!;
    assert.deepStrictEqual(tiny.uses.map((u) => u.kind), ['escape']);
  });

  it('keeps the size a helper returns, with the reason, and records helpers that run jobs', async () => {
    const model = await modelOf('python', `from pyspark.sql import SparkSession
spark = SparkSession.builder.getOrCreate()

def states():
    return spark.createDataFrame([("a", 1), ("b", 2)], ["s", "n"])

def write_all():
    spark.table("x").write.parquet("s3://y")

small = states()
write_all()
`);
    const small = model.bindings.find((b) => b.name === 'small')!;
    assert.strictEqual(small.value.sizeHint?.kind, 'returned');
    assert.deepStrictEqual(model.helperCalls.map((c) => c.name), ['write_all']);
  });

  it('an edit in a helper changes the finding in its caller, and incremental analysis equals a fresh one', async () => {
    const loaded = await parsers();
    const document = new IncrementalDocument(loaded, 'python', HELPERS);
    const options = { settings: DEFAULT_SETTINGS };
    const rules = (text: string) => {
      const incremental = analyzeLowered(document.lower(), text, options).findings;
      const tree = loaded.parse('python', text);
      try {
        assert.deepStrictEqual(incremental, analyzeLowered(lowerTree('python', tree.rootNode, text), text, options).findings);
      } finally {
        tree.delete();
      }
      return incremental.map((f) => f.ruleId);
    };
    try {
      assert.deepStrictEqual(rules(HELPERS), ['needless-cache']);
      // The helper now runs a second job on its parameter: the cache is read twice.
      const edited = HELPERS.replace('    frame.write.parquet("s3://out/a")\n', '    frame.write.parquet("s3://out/a")\n    print(frame.count())\n');
      document.applyChanges([{ range: { start: { line: 5, character: 37 }, end: { line: 5, character: 37 } }, text: '\n    print(frame.count())' }]);
      assert.strictEqual(document.content, edited);
      assert.deepStrictEqual(rules(edited), []);
    } finally {
      document.dispose();
    }
  });
});
