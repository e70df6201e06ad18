import * as assert from 'assert';
import { constantFills } from '../../../server/src/model/keyFills';
import type { Language } from '../../../server/src/syntax/ast';
import { modelOf } from '../helpers/parsers';

/** For each join of the snippet: its line, and the filled columns of its left side as `column=constant@line via helpers`. */
async function leftFills(language: Language, text: string): Promise<string[]> {
  const model = await modelOf(language, text);
  return model.joins.map((join) => {
    const fills = [...constantFills(join.left, model.imports).values()].map((fill) => `${fill.column}=${fill.constant}@${fill.span.start.line + 1}${fill.via.length ? ` via ${fill.via.join(',')}` : ''}`);
    return `${join.step.span.start.line + 1}: ${fills.join(' ') || '-'}`;
  });
}

const PY = ['from pyspark.sql import functions as F'];

describe('key fills: key columns filled with one constant, followed through helpers', () => {
  it('carries a fill made in a helper that builds the frame or takes it as a parameter', async () => {
    const text = [
      ...PY,
      'def load(spark):',
      '    return spark.read.parquet("s").na.fill("unknown", ["device"])',
      'def default_channel(frame):',
      '    return frame.withColumn("channel", F.coalesce(F.col("channel"), F.lit("")))',
      'load(spark).join(spark.table("d"), "device").count()',
      'default_channel(spark.read.json("c")).join(spark.table("ch"), "channel").count()',
    ].join('\n');
    assert.deepStrictEqual(await leftFills('python', text), ['6: device="unknown"@3 via load', '7: channel=""@5 via default_channel']);
  });

  it('follows helpers of helpers, and names them nearest call first', async () => {
    const text = [...PY, 'def fill(frame):', '    return frame.fillna({"k": -1})', 'def prepare(frame):', '    return fill(frame.select("k", "v"))', 'prepare(spark.read.parquet("p")).join(spark.table("d"), "k").count()'].join('\n');
    assert.deepStrictEqual(await leftFills('python', text), ['6: k=-1@3 via prepare,fill']);
  });

  it('drops a helper fill that a filter on the key removes, in the helper or after it', async () => {
    const inside = [...PY, 'def tidy(frame):', '    f = frame.withColumn("r", F.when(F.col("r").isNull(), "none").otherwise(F.col("r")))', '    return f.filter(F.col("r") != "none")', 'tidy(spark.read.json("v")).join(spark.table("d"), "r").count()'].join('\n');
    assert.deepStrictEqual(await leftFills('python', inside), ['5: -']);
    const after = [...PY, 'def fill(frame):', '    return frame.na.fill("none", ["r"])', 'fill(spark.read.json("v")).where(F.col("r") != "none").join(spark.table("d"), "r").count()'].join('\n');
    assert.deepStrictEqual(await leftFills('python', after), ['4: -']);
  });

  it('keeps only the fills every return of the helper makes', async () => {
    const text = [...PY, 'def load(spark, strict):', '    raw = spark.read.parquet("s")', '    if strict:', '        return raw', '    return raw.na.fill("unknown", ["device"])', 'load(spark, True).join(spark.table("d"), "device").count()'].join('\n');
    assert.deepStrictEqual(await leftFills('python', text), ['7: -']);
  });

  it('sees a Scala helper fill', async () => {
    const text = [
      'object Job {',
      '  def clean(frame: DataFrame): DataFrame = frame.na.fill("unknown", Seq("device"))',
      '  def run(spark: SparkSession): Unit = clean(spark.read.parquet("s")).join(spark.table("d"), Seq("device")).count()',
      '}',
    ].join('\n');
    assert.deepStrictEqual(await leftFills('scala', text), ['3: device="unknown"@2 via clean']);
  });
});
