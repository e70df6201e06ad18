import * as assert from 'assert';
import type { IfStmt, Stmt } from '../../../server/src/syntax/ast';
import { analyzeFileText } from '../../../server/src/engine/fileAnalyzer';
import { DEFAULT_SETTINGS } from '../../../server/src/engine/settings';
import { armsAsIfChain, MAX_CHAINED_ARMS, type MatchArm } from '../../../server/src/syntax/exclusiveArms';
import type { Language } from '../../../server/src/syntax/ast';
import { parsers } from '../helpers/parsers';

const AT = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };

function arm(index: number): MatchArm {
  const span = { start: { line: index, character: 0 }, end: { line: index, character: 1 } };
  return { body: [{ kind: 'expr', expr: { kind: 'name', id: `arm${index}`, span }, span }], span };
}

/** The deepest `if` nesting of a statement, and the bodies met on the way, walked without recursion. */
function shape(root: Stmt): { depth: number; bodies: string[] } {
  const bodies: string[] = [];
  let depth = 0;
  const pending: Array<{ stmt: Stmt; level: number }> = [{ stmt: root, level: 1 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { stmt, level } = next;
    if (stmt.kind === 'expr' && stmt.expr.kind === 'name') bodies.push(stmt.expr.id);
    if (stmt.kind !== 'if') continue;
    depth = Math.max(depth, level);
    for (const inner of [...stmt.then, ...stmt.otherwise]) pending.push({ stmt: inner, level: level + 1 });
  }
  return { depth, bodies };
}

/** `cases` alternatives ending in a collect of a table, as a Python match, a Python elif ladder or a Scala match. */
function manyArms(form: 'python match' | 'python elif' | 'scala match', cases: number): { language: Language; text: string; lastLine: number } {
  const lines: string[] = [];
  if (form === 'scala match') {
    lines.push('import org.apache.spark.sql.SparkSession', 'object Route {', '  def run(spark: SparkSession, k: Int) = k match {');
    for (let i = 0; i < cases; i++) lines.push(`    case ${i} => spark.table("t").filter("x = ${i}").count()`);
    lines.push('    case _ => spark.table("t").collect()', '  }', '}');
    return { language: 'scala', text: lines.join('\n') + '\n', lastLine: lines.length - 3 };
  }
  lines.push('from pyspark.sql import SparkSession', 'spark = SparkSession.builder.getOrCreate()', 'def run(k):');
  if (form === 'python match') {
    lines.push('    match k:');
    for (let i = 0; i < cases; i++) lines.push(`        case ${i}:`, `            spark.table("t").filter("x = ${i}").count()`);
    lines.push('        case _:', '            spark.table("t").collect()');
  } else {
    lines.push('    if k < 0:', '        pass');
    for (let i = 0; i < cases; i++) lines.push(`    elif k == ${i}:`, `        spark.table("t").filter("x = ${i}").count()`);
    lines.push('    else:', '        spark.table("t").collect()');
  }
  return { language: 'python', text: lines.join('\n') + '\n', lastLine: lines.length - 1 };
}

describe('match arms and elif ladders as one if / else-if chain', () => {
  it('keeps a short chain one arm deep each, in order, the else last', () => {
    const arms = [arm(0), arm(1), arm(2)];
    const chain = armsAsIfChain(arms, AT, arm(3).body)!;
    assert.strictEqual(shape(chain).depth, 3);
    const third = (chain.otherwise[0] as IfStmt).otherwise[0] as IfStmt;
    assert.deepStrictEqual(shape(third).bodies.sort(), ['arm2', 'arm3']);
    assert.deepStrictEqual(shape(chain).bodies.sort(), ['arm0', 'arm1', 'arm2', 'arm3']);
  });

  it('splits a chain of thousands of arms so its nesting grows with their log, every arm kept once', () => {
    const arms = Array.from({ length: 10_000 }, (_, i) => arm(i));
    const { depth, bodies } = shape(armsAsIfChain(arms, AT)!);
    assert.ok(depth <= MAX_CHAINED_ARMS + 12, `nested ${depth} deep`);
    assert.strictEqual(bodies.length, 10_000);
    assert.strictEqual(new Set(bodies).size, 10_000);
  });

  // Lowered to one chain, 1,500 to 2,000 arms overflowed the stack in the model's walks and the whole
  // file failed (`internal error … Maximum call stack size exceeded`).
  for (const form of ['python match', 'python elif', 'scala match'] as const) {
    it(`analyses a ${form} of 4,000 arms and finds the collect in its last arm`, async () => {
      const { language, text, lastLine } = manyArms(form, 4_000);
      const { findings } = analyzeFileText(await parsers(), language, text, { settings: DEFAULT_SETTINGS, file: language === 'scala' ? 'Route.scala' : 'route.py' });
      const collects = findings.filter((finding) => finding.span.start.line === lastLine);
      assert.ok(collects.some((finding) => /collect/.test(finding.message)), `no finding on line ${lastLine + 1}: ${findings.map((f) => `${f.span.start.line}:${f.ruleId}`).slice(0, 5).join(', ')}`);
    });
  }
});
