import * as assert from 'assert';
import type { Node } from 'web-tree-sitter';
import type { Language } from '../../../server/src/syntax/ast';
import { cleanCopy, copyOfTree, type SyntaxNode } from '../../../server/src/syntax/syntaxNode';
import { walksDirectly } from '../../../server/src/syntax/treeWalk';
import { generatePySparkFile, generateScalaFile } from '../../bench/generateJobs';
import { parsers } from '../helpers/parsers';

const PYTHON = [
  '# a comment before anything',
  'from pyspark.sql import SparkSession, functions as F',
  '',
  '@decorated(retries=3)',
  'def job(spark: SparkSession, path="s3://bucket/été/🚀"):  # trailing comment',
  '    """A docstring',
  '    over two lines."""',
  '    df = (spark.read.parquet(path)',
  '          .filter(F.col("x") > 1)  # inside the chain',
  '          .groupBy("k").agg(F.sum("v").alias("s")))',
  '    rows = [r for r in df.collect() if r.s is not None and not r.k in ("a", "b")]',
  '    total = -sum(x ** 2 for x in range(10)) if rows else {"a": 1, **{}}',
  '    lam = lambda a, *b, c=1, **d: a[1:2, ::3] + f"{a!r:>{c}} é"',
  '    return df.join(spark.table("t"), on=["k"], how="left")',
  '',
  'class Pipeline(Base):',
  '    x: int = 1',
  '    async def run(self):',
  '        async with lock as l, other:',
  '            await self.go(*args)',
].join('\n');

const SCALA = [
  'package jobs',
  '',
  'import org.apache.spark.sql.{DataFrame, SparkSession}',
  'import org.apache.spark.sql.functions._',
  '',
  '/** A job. */',
  'object Job extends App {',
  '  val spark = SparkSession.builder.appName("é🚀").getOrCreate()',
  '  import spark.implicits._',
  '  def run(df: DataFrame, n: Int = 2): DataFrame = {',
  '    val out = df.filter($"x" > n) // masked column',
  '      .groupBy("k")',
  '      .agg(sum("v").as("s"))',
  '    out.collect().foreach { row => println(s"${row.getString(0)} rows") }',
  '    for (i <- 1 to 3; if i % 2 == 1) yield i * 2',
  '    out match { case x if x.isEmpty => df; case _ => out }',
  '  }',
  '}',
].join('\n');

/** Asserts `copy` answers like `node` for every node below (types, offsets, positions, children). */
function assertSameTree(copy: SyntaxNode, node: Node, path = 'root'): number {
  const where = `${path} (${node.type} at ${node.startIndex})`;
  assert.strictEqual(copy.type, node.type, where);
  assert.strictEqual(copy.startIndex, node.startIndex, where);
  assert.strictEqual(copy.endIndex, node.endIndex, where);
  assert.deepStrictEqual(copy.startPosition, node.startPosition, where);
  assert.deepStrictEqual(copy.endPosition, node.endPosition, where);
  assert.strictEqual(copy.hasError, node.hasError, where);
  assert.strictEqual(copy.isMissing, node.isMissing, where);
  assert.deepStrictEqual(
    copy.namedChildren.map((child) => `${child.type}@${child.startIndex}`),
    node.namedChildren.map((child) => `${child.type}@${child.startIndex}`),
    `${where}: named children`,
  );
  assert.strictEqual(copy.namedChild(0)?.startIndex, node.namedChild(0)?.startIndex, `${where}: first named child`);
  assert.strictEqual(copy.children.length, node.children.length, `${where}: children`);
  let count = 1;
  for (let i = 0; i < node.children.length; i++) count += assertSameTree(copy.children[i]!, node.children[i]!, `${path}/${i}`);
  return count;
}

async function eachTopLevelCopy(language: Language, text: string, check: (copy: SyntaxNode, node: Node) => void): Promise<void> {
  const tree = (await parsers()).parse(language, text);
  try {
    assert.strictEqual(tree.rootNode.hasError, false, 'the sample parses without errors');
    for (const node of tree.rootNode.namedChildren) check(copyOfTree(node, text, 0), node);
  } finally {
    tree.delete();
  }
}

describe('copies of syntax trees (syntaxNode.ts)', () => {
  before(async () => {
    await parsers();
  });

  it('walks the tree through the runtime directly with the installed web-tree-sitter (else the copy is slower)', () => {
    assert.strictEqual(walksDirectly(), true, 'web-tree-sitter no longer exposes the cursor functions as treeWalk.ts expects: check them after an upgrade');
  });

  for (const [language, text] of [
    ['python', PYTHON],
    ['scala', SCALA],
  ] as const) {
    it(`copies every ${language} node with its type, offsets, positions and children, through the runtime and through the public cursor`, async () => {
      const tree = (await parsers()).parse(language, text);
      try {
        assert.strictEqual(tree.rootNode.hasError, false, 'the sample parses without errors');
        let nodes = 0;
        for (const node of tree.rootNode.namedChildren) {
          nodes += assertSameTree(copyOfTree(node, text, 0), node);
          assertSameTree(copyOfTree(node, text, 0, true), node);
        }
        assert.ok(nodes > 200, `walked ${nodes} nodes`);
      } finally {
        tree.delete();
      }
    });
  }

  it('places nodes from a text that starts later in the document (an offset base)', async () => {
    const text = generatePySparkFile(60);
    await eachTopLevelCopy('python', text, (_, node) => {
      const base = node.startIndex - 3;
      assertSameTree(copyOfTree(node, text.slice(base), base), node);
    });
  });

  it('copies generated jobs of both languages exactly', async () => {
    await eachTopLevelCopy('python', generatePySparkFile(300), (copy, node) => void assertSameTree(copy, node));
    await eachTopLevelCopy('scala', generateScalaFile(200), (copy, node) => void assertSameTree(copy, node));
  });

  it('leaves a subtree with syntax errors to the tree (MISSING nodes are not copied)', async () => {
    const text = 'def f(:\n    return (1 +\n\nx = 2\n';
    const tree = (await parsers()).parse('python', text);
    try {
      const broken = tree.rootNode.namedChildren.find((node) => node.hasError);
      assert.ok(broken, 'the sample has a statement with an error');
      assert.strictEqual(cleanCopy(broken, text, 0), broken);
      const clean = tree.rootNode.namedChildren.find((node) => !node.hasError && node.type === 'expression_statement');
      assert.ok(clean, 'the sample has a clean statement');
      const copy = cleanCopy(clean, text, 0);
      assert.notStrictEqual(copy, clean);
      assertSameTree(copy, clean);
      // A copy is copied no further.
      assert.strictEqual(cleanCopy(copy, text, 0), copy);
    } finally {
      tree.delete();
    }
  });
});
