import * as assert from 'assert';
import { analyzeFileText } from '../../../server/src/engine/fileAnalyzer';
import { normalizeSettings } from '../../../server/src/engine/settings';
import type { Finding } from '../../../server/src/rules/types';
import type { Language } from '../../../server/src/syntax/ast';
import { parsers } from '../helpers/parsers';

async function findings(language: Language, text: string, rule: string): Promise<Finding[]> {
  const analysis = analyzeFileText(await parsers(), language, text, { settings: normalizeSettings({}), file: `job.${language === 'python' ? 'py' : 'scala'}` });
  return analysis.findings.filter((f) => f.ruleId === rule);
}

describe('what the new rules tell besides the line', () => {
  const disabled = [
    'from pyspark.sql import SparkSession',
    'spark = SparkSession.builder.config("spark.sql.autoBroadcastJoinThreshold", "-1").getOrCreate()',
    'orders = spark.read.parquet("s3://orders")',
    'customers = spark.table("crm.customers")',
    'codes = spark.createDataFrame([("EU",), ("US",)], ["region"])',
    'orders.join(customers, "customer_id", "inner").write.parquet("s3://a")',
    'orders.join(codes, "region", "left").write.parquet("s3://b")',
    'orders.join(F.broadcast(customers), "customer_id", "inner").write.parquet("s3://c")',
  ].join('\n');

  it('the disabled broadcast threshold lists the joins it leaves to a shuffle, not the hinted one', async () => {
    const [finding] = await findings('python', disabled, 'broadcast-threshold-disabled');
    assert.ok(finding);
    assert.deepStrictEqual(finding.related.map((r) => r.span.start.line + 1), [6, 7]);
    assert.match(finding.message, /2 joins in this file are affected/);
  });

  it('a small-side join names the disabled threshold as the reason and links to it', async () => {
    const [finding] = await findings('python', disabled, 'missing-broadcast');
    assert.ok(finding);
    assert.strictEqual(finding.span.start.line + 1, 7);
    assert.match(finding.message, /autoBroadcastJoinThreshold` is -1 \(line 2\)/);
    assert.deepStrictEqual(finding.related.map((r) => r.span.start.line + 1), [5, 2]);
    const without = await findings('python', disabled.replace('"-1"', '"64MB"'), 'missing-broadcast');
    assert.doesNotMatch(without[0]!.message, /autoBroadcastJoinThreshold/);
  });

  it('a small left side is a finding only while the threshold is off', async () => {
    const leftSmall = (threshold: string) => [
      'import org.apache.spark.sql.SparkSession',
      'object J { def main(a: Array[String]): Unit = {',
      '  val spark = SparkSession.builder().getOrCreate()',
      '  import spark.implicits._',
      `  spark.conf.set("spark.sql.autoBroadcastJoinThreshold", "${threshold}")`,
      '  val codes = Seq(("EU", "Europe")).toDF("region", "name")',
      '  codes.join(spark.table("sales"), Seq("region"), "inner").write.parquet("s3://x")',
      '} }',
    ].join('\n');
    assert.strictEqual((await findings('scala', leftSmall('-1'), 'missing-broadcast')).length, 1);
    assert.strictEqual((await findings('scala', leftSmall('10MB'), 'missing-broadcast')).length, 0);
  });

  it('removing a discarded sort is preferred only when no written files lose their layout', async () => {
    const source = (extra: string) => [
      'orders = spark.table("orders")',
      'dim = spark.table("dim")',
      'c = orders.orderBy("k").cache()',
      'c.join(dim, "k", "inner").count()',
      extra,
    ].join('\n');
    const [joinedOnly] = await findings('python', source(''), 'discarded-sort');
    assert.strictEqual(joinedOnly?.fixes[0]?.isPreferred, true);
    const [written] = await findings('python', source('c.write.parquet("s3://c")'), 'discarded-sort');
    assert.strictEqual(written?.fixes[0]?.isPreferred, false);
    const [dedup] = await findings('python', 'orders = spark.table("orders")\norders.orderBy("ts").dropDuplicates(["k"]).count()', 'discarded-sort');
    assert.deepStrictEqual(dedup?.fixes, []);
  });
});
