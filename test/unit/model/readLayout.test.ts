import * as assert from 'assert';
import { readLayout } from '../../../server/src/model/readLayout';
import type { Language } from '../../../server/src/syntax/ast';
import { modelOf } from '../helpers/parsers';

async function layoutOf(language: Language, text: string) {
  const model = await modelOf(language, text);
  const read = model.reads[0];
  assert.ok(read, 'no read');
  return { ...readLayout(model, read), pathFromCaller: read.pathFromCaller ?? false };
}

describe('read layout: what the code knows of the columns it reads', () => {
  it('sees columns named in the chain and through names', async () => {
    assert.deepStrictEqual(await layoutOf('python', 'df = spark.read.csv("s3://x").select("a", "b")'), { namesColumns: true, looksUpColumns: false, pathFromCaller: false });
    assert.deepStrictEqual(await layoutOf('python', 'df = spark.read.csv("s3://x")\ndf = df.toDF("a", "b")\ndf.write.parquet("y")'), { namesColumns: true, looksUpColumns: false, pathFromCaller: false });
  });

  it('sees data passed on as it was read, and columns looked up at run time', async () => {
    const generic = 'def load(path):\n    frame = spark.read.csv(path, inferSchema=True).cache()\n    return frame';
    assert.deepStrictEqual(await layoutOf('python', generic), { namesColumns: false, looksUpColumns: false, pathFromCaller: true });
    const lookup = 'df = spark.read.csv(tmp.name)\nif "id" in df.columns:\n    df = df.withColumn("id", F.upper("id"))';
    assert.deepStrictEqual(await layoutOf('python', lookup), { namesColumns: true, looksUpColumns: true, pathFromCaller: false });
  });

  it('sees a copy job hand the data to a writer without naming columns, unless the writer partitions by one', async () => {
    const copy = 'spark.read.parquet("s3://raw").write.mode("overwrite").format("parquet").save("s3://copy")';
    assert.deepStrictEqual(await layoutOf('python', copy), { namesColumns: false, looksUpColumns: false, pathFromCaller: false });
    const partitioned = 'spark.read.parquet("s3://raw").write.partitionBy("day").parquet("s3://copy")';
    assert.deepStrictEqual(await layoutOf('python', partitioned), { namesColumns: true, looksUpColumns: false, pathFromCaller: false });
  });

  it('tells a read that is created and dropped', async () => {
    const model = await modelOf('python', 'spark.read.parquet("s3://a")\nkept = spark.read.parquet("s3://b")\nspark.read.parquet("s3://c").count()');
    assert.deepStrictEqual(model.reads.map((read) => read.discarded ?? false), [true, false, false]);
  });

  it('knows a Scala parameter path', async () => {
    const scala = 'object A { def load(spark: SparkSession, path: String): DataFrame = spark.read.option("inferSchema", "true").csv(path) }';
    assert.deepStrictEqual(await layoutOf('scala', scala), { namesColumns: false, looksUpColumns: false, pathFromCaller: true });
  });
});
