import * as assert from 'assert';
import type { AssignStmt, ClassStmt, Expr, FunctionStmt, LoweredFile, Span, Stmt } from '../../../server/src/syntax/ast';
import { LoweringCache } from '../../../server/src/syntax/loweringCache';
import { DOLLAR_MASK, lowerScala, maskDollarStrings } from '../../../server/src/syntax/scala/lowerScala';
import { parsers } from '../helpers/parsers';
import { strip } from '../helpers/strip';

// ------------------------------------------------------------------ helpers

/** Generous parse budget: these tests must not fail because the machine is busy. */
const BUDGET_MS = 60_000;

async function lower(text: string, cache = new LoweringCache(text)): Promise<LoweredFile> {
  const tree = (await parsers()).parse('scala', text, null, BUDGET_MS);
  try {
    return lowerScala(tree.rootNode, cache, text);
  } finally {
    tree.delete();
  }
}


async function statements(text: string): Promise<Stmt[]> {
  const result = await lower(text);
  assert.deepStrictEqual(result.syntaxErrors, [], `unexpected syntax errors in ${JSON.stringify(text)}`);
  return strip(result.statements);
}

async function stmt(text: string): Promise<Stmt> {
  const all = await statements(text);
  return all[all.length - 1];
}

/** The last statement's expression (or assigned value), positions stripped. */
async function expr(text: string): Promise<Expr> {
  const last = await stmt(text);
  assert.ok(last.kind === 'expr' || last.kind === 'assign', `expected an expression, got ${last.kind}`);
  return last.kind === 'expr' ? last.expr : last.value;
}

function span(line: number, character: number, endLine: number, endCharacter: number): Span {
  return { start: { line, character }, end: { line: endLine, character: endCharacter } };
}

// Builders for hand-written expectations (no spans: compared after `strip`).
const name = (id: string): Expr => ({ kind: 'name', id }) as Expr;
const member = (object: Expr, property: string): Expr => ({ kind: 'member', object, property }) as Expr;
const str = (value: string): Expr => ({ kind: 'literal', literalKind: 'string', value }) as Expr;
const num = (value: number): Expr => ({ kind: 'literal', literalKind: 'number', value }) as Expr;
const bool = (value: boolean): Expr => ({ kind: 'literal', literalKind: 'boolean', value }) as Expr;
const nul = (): Expr => ({ kind: 'literal', literalKind: 'null', value: null }) as Expr;
const col = (column: string): Expr => ({ kind: 'column', name: column }) as Expr;
const seq = (...items: Expr[]): Expr => ({ kind: 'sequence', items }) as Expr;
const unknown = (...children: Expr[]): Expr => ({ kind: 'unknown', children }) as Expr;
const binary = (operator: string, left: Expr, right: Expr): Expr => ({ kind: 'binary', operator, left, right }) as Expr;
const unary = (operator: string, operand: Expr): Expr => ({ kind: 'unary', operator, operand }) as Expr;
const block = (...body: Stmt[]): Expr => ({ kind: 'block', body }) as Expr;
function lambda(params: Array<string | [string, string]>, body: Expr | Stmt[]): Expr {
  return {
    kind: 'lambda',
    params: params.map((p) => (Array.isArray(p) ? { name: p[0], type: p[1] } : { name: p })),
    body,
  } as Expr;
}
function call(callee: Expr, ...args: Array<Expr | [string, Expr]>): Expr {
  return {
    kind: 'call',
    callee,
    args: args.map((a) => (Array.isArray(a) ? { name: a[0], value: a[1] } : { value: a })),
  } as Expr;
}
const method = (object: Expr, property: string, ...args: Array<Expr | [string, Expr]>): Expr => call(member(object, property), ...args);
const exprStmt = (e: Expr): Stmt => ({ kind: 'expr', expr: e }) as Stmt;
function assign(targets: string[], value: Expr, declaration: 'val' | 'var' | 'none' = 'val', operator = '=', typeAnnotation?: string): Stmt {
  const s = { kind: 'assign', targets, value, declaration, operator } as AssignStmt;
  if (typeAnnotation !== undefined) s.typeAnnotation = typeAnnotation;
  return s;
}
const ret = (value: Expr): Stmt => ({ kind: 'return', value }) as Stmt;

const spark = name('spark');
const df = name('df');
const read = member(spark, 'read');

/** A realistic Spark job: `$"col"` columns, leading-dot chains, loops, UDFs, match, try. */
const JOB = `package com.example.jobs

import org.apache.spark.sql.{DataFrame, SparkSession}
import org.apache.spark.sql.functions._
import org.apache.spark.sql.functions.{udf, col => c}

/** Daily revenue job. */
object RevenueJob {
  case class Sale(id: Long, amount: Double, region: String)

  @transient lazy val toUpper = udf((s: String) => s.toUpperCase)

  def load(spark: SparkSession, path: String): DataFrame =
    spark.read.option("header", "true").parquet(path)

  def main(args: Array[String]): Unit = {
    val spark = SparkSession.builder().appName("revenue").getOrCreate()
    import spark.implicits._

    val sales = load(spark, args(0))
      .filter($"amount" > 0 && $"region" =!= "test")
      .withColumn("region", toUpper($"region"))
    val regions = spark.read.parquet(args(1))
    var joined = sales.join(regions, sales("region") === regions("name"), "left")
    for (name <- Seq("a", "b", "c")) {
      joined = joined.withColumn(name, lit(1))
    }
    val cols = Seq("x", "y")
    val renamed = cols.foldLeft(joined)((acc, n) => acc.withColumnRenamed(n, n + "_r"))
    renamed.cache()
    val total = renamed.agg(sum('amount)).first().getDouble(0)
    if (total > 1e6) {
      println(s"big day: $total")
    } else {
      renamed.groupBy($"region").count().show()
    }
    val byRegion = renamed.rdd.map(r => (r.getString(0), r.getDouble(1))).reduceByKey(_ + _)
    byRegion.collect().foreach { case (region, amount) =>
      println(region + amount)
    }
    val label = total match {
      case t if t > 100 => "high"
      case _ => "low"
    }
    try {
      renamed.write.mode("overwrite").partitionBy("region").parquet(args(2))
    } catch {
      case e: Exception => println(e.getMessage)
    } finally {
      spark.stop()
    }
    var i = 0
    while (i < 3) {
      i += 1
    }
    Map("a" -> 1, "b" -> 2).foreach(println)
  }
}
`;

// ------------------------------------------------------------------ imports

describe('lowerScala: imports', () => {
  it('lowers every import form', async () => {
    const result = await statements(
      [
        'import org.apache.spark.sql.functions._',
        'import org.apache.spark.sql.functions.{udf, col}',
        'import org.apache.spark.sql.{DataFrame => DF, SparkSession, _}',
        'import org.apache.spark.sql.functions.broadcast',
        'import spark.implicits._',
        'import a.b, c.d.e',
        'import x.y.{z => _, _}',
        'import a.b.*',
        'import a.b.{c as d}',
        'import scala',
      ].join('\n'),
    );
    assert.deepStrictEqual(result, [
      { kind: 'import', module: 'org.apache.spark.sql.functions', names: [{ name: '*' }] },
      { kind: 'import', module: 'org.apache.spark.sql.functions', names: [{ name: 'udf' }, { name: 'col' }] },
      { kind: 'import', module: 'org.apache.spark.sql', names: [{ name: 'DataFrame', alias: 'DF' }, { name: 'SparkSession' }, { name: '*' }] },
      { kind: 'import', module: 'org.apache.spark.sql.functions', names: [{ name: 'broadcast' }] },
      { kind: 'import', module: 'spark.implicits', names: [{ name: '*' }] },
      { kind: 'import', module: 'a', names: [{ name: 'b' }] },
      { kind: 'import', module: 'c.d', names: [{ name: 'e' }] },
      { kind: 'import', module: 'x.y', names: [{ name: '*' }] },
      { kind: 'import', module: 'a.b', names: [{ name: '*' }] },
      { kind: 'import', module: 'a.b', names: [{ name: 'c', alias: 'd' }] },
      { kind: 'import', module: 'scala', names: [] },
    ]);
  });

  it('gives each import of a comma-separated declaration its own span', async () => {
    const result = await lower('import a.b, c.d.e');
    assert.deepStrictEqual(
      result.statements.map((s) => s.span),
      [span(0, 0, 0, 10), span(0, 12, 0, 17)],
    );
  });

  it('ignores package clauses but lowers the rest of the file', async () => {
    assert.deepStrictEqual(await statements('package com.example.jobs\n\nimport a.b.c\nval x = 1\n'), [
      { kind: 'import', module: 'a.b', names: [{ name: 'c' }] },
      assign(['x'], num(1)),
    ]);
    assert.deepStrictEqual(await statements('package a {\n  val x = 1\n}\n'), [assign(['x'], num(1))]);
  });
});

// ------------------------------------------------------------------ statements

describe('lowerScala: statements', () => {
  it('lowers a val with a type annotation', async () => {
    assert.deepStrictEqual(
      await stmt('val df: DataFrame = spark.read.parquet("x")'),
      assign(['df'], method(read, 'parquet', str('x')), 'val', '=', 'DataFrame'),
    );
    assert.deepStrictEqual(
      await stmt('val ds: Dataset[Row] = df'),
      assign(['ds'], df, 'val', '=', 'Dataset[Row]'),
    );
  });

  it('lowers var, tuple patterns, lazy and annotated vals', async () => {
    assert.deepStrictEqual(await stmt('var n = 0'), assign(['n'], num(0), 'var'));
    assert.deepStrictEqual(await stmt('val (a, b) = (df1, df2)'), assign(['a', 'b'], seq(name('df1'), name('df2'))));
    assert.deepStrictEqual(await stmt('val (a, _) = pair'), assign(['a', '_'], name('pair')));
    assert.deepStrictEqual(await stmt('val a, b = 1'), assign(['a', 'b'], num(1)));
    assert.deepStrictEqual(await stmt('@transient lazy val x = df.cache'), assign(['x'], member(df, 'cache')));
    assert.deepStrictEqual(await stmt('val _ = df.count()'), exprStmt(method(df, 'count')));
    assert.deepStrictEqual(await stmt('var d: DataFrame = _'), assign(['d'], unknown(), 'var', '=', 'DataFrame'));
  });

  it('lowers assignments and compound assignments', async () => {
    assert.deepStrictEqual(await stmt('x = df.filter(c)'), assign(['x'], method(df, 'filter', name('c')), 'none'));
    assert.deepStrictEqual(await stmt('n += a + b'), assign(['n'], binary('+', name('a'), name('b')), 'none', '+='));
    assert.deepStrictEqual(await stmt('buf ++= xs'), assign(['buf'], name('xs'), 'none', '++='));
    assert.deepStrictEqual(await stmt('this.x = df'), exprStmt(df));
    assert.deepStrictEqual(await stmt('a == b'), exprStmt(binary('==', name('a'), name('b'))));
    assert.deepStrictEqual(await stmt('a <= b'), exprStmt(binary('<=', name('a'), name('b'))));
  });

  it('lowers a var re-bound inside a for loop', async () => {
    const result = await statements(
      ['var df = spark.read.parquet("x")', 'for (c <- cols) {', '  df = df.withColumn(c, lit(1))', '}'].join('\n'),
    );
    assert.deepStrictEqual(result, [
      assign(['df'], method(read, 'parquet', str('x')), 'var'),
      {
        kind: 'loop',
        loopKind: 'for',
        variables: ['c'],
        iterable: name('cols'),
        body: [assign(['df'], method(df, 'withColumn', name('c'), call(name('lit'), num(1))), 'none')],
      },
    ]);
  });

  it('lowers for loops with several enumerators, guards and yield', async () => {
    assert.deepStrictEqual(await stmt('for (x <- xs; y <- ys if y > 1; z = x + y) println(z)'), {
      kind: 'loop',
      loopKind: 'for',
      variables: ['x', 'y'],
      iterable: name('xs'),
      body: [exprStmt(name('ys')), assign(['z'], binary('+', name('x'), name('y'))), exprStmt(call(name('println'), name('z')))],
    });
    assert.deepStrictEqual(await stmt('for {\n  (k, v) <- m\n  if v > 0\n} yield k'), {
      kind: 'loop',
      loopKind: 'for',
      variables: ['k', 'v'],
      iterable: name('m'),
      body: [exprStmt(name('k'))],
    });
    assert.deepStrictEqual(await expr('val r = for (i <- 1 to 3) yield i * 2'), {
      kind: 'comprehension',
      element: binary('*', name('i'), num(2)),
      variables: ['i'],
      iterable: binary('to', num(1), num(3)),
    });
  });

  it('lowers while and do-while loops', async () => {
    assert.deepStrictEqual(await stmt('while (i < 3) { i += 1 }'), {
      kind: 'loop',
      loopKind: 'while',
      variables: [],
      iterable: binary('<', name('i'), num(3)),
      body: [assign(['i'], num(1), 'none', '+=')],
    });
    assert.deepStrictEqual(await stmt('do { df.show() } while (more)'), {
      kind: 'loop',
      loopKind: 'while',
      variables: [],
      iterable: name('more'),
      body: [exprStmt(method(df, 'show'))],
    });
  });

  it('lowers if statements and if expressions', async () => {
    assert.deepStrictEqual(await stmt('if (n > 0) { df.cache() } else if (m) df.show() else { println(1) }'), {
      kind: 'if',
      condition: binary('>', name('n'), num(0)),
      then: [exprStmt(method(df, 'cache'))],
      otherwise: [
        {
          kind: 'if',
          condition: name('m'),
          then: [exprStmt(method(df, 'show'))],
          otherwise: [exprStmt(call(name('println'), num(1)))],
        },
      ],
    });
    assert.deepStrictEqual(
      await expr('val d = if (big) df.repartition(10) else df'),
      block({ kind: 'if', condition: name('big'), then: [exprStmt(method(df, 'repartition', num(10)))], otherwise: [exprStmt(df)] } as Stmt),
    );
  });

  it('lowers defs: parameters, return type, expression and block bodies', async () => {
    assert.deepStrictEqual(await stmt('def load(path: String, n: Int = 1)(implicit s: SparkSession): DataFrame = s.read.parquet(path)'), {
      kind: 'function',
      name: 'load',
      params: [
        { name: 'path', type: 'String' },
        { name: 'n', type: 'Int' },
        { name: 's', type: 'SparkSession' },
      ],
      decorators: [],
      returnType: 'DataFrame',
      body: [ret(method(member(name('s'), 'read'), 'parquet', name('path')))],
    });
    // A block body: its statements; the trailing expression is the result.
    assert.deepStrictEqual(await stmt('def f(df: DataFrame) = {\n  val a = df.cache()\n  a.count()\n}'), {
      kind: 'function',
      name: 'f',
      params: [{ name: 'df', type: 'DataFrame' }],
      decorators: [],
      body: [assign(['a'], method(df, 'cache')), ret(method(name('a'), 'count'))],
    });
    // Unit methods (`: Unit =` and the procedure syntax) have no result.
    const unit = (await stmt('def run(): Unit = {\n  df.count()\n}')) as FunctionStmt;
    assert.deepStrictEqual(unit.body, [exprStmt(method(df, 'count'))]);
    assert.strictEqual(unit.returnType, 'Unit');
    const procedure = (await stmt('def run() {\n  df.count()\n}')) as FunctionStmt;
    assert.deepStrictEqual(procedure.body, [exprStmt(method(df, 'count'))]);
    assert.deepStrictEqual(await stmt('trait T { def f: Int }'), {
      kind: 'class',
      name: 'T',
      body: [{ kind: 'function', name: 'f', params: [], decorators: [], returnType: 'Int', body: [] }],
    });
  });

  it('lowers objects, classes, case classes and traits', async () => {
    const result = await statements(
      [
        'object Job extends App {',
        '  val df = spark.read.parquet("x")',
        '  df.count()',
        '}',
        'class Helper(spark: SparkSession) extends Serializable {',
        '  def f(x: Int) = x',
        '}',
        'case class Sale(id: Long, amount: Double)',
        'trait Loader',
      ].join('\n'),
    );
    assert.deepStrictEqual(result, [
      { kind: 'class', name: 'Job', singleton: true, body: [assign(['df'], method(read, 'parquet', str('x'))), exprStmt(method(df, 'count'))] },
      {
        kind: 'class',
        name: 'Helper',
        params: [{ name: 'spark', type: 'SparkSession' }],
        body: [{ kind: 'function', name: 'f', params: [{ name: 'x', type: 'Int' }], decorators: [], body: [ret(name('x'))] }],
      },
      { kind: 'class', name: 'Sale', params: [{ name: 'id', type: 'Long' }, { name: 'amount', type: 'Double' }], body: [] },
      { kind: 'class', name: 'Loader', body: [] },
    ]);
  });

  it('keeps where an alphanumeric infix operator (a method call) is written', async () => {
    const lowered = await lower('val all = daily union weekly\nval ok = a === b && c');
    const values = lowered.statements.map((s) => (s.kind === 'assign' ? s.value : undefined));
    assert.deepStrictEqual(values.map((v) => v?.kind === 'binary' && v.operatorSpan), [span(0, 16, 0, 21), undefined]);
    const nested = values[1];
    assert.ok(nested?.kind === 'binary' && nested.left.kind === 'binary' && nested.left.operatorSpan === undefined);
  });

  it('lowers constructor parameters of classes, implicit classes and curried constructors', async () => {
    const result = await statements(
      [
        'implicit class RichFrame(val df: DataFrame) extends AnyVal {',
        '  def flags(fs: Seq[String]): DataFrame = fs.foldLeft(df)((acc, f) => acc.withColumn(f, lit(true)))',
        '}',
        'class Loader(spark: SparkSession, private val root: String = "/data")(implicit conf: Config)',
        'object Main',
      ].join('\n'),
    );
    assert.deepStrictEqual(
      result.map((s) => (s.kind === 'class' ? { name: s.name, params: s.params } : s.kind)),
      [
        { name: 'RichFrame', params: [{ name: 'df', type: 'DataFrame' }] },
        { name: 'Loader', params: [{ name: 'spark', type: 'SparkSession' }, { name: 'root', type: 'String' }, { name: 'conf', type: 'Config' }] },
        { name: 'Main', params: undefined },
      ],
    );
  });

  it('lowers return, try/catch/finally and match', async () => {
    assert.deepStrictEqual(await stmt('def f(): Int = {\n  return 1\n}'), {
      kind: 'function',
      name: 'f',
      params: [],
      decorators: [],
      returnType: 'Int',
      body: [ret(num(1))],
    });
    assert.deepStrictEqual(
      await statements('try { df.write.save(p) } catch { case e: Exception => log(e) } finally { spark.stop() }'),
      [
        exprStmt(method(member(df, 'write'), 'save', name('p'))),
        exprStmt(call(name('log'), name('e'))),
        exprStmt(method(spark, 'stop')),
      ],
    );
    assert.deepStrictEqual(
      await expr('val r = x match {\n  case 1 => df.count()\n  case _ => { val a = 1; a }\n}'),
      unknown(name('x'), method(df, 'count'), block(assign(['a'], num(1)), exprStmt(name('a')))),
    );
  });

  it('lowers a match statement to its scrutinee and an if / else-if chain of its arms, guards as conditions', async () => {
    const ifStmt = (condition: Expr, then: Stmt[], otherwise: Stmt[]): Stmt => ({ kind: 'if', condition, then, otherwise }) as Stmt;
    assert.deepStrictEqual(await statements('x match {\n  case 1 => df.count()\n  case n if n > 2 => df.show()\n  case _ => log(x)\n}'), [
      exprStmt(name('x')),
      ifStmt(unknown(), [exprStmt(method(df, 'count'))], [
        ifStmt(binary('>', name('n'), num(2)), [exprStmt(method(df, 'show'))], [ifStmt(unknown(), [exprStmt(call(name('log'), name('x')))], [])]),
      ]),
    ]);
  });

  it('returns the value of the arm that runs when a value-returning method ends in a match', async () => {
    const ifStmt = (condition: Expr, then: Stmt[], otherwise: Stmt[]): Stmt => ({ kind: 'if', condition, then, otherwise }) as Stmt;
    const arms = [exprStmt(name('u')), ifStmt(unknown(), [ret(method(df, 'count'))], [ifStmt(unknown(), [ret(num(0))], [])])];
    for (const text of ['def f(u: String): Long = {\n  u match {\n    case "a" => df.count()\n    case _ => 0\n  }\n}', 'def f(u: String): Long = u match {\n  case "a" => df.count()\n  case _ => 0\n}']) {
      const lowered = await stmt(text);
      assert.ok(lowered.kind === 'function');
      assert.deepStrictEqual(lowered.body, arms);
    }
    const unit = await stmt('def g(u: String): Unit = {\n  u match {\n    case "a" => df.count()\n    case _ => 0\n  }\n}');
    assert.ok(unit.kind === 'function');
    assert.deepStrictEqual(unit.body, [exprStmt(name('u')), ifStmt(unknown(), [exprStmt(method(df, 'count'))], [ifStmt(unknown(), [exprStmt(num(0))], [])])]);
  });
});

// ------------------------------------------------------------------ expressions

describe('lowerScala: expressions', () => {
  it('lowers method chains, calls and parameterless calls', async () => {
    assert.deepStrictEqual(await expr('df.cache'), member(df, 'cache'));
    assert.deepStrictEqual(await expr('df.count()'), method(df, 'count'));
    assert.deepStrictEqual(await expr('df count'), member(df, 'count'));
    assert.deepStrictEqual(
      await expr('df.write.mode("overwrite").save(p)'),
      method(method(member(df, 'write'), 'mode', str('overwrite')), 'save', name('p')),
    );
  });

  it('gives a leading-dot multi-line chain the one-line structure', async () => {
    const multi = await expr(
      ['val out = df', '  .filter(col("a") > 1)', '  // keep the left rows', '  .join(other, Seq("id"), "left")', '  .groupBy("k")', '  .count()'].join('\n'),
    );
    const single = await expr('val out = df.filter(col("a") > 1).join(other, Seq("id"), "left").groupBy("k").count()');
    assert.deepStrictEqual(multi, single);
    assert.deepStrictEqual(
      single,
      method(
        method(method(method(df, 'filter', binary('>', call(name('col'), str('a')), num(1))), 'join', name('other'), seq(str('id')), str('left')), 'groupBy', str('k')),
        'count',
      ),
    );
  });

  it('lowers named, block, case-block and curried arguments', async () => {
    assert.deepStrictEqual(await expr('f(x = 1, 2)'), call(name('f'), ['x', num(1)], num(2)));
    assert.deepStrictEqual(
      await expr('xs.foreach { x => println(x) }'),
      method(name('xs'), 'foreach', lambda(['x'], call(name('println'), name('x')))),
    );
    assert.deepStrictEqual(
      await expr('df.transform { d =>\n  val a = d.cache()\n  a\n}'),
      method(df, 'transform', lambda(['d'], [assign(['a'], method(name('d'), 'cache')), exprStmt(name('a'))])),
    );
    assert.deepStrictEqual(
      await expr('m.map { case (k, v) => k }'),
      method(name('m'), 'map', lambda(['k', 'v'], name('k'))),
    );
    assert.deepStrictEqual(
      await expr('m.map { case Some(k) => k; case None => 0 }'),
      method(name('m'), 'map', unknown(name('k'), num(0))),
    );
    assert.deepStrictEqual(await expr('spark.time { df.count() }'), method(spark, 'time', method(df, 'count')));
  });

  it('lowers foldLeft with a lambda as nested calls', async () => {
    const folded = lambda(['acc', 'c'], method(name('acc'), 'withColumn', name('c'), call(name('lit'), num(0))));
    assert.deepStrictEqual(
      await expr('val out = cols.foldLeft(df)((acc, c) => acc.withColumn(c, lit(0)))'),
      call(method(name('cols'), 'foldLeft', df), folded),
    );
    assert.deepStrictEqual(
      await expr('cols.foldLeft(df) { (acc, c) => acc.withColumn(c, lit(0)) }'),
      call(method(name('cols'), 'foldLeft', df), folded),
    );
  });

  it('lowers typed lambdas and udfs', async () => {
    assert.deepStrictEqual(
      await expr('val up = udf((s: String) => s.toUpperCase)'),
      call(name('udf'), lambda([['s', 'String']], member(name('s'), 'toUpperCase'))),
    );
    assert.deepStrictEqual(await expr('val f = (a: Int, b: Int) => a + b'), lambda([['a', 'Int'], ['b', 'Int']], binary('+', name('a'), name('b'))));
    assert.deepStrictEqual(await expr('xs.foreach(x => acc += x)'), method(name('xs'), 'foreach', lambda(['x'], [assign(['acc'], name('x'), 'none', '+=')])));
  });

  it('wraps placeholder arguments in lambdas', async () => {
    assert.deepStrictEqual(await expr('xs.map(_.sum)'), method(name('xs'), 'map', lambda(['_'], member(name('_'), 'sum'))));
    assert.deepStrictEqual(await expr('xs.reduce(_ + _)'), method(name('xs'), 'reduce', lambda(['_'], binary('+', name('_'), name('_')))));
    assert.deepStrictEqual(await expr('xs.foreach(println(_))'), method(name('xs'), 'foreach', lambda(['_'], call(name('println'), name('_')))));
    assert.deepStrictEqual(await expr('xs.map { _ * 2 }'), method(name('xs'), 'map', lambda(['_'], binary('*', name('_'), num(2)))));
    assert.deepStrictEqual(await expr('xs.foreach(f _)'), method(name('xs'), 'foreach', name('f')));
  });

  it('drops type arguments of generic calls', async () => {
    assert.deepStrictEqual(await expr('df.as[Person]'), member(df, 'as'));
    assert.deepStrictEqual(await expr('spark.read.parquet(p).as[Event]'), member(method(read, 'parquet', name('p')), 'as'));
    assert.deepStrictEqual(await expr('df.as[Person].map(p => p.name)'), method(member(df, 'as'), 'map', lambda(['p'], member(name('p'), 'name'))));
    assert.deepStrictEqual(await expr('Seq[Int](1, 2)'), seq(num(1), num(2)));
  });

  it('lowers new as a call of the class', async () => {
    assert.deepStrictEqual(await expr('new SparkConf().setAppName("a")'), method(call(name('SparkConf')), 'setAppName', str('a')));
    assert.deepStrictEqual(await expr('new StructField("a", StringType, true)'), call(name('StructField'), str('a'), name('StringType'), bool(true)));
    assert.deepStrictEqual(await expr('new org.apache.spark.SparkConf'), call(name('SparkConf')));
  });

  it('lowers literals', async () => {
    assert.deepStrictEqual(await expr('"a\\tb"'), str('a\\tb'));
    assert.deepStrictEqual(await expr('"""select * from t"""'), str('select * from t'));
    assert.deepStrictEqual(await expr('s"/data/$day/x"'), str('/data/$day/x'));
    assert.deepStrictEqual(await expr('f"$n%.2f"'), str('$n%.2f'));
    assert.deepStrictEqual(await expr('s"n=${df.count()}"'), unknown(str('n=${df.count()}'), block(exprStmt(method(df, 'count')))));
    // `${df}` is `$df` with braces: the value's toString, no code to follow.
    assert.deepStrictEqual(await expr('s"in ${df}: ${df.count()}"'), unknown(str('in ${df}: ${df.count()}'), block(exprStmt(method(df, 'count')))));
    assert.deepStrictEqual(await expr('s"in ${df}"'), str('in ${df}'));
    assert.deepStrictEqual(await expr("'c'"), str('c'));
    assert.deepStrictEqual(await expr('10L'), num(10));
    assert.deepStrictEqual(await expr('1e6'), num(1e6));
    assert.deepStrictEqual(await expr('1_000'), num(1000));
    assert.deepStrictEqual(await expr('0x1F'), num(31));
    assert.deepStrictEqual(await expr('1.5f'), num(1.5));
    assert.deepStrictEqual(await expr('true'), bool(true));
    assert.deepStrictEqual(await expr('false'), bool(false));
    assert.deepStrictEqual(await expr('null'), nul());
  });

  it('lowers $"col" as a column wherever it appears, without syntax errors', async () => {
    assert.deepStrictEqual(await expr('val c = $"k"'), col('k'));
    assert.deepStrictEqual(await expr('df.select($"a", $"b")'), method(df, 'select', col('a'), col('b')));
    assert.deepStrictEqual(await expr('df.filter($"x" > 1)'), method(df, 'filter', binary('>', col('x'), num(1))));
    assert.deepStrictEqual(await expr('df.groupBy($"k")'), method(df, 'groupBy', col('k')));
    assert.deepStrictEqual(
      await expr('df.groupBy($"k").agg(sum($"v").as("s"))'),
      method(method(df, 'groupBy', col('k')), 'agg', method(call(name('sum'), col('v')), 'as', str('s'))),
    );
    assert.deepStrictEqual(
      await expr('df.filter($"x" > 1 && $"y" === "z").select($"a.b")'),
      method(method(df, 'filter', binary('&&', binary('>', col('x'), num(1)), binary('===', col('y'), str('z')))), 'select', col('a.b')),
    );
    assert.deepStrictEqual(await expr('df.withColumn("n", $"a" + 1)'), method(df, 'withColumn', str('n'), binary('+', col('a'), num(1))));
    assert.deepStrictEqual(await expr('df.sort($"a".desc)'), method(df, 'sort', member(col('a'), 'desc')));
  });

  it('keeps $"col" columns inside definitions and reads literals from the real text', async () => {
    const text = ['object J {', '  def f(df: DataFrame) = {', '    val price = "costs $"', '    df', '      .select($"a", $"b")', '  }', '}'].join('\n');
    const result = await lower(text);
    assert.deepStrictEqual(result.syntaxErrors, []);
    const fn = (result.statements[0] as ClassStmt).body[0] as FunctionStmt;
    assert.deepStrictEqual(strip(fn.body), [assign(['price'], str('costs $')), ret(method(df, 'select', col('a'), col('b')))]);
    const select = (fn.body[1] as { value: Expr }).value as Extract<Expr, { kind: 'call' }>;
    assert.deepStrictEqual(select.args[0].value.span, span(4, 14, 4, 18));
  });

  it('also accepts a tree parsed from text already masked with maskDollarStrings', async () => {
    const text = 'df.groupBy($"k").agg(sum($"v"))\nval s = "a$"';
    const masked = maskDollarStrings(text);
    assert.strictEqual(masked.length, text.length);
    assert.strictEqual(masked, text.replace(/\$"k"/, `${DOLLAR_MASK}"k"`).replace(/\$"v"/, `${DOLLAR_MASK}"v"`));
    const tree = (await parsers()).parse('scala', masked, null, BUDGET_MS);
    try {
      const result = lowerScala(tree.rootNode, new LoweringCache(text), text);
      assert.deepStrictEqual(result.syntaxErrors, []);
      assert.deepStrictEqual(strip(result.statements), [
        exprStmt(method(method(df, 'groupBy', col('k')), 'agg', call(name('sum'), col('v')))),
        assign(['s'], str('a$')),
      ]);
    } finally {
      tree.delete();
    }
  });

  it("lowers 'col symbols as columns", async () => {
    assert.deepStrictEqual(await expr("df.select('a, 'b)"), method(df, 'select', col('a'), col('b')));
    assert.deepStrictEqual(await expr("df.filter('x > 1)"), method(df, 'filter', binary('>', col('x'), num(1))));
  });

  it('lowers column comparisons with Scala operator precedence', async () => {
    assert.deepStrictEqual(await expr('df("k") === other("k")'), binary('===', call(df, str('k')), call(name('other'), str('k'))));
    assert.deepStrictEqual(
      await expr('a("k") === b("k") && a("d") =!= b("d")'),
      binary('&&', binary('===', call(name('a'), str('k')), call(name('b'), str('k'))), binary('=!=', call(name('a'), str('d')), call(name('b'), str('d')))),
    );
    assert.deepStrictEqual(await expr('a + b * c'), binary('+', name('a'), binary('*', name('b'), name('c'))));
    assert.deepStrictEqual(await expr('a * b + c'), binary('+', binary('*', name('a'), name('b')), name('c')));
    assert.deepStrictEqual(await expr('x :: y :: Nil'), binary('::', name('x'), binary('::', name('y'), name('Nil'))));
    assert.deepStrictEqual(await expr('df join other'), binary('join', df, name('other')));
    assert.deepStrictEqual(await expr('1 to 10'), binary('to', num(1), num(10)));
    assert.deepStrictEqual(await expr('0 until n'), binary('until', num(0), name('n')));
    assert.deepStrictEqual(await expr('"a" -> 1'), binary('->', str('a'), num(1)));
    assert.deepStrictEqual(await expr('!done'), unary('!', name('done')));
    assert.deepStrictEqual(await expr('-x'), unary('-', name('x')));
    assert.deepStrictEqual(await expr('(a + b) * c'), binary('*', binary('+', name('a'), name('b')), name('c')));
  });

  it('lowers collections, tuples and maps', async () => {
    assert.deepStrictEqual(
      await expr('Seq(("a", 1)).toDF("k", "v")'),
      method(seq(seq(str('a'), num(1))), 'toDF', str('k'), str('v')),
    );
    for (const factory of ['Seq', 'List', 'Array', 'Set', 'Vector', 'IndexedSeq']) {
      assert.deepStrictEqual(await expr(`${factory}(1, 2)`), seq(num(1), num(2)), factory);
    }
    assert.deepStrictEqual(await expr('(a, b)'), seq(name('a'), name('b')));
    assert.deepStrictEqual(await expr('Map("a" -> 1, ("b", 2))'), {
      kind: 'mapping',
      entries: [
        { key: str('a'), value: num(1) },
        { key: str('b'), value: num(2) },
      ],
    });
    assert.deepStrictEqual(await expr('Map(pairs: _*)'), call(name('Map'), name('pairs')));
  });

  it('lowers blocks and parenthesized expressions', async () => {
    assert.deepStrictEqual(await expr('val x = { val a = 1; a + 1 }'), block(assign(['a'], num(1)), exprStmt(binary('+', name('a'), num(1)))));
    assert.deepStrictEqual(await expr('val x = (df)'), df);
  });
});

// ------------------------------------------------------------------ spans

describe('lowerScala: spans', () => {
  it('uses 0-based lines and UTF-16 columns, with the property span on the name', async () => {
    const result = await lower('// é\nval dé = spark.read.parquet("x")\ndé.cache\n');
    const [first, second] = result.statements as [AssignStmt, Stmt];
    // `val dé = spark.read.parquet("x")`: é is one UTF-16 unit.
    assert.deepStrictEqual(first.span, span(1, 0, 1, 32));
    const parquet = first.value as Extract<Expr, { kind: 'call' }>;
    assert.deepStrictEqual(parquet.span, span(1, 9, 1, 32));
    assert.deepStrictEqual(parquet.argsSpan, span(1, 27, 1, 32));
    const callee = parquet.callee as Extract<Expr, { kind: 'member' }>;
    assert.deepStrictEqual(callee.propertySpan, span(1, 20, 1, 27));
    assert.deepStrictEqual(callee.span, span(1, 9, 1, 27));
    assert.ok(second.kind === 'expr' && second.expr.kind === 'member');
    assert.deepStrictEqual(second.expr.propertySpan, span(2, 3, 2, 8));
  });

  it('spans multi-line chains, defs and block arguments', async () => {
    const result = await lower('object J {\n  def f(d: DataFrame) = d\n    .filter(x)\n  xs.foreach { x =>\n    x\n  }\n}\n');
    const [fn, loop] = (result.statements[0] as ClassStmt).body as [FunctionStmt, Stmt];
    assert.deepStrictEqual(fn.nameSpan, span(1, 6, 1, 7));
    assert.deepStrictEqual(fn.span, span(1, 2, 2, 14));
    const filter = (fn.body[0] as { value: Expr }).value as Extract<Expr, { kind: 'call' }>;
    assert.deepStrictEqual((filter.callee as Extract<Expr, { kind: 'member' }>).propertySpan, span(2, 5, 2, 11));
    assert.ok(loop.kind === 'expr' && loop.expr.kind === 'call');
    assert.deepStrictEqual(loop.expr.argsSpan, span(3, 13, 5, 3));
  });
});

// ------------------------------------------------------------------ error recovery

describe('lowerScala: half-typed code', () => {
  it('records syntax errors and still lowers the members around them', async () => {
    const text = [
      'object Job {',
      '  val a = spark.read.parquet("a")',
      '  val b = a.filter(',
      '  def helper(df: DataFrame): DataFrame = df.cache',
      '  val c = a.count()',
      '}',
    ].join('\n');
    const result = await lower(text);
    assert.ok(result.syntaxErrors.length > 0);
    const job = result.statements[0] as ClassStmt;
    assert.strictEqual(job.kind, 'class');
    const body = strip(job.body);
    assert.deepStrictEqual(body[0], assign(['a'], method(read, 'parquet', str('a'))));
    assert.deepStrictEqual(body[body.length - 1], assign(['c'], method(name('a'), 'count')));
  });

  it('keeps complete statements of a file that is one ERROR node', async () => {
    const text = ['object Job extends App {', '  val df = spark.read.parquet("x")', '  df.cache', '  val y = df.filter(', '  val ok = 1'].join('\n');
    const result = await lower(text);
    assert.ok(result.syntaxErrors.length > 0);
    const flat = JSON.stringify(strip(result.statements));
    assert.ok(flat.includes(JSON.stringify(assign(['df'], method(read, 'parquet', str('x'))))), flat);
    assert.ok(flat.includes(JSON.stringify(member(df, 'cache'))), flat);
  });

  it('records MISSING nodes', async () => {
    const result = await lower('val a = df.select(\nval b = 2\n');
    assert.ok(result.syntaxErrors.some((s) => s.start.line === s.end.line && s.start.character === s.end.character));
  });

  it('never throws on any prefix of a realistic job, and the cache agrees with a fresh lowering', async function () {
    this.timeout(300_000);
    const p = await parsers();
    let cache = new LoweringCache('');
    for (let end = 0; end <= JOB.length; end += 7) {
      const text = JOB.slice(0, end);
      const tree = p.parse('scala', text, null, BUDGET_MS);
      try {
        cache = cache.next(text);
        const cached = lowerScala(tree.rootNode, cache);
        const fresh = lowerScala(tree.rootNode, new LoweringCache(text));
        assert.strictEqual(cached.language, 'scala');
        assert.deepStrictEqual(cached, fresh, `prefix of length ${end}`);
      } finally {
        tree.delete();
      }
    }
  });

  it('never throws on garbage', async function () {
    this.timeout(120_000);
    const p = await parsers();
    let seed = 12345;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const pieces = ['val', 'var', 'def', 'object', 'class', 'case', '=>', '<-', '$"', '"', "'", '(', ')', '{', '}', '[', ']', '_', '.', ',', ';', '\n', ' ', 'df', 'x', '1', '===', '+', 'for', 'if', 'else', 'match', 'import', 'yield', '"""', 's"', '${', '//', '/*', '@', ':', '=', 'new', 'é'];
    for (let sample = 0; sample < 300; sample++) {
      const length = random(120);
      let text = '';
      for (let i = 0; i < length; i++) text += random(4) === 0 ? String.fromCharCode(32 + random(95)) : pieces[random(pieces.length)];
      const tree = p.parse('scala', text, null, BUDGET_MS);
      try {
        const result = lowerScala(tree.rootNode, new LoweringCache(text), text);
        assert.strictEqual(result.language, 'scala');
      } finally {
        tree.delete();
      }
    }
  });

  it('never throws on deep nesting and keeps the result shallow', async function () {
    this.timeout(120_000);
    const depthOf = (value: unknown): number => {
      let max = 0;
      const stack: Array<[unknown, number]> = [[value, 0]];
      while (stack.length > 0) {
        const [v, d] = stack.pop()!;
        max = Math.max(max, d);
        if (v && typeof v === 'object') for (const child of Object.values(v)) stack.push([child, d + 1]);
      }
      return max;
    };
    const texts = [
      'val x = ' + '('.repeat(1000) + '1' + ')'.repeat(1000),
      'val x = df' + '.filter(a)'.repeat(600),
      'val x = "a"' + ' + "b"'.repeat(5000),
      'val x = 1' + ' :: 2'.repeat(1000),
      'val x = ' + 'f(x => '.repeat(1000) + '1' + ')'.repeat(1000),
      'if (a) {\n'.repeat(1000) + 'x' + '}'.repeat(1000),
      'val x = ' + 'f('.repeat(3000),
    ];
    for (const text of texts) {
      const result = await lower(text);
      assert.ok(depthOf(result.statements) < 5000, text.slice(0, 20));
    }
  });
});

// ------------------------------------------------------------------ cache

describe('lowerScala: lowering cache', () => {
  const v1 = [
    'import org.apache.spark.sql.functions._',
    'object Job {',
    '  val a = spark.read.parquet("a")',
    '  val b = a.filter($"x" > 1)',
    '  def main(args: Array[String]): Unit = {',
    '    val c = a.join(b, "id")',
    '    c.write.parquet("out")',
    '  }',
    '}',
  ].join('\n');

  it('reuses unchanged members after an edit elsewhere', async () => {
    const cache1 = new LoweringCache(v1);
    const r1 = await lower(v1, cache1);
    const v2 = v1.replace('"a")', '"aa")');
    const r2 = await lower(v2, cache1.next(v2));
    const [job1, job2] = [r1.statements[1] as ClassStmt, r2.statements[1] as ClassStmt];
    assert.notStrictEqual(job1.body[0], job2.body[0]);
    assert.strictEqual(job1.body[1], job2.body[1]);
    assert.strictEqual(job1.body[2], job2.body[2]);
    assert.strictEqual(r1.statements[0], r2.statements[0]);
    assert.deepStrictEqual(r2, await lower(v2));
  });

  it("reuses the unchanged statements of an edited member's body", async () => {
    const cache1 = new LoweringCache(v1);
    const r1 = await lower(v1, cache1);
    const v2 = v1.replace('"out"', '"out2"');
    const r2 = await lower(v2, cache1.next(v2));
    const main1 = (r1.statements[1] as ClassStmt).body[2] as FunctionStmt;
    const main2 = (r2.statements[1] as ClassStmt).body[2] as FunctionStmt;
    assert.notStrictEqual(main1, main2);
    assert.strictEqual(main1.body[0], main2.body[0]);
    assert.notStrictEqual(main1.body[1], main2.body[1]);
    assert.deepStrictEqual(r2, await lower(v2));
  });

  it('agrees with a fresh lowering across a sequence of edits of the job', async function () {
    this.timeout(60_000);
    let text = JOB;
    let cache = new LoweringCache(text);
    await lower(text, cache);
    const edits: Array<[string, string]> = [
      ['"revenue"', '"revenue2"'],
      ['    var i = 0\n', '    var i = 1\n    val extra = $"q"\n'],
      ['renamed.cache()', 'renamed.cache(); renamed.unpersist()'],
      ['.filter($"amount" > 0', '.filter($"amount" >'],
      ['.filter($"amount" >', '.filter($"amount" > 0'],
    ];
    for (const [from, to] of edits) {
      assert.ok(text.includes(from), from);
      text = text.replace(from, to);
      cache = cache.next(text);
      assert.deepStrictEqual(await lower(text, cache), await lower(text), `after ${to}`);
    }
  });
});

// ------------------------------------------------------------------ the realistic job

describe('lowerScala: a realistic job', () => {
  it('lowers the whole job without syntax errors', async () => {
    const result = await lower(JOB);
    assert.deepStrictEqual(result.syntaxErrors, []);
    const job = result.statements[result.statements.length - 1] as ClassStmt;
    assert.strictEqual(job.name, 'RevenueJob');
    const main = job.body.find((s) => s.kind === 'function' && s.name === 'main') as FunctionStmt;
    const sales = strip(main.body[2]);
    assert.deepStrictEqual(
      sales,
      assign(
        ['sales'],
        method(
          method(call(name('load'), spark, call(name('args'), num(0))), 'filter', binary('&&', binary('>', col('amount'), num(0)), binary('=!=', col('region'), str('test')))),
          'withColumn',
          str('region'),
          call(name('toUpper'), col('region')),
        ),
      ),
    );
  });
});
