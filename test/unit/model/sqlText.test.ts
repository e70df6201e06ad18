import * as assert from 'assert';
import { sqlShape, stringTemplate, unwrapSubquery } from '../../../server/src/model/sqlText';
import { numberValue } from '../../../server/src/model/constants';
import type { Expr } from '../../../server/src/syntax/ast';

const at = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
const text = (value: string): Expr => ({ kind: 'literal', literalKind: 'string', value, span: at });
const num = (value: number): Expr => ({ kind: 'literal', literalKind: 'number', value, span: at });
const name = (id: string): Expr => ({ kind: 'name', id, span: at });
const binary = (operator: string, left: Expr, right: Expr): Expr => ({ kind: 'binary', operator, left, right, span: at });

describe('SQL text', () => {
  it('keeps the literal parts of templates', () => {
    assert.strictEqual(stringTemplate(binary('+', text('SELECT a FROM '), name('t'))), 'SELECT a FROM ?');
    const format: Expr = { kind: 'call', callee: { kind: 'member', object: text('SELECT {} FROM t'), property: 'format', span: at, propertySpan: at }, args: [{ value: name('c'), span: at }], span: at, argsSpan: at };
    assert.strictEqual(stringTemplate(format), 'SELECT {} FROM t');
    assert.strictEqual(stringTemplate(name('q'), (n) => (n === 'q' ? 'SHOW TABLES' : undefined)), 'SHOW TABLES');
    assert.strictEqual(stringTemplate(name('q')), undefined);
  });

  it('reads the clauses of the outer query only', () => {
    assert.deepStrictEqual(sqlShape('SELECT * FROM t WHERE x IN (SELECT max(x) FROM u)'), { kind: 'rows' });
    assert.deepStrictEqual(sqlShape('SELECT * FROM (SELECT * FROM t LIMIT 5) s'), { kind: 'rows' });
    assert.deepStrictEqual(sqlShape('select a, count(*) from t group by a having count(*) > 1'), { kind: 'grouped', keys: 'a' });
    assert.deepStrictEqual(sqlShape('SELECT count(*) FROM t'), { kind: 'global-aggregate' });
    assert.deepStrictEqual(sqlShape('SELECT a, row_number() over (order by a) FROM t'), { kind: 'rows' });
    assert.deepStrictEqual(sqlShape('-- latest\nSELECT * FROM t ORDER BY ts DESC LIMIT 10'), { kind: 'limit', rows: 10 });
    assert.deepStrictEqual(sqlShape("SELECT 'from' AS word"), { kind: 'no-from' });
    assert.deepStrictEqual(sqlShape('describe extended t'), { kind: 'command' });
    assert.deepStrictEqual(sqlShape('SELECT DISTINCT a, b FROM t'), { kind: 'distinct', columns: ['a', 'b'] });
    assert.deepStrictEqual(sqlShape('SELECT 1 UNION ALL SELECT a FROM t'), { kind: 'union', parts: [{ kind: 'no-from' }, { kind: 'rows' }] });
  });

  it('unwraps a JDBC dbtable subquery', () => {
    assert.strictEqual(unwrapSubquery('(SELECT max(id) FROM t) tmp'), 'SELECT max(id) FROM t');
    assert.strictEqual(unwrapSubquery('schema.table'), undefined);
  });
});

describe('constant numbers', () => {
  it('folds arithmetic and shifts', () => {
    assert.strictEqual(numberValue(binary('**', num(2), num(12))), 4096);
    assert.strictEqual(numberValue(binary('<<', num(1), num(20))), 1_048_576);
    assert.strictEqual(numberValue(binary('*', num(10), binary('-', num(5), num(2)))), 30);
    assert.strictEqual(numberValue(binary('+', num(1), name('n'))), undefined);
    assert.strictEqual(numberValue(binary('%', num(7), num(2))), undefined);
  });
});
