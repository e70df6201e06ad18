import * as assert from 'assert';
import { tablesOf } from '../../../server/src/model/sizeHints';
import type { SizeHint } from '../../../server/src/model/types';
import type { Language } from '../../../server/src/syntax/ast';
import { analyzeFileText } from '../../../server/src/engine/fileAnalyzer';
import { normalizeSettings } from '../../../server/src/engine/settings';
import { modelOf, parsers } from '../helpers/parsers';

function describe_(hint: SizeHint | undefined): string {
  if (!hint) return '-';
  if (hint.kind === 'jdbc') return `jdbc ${hint.rows !== undefined ? `rows=${hint.rows}` : `tables=${tablesOf(hint).join('+')}`}`;
  return hint.kind;
}

/** The size hint of each binding of the snippet, as `name: kind …`. */
async function hints(language: Language, text: string): Promise<string[]> {
  const model = await modelOf(language, text);
  return model.bindings.filter((b) => b.value.kind === 'dataframe').map((b) => `${b.name}: ${describe_(b.value.sizeHint)}`);
}

describe('size knowledge: JDBC reads and DataFrames rebuilt from collected rows', () => {
  it('reads the table or query of a PySpark JDBC read, never calling a table small by itself', async () => {
    const text = [
      'a = spark.read.jdbc(url, "ref.currencies", properties=p)',
      'b = spark.read.jdbc(url=url, table="(select code from ref.countries where active = 1) c", properties=p)',
      'c = spark.read.format("jdbc").option("url", url).option("dbtable", "(SELECT k, count(*) FROM facts GROUP BY k) t").load()',
      'd = spark.read.format("jdbc").options(url=url, query="select max(day) from fx.rates").load()',
      'e = spark.read.format("jdbc").option("query", "select * from t limit 20").load()',
      'f = spark.read.format("jdbc").option("dbtable", "(select * from (select * from a) x) y").load()',
      'g = spark.read.format("parquet").option("dbtable", "ref.currencies").load()',
      'h = spark.read.jdbc(url, table_name, properties=p)',
    ].join('\n');
    assert.deepStrictEqual(await hints('python', text), [
      'a: jdbc tables=ref.currencies',
      'b: jdbc tables=ref.countries',
      'c: jdbc tables=facts',
      'd: jdbc rows=1',
      'e: jdbc rows=20',
      'f: -',
      'g: -',
      'h: -',
    ]);
  });

  it('reads Scala JDBC reads, options given as a Map too', async () => {
    const text = [
      'object Job {',
      '  val a = spark.read.jdbc(url, "ref.currencies", props)',
      '  val b = spark.read.format("jdbc").options(Map("url" -> url, "dbtable" -> "(SELECT a.k FROM ref.a JOIN ref.b ON a.k = b.k) t")).load()',
      '}',
    ].join('\n');
    assert.deepStrictEqual(await hints('scala', text), ['a: jdbc tables=ref.currencies', 'b: jdbc tables=ref.a+ref.b']);
  });

  it('knows a PySpark DataFrame rebuilt from collected rows is small, directly or through a name', async () => {
    const text = [
      'big = spark.read.parquet("p")',
      'a = spark.createDataFrame(big.collect()[:10])',
      'b = spark.createDataFrame(list(big.take(5)), schema)',
      'rows = big.limit(3).collect()',
      'c = spark.createDataFrame(rows)',
      'd = spark.createDataFrame(big.rdd.map(lambda r: r))',
    ].join('\n');
    assert.deepStrictEqual(await hints('python', text), ['big: -', 'a: collected-rows', 'b: collected-rows', 'c: driver-rows', 'd: -']);
  });
});

describe('size knowledge in missing-broadcast messages', () => {
  async function messages(text: string, settings: unknown): Promise<string[]> {
    const analysis = analyzeFileText(await parsers(), 'python', text, { settings: normalizeSettings(settings), file: 'jobs/job.py' });
    return analysis.findings.filter((f) => f.ruleId === 'missing-broadcast').map((f) => f.message);
  }

  it('says a listed JDBC table has no statistics, and that Spark shuffles it', async () => {
    const text = 'facts = spark.read.parquet("f")\nccy = spark.read.jdbc(url, "ref.currencies", properties=p)\nfacts.join(ccy, "c", "left").write.parquet("o")';
    const [message] = await messages(text, { smallTables: ['ref.*'] });
    assert.match(message!, /table `ref\.currencies` is listed in sparkAdvisor\.smallTables; it is read over JDBC, which gives Spark no statistics/);
    assert.match(message!, /Spark shuffles and sorts both sides/);
    assert.deepStrictEqual(await messages(text, {}), []);
  });

  it('says a DataFrame rebuilt from collected rows is small', async () => {
    const text = 'facts = spark.read.parquet("f")\ntop = spark.createDataFrame(facts.limit(5).collect())\nfacts.join(top, "c", "inner").write.parquet("o")';
    const [message] = await messages(text, {});
    assert.match(message!, /rebuilt on the driver from rows a collect\(\) brought there/);
  });
});
