/**
 * `check` over a notebook and a file with a syntax error, in the three formats: findings say their
 * cell and line in it, and the files whose analysis is partial are listed in every format.
 */
import * as assert from 'assert';
import { PARTIAL_ANALYSIS } from '../../../server/src/engine/fileAnalyzer';
import { run } from '../../../server/src/cli/run';
import { fakeIO, removeTempDirs, tempDir, writeTree } from './findings';

/* eslint-disable @typescript-eslint/no-explicit-any -- the reports are read as the JSON they are */

const CELLS = [
  { cell_type: 'markdown', metadata: {}, source: ['# Orders by customer\n', 'Joins the orders with a small lookup.'] },
  { cell_type: 'code', metadata: {}, outputs: [], execution_count: 1, source: ['%pip install delta-spark\n', 'orders = spark.read.parquet("/lake/orders")\n', 'regions = spark.createDataFrame([("EU", "Europe")], ["region", "name"])'] },
  { cell_type: 'code', metadata: {}, outputs: [], execution_count: 2, source: ['label = "caf\u00e9 \\"orders\\""\n', 'joined = orders.join(regions, "region")\n', 'joined.write.parquet("/mart/orders")'] },
  { cell_type: 'code', metadata: {}, outputs: [], execution_count: 3, source: ['rows = (orders\n', '    .filter("amount > 0"'] },
];
const NOTEBOOK = JSON.stringify({ cells: CELLS, metadata: { kernelspec: { name: 'python3', language: 'python' } }, nbformat: 4, nbformat_minor: 5 }, null, 1);
const BROKEN = 'from pyspark.sql import SparkSession\n\ndef load(spark:\n    return spark.table("orders")\n';

/** 1-based line and column of `needle` in the notebook file as stored (the JSON). */
function inFile(needle: string): { line: number; column: number } {
  const lines = NOTEBOOK.split('\n');
  const line = lines.findIndex((text) => text.includes(needle));
  return { line: line + 1, column: lines[line]!.indexOf(needle) + 1 };
}

async function check(format: string): Promise<string> {
  const cwd = tempDir();
  writeTree(cwd, { 'jobs/orders.ipynb': NOTEBOOK, 'jobs/broken.py': BROKEN });
  const { io, stdout, stderr } = fakeIO({ cwd });
  assert.strictEqual(await run(['check', 'jobs', '--format', format], io), 1, stderr());
  return stdout();
}

describe('cli: notebooks and partial analyses in the reports', () => {
  after(removeTempDirs);

  it('JSON: the cell and the line in it, the position in the .ipynb file, and parseErrors', async () => {
    const json = JSON.parse(await check('json'));
    const notebook = json.files.find((f: any) => f.path === 'jobs/orders.ipynb');
    const join = notebook.findings.find((f: any) => f.ruleId === 'missing-broadcast');
    const joinColumn = 'joined = orders.'.length + 1;
    assert.deepStrictEqual(
      { cell: join.cell, cellLine: join.cellLine, cellColumn: join.cellColumn, cellEndLine: join.cellEndLine, line: join.line, column: join.column },
      { cell: 3, cellLine: 2, cellColumn: joinColumn, cellEndLine: 2, ...inFile('join(regions') },
    );
    // tree-sitter's error nodes start with the statement they break.
    assert.deepStrictEqual(json.parseErrors, [
      { path: 'jobs/broken.py', line: 3, column: 1, message: PARTIAL_ANALYSIS.message },
      { path: 'jobs/orders.ipynb', ...inFile('rows = (orders'), cell: 4, cellLine: 1, cellColumn: 1, message: PARTIAL_ANALYSIS.message },
    ]);
  });

  it('SARIF: a region inside the notebook file, the cell in the properties, partial analyses as notifications', async () => {
    const sarif = JSON.parse(await check('sarif'));
    const results = sarif.runs[0].results.filter((r: any) => r.locations[0].physicalLocation.artifactLocation.uri === 'jobs/orders.ipynb');
    const join = results.find((r: any) => r.ruleId === 'missing-broadcast');
    const { line, column } = inFile('join(regions');
    assert.deepStrictEqual(join.locations[0].physicalLocation.region, { startLine: line, startColumn: column, endLine: line, endColumn: inFile('join(regions').column + 'join(regions, \\"region\\")'.length });
    assert.deepStrictEqual(join.properties, { cell: 3, cellLine: 2, cellColumn: 'joined = orders.'.length + 1 });
    const notes = sarif.runs[0].invocations[0].toolExecutionNotifications.filter((n: any) => n.level === 'note');
    assert.deepStrictEqual(notes.map((n: any) => [n.locations[0].physicalLocation.artifactLocation.uri, n.message.text, n.properties?.cell]), [
      ['jobs/broken.py', PARTIAL_ANALYSIS.message, undefined],
      ['jobs/orders.ipynb', PARTIAL_ANALYSIS.message, 4],
    ]);
    assert.strictEqual(notes[0].locations[0].physicalLocation.region.startLine, 3);
  });

  it('text: notebook rows say cell:line:column, and a closing list names the files analysed in part', async () => {
    const text = await check('text');
    assert.match(text, new RegExp(`\\n${'jobs/orders.ipynb'.replace(/\//g, '[\\\\/]')}\\n(.*\\n)*  cell 3:2:${'joined = orders.'.length + 1} +warning +Join `));
    const tail = text.slice(text.indexOf('\u2139'));
    assert.match(tail, /^\u2139 2 files did not parse cleanly: the analysis of each is partial and findings may be missing\n/);
    assert.match(tail, /\n {2}jobs[\\/]broken\.py:3:1 {2}syntax error\n/);
    assert.match(tail, /\n {2}jobs[\\/]orders\.ipynb:cell 4:1:1 {2}syntax error\n$/);
  });

  it('a notebook nested thousands deep in its metadata keeps its findings and cells (JSON and text parse it, the position finder cannot)', async () => {
    const deep = JSON.stringify({ cells: CELLS, metadata: { kernelspec: { name: 'python3', language: 'python' } }, nbformat: 4 }).replace('"metadata":{}', `"metadata":{"nested":${'['.repeat(200_000)}${']'.repeat(200_000)}}`);
    const cwd = tempDir();
    writeTree(cwd, { 'jobs/deep.ipynb': deep });
    for (const format of ['json', 'sarif']) {
      const { io, stdout, stderr } = fakeIO({ cwd });
      assert.strictEqual(await run(['check', 'jobs', '--format', format], io), 1, stderr());
      assert.strictEqual(stderr(), '');
      const report = JSON.parse(stdout());
      if (format === 'json') {
        const join = report.files[0].findings.find((f: any) => f.ruleId === 'missing-broadcast');
        assert.deepStrictEqual({ cell: join.cell, cellLine: join.cellLine, line: join.line }, { cell: 3, cellLine: 2, line: 1 });
      } else {
        assert.ok(report.runs[0].results.some((r: any) => r.ruleId === 'missing-broadcast' && r.properties.cell === 3));
      }
    }
  });
});
