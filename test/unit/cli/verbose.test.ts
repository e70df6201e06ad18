import * as assert from 'assert';
import { MAX_FILE_BYTES } from '../../../server/src/cli/analyzeFiles';
import { run } from '../../../server/src/cli/run';
import { fakeIO, removeTempDirs, tempDir, writeTree } from './findings';

describe('cli: check --verbose', () => {
  after(removeTempDirs);

  it('says how many files were analysed, skipped and left out, and why', async () => {
    const cwd = tempDir();
    writeTree(cwd, {
      '.vscode/settings.json': JSON.stringify({ 'sparkAdvisor.exclude': ['**/*_test.py', '**/node_modules/**'] }),
      'jobs/etl.py': 'orders = spark.table("orders")\nprint(len(orders.collect()))\n',
      'jobs/etl_test.py': 'orders = spark.table("orders")\n',
      'jobs/helpers.py': 'def add(a, b):\n    return a + b\n',
      'jobs/huge.py': ' '.repeat(MAX_FILE_BYTES + 1),
      'jobs/scala.ipynb': JSON.stringify({ cells: [], metadata: { kernelspec: { name: 'spylon-kernel', language: 'scala' } }, nbformat: 4, nbformat_minor: 4 }),
      'jobs/databricks.py': '# Databricks notebook source\ndisplay(table("orders"))\n',
      'app/build.sbt': '',
      'app/src/main/scala/App.scala': 'import org.apache.spark.sql.SparkSession\nobject App\n',
      'app/target/scala-2.13/Generated.scala': '',
      'node_modules/x/y.py': '',
    });
    const { io, stderr } = fakeIO({ cwd });
    assert.strictEqual(await run(['check', '.', '--verbose', '--format', 'json'], io), 1);
    const lines = stderr().split('\n');
    assert.ok(lines.includes('spark-advisor: 6 files to check: 3 analysed (1 notebook), 1 not parsed (no Spark import, session or entry point), 2 skipped, 0 failed'), stderr());
    assert.ok(lines.includes('spark-advisor: skipped 2 files: a scala notebook: only Python notebooks are analysed (1), larger than 2 MB (1)'), stderr());
    assert.ok(lines.includes('spark-advisor: 1 file left out by the include/exclude globs'), stderr());
    assert.ok(lines.includes('spark-advisor: 2 folders not walked: build output (1), node_modules (1)'), stderr());
    assert.ok(lines.includes('spark-advisor:   app/target: build output (holds scala-2.13/)'), stderr());
  });

  it('says nothing of the kind without --verbose', async () => {
    const cwd = tempDir();
    writeTree(cwd, { 'a.py': 'def f():\n    return 1\n' });
    const { io, stderr } = fakeIO({ cwd });
    assert.strictEqual(await run(['check', '.'], io), 0);
    assert.strictEqual(stderr(), '');
  });
});
