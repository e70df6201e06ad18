import * as assert from 'assert';
import { fewValueGrouping, inputFileColumns, partitionIdColumns } from '../../../server/src/model/partitionIds';
import type { ChainStep } from '../../../server/src/model/types';
import { modelOf } from '../helpers/parsers';

/** Every groupBy step of the snippet, in source order, with what fewValueGrouping says of it. */
async function groupings(language: 'python' | 'scala', lines: string[]): Promise<string[]> {
  const model = await modelOf(language, lines.join('\n'));
  const steps: ChainStep[] = [];
  const seen = new Set<ChainStep>();
  const visit = (value: { steps: ChainStep[]; parent?: unknown } | undefined): void => {
    for (let current = value as { steps: ChainStep[]; parent?: unknown } | undefined; current; current = current.parent as typeof current) {
      for (const step of current.steps) {
        if (step.name !== 'groupBy' || seen.has(step)) continue;
        seen.add(step);
        steps.push(step);
      }
    }
  };
  for (const join of model.joins) {
    visit(join.left);
    visit(join.right);
  }
  steps.sort((a, b) => a.span.start.line - b.span.start.line);
  return steps.map((step) => `${step.span.start.line + 1}:${fewValueGrouping(step, model) ?? '-'}`);
}

describe('partition-id and input-file columns', () => {
  it('finds columns set to the input file name by withColumn, alias and the _metadata path, as keys', async () => {
    const model = await modelOf('python', [
      'from pyspark.sql import functions as F',
      'a = spark.read.text("p").withColumn("src", F.input_file_name())',
      'b = spark.read.text("p").select("*", F.col("_metadata.file_path").alias("path"))',
      'c = spark.read.text("p").withColumn(FILE_COL, F.input_file_name())',
      'd = spark.read.text("p").withColumn("pid", F.spark_partition_id())',
    ].join('\n'));
    assert.deepStrictEqual([...inputFileColumns(model)].sort(), ['column:path', 'column:src', 'constant:FILE_COL']);
    assert.deepStrictEqual([...partitionIdColumns(model)], ['column:pid']);
  });

  it('tells a grouping by partition ids from one by files, and from one with an ordinary key beside them', async () => {
    const result = await groupings('python', [
      'from pyspark.sql import functions as F',
      'e = spark.read.text("p").withColumn("src", F.input_file_name()).withColumn("pid", F.spark_partition_id())',
      'e.join(e.groupBy("pid").count(), "pid").count()',
      'e.join(e.groupBy(F.col("src")).count(), "src").count()',
      'e.join(e.groupBy("src", "pid").count(), "src").count()',
      'e.join(e.groupBy("pid", "user").count(), "pid").count()',
      'e.join(e.groupBy(F.spark_partition_id()).count(), "x").count()',
    ]);
    assert.deepStrictEqual(result, ['3:partition', '4:file', '5:file', '6:-', '7:partition']);
  });

  it('follows a Scala field holding the column name into another method of the class', async () => {
    const result = await groupings('scala', [
      'import org.apache.spark.sql.{DataFrame, SparkSession}',
      'import org.apache.spark.sql.functions._',
      'class Feed(spark: SparkSession) {',
      '  private val fileCol = "__file"',
      '  def load(p: String): DataFrame = spark.read.text(p).withColumn(fileCol, input_file_name())',
      '  def bounds(df: DataFrame): DataFrame = {',
      '    val b = df.groupBy(col(fileCol)).agg(max(col("n")).as("m"))',
      '    df.join(b, Seq(fileCol), "inner")',
      '  }',
      '  def other(df: DataFrame): DataFrame = {',
      '    val b = df.groupBy(col("account")).agg(max(col("n")).as("m"))',
      '    df.join(b, Seq("account"), "inner")',
      '  }',
      '}',
    ]);
    assert.deepStrictEqual(result, ['7:file', '11:-']);
  });
});
