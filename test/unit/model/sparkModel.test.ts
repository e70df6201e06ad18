import * as assert from 'assert';
import { directConsumers, executions, lineageSteps } from '../../../server/src/model/flow';
import { buildSparkModel } from '../../../server/src/model/builder';
import type { SparkModel } from '../../../server/src/model/types';
import type { Language } from '../../../server/src/syntax/ast';
import { lowerSource } from '../helpers/parsers';

async function model(language: Language, text: string): Promise<SparkModel> {
  return buildSparkModel(await lowerSource(language, text));
}

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
