import * as assert from 'assert';
import { sqlJoins } from '../../../server/src/model/sqlJoins';

/** Each join as `how left-aliases > right-name as alias`, with the text from its start to its end. */
function described(sql: string): string[] {
  return sqlJoins(sql).joins.map((join) => {
    const right = join.right.name ? `${join.right.name}${join.right.cte ? ' (cte)' : ''} as ${join.right.alias}` : '(other)';
    return `${join.how} ${join.left.map((r) => r.alias ?? '?').join(',')} > ${right} [${sql.slice(join.start, join.end)}]`;
  });
}

describe('joins in SQL text', () => {
  it('reads each join with its type, its left relations and its right relation as the query names it', () => {
    assert.deepStrictEqual(described('SELECT * FROM facts f JOIN dim d ON f.k = d.k LEFT OUTER JOIN db.other AS o USING (k) LEFT ANTI JOIN x ON x.k = f.k'), [
      'inner f > dim as d [JOIN dim d]',
      'left f,d > db.other as o [LEFT OUTER JOIN db.other AS o]',
      'left_anti f,d,o > x as x [LEFT ANTI JOIN x]',
    ]);
    assert.deepStrictEqual(described('select a.x from `my db`.`t` a, b where a.k = b.k'), ['inner a > b as b [, b]']);
    assert.deepStrictEqual(described('SELECT * FROM a RIGHT JOIN b ON a.k = b.k FULL JOIN c ON c.k = a.k CROSS JOIN d'), [
      'right a > b as b [RIGHT JOIN b]',
      'full a,b > c as c [FULL JOIN c]',
      'cross a,b,c > d as d [CROSS JOIN d]',
    ]);
  });

  it('finds joins in subqueries and CTEs, and knows the names a WITH clause defines', () => {
    const sql = 'WITH big AS (SELECT f.* FROM facts f JOIN dim d ON f.k = d.k) SELECT * FROM big JOIN (SELECT k FROM x) s ON big.k = s.k JOIN big b2 ON b2.k = big.k';
    assert.deepStrictEqual(described(sql), [
      'inner f > dim as d [JOIN dim d]',
      'inner big > (other) [JOIN (SELECT k FROM x) s]',
      'inner big,s > big (cte) as b2 [JOIN big b2]',
    ]);
  });

  it('steps over comments, string contents and functions named like join words', () => {
    assert.deepStrictEqual(described("-- FROM a JOIN b\nSELECT 'x JOIN y' AS n /* JOIN z */ FROM a WHERE left(a.code, 2) = 'JO'"), []);
    assert.deepStrictEqual(described('SELECT * FROM a JOIN b ON left(a.c, 2) = b.c JOIN c ON c.k = a.k'), ['inner a > b as b [JOIN b]', 'inner a,b > c as c [JOIN c]']);
  });

  it('says when the text holds a hint, and where the SELECT of each join ends', () => {
    assert.strictEqual(sqlJoins('SELECT /*+ BROADCAST(d) */ * FROM f JOIN d ON f.k = d.k').hinted, true);
    assert.strictEqual(sqlJoins('SELECT /* broadcast(d) */ * FROM f JOIN d ON f.k = d.k').hinted, false);
    const sql = 'SELECT * FROM f WHERE k IN (SELECT d.k FROM d JOIN e ON d.k = e.k)';
    const [join] = sqlJoins(sql).joins;
    assert.strictEqual(sql.slice(0, join!.selectEnd).endsWith('(SELECT'), true);
  });

  it('reads no joins from broken, unfinished or huge text, without throwing', () => {
    for (const text of ['SELECT * FROM', 'SELECT * FROM a JOIN', 'SELECT * FROM a JOIN (', "SELECT * FROM a JOIN b ON 'unclosed", ')))) FROM ((( JOIN', '']) {
      assert.ok(Array.isArray(sqlJoins(text).joins), text);
    }
    assert.deepStrictEqual(sqlJoins('SELECT * FROM a JOIN')?.joins.map((j) => j.right.name), [undefined]);
    assert.deepStrictEqual(sqlJoins(`SELECT * FROM a JOIN b ON a.k = b.k ${' '.repeat(300_000)}`).joins, []);
  });
});
