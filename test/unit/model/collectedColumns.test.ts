import * as assert from 'assert';
import { collectedEarlier } from '../../../server/src/model/collectedColumns';
import { sparkFunctionCalls } from '../../../server/src/model/functionCalls';
import type { Language } from '../../../server/src/syntax/ast';
import { modelOf } from '../helpers/parsers';

const PY = 'from pyspark.sql import SparkSession, functions as F\nspark = SparkSession.builder.getOrCreate()\ndf = spark.table("t")\n';

/** What the snippet's last array_distinct reads: `column@line (window)` of the collect_list that built it, or undefined. */
async function builtBy(language: Language, text: string): Promise<string | undefined> {
  const model = await modelOf(language, text);
  const call = sparkFunctionCalls(model, ['array_distinct']).at(-1)?.call;
  assert.ok(call, 'no array_distinct');
  const found = collectedEarlier(model, call.args[0]!.value, call.span);
  return found && `${found.column}@${found.collect.span.start.line + 1}${found.window ? ' (window)' : ''}`;
}

describe('collected columns: arrays an earlier step built with collect_list', () => {
  it('follows the frame back through re-bindings and chain steps', async () => {
    assert.strictEqual(await builtBy('python', `${PY}a = df.withColumn("xs", F.collect_list("x").over(w))\nb = a.withColumn("xs", F.array_distinct(F.col("xs")))`), 'xs@4 (window)');
    assert.strictEqual(await builtBy('python', `${PY}b = df.groupBy("k").agg(F.collect_list("x").alias("xs")).filter("k > 0").select("k", F.array_distinct("xs"))`), 'xs@4');
    const scala = 'import org.apache.spark.sql.functions._\nobject A {\n  def f(df: org.apache.spark.sql.DataFrame) = df.groupBy("k").agg(collect_list("x").as("xs")).withColumn("xs", array_distinct($"xs"))\n}';
    assert.strictEqual(await builtBy('scala', scala), 'xs@3');
  });

  it('stops at a step that sets the column to something else, and ignores other columns', async () => {
    assert.strictEqual(await builtBy('python', `${PY}b = df.agg(F.collect_list("x").alias("xs")).withColumn("xs", F.split("s", ",")).withColumn("xs", F.array_distinct("xs"))`), undefined);
    assert.strictEqual(await builtBy('python', `${PY}b = df.agg(F.collect_list("x").alias("xs")).withColumn("ys", F.array_distinct("ys"))`), undefined);
    assert.strictEqual(await builtBy('python', `${PY}b = df.withColumn("xs", F.array_distinct("xs"))`), undefined);
  });
});
