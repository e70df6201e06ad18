import * as assert from 'assert';
import { sqlJoinSites } from '../../../server/src/model/sqlViews';
import { modelOf } from '../helpers/parsers';

/** Each SQL join as `right-name: view origin or table hint`, with the join's place in the source. */
async function sites(language: 'python' | 'scala', lines: string[]): Promise<string[]> {
  const model = await modelOf(language, lines.join('\n'));
  return sqlJoinSites(model).map((site) => {
    const frame = site.right.frame;
    const what = site.right.view ? `view of ${frame?.origin ?? frame?.sourceBinding?.name ?? '?'} (line ${site.right.view.step.span.start.line + 1})` : frame?.sizeHint?.kind === 'table' ? 'table' : 'unknown';
    const at = site.span ? `${site.span.start.line + 1}:${site.span.start.character}` : 'call';
    const hint = site.hintAt ? ` hint@${site.hintAt.line + 1}:${site.hintAt.character}` : '';
    return `${site.right.name} ${what} ${at}${hint}`;
  });
}

describe('joins in spark.sql text over temporary views', () => {
  it('takes the view registered last before the query, a catalog table otherwise', async () => {
    const found = await sites('python', [
      'small = spark.createDataFrame([(1, "a")], ["k", "v"])',
      'small.createOrReplaceTempView("dim")',
      'spark.sql("SELECT * FROM facts f JOIN dim d ON f.k = d.k JOIN ref.codes c ON c.k = f.k").count()',
      'spark.read.parquet("s3://big").createOrReplaceTempView("DIM")',
      'spark.sql("SELECT * FROM facts f JOIN Dim d ON f.k = d.k").count()',
    ]);
    assert.deepStrictEqual(found, [
      'dim view of small (line 2) 3:33 hint@3:17',
      'ref.codes table 3:57 hint@3:17',
      'Dim view of read.parquet (line 4) 5:33 hint@5:17',
    ]);
  });

  it('places the join and the hint in triple-quoted, format and f-string literals, and not through a name', async () => {
    const found = await sites('python', [
      'lookup = spark.createDataFrame([(1, "a")], ["k", "v"])',
      'lookup.registerTempTable("lk")',
      'spark.sql("""',
      '    SELECT f.*',
      '    FROM facts f LEFT JOIN lk ON f.k = lk.k',
      '""").count()',
      'spark.sql(f"SELECT * FROM facts JOIN lk l ON facts.k = l.k WHERE d = \'{day}\'").count()',
      'q = "SELECT * FROM facts JOIN lk ON facts.k = lk.k"',
      'spark.sql(q).count()',
    ]);
    assert.deepStrictEqual(found, ['lk view of lookup (line 2) 5:17 hint@4:10', 'lk view of lookup (line 2) 7:32 hint@7:18', 'lk view of lookup (line 2) call']);
  });

  it('reads global views through global_temp and Scala stripMargin strings (a SELECT on a multi-line literal first line is not placed: its quotes are not known)', async () => {
    const found = await sites('scala', [
      'object Job {',
      '  def run(spark: SparkSession, codes: DataFrame): Unit = {',
      '    codes.createOrReplaceGlobalTempView("codes")',
      '    spark.sql("SELECT * FROM facts f JOIN global_temp.codes c ON f.k = c.k").count()',
      '    spark.sql("""SELECT *',
      '      |FROM facts f JOIN codes c ON f.k = c.k""".stripMargin).count()',
      '  }',
      '}',
    ]);
    assert.deepStrictEqual(found, ['global_temp.codes view of codes (line 3) 4:37 hint@4:21', 'codes table 6:20']);
  });
});
