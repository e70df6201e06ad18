import * as assert from 'assert';
import { rddPaths } from '../../../server/src/model/rddFate';
import type { Language } from '../../../server/src/syntax/ast';
import { modelOf } from '../helpers/parsers';

/** The ends of the paths of the first `.rdd` conversion in the snippet. */
async function ends(language: Language, text: string): Promise<string[]> {
  const model = await modelOf(language, text);
  const conversion = model.frameSteps.find((s) => s.step.name === 'rdd' && s.kind === 'dataframe');
  assert.ok(conversion, 'no .rdd conversion');
  return rddPaths(model, conversion.step).map((p) => `${p.steps.map((s) => s.name).join('.')} -> ${p.end.kind}${p.end.kind === 'rdd-api' ? ` (${p.end.what})` : ''}`);
}

describe('rdd fate: where the data of an RDD goes', () => {
  it('follows the chain to the driver and through names to DataFrames and actions', async () => {
    assert.deepStrictEqual(await ends('python', 'ids = df.rdd.map(lambda r: r[0]).collect()'), ['map.collect -> driver']);
    const named = ['rows = df.rdd.map(lambda r: r.asDict())', 'rows = rows.map(fix)', 'print(rows.take(1))', 'out = spark.createDataFrame(rows)'].join('\n');
    assert.deepStrictEqual(await ends('python', named), ['map.map.take -> driver', 'map.map -> dataframe']);
    assert.deepStrictEqual(await ends('python', 'n = df.rdd.filter(lambda r: r.x > 0).count()'), ['filter.count -> action']);
  });

  it('recognises APIs that only take RDDs', async () => {
    const metrics = ['pairs = df.rdd.map(lambda r: (r[0], r[1]))', 'm = BinaryClassificationMetrics(pairs)'].join('\n');
    assert.deepStrictEqual(await ends('python', metrics), ['map -> rdd-api (BinaryClassificationMetrics (an RDD-based MLlib API))']);
    const typed = [
      'object A {',
      '  def confusion(data: RDD[(Double, Double)]): Long = data.count()',
      '  def f(df: DataFrame): Long = confusion(data = df.rdd.map(r => (r.getDouble(0), r.getDouble(1))))',
      '}',
    ].join('\n');
    assert.deepStrictEqual(await ends('scala', typed), ['map -> rdd-api (confusion(), whose parameter `data` is an RDD)']);
    const hadoop = ['out = df.rdd.map(to_example)', 'out.saveAsNewAPIHadoopFile(path, "TFRecordFileOutputFormat")'].join('\n');
    assert.deepStrictEqual(await ends('python', hadoop), ['map.saveAsNewAPIHadoopFile -> rdd-api (saveAsNewAPIHadoopFile (a Hadoop output format))']);
  });

  it('sees the value of a Scala block and calls it cannot follow', async () => {
    const block = ['object A {', '  def f(df: DataFrame) = {', '    val pairs =', '      df.rdd.map { case Row(a: Double) => (a, a) }', '    new MulticlassMetrics(pairs)', '  }', '}'].join('\n');
    assert.deepStrictEqual(await ends('scala', block), ['map -> rdd-api (MulticlassMetrics (an RDD-based MLlib API))']);
    assert.deepStrictEqual(await ends('python', 'publish(df.rdd.map(lambda r: r.asDict()))'), ['map -> unknown']);
  });

  it('tells a schema read off a DataFrame from one written in the code', async () => {
    const schemaOf = async (text: string): Promise<boolean[]> => {
      const model = await modelOf('scala', text);
      const conversion = model.frameSteps.find((s) => s.step.name === 'rdd' && s.kind === 'dataframe');
      assert.ok(conversion, 'no .rdd conversion');
      return rddPaths(model, conversion.step).map((p) => p.end.kind === 'dataframe' && p.end.schemaFromFrame === true);
    };
    const inline = 'object A {\n  def f(spark: SparkSession, df: DataFrame) = spark.createDataFrame(df.rdd.map(r => r), df.schema)\n}';
    assert.deepStrictEqual(await schemaOf(inline), [true]);
    const named = ['object A {', '  def f(spark: SparkSession, df: DataFrame) = {', '    val rows = df.rdd.map(r => r)', '    val schema = StructType(names.map(df.schema(_)))', '    spark.createDataFrame(rows, schema)', '  }', '}'].join('\n');
    assert.deepStrictEqual(await schemaOf(named), [true]);
    const written = ['object A {', '  def f(spark: SparkSession, df: DataFrame) = {', '    val schema = new StructType().add("id", "string")', '    spark.createDataFrame(df.rdd.map(r => r), schema)', '  }', '}'].join('\n');
    assert.deepStrictEqual(await schemaOf(written), [false]);
  });
});
