import * as assert from 'assert';
import { rowBound, inputRowBound, type RowBound } from '../../../server/src/model/rowBound';
import type { Language } from '../../../server/src/syntax/ast';
import { modelOf } from '../helpers/parsers';

/** The row bound of the value collected on the last `collect()`/`toPandas()`/`count()` of the code. */
async function boundOfLastAction(language: Language, code: string, smallTables: string[] = []): Promise<RowBound> {
  const model = await modelOf(language, code);
  const action = model.actions.at(-1);
  assert.ok(action, 'no action in the code');
  return rowBound(action.frame, { model, isSmallTable: (t) => smallTables.includes(t) });
}

const session = 'from pyspark.sql import SparkSession\nfrom pyspark.sql import functions as F\nspark = SparkSession.builder.getOrCreate()\n';

async function python(body: string): Promise<RowBound> {
  return boundOfLastAction('python', session + body);
}

function assertSmall(bound: RowBound, reason: RegExp, guess = false): void {
  assert.strictEqual(bound.size, 'small', JSON.stringify(bound));
  if (bound.size === 'small') {
    assert.match(bound.reason, reason);
    assert.strictEqual(bound.guess, guess, `guess: ${JSON.stringify(bound)}`);
  }
}

describe('row bound', () => {
  it('a read grows with the data, and says where it comes from', async () => {
    const bound = await python('rows = spark.read.parquet("s3://x").filter(F.col("a") > 1).collect()');
    assert.deepStrictEqual(bound, { size: 'unbounded', reason: 'it is read from parquet data' });
  });

  it('literal rows, ranges with constant expressions and driver-parsed JSON are small', async () => {
    assertSmall(await python('spark.createDataFrame([(1,), (2,)], ["a"]).collect()'), /built on the driver from 2 rows/);
    assertSmall(await python('spark.createDataFrame(range(12), "int").collect()'), /from 12 rows/);
    assertSmall(await python('spark.range(2 ** 12).collect()'), /range of 4,096 rows/);
    assertSmall(await python('spark.read.json(spark.sparkContext.parallelize(["{}"])).collect()'), /built on the driver/);
    assertSmall(await boundOfLastAction('scala', 'object A { val spark = SparkSession.builder().getOrCreate(); val n = spark.range(1L << 12).collect() }'), /range of 4,096 rows/);
  });

  it('a range too large to call small is unbounded', async () => {
    assert.strictEqual((await python('spark.range(10 ** 9).collect()')).size, 'unbounded');
  });

  it('reads SQL text from literals, .format() templates and names bound to strings', async () => {
    assertSmall(await python('spark.sql("SHOW TABLES").collect()'), /command/);
    assertSmall(await python('spark.sql("SELECT 1 AS a UNION ALL SELECT 2").collect()'), /no FROM/);
    assertSmall(await python('spark.sql("SELECT max(ts) FROM t").collect()'), /global aggregate/);
    assertSmall(await python('spark.sql("SELECT * FROM t ORDER BY ts DESC LIMIT 1").collect()'), /LIMIT 1/);
    const grouped = await python('q = """SELECT month, count(*) FROM t WHERE d > \'{}\' GROUP BY month""".format(x)\nspark.sql(q).toPandas()');
    assert.deepStrictEqual(grouped, { size: 'reduced', reason: 'the query groups by month (one row per group)' });
    assert.strictEqual((await python('spark.sql(f"SELECT * FROM {table} WHERE a = 1").collect()')).size, 'unbounded');
    assert.strictEqual((await python('spark.sql(make_query()).collect()')).size, 'unknown');
  });

  it('SELECT DISTINCT of one or two columns is a guess, of an identifier not', async () => {
    assertSmall(await python('spark.sql("SELECT DISTINCT region FROM sales").collect()'), /distinct values of `region`/, true);
    assertSmall(await python('spark.table("t").select("day", "batch").distinct().collect()'), /`day` and `batch`/, true);
    assert.strictEqual((await python('spark.table("t").select("user_id").distinct().collect()')).size, 'unbounded');
    assert.strictEqual((await python('spark.table("t").select("a", "b", "c").distinct().collect()')).size, 'unbounded');
  });

  it('JDBC subqueries are read like SQL', async () => {
    const bound = await boundOfLastAction('scala', [
      'object A { def f(spark: SparkSession, t: String) = spark.read.format("jdbc")',
      '  .option("dbtable", s"(SELECT max(id) AS m FROM $t) tmp").load().collect() }',
    ].join('\n'));
    assertSmall(bound, /JDBC subquery is a global aggregate/);
  });

  it('aggregations bound the rows: globally small, per group reduced, per partition small', async () => {
    assertSmall(await python('spark.table("t").agg(F.max("a")).collect()'), /global aggregate/);
    assert.strictEqual((await python('spark.table("t").groupBy("country").count().collect()')).size, 'reduced');
    assertSmall(await python('spark.table("t").groupBy(F.spark_partition_id()).count().collect()'), /one row per partition/);
    assertSmall(await python('d = spark.table("t").withColumn("pid", F.spark_partition_id())\nd.groupBy("pid").agg(F.count("*")).collect()'), /one row per partition/);
    assertSmall(await python('spark.sparkContext.textFile("x").mapPartitions(lambda it: [sum(1 for _ in it)]).collect()'), /one record per partition/);
    const perKey = await python('spark.sparkContext.textFile("x").map(lambda l: (l, 1)).groupByKey().mapValues(sum).collect()');
    assert.strictEqual(perKey.size, 'reduced');
  });

  it('joins: small with small is small, an allow-list inner join filters the other side, any large side is unbounded', async () => {
    const small = await python('a = spark.createDataFrame([(1,)], ["k"])\nb = spark.createDataFrame([(1,)], ["k"])\na.join(b, "k").collect()');
    assertSmall(small, /built on the driver/);
    const allowList = await python('allowed = spark.createDataFrame([("x",)], ["t"])\nspark.sql("SHOW TABLES").join(allowed, "t").collect()');
    assertSmall(allowList, /command/);
    const large = await python('allowed = spark.createDataFrame([("x",)], ["t"])\nspark.table("big").join(allowed, "t", "left").collect()');
    assert.strictEqual(large.size, 'unbounded');
  });

  it('an asserted row count bounds the binding', async () => {
    assertSmall(await python('m = spark.read.parquet("x")\nassert m.count() == 1\nm.collect()'), /checks it holds at most 1 row/);
    assertSmall(await python('m = spark.read.parquet("x")\nif m.count() > 3:\n    raise ValueError("too many")\nm.collect()'), /at most 3 rows/);
    assert.strictEqual((await python('m = spark.read.parquet("x")\nif m.count() == 1:\n    print("one")\nm.collect()')).size, 'unbounded');
  });

  it('tables: listed small, named like a lookup table (a guess), or as large as the data', async () => {
    assertSmall(await boundOfLastAction('python', session + 'spark.table("dim.country").collect()', ['dim.country']), /listed in sparkAdvisor.smallTables/);
    assertSmall(await python('spark.table("ref.phenotype_dictionary").collect()'), /named like a lookup table/, true);
    assert.strictEqual((await python('spark.table("sales.orders").collect()')).size, 'unbounded');
  });

  it('rows added by explode or flatMap make a small source say nothing', async () => {
    assert.strictEqual((await python('spark.createDataFrame([("a b",)], ["s"]).rdd.flatMap(lambda r: r.s.split()).collect()')).size, 'unknown');
  });

  it('the input bound ignores steps that shrink the result', async () => {
    const model = await modelOf('python', session + 'totals = spark.table("t").agg(F.sum("a"))\ntiny = spark.range(100).groupBy("id").count()');
    const context = { model, isSmallTable: () => false };
    const totals = model.bindings.find((b) => b.name === 'totals')!;
    const tiny = model.bindings.find((b) => b.name === 'tiny')!;
    assert.strictEqual(rowBound(totals.value, context).size, 'small');
    assert.strictEqual(inputRowBound(totals.value, context).size, 'unbounded');
    assert.strictEqual(inputRowBound(tiny.value, context).size, 'small');
  });

  it('takes facts from a wider analysis first', async () => {
    const model = await modelOf('python', session + 'from pyspark.sql import DataFrame\ndef f(df: DataFrame):\n    return df.collect()');
    const action = model.actions[0]!;
    assert.strictEqual(rowBound(action.frame, { model, isSmallTable: () => false }).size, 'unknown');
    const facts = { boundOf: () => ({ size: 'small', reason: 'every caller passes literal rows', guess: false }) as RowBound };
    assertSmall(rowBound(action.frame, { model, isSmallTable: () => false, facts }), /every caller/);
  });
});
