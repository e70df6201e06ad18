import * as assert from 'assert';
import { carriedAcrossIterations } from '../../../server/src/model/loopCarried';
import { lastPartitioningStep } from '../../../server/src/model/partitioning';
import { builtinEquivalent, type BuiltinExpr } from '../../../server/src/model/udfEquivalents';
import type { Language } from '../../../server/src/syntax/ast';
import { modelOf } from '../helpers/parsers';

const model = modelOf;

function show(e: BuiltinExpr): string {
  switch (e.kind) {
    case 'column':
      return e.name;
    case 'literal':
      return JSON.stringify(e.value);
    case 'function':
      return `${e.name}(${e.args.map(show).join(', ')})`;
    case 'method':
      return `${show(e.target)}.${e.name}(${e.args.map(show).join(', ')})`;
    case 'operator':
      return `(${show(e.left)} ${e.operator} ${show(e.right)})`;
  }
}

async function equivalent(language: Language, udfSource: string): Promise<string | undefined> {
  const prefix = language === 'python' ? 'from pyspark.sql.functions import udf\n' : 'import org.apache.spark.sql.functions._\n';
  const m = await model(language, prefix + udfSource);
  assert.strictEqual(m.udfs.length, 1, `one UDF in ${udfSource}`);
  const found = builtinEquivalent(m.udfs[0]!);
  return found && show(found.expression);
}

describe('model helpers for rules', () => {
  describe('builtinEquivalent', () => {
    it('reads Python slices from their spans', async () => {
      assert.strictEqual(await equivalent('python', 'f = udf(lambda s: s[::-1])'), 'reverse(s)');
      assert.strictEqual(await equivalent('python', 'f = udf(lambda s: s[:3])'), 'substring(s, 1, 3)');
      assert.strictEqual(await equivalent('python', 'f = udf(lambda s: s[2:5])'), 'substring(s, 3, 3)');
      assert.strictEqual(await equivalent('python', 'f = udf(lambda s: s[2::5])'), undefined);
      assert.strictEqual(await equivalent('python', 'f = udf(lambda s: s[-1:])'), undefined);
    });

    it('strips null guards and follows short chains', async () => {
      assert.strictEqual(await equivalent('python', 'f = udf(lambda s: None if s is None else s.strip().lower())'), 'lower(trim(s))');
      assert.strictEqual(await equivalent('scala', 'val f = udf((s: String) => if (s != null) s.trim.toUpperCase else null)'), 'upper(trim(s))');
      assert.strictEqual(await equivalent('python', 'f = udf(lambda s: s.strip().lower().replace("-", "_").title())'), undefined);
      assert.strictEqual(await equivalent('python', 'f = udf(lambda s: s.upper() if s else "")'), undefined);
    });

    it('keeps literal semantics of replace and split', async () => {
      assert.strictEqual(await equivalent('python', 'f = udf(lambda s: s.replace(".", ""))'), 'regexp_replace(s, "\\\\.", "")');
      assert.strictEqual(await equivalent('python', 'f = udf(lambda s: s.split("|"))'), undefined);
      assert.strictEqual(await equivalent('python', 'f = udf(lambda x: round(x, 2))'), 'bround(x, 2)');
      assert.strictEqual(await equivalent('python', 'f = udf(lambda a, b: a + b)'), undefined);
      assert.strictEqual(await equivalent('python', 'f = udf(lambda d: d.strftime("%Y-%m-%dT%H:%M"))'), 'date_format(d, "yyyy-MM-dd\'T\'HH:mm")');
    });
  });

  describe('lastPartitioningStep', () => {
    it('walks back over narrow steps and through bindings', async () => {
      const m = await model('python', [
        'one = spark.table("t").coalesce(1)',
        'one.select("a").where("a > 1").write.parquet("x")',
        'spark.table("t").coalesce(1).groupBy("a").count().write.parquet("y")',
      ].join('\n'));
      const [first, second] = m.writes.map((w) => lastPartitioningStep(w.frame));
      assert.strictEqual(first!.lineage[first!.index]!.step.name, 'coalesce');
      assert.strictEqual(first!.lineage[first!.index]!.holder?.name, 'one');
      assert.strictEqual(second!.lineage[second!.index]!.step.name, 'count');
    });
  });

  describe('loop re-bindings', () => {
    it('tells values carried across iterations from values made fresh in each', async () => {
      const m = await model('python', [
        'df = spark.table("t")',
        'for c in cols:',
        '    df = df.withColumn(c, F.lit(1))',
        'for t in tables:',
        '    fresh = spark.table(t)',
        '    fresh = fresh.withColumn("x", F.lit(1))',
        'functools.reduce(lambda acc, c: acc.withColumn(c, F.lit(0)), cols, df)',
      ].join('\n'));
      const carried = m.loopRebindings.map((r) => carriedAcrossIterations(r, m.loopRebindings));
      assert.deepStrictEqual(carried, [true, false, true]);
      assert.strictEqual(m.loopRebindings[2]!.loop.kind, 'fold');
    });
  });

  describe('window specs', () => {
    it('inherit partitioning from a named spec and notice later partitioning', async () => {
      const m = await model('python', [
        'w = Window.partitionBy("u")',
        'ordered = w.orderBy("ts")',
        'base = Window.orderBy("ts")',
        'per_k = base.partitionBy("k")',
      ].join('\n'));
      assert.deepStrictEqual(m.windows.map((w) => [w.hasPartitionBy, w.hasOrderOrFrame, w.partitionedLater]), [
        [true, false, false], [true, true, false], [false, true, true], [true, true, false],
      ]);
    });
  });
});
