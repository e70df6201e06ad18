import * as assert from 'assert';
import { disabledBroadcastThreshold, isZeroByteSize } from '../../../server/src/model/configs';
import { joinConditionShape } from '../../../server/src/model/joinConditions';
import { logMessageContext } from '../../../server/src/model/logCalls';
import { discardedSorts } from '../../../server/src/model/sortFate';
import type { Language } from '../../../server/src/syntax/ast';
import { modelOf } from '../helpers/parsers';

/** The shape of the only join in a snippet. */
async function shape(language: Language, source: string): Promise<string | undefined> {
  const m = await modelOf(language, source);
  assert.strictEqual(m.joins.length, 1, `one join in ${source}`);
  const found = joinConditionShape(m.joins[0]!.condition, m.imports);
  return found?.kind === 'non-equi' ? `non-equi: ${found.reasons.join(', ')}` : found?.kind;
}

describe('join conditions', () => {
  const py = (condition: string) => shape('python', `from pyspark.sql import functions as F\na = spark.table("a")\nb = spark.table("b")\na.join(b, ${condition}, "inner")`);
  const scala = (condition: string) => shape('scala', `import org.apache.spark.sql.functions._\nobject J { val a = spark.table("a"); val b = spark.table("b"); a.join(b, ${condition}, "inner") }`);

  it('reads column names and top-level equalities as equi-joins', async () => {
    assert.strictEqual(await py('"k"'), 'equi');
    assert.strictEqual(await py('["k", "day"]'), 'equi');
    assert.strictEqual(await py('(a.k == b.k) & (a.ts < b.end)'), 'equi');
    assert.strictEqual(await py('[a.k == b.k, a.ts > b.start]'), 'equi');
    assert.strictEqual(await py('a.k.eqNullSafe(b.k)'), 'equi');
    assert.strictEqual(await scala('a("k") === b("k") && a("ts") < b("end")'), 'equi');
    assert.strictEqual(await scala('Seq("k")'), 'equi');
  });

  it('tells why a condition without an equality of the sides has no join key', async () => {
    assert.strictEqual(await py('(a.ts >= b.start) & (a.ts < b.end)'), 'non-equi: range');
    assert.strictEqual(await py('a.ts.between(b.start, b.end)'), 'non-equi: range');
    assert.strictEqual(await py('F.array_contains(b.ids, a.id)'), 'non-equi: array-contains');
    assert.strictEqual(await py('(a.k == b.k) | (a.j == b.j)'), 'non-equi: or');
    assert.strictEqual(await py('F.col("a.url").contains(F.col("b.slug"))'), 'non-equi: string-match');
    assert.strictEqual(await py('(a.id != b.id) & (b.flag == True)'), 'non-equi: not-equal, one-side-filter');
    assert.strictEqual(await scala('col("a.id") =!= col("b.id")'), 'non-equi: not-equal');
    assert.strictEqual(await scala('array_contains(b("ids"), a("id"))'), 'non-equi: array-contains');
    assert.strictEqual(await py('F.expr("a.ts BETWEEN b.start AND b.end")'), 'non-equi: range');
  });

  it('finds the equality that every alternative of an OR shares, as Catalyst factors it out', async () => {
    assert.strictEqual(await py('((a.k == b.k) & (a.x < b.x)) | ((b.k == a.k) & (a.y < b.y))'), 'equi');
    assert.strictEqual(await scala('(a("k") === b("k") && a("x") < b("x")) || (a("k") === b("k") && a("y") === lit(1))'), 'equi');
    assert.strictEqual(await py('((a.k == b.k) & (a.x < b.x)) | ((a.j == b.j) & (a.y < b.y))'), 'non-equi: or');
  });

  it('gives up on parts it cannot read', async () => {
    assert.strictEqual(await py('cond'), 'unknown');
    assert.strictEqual(await py('(a.ts < b.end) & extra'), 'unknown');
    assert.strictEqual(await py('F.expr("a.k = b.k")'), 'equi');
    assert.strictEqual(await py('my_udf(a.x, b.y)'), 'unknown');
  });
});

describe('log message context', () => {
  async function contexts(language: Language, source: string) {
    const m = await modelOf(language, source);
    return m.actions.map((action) => {
      const found = logMessageContext(m.statements, action.step.span, m.language, m.imports);
      return found && `${action.step.span.start.line + 1}: ${found.callee} ${found.level} ${found.evaluation ?? '?'}${found.guarded ? ' guarded' : ''}${found.inLambda ? ' lambda' : ''}`;
    });
  }

  it('finds Python logging calls around actions, in f-strings, format calls and % arguments', async () => {
    assert.deepStrictEqual(await contexts('python', [
      'df = spark.table("t")',
      'logger.info(f"{df.count()} rows")',
      'logging.debug("n=%d", df.count())',
      'self.log.warning("n={}".format(df.count()))',
      'if logger.isEnabledFor(logging.DEBUG):',
      '    logger.debug("n=%d", df.count())',
      'logger.opt(lazy=True).debug("{n}", n=lambda: df.count())',
      'print(df.count())',
      'logging.getLogger(__name__).log(logging.DEBUG, df.count())',
    ].join('\n')), [
      '2: logger.info info eager',
      '3: logging.debug debug eager',
      '4: self.log.warning warn eager',
      '6: logger.debug debug eager guarded',
      '7: logger.opt(...).debug debug eager lambda',
      undefined,
      '9: getLogger(...).log debug eager',
    ]);
  });

  it('knows which Scala logging APIs build the message only when the level is on', async () => {
    const source = (imports: string, body: string) => `${imports}\nobject A { def f(df: DataFrame): Unit = { ${body} } }`;
    assert.deepStrictEqual(await contexts('scala', source('import org.slf4j.LoggerFactory', 'logger.debug(s"n=${df.count}")')), ['2: logger.debug debug eager']);
    assert.deepStrictEqual(await contexts('scala', source('import com.typesafe.scalalogging.LazyLogging', 'logger.debug(s"n=${df.count}")')), ['2: logger.debug debug lazy']);
    assert.deepStrictEqual(await contexts('scala', source('import org.apache.spark.internal.Logging', 'logDebug(s"n=${df.count}"); log.debug("n=" + df.count)')), ['2: logDebug debug lazy', '2: log.debug debug eager']);
    assert.deepStrictEqual(await contexts('scala', source('', 'if (log.isDebugEnabled) log.debug("n=" + df.count)')), ['2: log.debug debug ? guarded']);
    assert.deepStrictEqual(await contexts('scala', source('', 'println(df.count); catalog.info(df.count)')), [undefined, undefined]);
  });
});

describe('discarded sorts', () => {
  async function found(language: Language, source: string): Promise<string[]> {
    const m = await modelOf(language, source);
    return discardedSorts(m).map((d) => `${d.sort.nameSpan.start.line + 1}: ${d.kind} by ${d.by.name}`);
  }

  it('follows the sorted rows across bindings and order-keeping steps to what throws the order away', async () => {
    assert.deepStrictEqual(await found('python', [
      'orders = spark.table("orders")',
      's = orders.orderBy(F.desc("ts"))',
      't = s.select("id", "ts", "status").where("status is not null")',
      'latest = t.dropDuplicates(["id"])',
      'lists = orders.sort("ts").groupBy("id").pivot("kind").agg(F.collect_list("v"))',
      'orders.orderBy("ts").withColumnRenamed("v", "w").repartition(8).write.parquet("x")',
      'orders.orderBy("ts").repartition(8, "k").write.parquet("y")',
      'orders.orderBy("ts").repartition(8).write.partitionBy("day").parquet("z")',
    ].join('\n')), ['2: deduplicated by dropDuplicates', '5: ordered-aggregate by agg', '6: repartitioned by repartition']);
  });

  it('leaves sorts that Spark removes, sorts that something observes, and order-dependent projections', async () => {
    assert.deepStrictEqual(await found('python', [
      'orders = spark.table("orders")',
      'orders.orderBy("ts").dropDuplicates().count()',
      'orders.orderBy("ts").groupBy("id").agg(F.max("v")).count()',
      's = orders.orderBy("ts")',
      's.show()',
      's.dropDuplicates(["id"]).count()',
      'orders.orderBy("ts").withColumn("n", F.monotonically_increasing_id()).repartition(4).count()',
      'orders.orderBy("ts").limit(10).dropDuplicates(["id"]).count()',
    ].join('\n')), []);
  });

  it('reports a sorted cache only when its readers are joins, order-free aggregations or writes', async () => {
    const source = (reads: string[]) => ['orders = spark.table("orders")', 'dim = spark.table("dim")', 'c = orders.orderBy("k").cache()', ...reads].join('\n');
    assert.deepStrictEqual(await found('python', source(['c.join(dim, "k", "inner").count()', 'dim.join(c, "k", "left").count()', 'c.groupBy("k").count().count()'])), ['3: cached by cache']);
    assert.deepStrictEqual(await found('python', source(['c.join(dim, "k", "inner").count()', 'c.show()'])), []);
    assert.deepStrictEqual(await found('python', source(['c.write.parquet("x")'])), []);
  });
});

describe('configuration values', () => {
  it('reads zero byte sizes in every unit and a disabled broadcast threshold', async () => {
    const m = await modelOf('python', [
      'spark.conf.set("spark.driver.maxResultSize", "0")',
      'spark.conf.set("spark.driver.maxResultSize", "0g")',
      'spark.conf.set("spark.driver.maxResultSize", 0)',
      'spark.conf.set("spark.driver.maxResultSize", "10g")',
      'spark.conf.set("spark.driver.maxResultSize", "0.5g")',
      'spark.conf.set("spark.sql.autoBroadcastJoinThreshold", "10MB")',
      'spark.conf.set("spark.sql.autoBroadcastJoinThreshold", -1)',
    ].join('\n'));
    assert.deepStrictEqual(m.configs.filter((c) => c.key === 'spark.driver.maxResultSize').map(isZeroByteSize), [true, true, true, false, false]);
    assert.strictEqual(disabledBroadcastThreshold(m.configs)?.span.start.line, 6);
  });
});

describe('values the model now follows', () => {
  it('binds a Scala val whose value is on the next line, as scalafmt writes long ones', async () => {
    const m = await modelOf('scala', [
      'object J { def f(candidate: DataFrame, fetched: DataFrame): Unit = {',
      '  val insert =',
      '    candidate.as("c").join(fetched.as("f"), Seq("k"), "left_anti")',
      '  println(insert.count)',
      '} }',
    ].join('\n'));
    assert.deepStrictEqual(m.bindings.map((b) => b.name), ['candidate', 'fetched', 'insert']);
    assert.deepStrictEqual(m.actions.map((a) => a.name), ['count']);
  });

  it('takes a name renamed with withColumnsRenamed to hold a DataFrame (pandas renames with rename)', async () => {
    const m = await modelOf('python', 'rows = rows.withColumnsRenamed({"a": "b"})\nrows.count()');
    assert.deepStrictEqual(m.actions.map((a) => a.name), ['count']);
  });

  it('sees the jobs f-string fields run', async () => {
    const m = await modelOf('python', 'df = spark.table("t")\nprint(f"{df.count()} rows")');
    assert.deepStrictEqual(m.actions.map((a) => a.name), ['count']);
  });
});
