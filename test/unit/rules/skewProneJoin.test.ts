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

  it('names the helper that filled the key and the line of the fill', async () => {
    const text = 'def clean(frame):\n    return frame.na.fill("unknown", ["locale"])\nviews = clean(spark.read.parquet("v"))\nviews.join(spark.table("t"), "locale", "left").write.parquet("o")';
    const [message] = await messages('python', text);
    assert.match(message!, /filled with the constant "unknown" \(in clean\(\), line 2\)/);
  });
});
