import * as assert from 'assert';
import type { Expr, LoweredFile, Span, Stmt } from '../../../server/src/syntax/ast';
import { LoweringCache } from '../../../server/src/syntax/loweringCache';
import { lowerPython } from '../../../server/src/syntax/python/lowerPython';
import { parsers } from '../helpers/parsers';
import { strip } from '../helpers/strip';

// ------------------------------------------------------------------ helpers

async function lower(text: string, cache = new LoweringCache(text)): Promise<LoweredFile> {
  const tree = (await parsers()).parse('python', text);
  try {
    return lowerPython(tree.rootNode, cache);
  } finally {
    tree.delete();
  }
}


async function statements(text: string): Promise<Stmt[]> {
  return strip((await lower(text)).statements);
}

async function expr(text: string): Promise<Expr> {
  const result = await lower(text);
  assert.deepStrictEqual(result.syntaxErrors, [], `unexpected syntax errors in ${JSON.stringify(text)}`);
  const stmt = result.statements[result.statements.length - 1];
  assert.ok(stmt.kind === 'expr' || stmt.kind === 'assign', `expected an expression, got ${stmt.kind}`);
  return strip(stmt.kind === 'expr' ? stmt.expr : stmt.value);
}

function span(line: number, character: number, endLine: number, endCharacter: number): Span {
  return { start: { line, character }, end: { line: endLine, character: endCharacter } };
}

// Expression builders for hand-written expectations (no spans: compared after `strip`).
const name = (id: string): Expr => ({ kind: 'name', id }) as Expr;
const member = (object: Expr, property: string): Expr => ({ kind: 'member', object, property }) as Expr;
const str = (value: string): Expr => ({ kind: 'literal', literalKind: 'string', value }) as Expr;
const num = (value: number): Expr => ({ kind: 'literal', literalKind: 'number', value }) as Expr;
const unknown = (...children: Expr[]): Expr => ({ kind: 'unknown', children }) as Expr;
const binary = (operator: string, left: Expr, right: Expr): Expr => ({ kind: 'binary', operator, left, right }) as Expr;
function call(callee: Expr, ...args: Array<Expr | [string, Expr]>): Expr {
  return {
    kind: 'call',
    callee,
    args: args.map((a) => (Array.isArray(a) ? { name: a[0], value: a[1] } : { value: a })),
  } as Expr;
}
const assign = (targets: string[], value: Expr, operator = '='): Stmt =>
  ({ kind: 'assign', targets, value, declaration: 'none', operator }) as Stmt;
const exprStmt = (e: Expr): Stmt => ({ kind: 'expr', expr: e }) as Stmt;

/** Every Expr and Stmt in a lowered file, depth first. */
function* walk(value: unknown): Generator<{ kind: string; span: Span }> {
  if (Array.isArray(value)) {
    for (const v of value) yield* walk(v);
  } else if (value && typeof value === 'object') {
    const node = value as { kind?: string; span?: Span };
    if (typeof node.kind === 'string' && node.span) yield node as { kind: string; span: Span };
    for (const [key, v] of Object.entries(value)) if (!key.endsWith('pan')) yield* walk(v);
  }
}

/** A deterministic PRNG (mulberry32) so generated inputs are the same on every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SPARK_JOB = `"""Nightly sales aggregation."""
import sys
from datetime import date, timedelta
from pyspark.sql import SparkSession, DataFrame, functions as F
from pyspark.sql.functions import broadcast, udf, col as c
from pyspark.sql.types import StringType

spark = SparkSession.builder.appName("sales").getOrCreate()


@udf(returnType=StringType())
def normalize(code: str) -> str:
    return code.strip().upper() if code else None


@F.pandas_udf("double")
def discount(price, rate):
    return price * (1 - rate)


def load(path: str, day: date) -> DataFrame:
    df = (spark.read
          .option("header", "true")
          .parquet(f"{path}/dt={day:%Y-%m-%d}"))
    return df.filter(c("amount") > 0)


class Job:
    def __init__(self, days: int = 7):
        self.days = days

    def run(self, out):
        sales = None
        for i in range(self.days):
            daily = load("s3://bucket/sales", date.today() - timedelta(days=i))
            sales = daily if sales is None else sales.union(daily)
        stores = spark.table("dim.stores")
        joined = sales.join(broadcast(stores), on=["store_id"], how="left")
        if joined.count() > 1_000_000:
            joined = joined.repartition(200, "store_id")
        elif not joined.rdd.isEmpty():
            joined = joined.coalesce(8)
        else:
            print("empty", file=sys.stderr)
        result = (joined.groupBy("region", "day")
                  .agg(F.sum("amount").alias("total"),
                       F.countDistinct("customer").alias("customers"))
                  .withColumn("code", normalize(c("region"))))
        with open("/tmp/regions.txt") as fh:
            regions = [line.strip() for line in fh if line]
        try:
            rows = result.where(c("region").isin(regions)).collect()
        except Exception as exc:
            raise RuntimeError(f"failed: {exc}")
        result.write.mode("overwrite").partitionBy("day").parquet(out)
        return {r["region"]: r["total"] for r in rows}


if __name__ == "__main__":
    Job(int(sys.argv[1])).run(sys.argv[2])
`;

/** A large, realistic PySpark file: many functions with chains, joins, loops and branches. */
function generateSparkFile(lines: number): string {
  const header = [
    'from pyspark.sql import SparkSession, functions as F',
    'from pyspark.sql.functions import broadcast, col, lit, when',
    'import pyspark.sql.types as T',
    '',
    'spark = SparkSession.builder.getOrCreate()',
    '',
  ];
  const out = [...header];
  for (let i = 0; out.length < lines; i++) {
    out.push(
      `def transform_${i}(df, dim, days: int = ${i % 30}):`,
      `    """Step ${i}: filter, enrich and aggregate."""`,
      `    base = (df.filter(col("amount_${i}") > ${i})`,
      `            .withColumn("bucket", when(col("x") < 10, lit("small")).otherwise(lit("large")))`,
      `            .join(broadcast(dim), on=["key_${i}"], how="left"))`,
      `    for d in range(days):`,
      `        base = base.withColumn(f"d{d}", F.date_add(col("day"), d))`,
      `        if d % 7 == 0 and not base.isStreaming:`,
      `            base = base.cache()`,
      `    totals = {k: v for k, v in [("a", 1), ("b", 2)] if v > 0}`,
      `    agg = base.groupBy("region", "bucket").agg(F.sum("amount_${i}").alias("total"), F.count("*"))`,
      `    rows = [r.total * 1.5 for r in agg.collect() if r.total is not None]`,
      `    name = "step_%d" % ${i} + 'x' if rows else None`,
      `    agg.write.mode("overwrite").partitionBy("region").parquet("s3://bucket/out/${i}")`,
      `    return agg.union(base.select("region", "bucket", lit(0).alias("total")))`,
      '',
      '',
    );
  }
  out.length = lines;
  return out.join('\n') + '\n';
}


// -------------------------------------------------------------------- tests

describe('lowerPython', () => {
  before(async () => {
    await parsers();
  });

  describe('imports', () => {
    it('lowers `from m import x as y` with spans', async () => {
      const result = await lower('from pyspark.sql import functions as F\n');
      assert.deepStrictEqual(result, {
        language: 'python',
        statements: [
          {
            kind: 'import',
            module: 'pyspark.sql',
            names: [{ name: 'functions', alias: 'F' }],
            span: span(0, 0, 0, 38),
          },
        ],
        syntaxErrors: [],
      });
    });

    it('lowers every import form', async () => {
      const text = [
        'import pyspark.sql.functions as fn',
        'from pyspark.sql.functions import broadcast, udf, col as c',
        'import os, pyspark.sql as ps',
        'from pyspark.sql.types import *',
        'from . import util',
        'from ..pkg.mod import (a,',
        '    b as bb)',
        'from __future__ import annotations',
        'import pyspark',
      ].join('\n');
      assert.deepStrictEqual(await statements(text), [
        { kind: 'import', module: 'pyspark.sql.functions', names: [], alias: 'fn' },
        { kind: 'import', module: 'pyspark.sql.functions', names: [{ name: 'broadcast' }, { name: 'udf' }, { name: 'col', alias: 'c' }] },
        { kind: 'import', module: 'os', names: [] },
        { kind: 'import', module: 'pyspark.sql', names: [], alias: 'ps' },
        { kind: 'import', module: 'pyspark.sql.types', names: [{ name: '*' }] },
        { kind: 'import', module: '.', names: [{ name: 'util' }] },
        { kind: 'import', module: '..pkg.mod', names: [{ name: 'a' }, { name: 'b', alias: 'bb' }] },
        { kind: 'import', module: '__future__', names: [{ name: 'annotations' }] },
        { kind: 'import', module: 'pyspark', names: [] },
      ]);
    });

    it('gives each module of `import a, b` the statement span', async () => {
      const result = await lower('import os, sys\n');
      assert.deepStrictEqual(
        result.statements.map((s) => s.span),
        [span(0, 0, 0, 14), span(0, 0, 0, 14)],
      );
    });
  });

  describe('method chains', () => {
    const expected = assign(
      ['df'],
      call(
        member(
          call(
            member(call(member(member(name('spark'), 'read'), 'parquet'), name('p')), 'filter'),
            binary('>', call(member(name('F'), 'col'), str('x')), num(1)),
          ),
          'join',
        ),
        name('other'),
        ['on', str('k')],
      ),
    );

    it('lowers a one-line chain to nested calls and members', async () => {
      assert.deepStrictEqual(await statements('df = spark.read.parquet(p).filter(F.col("x") > 1).join(other, on="k")'), [expected]);
    });

    it('lowers a parenthesized multi-line chain (with comments) to the same structure', async () => {
      const text = [
        'df = (spark.read.parquet(p)  # source',
        '      # keep the positive rows',
        '      .filter(F.col("x") > 1)',
        '      .join(other,',
        '            on="k"))',
      ].join('\n');
      assert.deepStrictEqual(await statements(text), [expected]);
    });

    it('lowers a backslash-continued chain to the same structure', async () => {
      const text = ['df = spark.read.parquet(p) \\', '    .filter(F.col("x") > 1) \\', '    .join(other, on="k")'].join('\n');
      assert.deepStrictEqual(await statements(text), [expected]);
    });

    it('gives the multi-line chain spans of the real text', async () => {
      const text = ['df = (spark.read.parquet(p)', '      .filter(x)', '      .count())'].join('\n');
      const [stmt] = (await lower(text)).statements;
      assert.strictEqual(stmt.kind, 'assign');
      assert.deepStrictEqual(stmt.span, span(0, 0, 2, 15));
      const count = stmt.kind === 'assign' ? stmt.value : undefined;
      assert.ok(count?.kind === 'call');
      assert.deepStrictEqual(count.span, span(0, 6, 2, 14));
      assert.deepStrictEqual(count.argsSpan, span(2, 12, 2, 14));
      assert.ok(count.callee.kind === 'member');
      assert.deepStrictEqual(count.callee.propertySpan, span(2, 7, 2, 12));
      assert.deepStrictEqual(count.callee.span, span(0, 6, 2, 12));
    });
  });

  describe('spans', () => {
    it('points a member property span at the name, in 0-based lines and characters', async () => {
      const result = await lower('\n\nx = 1\ndf.groupBy("a").count()\n');
      const stmt = result.statements[1];
      assert.ok(stmt.kind === 'expr' && stmt.expr.kind === 'call');
      assert.deepStrictEqual(stmt.span, span(3, 0, 3, 23));
      assert.deepStrictEqual(stmt.expr.argsSpan, span(3, 21, 3, 23));
      const callee = stmt.expr.callee;
      assert.ok(callee.kind === 'member');
      assert.strictEqual(callee.property, 'count');
      assert.deepStrictEqual(callee.propertySpan, span(3, 16, 3, 21));
      assert.deepStrictEqual(callee.span, span(3, 0, 3, 21));
      assert.ok(callee.object.kind === 'call');
      assert.deepStrictEqual(callee.object.span, span(3, 0, 3, 15));
      assert.deepStrictEqual(callee.object.args[0].span, span(3, 11, 3, 14));
    });

    it('counts columns in UTF-16 code units after non-ASCII text', async () => {
      // é is one UTF-16 unit (two UTF-8 bytes), 😀 two units (four bytes).
      const result = await lower('x = "héllo😀"; df.count()\ny = "日本"  ;z = df.cache()\n');
      const [x, count, y, z] = result.statements;
      assert.ok(x.kind === 'assign' && x.value.kind === 'literal');
      assert.strictEqual(x.value.value, 'héllo😀');
      assert.deepStrictEqual(x.value.span, span(0, 4, 0, 13));
      assert.ok(count.kind === 'expr' && count.expr.kind === 'call' && count.expr.callee.kind === 'member');
      assert.deepStrictEqual(count.expr.callee.propertySpan, span(0, 18, 0, 23));
      assert.deepStrictEqual(count.span, span(0, 15, 0, 25));
      assert.deepStrictEqual(y.span, span(1, 0, 1, 8));
      assert.ok(z.kind === 'assign' && z.value.kind === 'call' && z.value.callee.kind === 'member');
      assert.deepStrictEqual(z.value.callee.propertySpan, span(1, 18, 1, 23));
    });

    it('spans multi-line nodes and statements after a multi-line string', async () => {
      const text = ['s = """a', 'bé', 'c"""', 'def f(df):', '    return df.cache()', ''].join('\n');
      const [s, f] = (await lower(text)).statements;
      assert.deepStrictEqual(s.span, span(0, 0, 2, 4));
      assert.ok(f.kind === 'function');
      assert.deepStrictEqual(f.span, span(3, 0, 4, 21));
      assert.deepStrictEqual(f.nameSpan, span(3, 4, 3, 5));
      assert.deepStrictEqual(f.body[0].span, span(4, 4, 4, 21));
    });

    it('gives spans that cover the right text (LF, CRLF, non-ASCII)', async () => {
      const unicode = SPARK_JOB.replace(/sales/g, 'ventes_é😀').replace(/regions/g, 'régions');
      for (const text of [SPARK_JOB, SPARK_JOB.replace(/\n/g, '\r\n'), unicode, generateSparkFile(200)]) {
        const lineStarts = [0];
        for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
        const at = (s: Span) => text.slice(lineStarts[s.start.line] + s.start.character, lineStarts[s.end.line] + s.end.character);
        let checked = 0;
        for (const node of walk((await lower(text)).statements)) {
          const n = node as unknown as Expr | Stmt;
          const covered = at(n.span);
          if (n.kind === 'name') assert.strictEqual(covered, n.id);
          if (n.kind === 'member') {
            assert.strictEqual(at(n.propertySpan), n.property);
            assert.ok(covered.endsWith(n.property), covered);
          }
          if (n.kind === 'call') {
            const args = at(n.argsSpan);
            assert.ok(args.startsWith('(') && args.endsWith(')'), args);
            assert.ok(covered.endsWith(args), covered);
          }
          if (n.kind === 'literal' && n.literalKind === 'string') assert.ok(covered.includes(n.value as string), covered);
          if (n.kind === 'literal' && n.literalKind === 'number') assert.strictEqual(Number(covered.replace(/_/g, '')), n.value);
          if (n.kind === 'function') assert.strictEqual(at(n.nameSpan), n.name);
          if (n.kind === 'assign') assert.ok(covered.startsWith(n.targets[0]) || covered.startsWith('with') || /^\w+ as /.test(covered) || covered.includes(` as ${n.targets[0]}`), covered);
          if (n.kind === 'import') assert.ok(/^(from|import) /.test(covered), covered);
          assert.strictEqual(covered, covered.trim(), `${n.kind} span has surrounding whitespace: ${JSON.stringify(covered)}`);
          checked++;
        }
        assert.ok(checked > 200, `only ${checked} nodes checked`);
      }
    });

    it('keeps every child span inside its parent span', async () => {
      const file = await lower(SPARK_JOB);
      const check = (value: unknown, parent: Span | undefined): void => {
        if (Array.isArray(value)) return value.forEach((v) => check(v, parent));
        if (!value || typeof value !== 'object') return;
        const node = value as { kind?: string; span?: Span };
        let inner = parent;
        if (typeof node.kind === 'string' && node.span) {
          const s = node.span;
          assert.ok(s.start.line < s.end.line || (s.start.line === s.end.line && s.start.character <= s.end.character));
          if (parent) {
            const before = (a: Span['start'], b: Span['start']) => a.line < b.line || (a.line === b.line && a.character <= b.character);
            assert.ok(before(parent.start, s.start) && before(s.end, parent.end), `${node.kind} ${JSON.stringify(s)} outside ${JSON.stringify(parent)}`);
          }
          inner = s;
        }
        for (const [key, v] of Object.entries(value)) if (!key.endsWith('pan')) check(v, inner);
      };
      check(file.statements, undefined);
    });
  });

  describe('statements', () => {
    it('lowers assignment forms', async () => {
      const text = [
        'x = 1',
        'y: DataFrame = spark.table("t")',
        'a, (b, *rest) = pair',
        'x += 2',
        'a = b = df.cache()',
        'self.df = df.cache()',
        'd["k"] = f()',
        'self.a, n = 1, 2',
        'count: int',
      ].join('\n');
      assert.deepStrictEqual(await statements(text), [
        assign(['x'], num(1)),
        { ...assign(['y'], call(member(name('spark'), 'table'), str('t'))), typeAnnotation: 'DataFrame' },
        assign(['a', 'b', 'rest'], name('pair')),
        assign(['x'], num(2), '+='),
        assign(['a', 'b'], call(member(name('df'), 'cache'))),
        assign(['self.df'], call(member(name('df'), 'cache'))),
        exprStmt(call(name('f'))),
        assign(['self.a', 'n'], { kind: 'sequence', items: [num(1), num(2)] } as Expr),
      ]);
    });

    it('names attributes of self as targets, and only those', async () => {
      const text = [
        'self.df = self.df.withColumn("x", F.lit(1))',
        'self.df += other',
        'job.df = df',
        'self.cfg.path = "s3://x"',
        'for self.part in parts:',
        '    pass',
      ].join('\n');
      const withColumn = call(member(member(name('self'), 'df'), 'withColumn'), str('x'), call(member(name('F'), 'lit'), num(1)));
      assert.deepStrictEqual(await statements(text), [
        assign(['self.df'], withColumn),
        assign(['self.df'], name('other'), '+='),
        exprStmt(name('df')),
        exprStmt(str('s3://x')),
        { kind: 'loop', loopKind: 'for', variables: ['self.part'], iterable: name('parts'), body: [] },
      ]);
    });

    it('lowers reassignment in a for loop, with the else body after the loop', async () => {
      const text = [
        'df = spark.read.parquet("in")',
        'for c, t in cols:',
        '    df = df.withColumn(c, F.lit(None).cast(t))',
        'else:',
        '    done = True',
        'df.count()',
      ].join('\n');
      assert.deepStrictEqual(await statements(text), [
        assign(['df'], call(member(member(name('spark'), 'read'), 'parquet'), str('in'))),
        {
          kind: 'loop',
          loopKind: 'for',
          variables: ['c', 't'],
          iterable: name('cols'),
          body: [
            assign(
              ['df'],
              call(member(name('df'), 'withColumn'), name('c'), call(member(call(member(name('F'), 'lit'), { kind: 'literal', literalKind: 'null', value: null } as Expr), 'cast'), name('t'))),
            ),
          ],
        },
        assign(['done'], { kind: 'literal', literalKind: 'boolean', value: true } as Expr),
        exprStmt(call(member(name('df'), 'count'))),
      ]);
    });

    it('lowers while loops and async for', async () => {
      const text = ['while df.count() > 0:', '    df = df.limit(1)', 'async def g():', '    async for x in stream:', '        pass'].join('\n');
      assert.deepStrictEqual(await statements(text), [
        {
          kind: 'loop',
          loopKind: 'while',
          variables: [],
          iterable: binary('>', call(member(name('df'), 'count')), num(0)),
          body: [assign(['df'], call(member(name('df'), 'limit'), num(1)))],
        },
        {
          kind: 'function',
          name: 'g',
          params: [],
          decorators: [],
          body: [{ kind: 'loop', loopKind: 'for', variables: ['x'], iterable: name('stream'), body: [] }],
        },
      ]);
    });

    it('lowers if / elif / else with elif nested in otherwise', async () => {
      const text = ['if a:', '    x = 1', 'elif b:', '    x = 2', 'elif c:', '    x = 3', 'else:', '    x = 4'].join('\n');
      const result = await lower(text);
      assert.deepStrictEqual(strip(result.statements), [
        {
          kind: 'if',
          condition: name('a'),
          then: [assign(['x'], num(1))],
          otherwise: [
            {
              kind: 'if',
              condition: name('b'),
              then: [assign(['x'], num(2))],
              otherwise: [{ kind: 'if', condition: name('c'), then: [assign(['x'], num(3))], otherwise: [assign(['x'], num(4))] }],
            },
          ],
        },
      ]);
      const outer = result.statements[0];
      assert.ok(outer.kind === 'if');
      assert.deepStrictEqual(outer.span, span(0, 0, 7, 9));
      assert.deepStrictEqual(outer.otherwise[0].span, span(2, 0, 7, 9));
    });

    it('lowers match / case to the subject and an if / elif chain of the cases, guards as conditions', async () => {
      const text = ['match mode:', '    case "a":', '        x = 1', '    case str() if mode.startswith("b"):', '        x = 2', '    case _:', '        x = 3'].join('\n');
      assert.deepStrictEqual(await statements(text), [
        exprStmt(name('mode')),
        {
          kind: 'if',
          condition: unknown(),
          then: [assign(['x'], num(1))],
          otherwise: [
            {
              kind: 'if',
              condition: call(member(name('mode'), 'startswith'), str('b')),
              then: [assign(['x'], num(2))],
              otherwise: [{ kind: 'if', condition: unknown(), then: [assign(['x'], num(3))], otherwise: [] }],
            },
          ],
        },
      ]);
    });

    it('treats `if __name__ == "__main__":` as a plain if', async () => {
      assert.deepStrictEqual(await statements('if __name__ == "__main__":\n    main()\n'), [
        { kind: 'if', condition: binary('==', name('__name__'), str('__main__')), then: [exprStmt(call(name('main')))], otherwise: [] },
      ]);
    });

    it('lowers decorated functions with typed parameters', async () => {
      const text = [
        '@udf(returnType=StringType())',
        'def clean(s: str, n: int = 1, *args, flag=False, **kwargs) -> str:',
        '    return s.strip()',
        '',
        '@F.pandas_udf("double")',
        'async def score(v: pd.Series, /, *, k: Dict[str, int]) -> pd.Series:',
        '    return v * 2',
      ].join('\n');
      const result = await lower(text);
      assert.deepStrictEqual(strip(result.statements), [
        {
          kind: 'function',
          name: 'clean',
          params: [{ name: 's', type: 'str' }, { name: 'n', type: 'int' }, { name: 'args' }, { name: 'flag' }, { name: 'kwargs' }],
          decorators: [call(name('udf'), ['returnType', call(name('StringType'))])],
          returnType: 'str',
          body: [{ kind: 'return', value: call(member(name('s'), 'strip')) }],
        },
        {
          kind: 'function',
          name: 'score',
          params: [{ name: 'v', type: 'pd.Series' }, { name: 'k', type: 'Dict[str, int]' }],
          decorators: [call(member(name('F'), 'pandas_udf'), str('double'))],
          returnType: 'pd.Series',
          body: [{ kind: 'return', value: binary('*', name('v'), num(2)) }],
        },
      ]);
      const [clean, score] = result.statements;
      assert.ok(clean.kind === 'function' && score.kind === 'function');
      assert.deepStrictEqual(clean.span, span(0, 0, 2, 20));
      assert.deepStrictEqual(clean.nameSpan, span(1, 4, 1, 9));
      assert.deepStrictEqual(score.nameSpan, span(5, 10, 5, 15));
    });

    it('lowers classes with methods and a bare return', async () => {
      const text = ['@dataclass', 'class Job(Base):', '    def run(self):', '        self.df.cache()', '        return', '    x = 1'].join('\n');
      assert.deepStrictEqual(await statements(text), [
        {
          kind: 'class',
          name: 'Job',
          body: [
            {
              kind: 'function',
              name: 'run',
              params: [{ name: 'self' }],
              decorators: [],
              body: [exprStmt(call(member(member(name('self'), 'df'), 'cache'))), { kind: 'return' }],
            },
            assign(['x'], num(1)),
          ],
        },
      ]);
    });

    it('flattens with / try / except / else / finally into the surrounding statements', async () => {
      const text = [
        'with spark.sql(q) as df, lock:',
        '    df.show()',
        'try:',
        '    a()',
        'except (ValueError, KeyError) as e:',
        '    b()',
        'except Exception:',
        '    c()',
        'else:',
        '    d()',
        'finally:',
        '    spark.stop()',
      ].join('\n');
      assert.deepStrictEqual(await statements(text), [
        assign(['df'], call(member(name('spark'), 'sql'), name('q'))),
        exprStmt(name('lock')),
        exprStmt(call(member(name('df'), 'show'))),
        exprStmt(call(name('a'))),
        exprStmt(call(name('b'))),
        exprStmt(call(name('c'))),
        exprStmt(call(name('d'))),
        exprStmt(call(member(name('spark'), 'stop'))),
      ]);
    });

    it('drops simple statements without expressions and keeps calls in raise / assert', async () => {
      const text = [
        'global counter',
        'pass',
        'del df',
        'for x in xs:',
        '    break',
        '    continue',
        'raise ValueError(df.count())',
        'assert df.count() > 0, "empty"',
        'raise',
      ].join('\n');
      assert.deepStrictEqual(await statements(text), [
        { kind: 'loop', loopKind: 'for', variables: ['x'], iterable: name('xs'), body: [] },
        { ...exprStmt(call(name('ValueError'), call(member(name('df'), 'count')))), role: 'raise' },
        { ...exprStmt(binary('>', call(member(name('df'), 'count')), num(0))), role: 'assert' },
        exprStmt(str('empty')),
      ]);
    });

    it('lowers return values, tuple returns and expression statements', async () => {
      assert.deepStrictEqual(await statements('def f():\n    return a, b\n"doc"\n'), [
        {
          kind: 'function',
          name: 'f',
          params: [],
          decorators: [],
          body: [{ kind: 'return', value: { kind: 'sequence', items: [name('a'), name('b')] } as Expr }],
        },
        exprStmt(str('doc')),
      ]);
    });
  });

  describe('expressions', () => {
    it('lowers keyword arguments and *args / **kwargs', async () => {
      assert.deepStrictEqual(
        await expr('df.write.mode("overwrite").parquet(path=out, compression="snappy", *extra, **opts)'),
        call(
          member(call(member(member(name('df'), 'write'), 'mode'), str('overwrite')), 'parquet'),
          ['path', name('out')],
          ['compression', str('snappy')],
          unknown(name('extra')),
          unknown(name('opts')),
        ),
      );
    });

    it('lowers string literals of every form', async () => {
      assert.deepStrictEqual(await expr(`x = r"a\\d+"`), str('a\\d+'));
      assert.deepStrictEqual(await expr(`x = b'bytes'`), str('bytes'));
      assert.deepStrictEqual(await expr(`x = f"{col}_{n:>3}"`), { ...str('{col}_{n:>3}'), interpolations: [name('col'), name('n')] });
      assert.deepStrictEqual(await expr(`x = Rb"\\x00"`), str('\\x00'));
      assert.deepStrictEqual(await expr(`x = """a\n'b'"""`), str("a\n'b'"));
      assert.deepStrictEqual(await expr(`x = ''`), str(''));
      assert.deepStrictEqual(await expr(`x = ("select * "\n     'from t '  # comment\n     f"where d = {d}")`), str("select * from t where d = {d}"));
    });

    it('keeps the fields of f-strings as code, and their text as written', async () => {
      assert.deepStrictEqual(await expr('x = f"{df.count()!r} rows in {path}"'), {
        ...str('{df.count()!r} rows in {path}'),
        interpolations: [call(member(name('df'), 'count')), name('path')],
      });
      // Plain strings that happen to hold braces are no f-strings.
      assert.deepStrictEqual(await expr('x = "{df.count()}"'), str('{df.count()}'));
      assert.deepStrictEqual(await expr('x = rF"{a}"'), { ...str('{a}'), interpolations: [name('a')] });
    });

    it('lowers numbers, booleans and None', async () => {
      assert.deepStrictEqual(await expr('x = 1_000_000'), num(1000000));
      assert.deepStrictEqual(await expr('x = 0x1F'), num(31));
      assert.deepStrictEqual(await expr('x = 1.5e3'), num(1500));
      assert.deepStrictEqual(await expr('x = .5'), num(0.5));
      assert.deepStrictEqual(await expr('x = True'), { kind: 'literal', literalKind: 'boolean', value: true });
      assert.deepStrictEqual(await expr('x = False'), { kind: 'literal', literalKind: 'boolean', value: false });
      assert.deepStrictEqual(await expr('x = None'), { kind: 'literal', literalKind: 'null', value: null });
      const [stmt] = (await lower('x = False')).statements;
      assert.ok(stmt.kind === 'assign');
      assert.deepStrictEqual(stmt.value.span, span(0, 4, 0, 9));
    });

    it('lowers collections to sequences and mappings', async () => {
      assert.deepStrictEqual(await expr('x = [1, (2, 3), {4}, ()]'), {
        kind: 'sequence',
        items: [num(1), { kind: 'sequence', items: [num(2), num(3)] }, { kind: 'sequence', items: [num(4)] }, { kind: 'sequence', items: [] }],
      });
      assert.deepStrictEqual(await expr('x = {"a": 1, **rest}'), {
        kind: 'mapping',
        entries: [
          { key: str('a'), value: num(1) },
          { key: unknown(), value: unknown(name('rest')) },
        ],
      });
    });

    it('lowers operators', async () => {
      assert.deepStrictEqual(await expr('(F.col("a") > 1) & ~F.col("b").isNull() | (x not in y) and a is not None'), {
        kind: 'binary',
        operator: 'and',
        left: binary(
          '|',
          binary('&', binary('>', call(member(name('F'), 'col'), str('a')), num(1)), {
            kind: 'unary',
            operator: '~',
            operand: call(member(call(member(name('F'), 'col'), str('b')), 'isNull')),
          } as Expr),
          binary('not in', name('x'), name('y')),
        ),
        right: binary('is not', name('a'), { kind: 'literal', literalKind: 'null', value: null } as Expr),
      });
      assert.deepStrictEqual(await expr('0 < n <= 10 == m'), binary('==', binary('<=', binary('<', num(0), name('n')), num(10)), name('m')));
      assert.deepStrictEqual(await expr('not -x'), { kind: 'unary', operator: 'not', operand: { kind: 'unary', operator: '-', operand: name('x') } });
    });

    it('spans each comparison of a chain from its first operand', async () => {
      const [stmt] = (await lower('0 < n <= 10')).statements;
      assert.ok(stmt.kind === 'expr' && stmt.expr.kind === 'binary');
      assert.deepStrictEqual(stmt.expr.span, span(0, 0, 0, 11));
      assert.deepStrictEqual(stmt.expr.left.span, span(0, 0, 0, 5));
    });

    it('lowers lambdas', async () => {
      assert.deepStrictEqual(await expr('rdd.map(lambda row, n=1: row[0] * n)'), call(member(name('rdd'), 'map'), {
        kind: 'lambda',
        params: [{ name: 'row' }, { name: 'n' }],
        body: binary('*', { kind: 'index', object: name('row'), index: num(0) } as Expr, name('n')),
      } as Expr));
      assert.deepStrictEqual(await expr('f = lambda: None'), { kind: 'lambda', params: [], body: { kind: 'literal', literalKind: 'null', value: null } });
    });

    it('lowers subscripts and slices', async () => {
      assert.deepStrictEqual(await expr('df["a"]'), { kind: 'index', object: name('df'), index: str('a') });
      assert.deepStrictEqual(await expr('df[df.a > 1]'), { kind: 'index', object: name('df'), index: binary('>', member(name('df'), 'a'), num(1)) });
      assert.deepStrictEqual(await expr('m[1:2, ::k]'), {
        kind: 'index',
        object: name('m'),
        index: { kind: 'sequence', items: [unknown(num(1), num(2)), unknown(name('k'))] },
      });
    });

    it('lowers comprehensions and generator expressions', async () => {
      assert.deepStrictEqual(await expr('[F.col(c) for c in df.columns]'), {
        kind: 'comprehension',
        element: call(member(name('F'), 'col'), name('c')),
        variables: ['c'],
        iterable: member(name('df'), 'columns'),
      });
      assert.deepStrictEqual(await expr('{r.k: r.v for r in df.collect() if r.v}'), {
        kind: 'comprehension',
        element: unknown({ kind: 'mapping', entries: [{ key: member(name('r'), 'k'), value: member(name('r'), 'v') }] } as Expr, member(name('r'), 'v')),
        variables: ['r'],
        iterable: call(member(name('df'), 'collect')),
      });
      assert.deepStrictEqual(await expr('{x for row in rows for x in row}'), {
        kind: 'comprehension',
        element: { kind: 'comprehension', element: name('x'), variables: ['x'], iterable: name('row') },
        variables: ['row'],
        iterable: name('rows'),
      });
      assert.deepStrictEqual(await expr('sum(x * 2 for x, _ in pairs)'), call(name('sum'), {
        kind: 'comprehension',
        element: binary('*', name('x'), num(2)),
        variables: ['x', '_'],
        iterable: name('pairs'),
      } as Expr));
    });

    it('lowers a conditional expression to a block holding an if, like a Scala if expression', async () => {
      const branch = (e: Expr): Stmt => ({ kind: 'expr', expr: e }) as Stmt;
      const conditional = (condition: Expr, then: Expr, otherwise: Expr): Expr =>
        ({ kind: 'block', body: [{ kind: 'if', condition, then: [branch(then)], otherwise: [branch(otherwise)] }] }) as Expr;
      assert.deepStrictEqual(await expr('x = a if c else b'), conditional(name('c'), name('a'), name('b')));
      assert.deepStrictEqual(
        await expr('acc = part if acc is None else acc.union(part)'),
        conditional(binary('is', name('acc'), { kind: 'literal', literalKind: 'null', value: null } as Expr), name('part'), call(member(name('acc'), 'union'), name('part'))),
      );
      assert.deepStrictEqual(await expr('x = a if c else b if d else e'), conditional(name('c'), name('a'), conditional(name('d'), name('b'), name('e'))));
      const lowered = await lower('x = (df.cache()\n     if big else df)');
      assert.deepStrictEqual(lowered.syntaxErrors, []);
      assert.deepStrictEqual((lowered.statements[0] as { value: Expr }).value.span, span(0, 5, 1, 19));
    });

    it('lowers await, starred and walrus expressions to unknowns', async () => {
      assert.deepStrictEqual(await expr('x = await fetch()'), unknown(call(name('fetch'))));
      assert.deepStrictEqual(await expr('x = [*a, *b]'), { kind: 'sequence', items: [unknown(name('a')), unknown(name('b'))] });
      assert.deepStrictEqual(await expr('if (n := df.count()) > 0: pass\nx = n'), name('n'));
      assert.deepStrictEqual(await statements('if (n := df.count()) > 0: pass'), [
        { kind: 'if', condition: binary('>', unknown(name('n'), call(member(name('df'), 'count'))), num(0)), then: [], otherwise: [] },
      ]);
    });
  });

  describe('syntax errors', () => {
    it('records `df.collect(` at the end of the file and keeps the statements before it', async () => {
      const result = await lower('df = spark.read.csv("a")\ndf.filter(x)\ndf.collect(');
      assert.deepStrictEqual(strip(result.statements), [
        assign(['df'], call(member(member(name('spark'), 'read'), 'csv'), str('a'))),
        exprStmt(call(member(name('df'), 'filter'), name('x'))),
      ]);
      assert.deepStrictEqual(result.syntaxErrors, [span(2, 0, 2, 11)]);
    });

    it('keeps the statements around a stray `)`', async () => {
      const result = await lower('a = spark.table("a")\n)\nb = a.cache()\nb.count()\n');
      assert.deepStrictEqual(result.syntaxErrors, [span(1, 0, 1, 1)]);
      assert.deepStrictEqual(strip(result.statements), [
        assign(['a'], call(member(name('spark'), 'table'), str('a'))),
        assign(['b'], call(member(name('a'), 'cache'))),
        exprStmt(call(member(name('b'), 'count'))),
      ]);
    });

    it('keeps the statements before an unfinished def and records the error', async () => {
      const result = await lower('import x\ndf = spark.table("t")\ndef f(a,');
      assert.deepStrictEqual(strip(result.statements), [
        { kind: 'import', module: 'x', names: [] },
        assign(['df'], call(member(name('spark'), 'table'), str('t'))),
      ]);
      assert.strictEqual(result.syntaxErrors.length, 1);
      assert.deepStrictEqual(result.syntaxErrors[0].start, { line: 2, character: 0 });
    });

    it('lowers the rest of a function whose last line is half-typed', async () => {
      const result = await lower('def f(df):\n    df.cache()\n    x = df.\n\ny = spark.range(3)\n');
      assert.ok(result.syntaxErrors.length > 0);
      assert.deepStrictEqual(strip(result.statements), [
        { kind: 'function', name: 'f', params: [{ name: 'df' }], decorators: [], body: [exprStmt(call(member(name('df'), 'cache')))] },
        assign(['y'], call(member(name('spark'), 'range'), num(3))),
      ]);
    });

    it('records MISSING nodes', async () => {
      const result = await lower('x = (1 + 2\n');
      assert.ok(result.syntaxErrors.length > 0);
      assert.doesNotThrow(() => JSON.stringify(result));
    });

    it('never throws on any prefix of a realistic job', async function () {
      this.timeout(60000);
      const p = await parsers();
      let cache = new LoweringCache('');
      for (let end = 0; end <= SPARK_JOB.length; end += 7) {
        const text = SPARK_JOB.slice(0, end);
        const tree = p.parse('python', text);
        try {
          cache = cache.next(text);
          const result = lowerPython(tree.rootNode, cache);
          // The cached result must equal a fresh lowering.
          assert.deepStrictEqual(result, lowerPython(tree.rootNode, new LoweringCache(text)), `prefix ${end}`);
          for (const node of walk(result)) assert.ok(node.span.start.line <= node.span.end.line);
        } finally {
          tree.delete();
        }
      }
    });

    it('never throws on random garbage, binary-ish strings and deep nesting', async function () {
      this.timeout(60000);
      const next = random(42);
      const alphabet = '()[]{}:.,;=+-*/\\@#"\'\n\t  abcdefxyz_019 ífλ😀\u0000\u0001\u00ff\ufffd';
      const pieces = ['def ', 'class ', 'lambda', ' if ', ' else ', 'for ', ' in ', 'import ', 'from ', ' as ', 'with ', 'try:', 'except', 'return', 'df.', 'F.col(', '"""', "f'{", '\\\n', '\n    '];
      const inputs: string[] = [];
      for (let n = 0; n < 300; n++) {
        let text = '';
        const length = Math.floor(next() * 300);
        for (let i = 0; i < length; i++) {
          text += next() < 0.3 ? pieces[Math.floor(next() * pieces.length)] : alphabet[Math.floor(next() * alphabet.length)];
        }
        inputs.push(text);
      }
      for (let n = 0; n < 50; n++) {
        let text = '';
        for (let i = 0; i < 200; i++) text += String.fromCharCode(Math.floor(next() * 0x10000));
        inputs.push(text);
      }
      inputs.push('', '\n\n\n', '   ', '#', '\u0000', '\ufeffx = 1');
      inputs.push('x = ' + '('.repeat(3000) + '1' + ')'.repeat(3000));
      inputs.push('x = ' + '['.repeat(3000));
      inputs.push('x = ' + 'f('.repeat(2000) + ')'.repeat(2000));
      inputs.push('x = df' + '.a()'.repeat(3000));
      inputs.push('x = ' + Array.from({ length: 3000 }, (_, i) => `a${i}`).join(' + '));
      inputs.push('x = ' + 'not '.repeat(3000) + 'y');
      inputs.push('if a:\n' + Array.from({ length: 200 }, (_, i) => ' '.repeat(i + 1) + 'if a:').join('\n'));
      for (const text of inputs) {
        const result = await lower(text);
        assert.strictEqual(result.language, 'python');
        assert.doesNotThrow(() => JSON.stringify(result));
      }
    });
  });

  describe('cache', () => {
    it('reuses unchanged statements and equals a fresh lowering', async () => {
      const before = SPARK_JOB;
      const first = new LoweringCache(before);
      const old = await lower(before, first);
      // Edit one line inside the `load` function (same line count).
      const after = before.replace('.option("header", "true")', '.option("header", "false")');
      assert.notStrictEqual(after, before);
      const updated = await lower(after, first.next(after));
      const fresh = await lower(after);
      assert.deepStrictEqual(updated, fresh);
      const changed = updated.statements.filter((s) => !old.statements.includes(s));
      assert.deepStrictEqual(
        changed.map((s) => (s.kind === 'function' ? s.name : s.kind)),
        ['load'],
      );
      // Everything else is the very same object.
      assert.strictEqual(updated.statements.length, old.statements.length);
      for (let i = 0; i < updated.statements.length; i++) {
        const stmt = updated.statements[i];
        if (stmt.kind === 'function' && stmt.name === 'load') continue;
        assert.strictEqual(stmt, old.statements[i]);
      }
    });

    it('re-lowers statements that moved and drops chunks that went away', async () => {
      const before = 'a = 1\nb = df.cache()\nc = 3\n';
      const cache = new LoweringCache(before);
      const old = await lower(before, cache);
      const inserted = '# new comment\n' + before;
      const moved = await lower(inserted, cache.next(inserted));
      assert.deepStrictEqual(moved, await lower(inserted));
      assert.notStrictEqual(moved.statements[0], old.statements[0]);
      assert.deepStrictEqual(moved.statements[0].span, span(1, 0, 1, 5));
      // Same text and position again: reused.
      const appended = before + 'd = 4\n';
      const again = await lower(appended, cache.next(appended));
      assert.strictEqual(again.statements[1], old.statements[1]);
      assert.deepStrictEqual(again, await lower(appended));
    });

    it('caches syntax errors with their chunk', async () => {
      const text = 'a = 1\ndf.collect(';
      const cache = new LoweringCache(text);
      const first = await lower(text, cache);
      const second = await lower(text, cache.next(text));
      assert.deepStrictEqual(second, first);
      assert.strictEqual(second.statements[0], first.statements[0]);
      assert.strictEqual(second.syntaxErrors.length, 1);
    });
  });
});
