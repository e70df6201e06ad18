import * as assert from 'assert';
import type { Expr, Language, Stmt } from '../../../server/src/syntax/ast';
import { forEachExpression } from '../../../server/src/syntax/walk';
import { nameConstants } from '../../../server/src/model/nameConstants';
import { lowerSource } from '../helpers/parsers';

/** What each read of `name` (a name or `x.name`) holds, in source order: `line: text@line|text@line`, `?` for a non-constant. */
async function readsOf(language: Language, text: string, name: string): Promise<string[]> {
  const file = await lowerSource(language, text);
  const names = nameConstants(file.statements);
  const found: string[] = [];
  forEachExpression(file.statements, (expr: Expr) => {
    const read = (expr.kind === 'name' && expr.id === name) || (expr.kind === 'member' && expr.property === name);
    const candidates = read ? names.candidates(expr) : undefined;
    if (!candidates) return;
    const shown = candidates.map((c) => `${c.text ?? '?'}@${c.span.start.line + 1}${c.conditions.length ? `[${c.conditions.map((k) => k.branch).join('')}]` : ''}`);
    found.push(`${expr.span.start.line + 1}: ${shown.join('|')}`);
  });
  return found;
}

describe('name constants: column names held in variables', () => {
  it('keeps one candidate per branch, and each branch sees only its own assignment', async () => {
    const text = ['def f(df, given):', '    if given is None:', '        key = "__dummy__"', '        df.withColumn(key, 0)', '    else:', '        key = given', '    df.join(o, key)'].join('\n');
    assert.deepStrictEqual(await readsOf('python', text, 'key'), ['4: __dummy__@3[0]', '7: __dummy__@3[0]|?@6[1]']);
  });

  it('drops a branch that returns, and follows module constants, f-strings, + and format', async () => {
    const text = [
      'PREFIX = "shop"',
      'def f(df, flag):',
      '    key = f"{PREFIX}_id"',
      '    if flag:',
      '        key = "other"',
      '        return df',
      '    df.join(o, key)',
      '    name = PREFIX + "_" + "{}".format("x")',
      '    df.select(name)',
    ].join('\n');
    assert.deepStrictEqual(await readsOf('python', text, 'key'), ['7: shop_id@3']);
    assert.deepStrictEqual(await readsOf('python', text, 'name'), ['9: shop_x@8']);
  });

  it('reads class constants through self. and the class name, unless a method assigns the attribute', async () => {
    const text = ['class Job:', '    KEY = "bucket"', '    MOVED = "a"', '    def run(self, df):', '        self.MOVED = other()', '        df.join(o, self.KEY).join(p, Job.KEY).join(q, self.MOVED)'].join('\n');
    assert.deepStrictEqual(await readsOf('python', text, 'KEY'), ['6: bucket@2', '6: bucket@2']);
    assert.deepStrictEqual(await readsOf('python', text, 'MOVED'), []);
  });

  it('merges what a loop body assigns with what the loop starts with, and reads literal loop items', async () => {
    const text = ['key = "a"', 'for c in ["x", "y"]:', '    df.select(key, c)', '    key = "b"'].join('\n');
    assert.deepStrictEqual(await readsOf('python', text, 'key'), ['3: a@1|b@4']);
    assert.deepStrictEqual(await readsOf('python', text, 'c'), ['3: x@2|y@2']);
  });

  it('reads Scala object members and if-expressions', async () => {
    const text = ['object Cols { val Key = "k" }', 'object Job {', '  def run(df: DataFrame, byDay: Boolean) = {', '    val key = Cols.Key', '    val unit = if (byDay) "day" else "hour"', '    df.join(o, key).join(p, unit)', '  }', '}'].join('\n');
    assert.deepStrictEqual(await readsOf('scala', text, 'key'), ['6: k@1']);
    assert.deepStrictEqual(await readsOf('scala', text, 'unit'), ['6: day@5[0]|hour@5[1]']);
  });

  it('leaves a parameter unknown, and a name rebound from a call', async () => {
    const text = ['def f(df, key):', '    df.join(o, key)', '    key = pick()', '    df.join(o, key)'].join('\n');
    assert.deepStrictEqual(await readsOf('python', text, 'key'), ['2: ?@1', '4: ?@3']);
  });
});

export type { Stmt };
