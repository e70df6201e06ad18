import * as assert from 'assert';
import { cellPosition } from '../../../server/src/notebook/cells';
import { notebookLanguage, readJupyterNotebook, type JupyterRead } from '../../../server/src/notebook/jupyter';
import { JupyterFilePositions } from '../../../server/src/notebook/jupyterPositions';
import type { NotebookText } from '../../../server/src/notebook/cells';

/** A notebook as Jupyter saves it: pretty-printed, each source line its own string ending in '\n'. */
function notebook(cells: Array<{ type?: string; source: string | string[] }>, metadata: object = {}, indent = 1): string {
  const lines = (source: string) => source.split(/(?<=\n)/);
  return JSON.stringify(
    {
      cells: cells.map(({ type = 'code', source }) => ({ cell_type: type, metadata: {}, source: typeof source === 'string' ? lines(source) : source, ...(type === 'code' ? { outputs: [], execution_count: null } : {}) })),
      metadata,
      nbformat: 4,
      nbformat_minor: 5,
    },
    null,
    indent,
  );
}

function read(raw: string): NotebookText {
  const result: JupyterRead = readJupyterNotebook(raw);
  if ('skipped' in result) assert.fail(`skipped: ${result.skipped}`);
  return result;
}

describe('notebooks: Jupyter', () => {
  it('joins the code cells line for line and numbers cells as the notebook shows them', () => {
    const nb = read(
      notebook([
        { type: 'markdown', source: '# Weekly revenue\nReads the orders.' },
        { source: 'orders = spark.read.parquet("/lake/orders")\ntotals = orders.groupBy("day").count()' },
        { type: 'raw', source: 'not code' },
        { source: 'totals.show()' },
      ]),
    );
    assert.strictEqual(nb.text, 'orders = spark.read.parquet("/lake/orders")\ntotals = orders.groupBy("day").count()\ntotals.show()');
    assert.deepStrictEqual(nb.cells, [
      { index: 2, startLine: 0 },
      { index: 4, startLine: 2 },
    ]);
    assert.deepStrictEqual(cellPosition(nb.cells, { line: 1, character: 9 }), { cell: 2, position: { line: 1, character: 9 } });
    assert.deepStrictEqual(cellPosition(nb.cells, { line: 2, character: 0 }), { cell: 4, position: { line: 0, character: 0 } });
  });

  it('keeps a cell that ends with a newline apart from the next one', () => {
    const nb = read(notebook([{ source: 'a = 1\n' }, { source: 'b = 2' }]));
    assert.strictEqual(nb.text, 'a = 1\n\nb = 2');
    assert.deepStrictEqual(nb.cells.map((c) => c.startLine), [0, 2]);
  });

  it('blanks magics, shell escapes and help queries, keeping every other line in place', () => {
    const source = [
      '%matplotlib inline',
      '!pip install --quiet \\',
      '    delta-spark',
      'files = !ls /dbfs/raw',
      'spark.read.json?',
      'label = ("%s rows"',
      '         % count)',
      'same = (a',
      '        != b)',
      'df = spark.table("sales")',
    ].join('\n');
    const nb = read(notebook([{ source }]));
    assert.deepStrictEqual(nb.text.split('\n'), ['', '', '', '', '', 'label = ("%s rows"', '         % count)', 'same = (a', '        != b)', 'df = spark.table("sales")']);
  });

  it('reads the Python body of %%time but blanks cells in other languages', () => {
    const nb = read(
      notebook([
        { source: '%%time\nrows = df.count()' },
        { source: '%%sql\nSELECT * FROM sales' },
        { source: '%%bash\nls /tmp' },
      ]),
    );
    assert.deepStrictEqual(nb.text.split('\n'), ['', 'rows = df.count()', '', '', '', '']);
    assert.deepStrictEqual(nb.cells.map((c) => c.startLine), [0, 2, 4]);
  });

  it('reads a %sql cell of a Databricks notebook that joins as a spark.sql call, line for line; not an IPython %%sql cell', () => {
    const metadata = { 'application/vnd.databricks.v1+notebook': { language: 'python', notebookName: 'etl' } };
    const nb = read(notebook([{ source: '%sql\nSELECT *\nFROM a JOIN b ON a.k = b.k\n' }, { source: '%sql\nSELECT * FROM a' }], metadata));
    assert.deepStrictEqual(nb.text.split('\n'), ['spark.sql("""', 'SELECT *', 'FROM a JOIN b ON a.k = b.k""")', '', '', '']);
    const ipython = read(notebook([{ source: '%%sql\nSELECT * FROM a JOIN b ON a.k = b.k' }]));
    assert.deepStrictEqual(ipython.text.split('\n'), ['', '']);
  });

  it('treats a first-line %lang of a Databricks notebook as the language of the whole cell', () => {
    const metadata = { 'application/vnd.databricks.v1+notebook': { language: 'python', notebookName: 'etl' } };
    const nb = read(
      notebook(
        [
          { source: '%scala\nval df = spark.table("sales")\ndf.cache()' },
          { source: '%python\nsales = spark.table("sales")' },
          { source: '%run ./setup' },
          { source: '%md\n# Notes' },
        ],
        metadata,
      ),
    );
    assert.deepStrictEqual(nb.text.split('\n'), ['', '', '', '', 'sales = spark.table("sales")', '', '', '']);
  });

  it('reads Python kernels and refuses others with the reason', () => {
    assert.strictEqual(notebookLanguage(undefined), 'python');
    assert.strictEqual(notebookLanguage({ kernelspec: { name: 'pysparkkernel', language: '' }, language_info: { name: 'pyspark' } }), 'python');
    assert.strictEqual(notebookLanguage({ kernelspec: { name: 'synapse_pyspark', language: 'Python' } }), 'python');
    assert.strictEqual(notebookLanguage({ kernelspec: { name: 'spylon-kernel' } }), 'scala');
    assert.strictEqual(notebookLanguage({ kernelspec: { name: 'ir' } }), 'r');
    assert.deepStrictEqual(readJupyterNotebook(notebook([{ source: 'val df = spark.read.parquet("x")' }], { kernelspec: { name: 'almond', language: 'scala' } })), {
      skipped: 'a scala notebook: only Python notebooks are analysed',
    });
  });

  it('says why a file is not a notebook it can read', () => {
    assert.match((readJupyterNotebook('{"cells": [') as { skipped: string }).skipped, /^not a valid notebook: /);
    assert.deepStrictEqual(readJupyterNotebook('[1, 2]'), { skipped: 'not a valid notebook: the JSON is not an object' });
    assert.deepStrictEqual(readJupyterNotebook('{"nbformat": 3, "worksheets": []}'), { skipped: 'not a notebook Spark Advisor reads (nbformat 3): no "cells" list (nbformat 4 is read)' });
  });

  it('accepts a cell source given as one string', () => {
    const raw = JSON.stringify({ cells: [{ cell_type: 'code', source: 'a = spark.range(5)\na.show()' }], metadata: {}, nbformat: 4, nbformat_minor: 2 });
    assert.strictEqual(read(raw).text, 'a = spark.range(5)\na.show()');
  });
});

describe('notebooks: positions in the .ipynb file', () => {
  /** The file's own text at a position, up to the end of that line. */
  function at(raw: string, position: { line: number; character: number }): string {
    return raw.split(/\r\n|\r|\n/)[position.line]!.slice(position.character);
  }

  it('points into the JSON string that holds a cell line, across escapes', () => {
    const source = 'name = "caf\u00e9 \\"quoted\\"\\t\u{1F600}"\nrows = spark.table(name).collect()';
    const raw = notebook([{ type: 'markdown', source: 'intro' }, { source }]);
    const positions = new JupyterFilePositions(raw);
    const collect = source.split('\n')[1]!.indexOf('collect');
    const place = positions.filePosition(2, { line: 1, character: collect })!;
    assert.ok(at(raw, place).startsWith('collect()"'), at(raw, place));
    // Past an emoji (two UTF-16 units, written raw) and escaped quotes and tabs on the first line.
    const end = positions.filePosition(2, { line: 0, character: source.indexOf('\u{1F600}') + 2 })!;
    assert.ok(at(raw, end).startsWith('\\"\\n",'), at(raw, end));
    const quoted = positions.filePosition(2, { line: 0, character: source.indexOf('quoted') })!;
    assert.ok(at(raw, quoted).startsWith('quoted\\\\\\"'), at(raw, quoted));
  });

  it('maps \\u escapes and one-line JSON, as Databricks exports it', () => {
    const raw = notebook([{ source: 'x = "\u00e9"\ny = spark.range(3)' }], {}, 0).replace('\u00e9', '\\u00e9');
    assert.strictEqual(raw.split('\n').length, 1);
    const positions = new JupyterFilePositions(raw);
    const y = positions.filePosition(1, { line: 1, character: 4 })!;
    assert.strictEqual(y.line, 0);
    assert.ok(raw.slice(y.character).startsWith('spark.range(3)"'), raw.slice(y.character));
    const afterEscape = positions.filePosition(1, { line: 0, character: 6 })!;
    assert.ok(raw.slice(afterEscape.character).startsWith('\\"\\n",'), raw.slice(afterEscape.character));
  });

  it('counts CRLF line breaks of the file', () => {
    const raw = notebook([{ source: 'a = 1\nb = spark.range(2)' }]).replace(/\n/g, '\r\n');
    const place = new JupyterFilePositions(raw).filePosition(1, { line: 1, character: 4 })!;
    assert.ok(at(raw, place).startsWith('spark.range(2)"'), at(raw, place));
  });

  it('knows nothing of cells or lines that are not there', () => {
    const positions = new JupyterFilePositions(notebook([{ source: 'a = 1' }]));
    assert.strictEqual(positions.filePosition(5, { line: 0, character: 0 }), undefined);
    assert.strictEqual(positions.filePosition(1, { line: 3, character: 0 }), undefined);
  });
});
