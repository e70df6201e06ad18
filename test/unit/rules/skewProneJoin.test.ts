/** skew-prone-join names the evidence that made the key hot. */
import * as assert from 'assert';
import { analyzeFileText } from '../../../server/src/engine/fileAnalyzer';
import { normalizeSettings } from '../../../server/src/engine/settings';
import type { Language } from '../../../server/src/syntax/ast';
import { parsers } from '../helpers/parsers';

async function messages(language: Language, text: string, settings: unknown = {}): Promise<string[]> {
  const file = `jobs/job.${language === 'python' ? 'py' : 'scala'}`;
  const analysis = analyzeFileText(await parsers(), language, text, { settings: normalizeSettings(settings), file });
  return analysis.findings.filter((f) => f.ruleId === 'skew-prone-join').map((f) => f.message);
}

const JOIN = 'views = spark.read.parquet("v")\nnames = spark.table("t")\nviews.join(names, "locale", "left").write.parquet("o")';

describe('skew-prone-join messages', () => {
  it('names a declared dominant value, or the listing of the name alone', async () => {
    const [declared] = await messages('python', JOIN, { skewedKeys: { locale: ['en-US'] } });
    assert.match(declared!, /joined on `locale`, which has the declared dominant value en-US in sparkAdvisor\.skewedKeys/);
    const [several] = await messages('python', JOIN, { skewedKeys: [{ locale: ['en-US', 'de-DE'] }] });
    assert.match(several!, /declared dominant values en-US, de-DE in sparkAdvisor\.skewedKeys/);
    const [listed] = await messages('python', JOIN, { skewedKeys: ['locale'] });
    assert.match(listed!, /which sparkAdvisor\.skewedKeys lists as having hot values/);
    assert.deepStrictEqual(await messages('python', JOIN, { skewedKeys: { country: ['US'] } }), []);
  });

  it('quotes at most 5 declared values of at most 60 characters each', async () => {
    const values = ['v'.repeat(200_000), 'b', 'c', 'd', 'e', 'f', 'g'];
    const [message] = await messages('python', JOIN, { skewedKeys: { locale: values } });
    assert.match(message!, new RegExp(`declared dominant values ${'v'.repeat(60)}…, b, c, d, e and 2 more in sparkAdvisor\\.skewedKeys`));
    assert.ok(message!.length < 1000, `${message!.length} characters`);
  });

  it('names the helper that filled the key and the line of the fill', async () => {
    const text = 'def clean(frame):\n    return frame.na.fill("unknown", ["locale"])\nviews = clean(spark.read.parquet("v"))\nviews.join(spark.table("t"), "locale", "left").write.parquet("o")';
    const [message] = await messages('python', text);
    assert.match(message!, /filled with the constant "unknown" \(in clean\(\), line 2\)/);
  });

  it('says every row shares the key when the key is set to a constant, and only the missing ones when it is filled', async () => {
    const join = (fill: string) => `from pyspark.sql import functions as F\nviews = spark.read.parquet("v").withColumn("locale", ${fill})\nviews.join(spark.table("t"), "locale", "left").write.parquet("o")`;
    const [constant] = await messages('python', join('F.lit("all")'));
    assert.match(constant!, /every row now has the same key, so the join runs in one task/);
    const [filled] = await messages('python', join('F.coalesce(F.col("locale"), F.lit("unknown"))'));
    assert.match(filled!, /every row that had no key now shares one key/);
  });

  it('joins on columns named like Object members (constructor, toString, __proto__) read no values from Object.prototype', async () => {
    const failures: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void failures.push(args);
    try {
      for (const key of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
        const join = JOIN.replace('"locale"', JSON.stringify(key));
        assert.deepStrictEqual(await messages('python', join), [], key);
        const [declared] = await messages('python', join, JSON.parse(`{"skewedKeys": {${JSON.stringify(key)}: ["hot"]}}`));
        assert.match(declared!, new RegExp(`joined on \`${key}\`, which has the declared dominant value hot in`), key);
      }
    } finally {
      console.error = original;
    }
    assert.deepStrictEqual(failures, []);
  });
});
