import * as assert from 'assert';
import type { LoopExtent } from '../../../server/src/model/loopExtent';
import { namesChangedInPlace, nestedExtent, widest } from '../../../server/src/model/loopExtent';
import type { FunctionStmt, Language, Stmt } from '../../../server/src/syntax/ast';
import { lowerSource, modelOf } from '../helpers/parsers';

/** The extent of the loop around the re-binding on `line` (1-based). */
async function extentAt(language: Language, text: string, line: number): Promise<LoopExtent | undefined> {
  const model = await modelOf(language, text);
  const entry = model.loopRebindings.find((e) => e.chain.span.start.line === line - 1);
  assert.ok(entry, `no loop re-binding on line ${line}`);
  return entry.loop.extent;
}

const python = (iterable: string, prelude = '') => [
  'df = spark.table("t")',
  prelude,
  `for c in ${iterable}:`,
  '    df = df.withColumn(c, F.lit(1))',
].join('\n');

describe('loop extent: how many times a loop runs', () => {
  it('counts literal collections and ranges', async () => {
    assert.deepStrictEqual(await extentAt('python', python('["a", "b", "c"]'), 4), { kind: 'fixed', count: 3 });
    assert.deepStrictEqual(await extentAt('python', python('reversed(range(3))'), 4), { kind: 'fixed', count: 3 });
    assert.deepStrictEqual(await extentAt('python', python('range(2, 10, 2)'), 4), { kind: 'fixed', count: 4 });
    assert.deepStrictEqual(await extentAt('python', python('NAMES', 'NAMES = ("a", "b")'), 4), { kind: 'fixed', count: 2 });
    assert.deepStrictEqual(await extentAt('python', python('zip(cols, ["x", "y"])'), 4), { kind: 'fixed', count: 2 });
  });

  it('knows the columns of a table, also through names, filters and comprehensions', async () => {
    assert.deepStrictEqual(await extentAt('python', python('df.columns'), 4), { kind: 'columns', source: 'df.columns' });
    assert.deepStrictEqual(await extentAt('python', python('enumerate(df.schema.fields)'), 4), { kind: 'columns', source: 'df.schema' });
    const named = python('text', 'text = [name for name, kind in df.dtypes if kind == "string"]');
    assert.deepStrictEqual(await extentAt('python', named, 4), { kind: 'columns', source: 'df.dtypes' });
    assert.deepStrictEqual(await extentAt('python', python('set(df.columns) - set(keys)'), 4), { kind: 'columns', source: 'df.columns' });
    assert.deepStrictEqual(await extentAt('python', python('user_cols or df.columns'), 4), { kind: 'columns', source: 'df.columns' });
  });

  it('knows a filter on ML vector columns picks a handful of them', async () => {
    const vectors = python('[f for f in df.schema.fields if isinstance(f.dataType, VectorUDT)]');
    assert.deepStrictEqual(await extentAt('python', vectors, 4), { kind: 'columns', source: 'df.schema', few: 'ML vector columns' });
  });

  it('does not know how many columns two tables differ by', async () => {
    assert.deepStrictEqual(await extentAt('python', python('[c for c in df.columns if c not in target.columns]'), 4), { kind: 'unknown' });
    const scala = ['object A {', '  def f(df: DataFrame, target: DataFrame): DataFrame =',
      '    target.schema.fields.filter(f => !df.columns.contains(f.name)).foldLeft(df)((acc, f) => acc.withColumn(f.name, lit(null)))', '}'].join('\n');
    assert.deepStrictEqual(await extentAt('scala', scala, 3), { kind: 'unknown' });
  });

  it('knows values collected from the data', async () => {
    const collected = python('values', 'values = [r[0] for r in df.select("k").distinct().collect()]');
    assert.strictEqual((await extentAt('python', collected, 4))?.kind, 'rows');
    const pandas = python('frame["path"].tolist()', 'frame = spark.sql("SELECT * FROM d").toPandas()');
    assert.strictEqual((await extentAt('python', pandas, 4))?.kind, 'rows');
    assert.strictEqual((await extentAt('python', python('range(len(indexer.labels))'), 4))?.kind, 'rows');
  });

  it('does not trust a literal that is filled or changed later', async () => {
    assert.deepStrictEqual(await extentAt('python', python('cols', 'cols = []\nfor f in fields:\n    cols.append(f)'), 6), { kind: 'unknown' });
    assert.deepStrictEqual(await extentAt('python', python('cols', 'cols = ["a"]\ncols += extra'), 5), { kind: 'unknown' });
    const scala = ['object A {', '  var added = Map("a" -> "string")', '  other.foreach(f => added += (f -> "int"))', '  var df = spark.table("t")',
      '  for ((name, kind) <- added) {', '    df = df.withColumn(name, lit(null).cast(kind))', '  }', '}'].join('\n');
    assert.deepStrictEqual(await extentAt('scala', scala, 6), { kind: 'unknown' });
  });

  it('leaves parameters, attributes and while loops unknown', async () => {
    const fn = ['def f(df, cols):', '    for c in cols:', '        df = df.withColumn(c, F.lit(1))', '    return df'].join('\n');
    assert.deepStrictEqual(await extentAt('python', fn, 3), { kind: 'unknown' });
    assert.deepStrictEqual(await extentAt('python', python('self.keys'), 4), { kind: 'unknown' });
    const loopVariable = ['cols = ["a"]', 'df = spark.table("t")', 'for cols in groups:', '    for c in cols:', '        df = df.drop(c)'].join('\n');
    assert.deepStrictEqual(await extentAt('python', loopVariable, 5), { kind: 'unknown' });
    const whileLoop = ['df = spark.table("t")', 'while more():', '    df = df.withColumn("x", F.lit(1))'].join('\n');
    assert.strictEqual(await extentAt('python', whileLoop, 3), undefined);
  });

  it('reads Scala folds, foreach, ranges and options', async () => {
    const scala = (collection: string) => [
      'object A {',
      '  def f(df: DataFrame): DataFrame =',
      `    ${collection}.foldLeft(df)((acc, c) => acc.withColumn(c, lit(1)))`,
      '}',
    ].join('\n');
    assert.deepStrictEqual(await extentAt('scala', scala('Seq("a", "b")'), 3), { kind: 'fixed', count: 2 });
    assert.deepStrictEqual(await extentAt('scala', scala('(1 to 5)'), 3), { kind: 'fixed', count: 5 });
    assert.deepStrictEqual(await extentAt('scala', scala('df.schema.fields.filter(_.nullable).map(_.name)'), 3), { kind: 'columns', source: 'df.schema' });
    assert.deepStrictEqual(await extentAt('scala', scala('names.headOption'), 3), { kind: 'at-most-one' });
    const foreach = ['object A {', '  var df = spark.table("t")', '  df.columns.foreach({ c =>', '    df = df.withColumn(c, lit(1))', '  })', '}'].join('\n');
    assert.deepStrictEqual(await extentAt('scala', foreach, 4), { kind: 'columns', source: 'df.columns' });
  });

  it('multiplies nested loops and picks the longer of two collections', () => {
    assert.deepStrictEqual(nestedExtent([{ kind: 'fixed', count: 3 }, { kind: 'fixed', count: 4 }]), { kind: 'fixed', count: 12 });
    assert.deepStrictEqual(nestedExtent([{ kind: 'unknown' }, { kind: 'fixed', count: 3 }]), { kind: 'unknown' });
    assert.strictEqual(nestedExtent([{ kind: 'unknown' }, { kind: 'columns', source: 'df.columns' }]).kind, 'columns');
    assert.deepStrictEqual(widest({ kind: 'fixed', count: 3 }, { kind: 'at-most-one' }), { kind: 'fixed', count: 3 });
    assert.strictEqual(widest({ kind: 'unknown' }, { kind: 'rows', source: 'x' }).kind, 'rows');
  });

  describe('names changed in place', () => {
    const text = [
      'cols = []',
      'def build(fields):',
      '    names = []',
      '    for f in fields:',
      '        names.append(f)',
      '        def inner():',
      '            extra.extend(names)',
      '        total += 1',
      '    return names',
      'class Job:',
      '    def run(self):',
      '        parts.add(1)',
      'cols.append("a")',
    ].join('\n');
    const bodies = (statements: readonly Stmt[]) => {
      const fn = statements[1] as FunctionStmt;
      const inner = (fn.body[1]!.kind === 'loop' ? fn.body[1].body[1] : undefined) as FunctionStmt;
      const cls = statements[2] as Extract<Stmt, { kind: 'class' }>;
      return [fn.body, inner.body, cls.body, (cls.body[0] as FunctionStmt).body];
    };

    it('gathers the whole file, nested bodies included', async () => {
      const { statements } = await lowerSource('python', text);
      assert.deepStrictEqual([...namesChangedInPlace(statements)], ['names', 'extra', 'total', 'parts', 'cols']);
    });

    it('answers a function or class body the same whether the file was asked first (bodies found by its walk) or not', async () => {
      const walkedFirst = (await lowerSource('python', text)).statements;
      namesChangedInPlace(walkedFirst);
      const alone = (await lowerSource('python', text)).statements;
      assert.notStrictEqual(alone, walkedFirst);
      const asked = (statements: readonly Stmt[]) => bodies(statements).map((body) => [...namesChangedInPlace(body)]);
      assert.deepStrictEqual(asked(walkedFirst), asked(alone));
      assert.deepStrictEqual(asked(alone), [['names', 'extra', 'total'], ['extra'], ['parts'], ['parts']]);
    });
  });
});
