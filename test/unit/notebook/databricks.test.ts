import * as assert from 'assert';
import { analysableText } from '../../../server/src/notebook/analysableText';
import { cellPosition } from '../../../server/src/notebook/cells';
import { isDatabricksSource, readDatabricksSource } from '../../../server/src/notebook/databricks';

const SEPARATOR = '\n\n# COMMAND ----------\n\n';

describe('notebooks: Databricks sources', () => {
  it('finds the cells of a Python source and leaves its MAGIC comments as they are', () => {
    const text = ['# Databricks notebook source\nfrom pyspark.sql import functions as F', '# MAGIC %md\n# MAGIC ## Daily totals', 'orders = spark.table("orders")\norders.count()'].join(SEPARATOR);
    const nb = readDatabricksSource(text, 'python')!;
    assert.strictEqual(nb.kind, 'databricks');
    assert.strictEqual(nb.text, text);
    const lines = text.split('\n');
    const count = lines.indexOf('orders.count()');
    assert.deepStrictEqual(cellPosition(nb.cells, { line: count, character: 7 }), { cell: 3, position: { line: 1, character: 7 } });
    assert.deepStrictEqual(cellPosition(nb.cells, { line: 1, character: 0 }), { cell: 1, position: { line: 0, character: 0 } });
    assert.deepStrictEqual(cellPosition(nb.cells, { line: lines.indexOf('# MAGIC ## Daily totals'), character: 0 }), { cell: 2, position: { line: 1, character: 0 } });
  });

  it('blanks bare magics and whole cells in other languages of hand-edited sources, line for line', () => {
    const text = ['# Databricks notebook source\n%run ./setup', '%sql\nSELECT * FROM orders', 'df = spark.table("orders")'].join(SEPARATOR);
    const nb = readDatabricksSource(text, 'python')!;
    assert.strictEqual(nb.text.split('\n').length, text.split('\n').length);
    assert.deepStrictEqual(
      nb.text.split('\n').filter((line) => line.trim() !== ''),
      ['# Databricks notebook source', '# COMMAND ----------', '# COMMAND ----------', 'df = spark.table("orders")'],
    );
  });

  it('reads a %sql cell that joins as the spark.sql call it amounts to, column for column; other %sql cells stay comments', () => {
    const joining = '# MAGIC %sql\n# MAGIC SELECT f.*, c.label\n# MAGIC FROM facts f\n# MAGIC JOIN codes c ON f.code = c.code';
    const plain = '# MAGIC %sql\n# MAGIC SELECT * FROM facts';
    const quoted = '# MAGIC %sql\n# MAGIC SELECT * FROM a JOIN b ON a.k = b.k WHERE a.s = "x\\"y"';
    const text = ['# Databricks notebook source\nx = 1', joining, plain, quoted].join(SEPARATOR);
    const nb = readDatabricksSource(text, 'python')!;
    const lines = nb.text.split('\n');
    assert.strictEqual(lines.length, text.split('\n').length);
    const start = text.split('\n').indexOf('# MAGIC SELECT f.*, c.label') - 1;
    assert.deepStrictEqual(lines.slice(start, start + 4), ['spark.sql("""', '        SELECT f.*, c.label', '        FROM facts f', '        JOIN codes c ON f.code = c.code""")']);
    assert.ok(lines.includes('# MAGIC SELECT * FROM facts'), 'a %sql cell without a join is left as its comments');
    assert.ok(lines.some((line) => line.startsWith('# MAGIC SELECT * FROM a JOIN b')), 'text a triple-quoted string cannot hold is left as its comments');
  });

  it('reads Scala sources and CRLF line breaks', () => {
    const text = ['// Databricks notebook source\nval orders = spark.table("orders")', '// MAGIC %md notes', 'orders.cache()'].join(SEPARATOR.replace('#', '//')).replace(/\n/g, '\r\n');
    const nb = readDatabricksSource(text, 'scala')!;
    assert.strictEqual(nb.text, text);
    assert.deepStrictEqual(nb.cells.map((c) => c.index), [1, 2, 3]);
    assert.deepStrictEqual(cellPosition(nb.cells, { line: text.split('\r\n').indexOf('orders.cache()'), character: 0 }), { cell: 3, position: { line: 0, character: 0 } });
  });

  it('is only a notebook with the header on the first line, in the comment syntax of its language', () => {
    assert.strictEqual(isDatabricksSource('# Databricks notebook source\nx = 1', 'python'), true);
    assert.strictEqual(isDatabricksSource('// Databricks notebook source\r\nval x = 1', 'scala'), true);
    assert.strictEqual(isDatabricksSource('// Databricks notebook source\nx = 1', 'python'), false);
    assert.strictEqual(isDatabricksSource('import os\n# Databricks notebook source', 'python'), false);
    assert.deepStrictEqual(analysableText('jobs/etl.py', 'x = 1\n', 'python'), { language: 'python', text: 'x = 1\n' });
  });
});
