import * as assert from 'assert';
import * as path from 'path';
import { analyzeFiles, MAX_FILE_BYTES, readSourceFile } from '../../../server/src/cli/analyzeFiles';
import { DEFAULT_SETTINGS } from '../../../server/src/engine/settings';
import { ParseBudgetExceeded, type SparkParsers } from '../../../server/src/syntax/parser';
import type { DiscoveredFile } from '../../../server/src/cli/discovery';
import { removeTempDirs, tempDir, writeTree } from './findings';

const SPARK = 'from pyspark.sql import SparkSession\nspark = SparkSession.builder.getOrCreate()\n';

function throwingParsers(error: Error): () => Promise<SparkParsers> {
  return async () => ({ parse: () => { throw error; } }) as unknown as SparkParsers;
}

describe('cli: reading and analysing files', () => {
  after(removeTempDirs);

  it('refuses binary, non-UTF-8 and oversized files, and drops a byte order mark', () => {
    const dir = tempDir();
    writeTree(dir, {
      'bin.py': Buffer.from([0x70, 0x00, 0x79]),
      'latin1.py': Buffer.from('caf\xe9', 'latin1'),
      'big.py': Buffer.alloc(MAX_FILE_BYTES + 1, 0x20),
      'bom.py': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('x = "é"')]),
    });
    assert.deepStrictEqual(readSourceFile(path.join(dir, 'bin.py')), { skipped: 'binary file' });
    assert.deepStrictEqual(readSourceFile(path.join(dir, 'latin1.py')), { skipped: 'not valid UTF-8' });
    assert.deepStrictEqual(readSourceFile(path.join(dir, 'big.py')), { skipped: `larger than 2 MB (${MAX_FILE_BYTES + 1} bytes)` });
    assert.deepStrictEqual(readSourceFile(path.join(dir, 'bom.py')), { text: 'x = "é"' });
    assert.deepStrictEqual(readSourceFile(path.join(dir, 'gone.py')), { skipped: 'no such file or directory' });
  });

  it('skips a file whose parse runs out of budget and goes on', async () => {
    const dir = tempDir();
    writeTree(dir, { 'a.py': SPARK, 'b.py': 'print(1)\n', 'c.py': Buffer.from([0]) });
    const files: DiscoveredFile[] = ['a.py', 'b.py', 'c.py'].map((name) => ({ file: path.join(dir, name), relativePath: name, language: 'python', settings: DEFAULT_SETTINGS }));
    const run = await analyzeFiles(files, throwingParsers(new ParseBudgetExceeded(1500)));
    assert.deepStrictEqual(run.results, [{ file: path.join(dir, 'b.py'), findings: [], notSpark: true }]);
    assert.deepStrictEqual(run.skipped, [
      { file: path.join(dir, 'a.py'), reason: 'parsing took longer than 1500 ms and was abandoned' },
      { file: path.join(dir, 'c.py'), reason: 'binary file' },
    ]);
    assert.deepStrictEqual(run.failures, []);
  });

  it('records an unexpected engine error as a failure', async () => {
    const dir = tempDir();
    writeTree(dir, { 'a.py': SPARK });
    const boom = new TypeError('boom');
    const run = await analyzeFiles([{ file: path.join(dir, 'a.py'), relativePath: 'a.py', language: 'python', settings: DEFAULT_SETTINGS }], throwingParsers(boom));
    assert.deepStrictEqual(run.failures, [{ file: path.join(dir, 'a.py'), error: boom }]);
  });

  it('does not load the parsers for files without Spark', async () => {
    const dir = tempDir();
    writeTree(dir, { 'plain.py': 'def f():\n    return 1\n' });
    let loaded = false;
    const run = await analyzeFiles([{ file: path.join(dir, 'plain.py'), relativePath: 'plain.py', language: 'python', settings: DEFAULT_SETTINGS }], async () => {
      loaded = true;
      throw new Error('should not load');
    });
    assert.strictEqual(loaded, false);
    assert.deepStrictEqual(run.results, [{ file: path.join(dir, 'plain.py'), findings: [], notSpark: true }]);
  });
});
