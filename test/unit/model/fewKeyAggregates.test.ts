import * as assert from 'assert';
import { fewKeyAggregate } from '../../../server/src/model/fewKeyAggregates';
import { nameConstants } from '../../../server/src/model/nameConstants';
import type { ChainStep, FrameValue } from '../../../server/src/model/types';
import { modelOf } from '../helpers/parsers';

/** For each join of the snippet: whether its right side is a one-row constant-key aggregate, as `keys@line of the fill`. */
async function rightSides(text: string): Promise<string[]> {
  const model = await modelOf('python', ['from pyspark.sql import functions as F', ...text.split('\n')].join('\n'));
  const names = nameConstants(model.statements);
  const joins = new Map(model.joins.map((join) => [join.step, join]));
  const context = { imports: model.imports, names, joinAt: (step: ChainStep) => joins.get(step), smallHint: (value: FrameValue) => value.sizeHint };
  return model.joins.map((join) => {
    const hint = fewKeyAggregate(join.right, context);
    if (hint?.kind === 'constant-keys') return `${hint.keys.join(',')}@${hint.fills.map((s) => s.start.line + 1).join(',')}`;
    return hint?.kind === 'small-side-keys' ? `${hint.keys.join(',')} of ${hint.inner.kind}` : '-';
  });
}

describe('few-key aggregates: grouped only by constant columns or by a small side\'s join keys', () => {
  it('sees the constant through a name, a select and an orderBy after the aggregate', async () => {
    const text = ['K = "all"', 'd = spark.read.parquet("p").withColumn(K, F.lit(1))', 't = d.groupBy(K).agg(F.max("x")).select(K, "x").orderBy(K)', 'd.join(t, K).count()'].join('\n');
    assert.deepStrictEqual(await rightSides(text), ['all@3']);
  });

  it('sees a key name set to a constant-filled column in one branch only, and says which assignment that way runs', async () => {
    const text = [
      'def bounds(d, key, cols):',
      '    if key is None:',
      '        key = "__all__"',
      '        d = d.withColumn(key, F.lit(0))',
      '    parts = [d.groupBy(key).agg(F.min(c)) for c in cols]',
      '    for part in parts:',
      '        d = d.join(part, key)',
      '    return d',
    ].join('\n');
    const model = await modelOf('python', ['from pyspark.sql import functions as F', ...text.split('\n')].join('\n'));
    const join = model.joins[0]!;
    const hint = fewKeyAggregate(join.right, { imports: model.imports, names: nameConstants(model.statements), joinAt: () => undefined, smallHint: () => undefined });
    assert.ok(hint?.kind === 'constant-keys');
    assert.deepStrictEqual([hint.keys, hint.fills.map((s) => s.start.line + 1), hint.when?.start.line], [['__all__'], [5], 3]);
    // Without the branch that makes the key a constant, the same loop over per-column aggregates says nothing.
    const plain = ['def bounds(d, key, cols):', '    parts = [d.groupBy(key).agg(F.min(c)) for c in cols]', '    for part in parts:', '        d = d.join(part, key)', '    return d'].join('\n');
    assert.deepStrictEqual(await rightSides(plain), ['-']);
  });

  it('does not call an ordinary key, a fill of missing values, a mixed key or a row-multiplying step small', async () => {
    const text = [
      'd = spark.read.parquet("p").withColumn("one", F.lit(1)).withColumn("r", F.coalesce(F.col("r"), F.lit("none")))',
      'd.join(d.groupBy("shop").agg(F.sum("x")), "shop").count()',
      'd.join(d.groupBy("r").agg(F.sum("x")), "r").count()',
      'd.join(d.groupBy("one", "day").agg(F.sum("x")), "one").count()',
      'd.join(d.groupBy("one").agg(F.collect_list("x").alias("xs")).select("one", F.explode("xs")), "one").count()',
    ].join('\n');
    assert.deepStrictEqual(await rightSides(text), ['-', '-', '-', '-']);
  });

  it('bounds an aggregate by the keys of an inner join with a small side, not of a left join or after the key is replaced', async () => {
    const text = [
      'codes = spark.createDataFrame([("a", 1), ("b", 2)], ["code", "n"])',
      'e = spark.read.parquet("e")',
      'per_code = e.join(codes, "code").filter(F.col("x") > 0).groupBy("code").agg(F.sum("x"))',
      'e.join(per_code, "code", "left").count()',
      'e.join(e.join(codes, "code", "left").groupBy("code").agg(F.sum("x")), "code").count()',
      'e.join(e.join(codes, "code").withColumn("code", F.upper("code")).groupBy("code").agg(F.sum("x")), "code").count()',
      'e.join(e.join(codes, "code").groupBy("code", "day").agg(F.sum("x")), "code").count()',
    ].join('\n');
    // Each outer join comes after the inner join its argument holds.
    assert.deepStrictEqual(await rightSides(text), ['-', 'code of literal-rows', '-', '-', '-', '-', '-', '-']);
  });
});

describe('few-key aggregates: grouped by the partition id or the input file', () => {
  it('calls such a grouping small with the keys it names, and asks before looking for constants', async () => {
    const model = await modelOf('python', [
      'from pyspark.sql import functions as F',
      'e = spark.read.text("p").withColumn("src", F.input_file_name()).withColumn("one", F.lit(1))',
      'e.join(e.groupBy("src").agg(F.max("value")).select("src", "value"), "src").count()',
      'e.join(e.groupBy(F.spark_partition_id()).count(), "x").count()',
      'e.join(e.groupBy("one").count(), "one").count()',
    ].join('\n'));
    const joins = new Map(model.joins.map((join) => [join.step, join]));
    const asked: number[] = [];
    const context = {
      imports: model.imports,
      names: nameConstants(model.statements),
      joinAt: (step: ChainStep) => joins.get(step),
      smallHint: (value: FrameValue) => value.sizeHint,
      fewValueGrouping: (grouping: ChainStep) => {
        asked.push(grouping.span.start.line + 1);
        const line = grouping.span.start.line + 1;
        return line === 3 ? 'file' as const : line === 4 ? 'partition' as const : undefined;
      },
    };
    const hints = model.joins.map((join) => fewKeyAggregate(join.right, context));
    assert.deepStrictEqual(hints.map((h) => (h?.kind === 'few-value-keys' ? `${h.per}:${h.keys.join(',')}` : h?.kind ?? '-')), ['file:src', 'partition:', 'constant-keys']);
    assert.deepStrictEqual(asked, [3, 4, 5]);
  });
});

describe('few-key aggregates asked again (per keystroke, each join side of the file)', () => {
  it('a lineage that ended on a row-making step ends there again with the same imports, and is walked afresh with other imports', async () => {
    const text = [
      'd = spark.read.parquet("p").withColumn("one", F.lit(1))',
      'd.join(d.groupBy("one").agg(F.collect_list("x").alias("xs")).select("one", F.explode("xs")), "one").count()',
    ].join('\n');
    const model = await modelOf('python', ['from pyspark.sql import functions as F', ...text.split('\n')].join('\n'));
    const join = model.joins[0]!;
    const context = { imports: model.imports, names: nameConstants(model.statements), joinAt: () => undefined, smallHint: () => undefined };
    // Imports under which `F.explode` is not Spark's: the select makes no rows, and the constant key decides.
    const otherImports = { ...model.imports, isSparkFunction: (expr: Parameters<typeof model.imports.isSparkFunction>[0], name: string) => name !== 'explode' && model.imports.isSparkFunction(expr, name) };
    assert.strictEqual(fewKeyAggregate(join.right, context), undefined);
    assert.strictEqual(fewKeyAggregate(join.right, context), undefined);
    assert.strictEqual(fewKeyAggregate(join.right, { ...context, imports: otherImports })?.kind, 'constant-keys');
    assert.strictEqual(fewKeyAggregate(join.right, context), undefined);
  });
});
