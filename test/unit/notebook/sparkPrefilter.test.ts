import * as assert from 'assert';
import { mightUseSpark } from '../../../server/src/engine/languages';

describe('which files are Spark code (the text test before parsing)', () => {
  it('counts Spark imports, session and context types, and dbutils', () => {
    for (const text of ['from pyspark.sql import functions as F', 'import org.apache.spark.sql.DataFrame', 'val s = SparkSession.builder.getOrCreate()', 'conf = SparkConf()', 'dbutils.fs.ls("/mnt")']) {
      assert.strictEqual(mightUseSpark(text), true, text);
    }
  });

  it('counts the entry points of a predefined session without an import, as notebooks use them', () => {
    for (const text of ['df = spark.read.parquet("/x")', 'spark.sql("SELECT 1")', 'orders = spark.table("orders")', 'spark.createDataFrame(rows)', 'rdd = sc.parallelize(range(10))', 'lines = sc.textFile ("hdfs:///logs")', 'spark.conf.set("spark.sql.shuffle.partitions", 8)', 'stream = spark.readStream.format("kafka")']) {
      assert.strictEqual(mightUseSpark(text), true, text);
    }
  });

  it('counts modules that receive DataFrames from elsewhere by API only Spark has, without an import', () => {
    for (const text of [
      'def enrich(df):\n    return df.withColumn("day", to_date("ts"))',
      'def save(frame):\n    frame.write.mode("overwrite").parquet(path)',
      'counts = pairs.reduceByKey(add)',
      'df.filter(F.col("amount") > 0)',
      'events.where(col("kind") == "click")',
      'ids = df.rdd.map(lambda r: r.id)',
      'pairs = orders.crossJoin(products)',
    ]) {
      assert.strictEqual(mightUseSpark(text), true, text);
    }
  });

  it('counts Python UDFs declared with Spark types, as snippets and notebook cells show them without the import', () => {
    for (const text of [
      '@udf(returnType=StringType())\ndef shout(s):\n    return s.upper()',
      '@udf(ArrayType(StringType()))\ndef words(s):\n    return s.split(" ")',
      '@F.pandas_udf("double")\ndef scale(v):\n    return v * 2',
      'doubled = udf(lambda x: x * 2, IntegerType())',
      'doubled = F.udf(lambda x: x * 2, returnType=IntegerType())',
    ]) {
      assert.strictEqual(mightUseSpark(text), true, text);
    }
  });

  it('does not count UDFs of other engines: Snowpark takes the same type names, decorators without a Spark type say nothing', () => {
    for (const text of [
      'from snowflake.snowpark.functions import udf\n@udf(return_type=StringType(), input_types=[StringType()])\ndef shout(s):\n    return s.upper()',
      'from snowflake.snowpark.functions import udf\nadd_one = udf(lambda x: x + 1, IntegerType(), [IntegerType()])',
      '@udf\ndef plain(x):\n    return x',
      '@app.udf(name="lower")\ndef lower(s):\n    return s.lower()',
    ]) {
      assert.strictEqual(mightUseSpark(text), false, text);
    }
  });

  it('does not count look-alikes: pandas DataFrames, attributes named spark, other objects called sc', () => {
    for (const text of [
      'import pandas as pd\ndf = pd.DataFrame(rows)\ndf.groupby("a").sum()',
      'home = config.spark.read_timeout',
      'master = HibenchConf["hibench.spark.master"]',
      'from sklearn.preprocessing import StandardScaler\nsc = StandardScaler()\nsc.fit(X)',
      'spark.readme = "notes"',
      'out = df.filter(items=["a"]).merge(other, on="a").to_csv("x.csv")',
      'import polars as pl\ndf.filter(pl.col("a") > 1).with_columns(pl.lit(1))',
      'log.write("done")',
    ]) {
      assert.strictEqual(mightUseSpark(text), false, text);
    }
  });
});
