import * as assert from 'assert';
import { directConsumers, executions, lineageSteps } from '../../../server/src/model/flow';
import type { SparkModel } from '../../../server/src/model/types';
import { modelOf } from '../helpers/parsers';

const model = modelOf;

function binding(m: SparkModel, name: string, index = -1) {
  const all = m.bindings.filter((b) => b.name === name);
  const found = all.at(index);
  assert.ok(found, `no binding ${name}; have ${m.bindings.map((b) => b.name).join(', ')}`);
  return found;
}

describe('Spark model', () => {
  describe('import aliases', () => {
    it('resolves F, fn and directly imported functions in Python', async () => {
      const m = await model('python', [
        'from pyspark.sql import functions as F',
        'import pyspark.sql.functions as fn',
        'from pyspark.sql.functions import broadcast as bc, udf',
        'x = 1',
      ].join('\n'));
      const name = (id: string) => ({ kind: 'name' as const, id, span: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } });
      const member = (object: string, property: string) => ({ kind: 'member' as const, object: name(object), property, span: name('').span, propertySpan: name('').span });
      assert.ok(m.imports.isSparkFunction(member('F', 'broadcast'), 'broadcast'));
      assert.ok(m.imports.isSparkFunction(member('fn', 'col'), 'col'));
      assert.ok(m.imports.isSparkFunction(name('bc'), 'broadcast'));
      assert.ok(!m.imports.isSparkFunction(name('bc'), 'col'));
      assert.strictEqual(m.imports.unqualifiedName('broadcast'), 'bc');
      assert.strictEqual(m.imports.unqualifiedName('udf'), 'udf');
      assert.strictEqual(m.imports.unqualifiedName('col'), undefined);
      assert.ok(m.imports.usesSpark);
    });

    it('resolves Scala wildcard and selector imports', async () => {
      const wildcard = await model('scala', 'import org.apache.spark.sql.functions._\nobject A { val x = 1 }');
      assert.strictEqual(wildcard.imports.unqualifiedName('broadcast'), 'broadcast');
      const selected = await model('scala', 'import org.apache.spark.sql.functions.{udf, col}\nobject A { val x = 1 }');
      assert.strictEqual(selected.imports.unqualifiedName('col'), 'col');
      assert.strictEqual(selected.imports.unqualifiedName('broadcast'), undefined);
    });
  });

  describe('DataFrames and their lineage', () => {
    it('follows reads, transformations and re-assignment in Python', async () => {
      const m = await model('python', [
        'orders = spark.read.parquet("s3://orders")',
        'orders = orders.filter("amount > 0")',
        'daily = (',
        '    orders',
        '    .groupBy("day")',
        '    .agg(F.sum("amount").alias("total"))',
        ')',
        'daily.write.parquet("s3://daily")',
      ].join('\n'));
      assert.deepStrictEqual(m.bindings.map((b) => b.name), ['orders', 'orders', 'daily']);
      const daily = binding(m, 'daily');
      assert.deepStrictEqual(lineageSteps(daily.value).map((s) => s.name), ['parquet', 'filter', 'groupBy', 'agg']);
      assert.strictEqual(daily.value.kind, 'dataframe');
      assert.strictEqual(m.writes.length, 1);
      assert.strictEqual(m.writes[0]!.terminal?.name, 'parquet');
      // The first `orders` is read once, by the re-assignment, which is read once by daily.
      assert.strictEqual(executions(binding(m, 'orders', 0)), 1);
    });

    it('follows Scala vals, vars and leading-dot chains', async () => {
      const m = await model('scala', [
        'object Job {',
        '  def main(args: Array[String]): Unit = {',
        '    val spark = SparkSession.builder().getOrCreate()',
        '    var events = spark.table("events")',
        '    val users = spark.read',
        '      .format("delta")',
        '      .load("/users")',
        '    val joined = events',
        '      .join(users, Seq("user_id"), "left")',
        '    joined.count()',
        '    joined.write.parquet("/out")',
        '  }',
        '}',
      ].join('\n'));
      const joined = binding(m, 'joined');
      assert.strictEqual(joined.value.kind, 'dataframe');
      assert.strictEqual(m.joins.length, 1);
      assert.deepStrictEqual(m.joins[0]!.keys, ['user_id']);
      assert.strictEqual(m.joins[0]!.how, 'left');
      assert.strictEqual(m.joins[0]!.step.nameSpan.start.line, 8);
      assert.strictEqual(directConsumers(joined), 2);
      assert.strictEqual(m.actions.map((a) => a.name).join(), 'count');
      assert.strictEqual(m.reads.find((r) => r.format === 'delta')?.step.name, 'load');
    });

    it('knows literal sizes', async () => {
      const m = await model('python', [
        'rows = [("a", 1), ("b", 2)]',
        'small = spark.createDataFrame(rows, ["k", "v"])',
        'tiny = spark.range(10)',
        'top = spark.table("events").limit(100)',
        'big = spark.range(10**12)',
      ].join('\n'));
      assert.deepStrictEqual(binding(m, 'small').value.sizeHint && { kind: binding(m, 'small').value.sizeHint!.kind }, { kind: 'literal-rows' });
      assert.strictEqual(binding(m, 'tiny').value.sizeHint?.kind, 'range');
      assert.strictEqual(binding(m, 'top').value.sizeHint?.kind, 'limit');
      assert.strictEqual(binding(m, 'big').value.sizeHint, undefined);
    });
  });

  describe('loops', () => {
    it('records re-binding inside a Python for loop and uses repeated by the loop', async () => {
      const m = await model('python', [
        'df = spark.read.parquet("x")',
        'for c in ["a", "b"]:',
        '    df = df.withColumn(c, F.lit(1))',
        '    df.count()',
      ].join('\n'));
      assert.strictEqual(m.loopRebindings.length, 1);
      assert.strictEqual(m.loopRebindings[0]!.chain.steps[0]!.name, 'withColumn');
      assert.strictEqual(m.actions[0]!.loops.length, 1);
    });

    it('treats Scala foldLeft and foreach as loops', async () => {
      const m = await model('scala', [
        'object Job {',
        '  def run(df: DataFrame, cols: Seq[String]): DataFrame = {',
        '    cols.foreach { c => df.filter(col(c).isNull).count() }',
        '    cols.foldLeft(df)((acc, c) => acc.withColumn(c, lit(0)))',
        '  }',
        '}',
      ].join('\n'));
      assert.strictEqual(m.actions.length, 1);
      assert.strictEqual(m.actions[0]!.loops[0]?.kind, 'foreach');
      assert.strictEqual(m.loopRebindings.length, 1);
      assert.strictEqual(m.loopRebindings[0]!.loop.kind, 'fold');
    });

    it('counts a use inside a loop as many', async () => {
      const m = await model('python', ['df = spark.read.parquet("x").cache()', 'for c in cols:', '    df.filter(c).count()'].join('\n'));
      assert.strictEqual(executions(binding(m, 'df')), Number.POSITIVE_INFINITY);
    });
  });

  describe('idioms of unseen jobs', () => {
    const MANY = Number.POSITIVE_INFINITY;

    it('treats `x = a if c else b` (and Scala `if` values) like an assignment in each branch', async () => {
      const py = await model('python', [
        'acc = None',
        'for p in paths:',
        '    part = spark.read.parquet(p)',
        '    acc = part if acc is None else acc.unionByName(part)',
      ].join('\n'));
      assert.deepStrictEqual(py.loopRebindings.map((r) => r.chain.steps.map((s) => s.name)), [['unionByName']]);
      const scala = await model('scala', [
        'object A {',
        '  var all: DataFrame = null',
        '  for (t <- tables) {',
        '    val part = spark.table(t)',
        '    all = if (all == null) part else all.union(part)',
        '  }',
        '}',
      ].join('\n'));
      assert.deepStrictEqual(scala.loopRebindings.map((r) => r.chain.steps.map((s) => s.name)), [['union']]);
    });

    it('keeps a value cached in one branch readable after the if', async () => {
      const m = await model('python', [
        'df = big.groupBy("k").count().cache() if full else spark.table("small")',
        'df.count()',
        'df.write.parquet("x")',
      ].join('\n'));
      assert.strictEqual(executions(binding(m, 'df', 0)), MANY);
    });

    it('gives each part of a split its own read of the data', async () => {
      const m = await model('python', ['data = spark.table("t").persist()', 'train, test = data.randomSplit([0.8, 0.2])', 'train.count()', 'test.count()'].join('\n'));
      assert.strictEqual(executions(binding(m, 'data')), 2);
    });

    it('follows DataFrames kept on self, and self.spark as the session', async () => {
      const m = await model('python', [
        'class Job:',
        '    def run(self):',
        '        self.df = self.spark.read.parquet("x")',
        '        for c in self.cols:',
        '            self.df = self.df.withColumn(c, F.lit(1))',
        '        self.df.write.parquet("y")',
      ].join('\n'));
      assert.strictEqual(binding(m, 'self.df', 0).value.origin, 'read.parquet');
      assert.deepStrictEqual(m.loopRebindings.map((r) => r.binding?.name), ['self.df']);
      // Other methods may read the attribute: its use count is unknown.
      assert.strictEqual(executions(binding(m, 'self.df', 0)), MANY);
    });

    it('infers an untyped parameter re-bound in a loop as coming from before the loop', async () => {
      const m = await model('python', ['def add(df, cols):', '    for c in cols:', '        df = df.withColumn(c, F.lit(1))', '    return df'].join('\n'));
      assert.strictEqual(m.loopRebindings.length, 1);
      assert.deepStrictEqual(m.loopRebindings[0]!.previous?.loops, []);
      const fresh = await model('python', ['for t in tables:', '    df = load(t)', '    df = df.withColumn("x", F.lit(1))'].join('\n'));
      assert.strictEqual(fresh.loopRebindings[0]?.previous?.loops.length, 1);
    });

    it('knows the outputs of ML transformers, Delta MERGE sources and Scala infix unions', async () => {
      const py = await model('python', [
        'model = pipeline.fit(train)',
        'scored = model.transform(spark.table("customers"))',
        'scored.write.parquet("x")',
        'model.write().overwrite().save("m")',
      ].join('\n'));
      assert.deepStrictEqual(lineageSteps(binding(py, 'scored').value).map((s) => s.name), ['table', 'transform']);
      assert.ok(!py.bindings.some((b) => b.name === 'model'), 'model.write() is an ML writer, not a DataFrame');
      const merge = await model('scala', [
        'object A {',
        '  val changes = spark.table("changes").groupBy("id").agg(max("v"))',
        '  DeltaTable.forPath(spark, "t").as("t").merge(changes.as("s"), "t.id = s.id").whenMatched().updateAll().execute()',
        '  changes.write.parquet("x")',
        '}',
      ].join('\n'));
      assert.strictEqual(directConsumers(binding(merge, 'changes')), 2);
      const infix = await model('scala', 'object A {\n  val a = spark.table("a")\n  val both = a union spark.table("b")\n  both.count()\n}');
      assert.deepStrictEqual(binding(infix, 'both').value.steps.map((s) => s.name), ['union']);
    });

    it('binds Scala constructor parameters and counts uses in loop-body lambdas as run in place', async () => {
      const m = await model('scala', [
        'class Flags(df: DataFrame) {',
        '  def all(flags: Seq[String]): DataFrame = flags.foldLeft(df)((acc, f) => acc.withColumn(f, lit(true)))',
        '}',
        'object Job {',
        '  val totals = spark.table("t").groupBy("k").count()',
        '  Seq("a", "b").foreach { k => totals.filter(col("k") === k).show() }',
        '}',
      ].join('\n'));
      assert.deepStrictEqual(m.loopRebindings.map((r) => r.loop.kind), ['fold']);
      assert.strictEqual(directConsumers(binding(m, 'totals')), MANY);
    });
  });

  describe('configuration', () => {
    it('collects builder, runtime and SQL SET configuration in both languages', async () => {
      const py = await model('python', [
        'spark = (SparkSession.builder',
        '    .config("spark.sql.adaptive.enabled", "false")',
        '    .getOrCreate())',
        'spark.conf.set("spark.sql.shuffle.partitions", 400)',
        'spark.sql("SET spark.sql.autoBroadcastJoinThreshold=-1")',
      ].join('\n'));
      assert.deepStrictEqual(py.configs.map((c) => [c.key, c.value, c.via]), [
        ['spark.sql.adaptive.enabled', 'false', 'builder'],
        ['spark.sql.shuffle.partitions', 400, 'runtime-conf'],
        ['spark.sql.autoBroadcastJoinThreshold', '-1', 'sql-set'],
      ]);
      assert.ok(py.createsSession);
      const scala = await model('scala', 'object A { val conf = new SparkConf().set("spark.serializer", "org.apache.spark.serializer.KryoSerializer") }');
      assert.deepStrictEqual(scala.configs.map((c) => c.key), ['spark.serializer']);
    });
  });
});
