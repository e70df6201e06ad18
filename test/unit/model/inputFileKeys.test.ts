import * as assert from 'assert';
import { inputFileJoinKey } from '../../../server/src/model/inputFileKeys';
import { modelOf } from '../helpers/parsers';

async function keys(language: 'python' | 'scala', lines: string[]): Promise<string[]> {
  const model = await modelOf(language, lines.join('\n'));
  return model.joins.map((join) => `${join.step.span.start.line + 1}:${inputFileJoinKey(join, model)?.key ?? '-'}`);
}

describe('joins on the input file name', () => {
  it('knows keys set to input_file_name() or _metadata.file_path, by name, constant, column and list', async () => {
    assert.deepStrictEqual(await keys('python', [
      'SRC = "src"',
      'a = spark.read.text("x").withColumn(SRC, F.input_file_name())',
      'b = spark.read.text("y").select("*", F.col("_metadata.file_path").alias("path"))',
      'a.join(other, SRC)',
      'b.join(other, b.path == other.path)',
      'b.join(other, ["path"])',
      'a.join(other, [SRC, "line"])',
      'a.join(other, "line")',
      'b.join(other, (b.path == other.path) | (b.x == other.x))',
    ]), ['4:SRC', '5:path', '6:path', '7:-', '8:-', '9:-']);
  });

  it('reads Scala keys named by interpolated constants with a side alias', async () => {
    assert.deepStrictEqual(await keys('scala', [
      'class Feed(spark: SparkSession) {',
      '  private val fileCol = "__file"',
      '  def load(p: String): DataFrame = spark.read.text(p).withColumn(fileCol, input_file_name())',
      '  def f(l: DataFrame, r: DataFrame): DataFrame = l.alias("l").join(r.alias("r"), col(s"l.$fileCol") === col(s"r.$fileCol"))',
      '  def g(l: DataFrame, r: DataFrame): DataFrame = l.join(r, Seq(fileCol))',
      '  def h(l: DataFrame, r: DataFrame): DataFrame = l.join(r, Seq("account"))',
      '}',
    ]), ['4:fileCol', '5:fileCol', '6:-']);
  });

  it('knows no key in a file that never sets one', async () => {
    assert.deepStrictEqual(await keys('python', ['a.join(b, "file_name")', 'a.join(b, a.path == b.path)']), ['1:-', '2:-']);
  });
});
