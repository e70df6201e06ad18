import * as assert from 'assert';
import { driverSideWork } from '../../../server/src/model/driverSideWork';
import type { Language } from '../../../server/src/syntax/ast';
import { modelOf } from '../helpers/parsers';

/** "line: operation" of the driver-side work found for each collecting action of a snippet, in source order. */
async function work(language: Language, source: string): Promise<string[]> {
  const model = await modelOf(language, source);
  return model.actions
    .filter((action) => ['collect', 'toPandas', 'collectAsList'].includes(action.name))
    .map((action) => {
      const found = driverSideWork(model, action);
      return found ? `${found.span.start.line + 1}: ${found.operation} → ${found.instead}` : 'none';
    });
}

const PY_HEAD = 'from pyspark.sql import SparkSession\nspark = SparkSession.builder.getOrCreate()\n';

describe('driver-side work on collected rows', () => {
  it('sees pandas work chained on toPandas()', async () => {
    assert.deepStrictEqual(await work('python', `${PY_HEAD}totals = spark.table("sales.orders").toPandas().groupby("region").sum()`), ['3: .groupby(…) → groupBy(...).agg(...)']);
    assert.deepStrictEqual(await work('python', `${PY_HEAD}n = spark.table("sales.orders").toPandas()["customer_id"].nunique()`), ['3: .nunique(…) → agg(...)']);
  });

  it('follows the name the rows are assigned to, and names derived from it, until it is assigned again', async () => {
    const source = `${PY_HEAD}def report():
    pdf = spark.read.json("s3://jobs").select("site", "cpus").toPandas()
    pdf.sort_values(by=["site"], inplace=True)
    nersc = pdf[pdf.site == "NERSC"][["cpus"]]
    hourly = nersc.resample("1H").sum()
    return hourly
`;
    assert.deepStrictEqual(await work('python', source), ['7: .resample(…) → groupBy(...).agg(...)']);
    const reassigned = `${PY_HEAD}def report():
    pdf = spark.read.json("s3://jobs").toPandas()
    pdf = load_fixture()
    return pdf.groupby("site").sum()
`;
    assert.deepStrictEqual(await work('python', reassigned), ['none']);
  });

  it('takes the work for incidental when the rows themselves are needed: returned, iterated or passed on whole', async () => {
    const returned = `${PY_HEAD}def results():
    pdf = spark.read.json("bench/*.json").toPandas()
    averages = pdf[["test", "runtime"]].groupby("test").mean()
    return pdf, averages
`;
    assert.deepStrictEqual(await work('python', returned), ['none']);
    const plotted = `${PY_HEAD}pdf = spark.table("runs").toPandas()\nplot(pdf)\nprint(pdf.runtime.mean())`;
    assert.deepStrictEqual(await work('python', plotted), ['none']);
    const iterated = `${PY_HEAD}rows = spark.table("runs").collect()\nfor r in rows:\n    send(r)\ntotal = sum(r.bytes for r in rows)`;
    assert.deepStrictEqual(await work('python', iterated), ['none']);
  });

  it('sees Python built-ins over the rows, counting only on the action itself', async () => {
    assert.deepStrictEqual(await work('python', `${PY_HEAD}n = len(spark.table("web.clicks").collect())`), ['3: len(…) → count()']);
    assert.deepStrictEqual(await work('python', `${PY_HEAD}rows = spark.table("web.clicks").collect()\ntotal = sum(r.bytes for r in rows)`), ['4: sum(…) → agg(...)']);
    assert.deepStrictEqual(await work('python', `${PY_HEAD}rows = spark.table("web.clicks").collect()\nfor r in rows:\n    send(r)\nprint(len(rows))`), ['none']);
  });

  it('does not take sorting, mapping, membership lists or the first rows for work the cluster should do', async () => {
    assert.deepStrictEqual(await work('python', `${PY_HEAD}pdf = spark.table("ref.inventory").toPandas().sort_values(["name"])\ndisplay(pdf)`), ['none']);
    assert.deepStrictEqual(await work('python', `${PY_HEAD}codes = [r.code for r in spark.table("ref.codes").collect()]\nfiltered = spark.table("gp").filter(F.col("code").isin(codes))`), ['none']);
    assert.deepStrictEqual(await work('python', `${PY_HEAD}top = spark.table("web.clicks").toPandas().head(10).sum()`), ['none']);
  });

  it('sees Scala collection work on the collected array', async () => {
    const source = `object Job {
  def run(spark: SparkSession): Unit = {
    val rows = spark.table("web.clicks").collect()
    val perSite = rows.groupBy(_.getString(0)).mapValues(_.length)
    val bytes = spark.table("web.clicks").collect().map(_.getLong(2)).sum
    val n = spark.table("web.clicks").collect().length
    val journal = spark.table("ops.journal").collect().map(r => r.getString(0))
    println(journal.length)
  }
}`;
    assert.deepStrictEqual(await work('scala', source), [
      '4: .groupBy(…) → groupBy(...).agg(...)',
      '5: .sum → agg(...)',
      '6: .length → count()',
      'none',
    ]);
  });
});
