import * as assert from 'assert';
import { lookupJoinOf } from '../../../server/src/model/lookupReads';
import type { Language } from '../../../server/src/syntax/ast';
import { modelOf } from '../helpers/parsers';

/** For each read of the snippet, by the line it starts on and its format: the line of the join that takes it in as a lookup, or "-". */
async function lookupLines(language: Language, text: string): Promise<string[]> {
  const model = await modelOf(language, text);
  return model.reads
    .map((read) => {
      const join = lookupJoinOf(model, read);
      return `${read.step.span.start.line + 1} ${read.step.name}: ${join ? join.step.span.start.line + 1 : '-'}`;
    })
    .sort();
}

describe('lookup reads: data that only enters the job as the joined-in side of a join', () => {
  it('sees a read joined in by name, inline, or through a derived name', async () => {
    const named = ['facts = spark.read.parquet("f")', 'dim = spark.read.csv("d")', 'facts.join(dim, facts.k == dim.k, "left").write.parquet("o")'].join('\n');
    assert.deepStrictEqual(await lookupLines('python', named), ['1 parquet: -', '2 csv: 3']);
    const inline = 'spark.read.parquet("f").join(spark.read.csv("d"), "k").count()';
    assert.deepStrictEqual(await lookupLines('python', inline), ['1 csv: 1', '1 parquet: -']);
    const derived = ['object A {', '  val facts = spark.read.parquet("f")', '  val dim = spark.read.csv("d")', '  val named = dim.select($"k", $"name")', '  facts.join(named, Seq("k")).write.parquet("o")', '}'].join('\n');
    assert.deepStrictEqual(await lookupLines('scala', derived), ['2 parquet: -', '3 csv: 5']);
  });

  it('is not a lookup when the data is also used on its own or the other side is a handful of rows', async () => {
    const written = ['facts = spark.read.parquet("f")', 'dim = spark.read.csv("d")', 'facts.join(dim, "k").write.parquet("o")', 'dim.write.parquet("d2")'].join('\n');
    assert.deepStrictEqual(await lookupLines('python', written), ['1 parquet: -', '2 csv: -']);
    const returned = ['def f():', '    facts = spark.read.parquet("f")', '    dim = spark.read.csv("d")', '    facts.join(dim, "k").write.parquet("o")', '    return dim'].join('\n');
    assert.deepStrictEqual(await lookupLines('python', returned), ['2 parquet: -', '3 csv: -']);
    const smallLeft = ['few = spark.createDataFrame([(1,), (2,)], ["k"])', 'big = spark.read.csv("d")', 'few.join(big, "k").write.parquet("o")'].join('\n');
    assert.deepStrictEqual(await lookupLines('python', smallLeft), ['2 csv: -']);
  });
});
