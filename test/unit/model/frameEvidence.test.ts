import * as assert from 'assert';
import { evidenceContext, freeFramesKnownByUse, KNOWN_BY_USE, parametersKnownByUse, withCalledParameters } from '../../../server/src/model/frameEvidence';
import type { FunctionStmt } from '../../../server/src/syntax/ast';
import { lowerSource, modelOf } from '../helpers/parsers';

/** What the body of the snippet's first function shows about its parameters. */
async function parametersOf(text: string): Promise<Record<string, string>> {
  const file = await lowerSource('python', text);
  const fn = file.statements.find((s): s is FunctionStmt => s.kind === 'function')!;
  return Object.fromEntries(parametersKnownByUse(fn, evidenceContext('python', file.statements)));
}

async function freeNamesOf(text: string, language: 'python' | 'scala' = 'python'): Promise<Record<string, string>> {
  const file = await lowerSource(language, text);
  return Object.fromEntries(freeFramesKnownByUse(file.statements, evidenceContext(language, file.statements)));
}

describe('DataFrames and RDDs known by how the code uses them', () => {
  it('knows a parameter by DataFrame-only methods called on it', async () => {
    assert.deepStrictEqual(await parametersOf('def f(events, n):\n    return events.withColumnRenamed("a", "b")\n'), { events: 'dataframe' });
    assert.deepStrictEqual(await parametersOf('def f(t):\n    t.createOrReplaceTempView("t")\n'), { t: 'dataframe' });
    assert.deepStrictEqual(await parametersOf('def f(t):\n    t.write.mode("overwrite").parquet("/out")\n'), { t: 'dataframe' });
    assert.deepStrictEqual(await parametersOf('def f(t):\n    return t.na.fill(0)\n'), { t: 'dataframe' });
    assert.deepStrictEqual(await parametersOf('def f(t):\n    return t.groupBy("k").agg({"v": "sum"})\n'), { t: 'dataframe' });
  });

  it('knows a parameter by the Spark column expressions handed to it', async () => {
    assert.deepStrictEqual(await parametersOf('def f(df):\n    return df.filter(col("a") > 1).count() == 0\n'), { df: 'dataframe' });
    assert.deepStrictEqual(await parametersOf('import pyspark.sql.functions as F\ndef f(x):\n    return x.groupby("k").agg(F.sum("v"))\n'), { x: 'dataframe' });
    assert.deepStrictEqual(await parametersOf('def f(orders):\n    return orders.filter(orders.amount > 0)\n'), { orders: 'dataframe' });
    assert.deepStrictEqual(await parametersOf('def f(a, b):\n    return a.join(b, a.id == b.id, "left")\n'), { a: 'dataframe', b: 'dataframe' });
    assert.deepStrictEqual(await parametersOf('def f(a, b):\n    return a.join(b, on="id", how="left_anti")\n'), { a: 'dataframe', b: 'dataframe' });
  });

  it('knows an RDD by RDD-only methods, also after its own map', async () => {
    assert.deepStrictEqual(await parametersOf('def f(lines):\n    return lines.map(lambda w: (w, 1)).reduceByKey(lambda a, b: a + b)\n'), { lines: 'rdd' });
    assert.deepStrictEqual(await parametersOf('def f(pairs):\n    pairs.saveAsTextFile("/out")\n'), { pairs: 'rdd' });
    assert.deepStrictEqual(await parametersOf('def f(rows):\n    return rows.groupBy(lambda r: r[0])\n'), { rows: 'rdd' });
  });

  it('never counts pandas look-alikes, nor one ambiguous method alone', async () => {
    for (const body of [
      'return x.groupby("a").sum()',
      'return x.merge(y, on="a")',
      'return x.filter(items=["a", "b"])',
      'return x.loc[x.a > 1]',
      'return x.apply(len)',
      'x.to_csv("/out.csv")',
      'return x.head(5)',
      'return x.count()',
      'return x.filter("a > 1")',
      'return x.select("a", "b")',
      'return x.join(y)',
      'return x.join(y, on="id", how="left")',
      'return ", ".join(x)',
      'x.cache()',
      'return x.where(x.a > 1)',
      'return x.transform(y).withColumn("i", col("i").cast("int"))',
    ]) {
      assert.deepStrictEqual(await parametersOf(`def f(x, y):\n    ${body}\n`), {}, body);
    }
  });

  it('takes a Spark marker together with another Spark method, and lets pandas-only API veto', async () => {
    assert.deepStrictEqual(await parametersOf('def f(x):\n    x.cache()\n    x.select("a").show()\n'), { x: 'dataframe' });
    assert.deepStrictEqual(await parametersOf('def f(orders_df):\n    orders_df.persist()\n    return orders_df.count()\n'), { orders_df: 'dataframe' });
    // cache + count says Spark, not which kind: an unconventional name stays unknown.
    assert.deepStrictEqual(await parametersOf('def f(x):\n    x.persist()\n    return x.count()\n'), {});
    assert.deepStrictEqual(await parametersOf('def f(x):\n    y = x.withColumn("a", lit(1))\n    return x.iloc[0]\n'), {});
    assert.deepStrictEqual(await parametersOf('def f(x):\n    print(len(x))\n    return x.filter(col("a") > 1)\n'), {});
    assert.deepStrictEqual(await parametersOf('def f(x):\n    if isinstance(x, dict):\n        return x\n    return x.toPandas()\n'), {});
  });

  it('does not take pandas-on-Spark (Koalas) or polars frames for Spark DataFrames', async () => {
    assert.deepStrictEqual(await parametersOf('import pyspark.pandas as ps\ndef f(x):\n    return x.filter(x.a > 1).toPandas()\n'), {});
    assert.deepStrictEqual(await parametersOf('import polars as pl\nfrom polars import col\ndef f(x):\n    return x.filter(col("a") > 1)\n'), {});
    assert.deepStrictEqual(await parametersOf('from sqlmodel import col\ndef f(x):\n    return x.where(col(Hero.age) > 1)\n'), {});
  });

  it('follows what the name holds: a rebinding to something else ends the evidence, its own chain does not', async () => {
    assert.deepStrictEqual(await parametersOf('def f(df):\n    df = load(df)\n    return df.withColumn("a", lit(1))\n'), {});
    assert.deepStrictEqual(await parametersOf('def f(df):\n    df = df.dropna()\n    return df.withColumn("a", lit(1))\n'), { df: 'dataframe' });
    assert.deepStrictEqual(await parametersOf('def f(df):\n    def g(df):\n        return df.withColumn("a", lit(1))\n    return df\n'), {});
  });

  it('knows an argument by the parameter of the file\'s own function it is passed to', async () => {
    const file = await lowerSource('python', 'def stamp(frame, column):\n    return frame.withColumn(column, current_date())\n\ndef run(batch, name):\n    return stamp(batch, name)\n');
    const functions = new Map(file.statements.filter((s): s is FunctionStmt => s.kind === 'function').map((fn) => [fn.name, fn]));
    const { context, fingerprint } = withCalledParameters(evidenceContext('python', file.statements), (name) => functions.get(name));
    assert.deepStrictEqual(fingerprint(['stamp', 'run']), [['stamp.frame:dataframe'], []]);
    assert.deepStrictEqual(Object.fromEntries(parametersKnownByUse(functions.get('run')!, context)), { batch: 'dataframe' });
  });

  it('sees a free name bound, and free again, as a keystroke changes one statement of a file', async () => {
    const uses = 'def report():\n    events.withColumnRenamed("a", "b").write.parquet("/out")\n';
    assert.deepStrictEqual(await freeNamesOf(`${uses}\ndef load():\n    return 1\n`), { events: 'dataframe' });
    assert.deepStrictEqual(await freeNamesOf(`${uses}\ndef load():\n    events = 1\n`), {});
    assert.deepStrictEqual(await freeNamesOf(`${uses}\ndef load():\n    return 2\n`), { events: 'dataframe' });
    assert.deepStrictEqual(await freeNamesOf(`${uses}\nevents = spark.table("e")\n`), {});
  });

  it('knows free names (a notebook\'s df) but never names the file binds', async () => {
    assert.deepStrictEqual(await freeNamesOf('df.filter(col("a") > 1).count()\n'), { df: 'dataframe' });
    // Only a DataFrame has `.rdd`; a pair-RDD method after it says so.
    assert.deepStrictEqual(await freeNamesOf('totals = df.rdd.reduceByKey(lambda a, b: a + b)\n'), { df: 'dataframe' });
    assert.deepStrictEqual(await freeNamesOf('import pandas as pd\ndf = pd.read_csv("x")\ndf.filter(col("a") > 1)\n'), {});
    // In Scala an undeclared name is an inherited member or a pattern variable: its type is the compiler's, not ours to guess.
    assert.deepStrictEqual(await freeNamesOf('object Job { def run(): Unit = metadata.withColumns(cols).toMetadata }\n', 'scala'), {});
  });

  it('knows a free name called like a DataFrame by shared Spark methods, only in a file importing Spark and no other frame library', async () => {
    assert.deepStrictEqual(await freeNamesOf('from pyspark.sql import SparkSession\nn = df.select("a").distinct().count()\n'), { df: 'dataframe' });
    assert.deepStrictEqual(await freeNamesOf('from pyspark.sql import functions as F\nif orders_df.count() == 0:\n    pass\n'), { orders_df: 'dataframe' });
    // Without Spark imported, with pandas or polars imported, or under another name, a shared method says nothing.
    assert.deepStrictEqual(await freeNamesOf('n = df.select("a").distinct().count()\n'), {});
    assert.deepStrictEqual(await freeNamesOf('import pandas as pd\nfrom pyspark.sql import SparkSession\nn = df.count()\n'), {});
    assert.deepStrictEqual(await freeNamesOf('import polars as pl\nfrom pyspark.sql import SparkSession\nrows = df.collect()\n'), {});
    assert.deepStrictEqual(await freeNamesOf('from pyspark.sql import SparkSession\nrows = results.collect()\n'), {});
    // A name the file binds is never free, whatever it is called.
    assert.deepStrictEqual(await freeNamesOf('from pyspark.sql import SparkSession\ndf = load()\nrows = df.collect()\n'), {});
  });

  it('gives the model a binding with origin "known by use", so rules see its jobs', async () => {
    const model = await modelOf('python', 'def check(df):\n    if df.filter(col("a") > 1).count() == 0:\n        print("empty")\n');
    const df = model.bindings.find((b) => b.name === 'df')!;
    assert.strictEqual(df.value.origin, KNOWN_BY_USE);
    assert.strictEqual(df.value.sizeHint, undefined);
    assert.deepStrictEqual(model.actions.map((a) => a.name), ['count']);
  });
});
