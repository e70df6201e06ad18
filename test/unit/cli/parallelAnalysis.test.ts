import * as assert from 'assert';
import * as path from 'path';
import { analyzeFiles, parsersOnDemand } from '../../../server/src/cli/analyzeFiles';
import { discoverFiles, resolveInputs } from '../../../server/src/cli/discovery';
import { analyzeInParallel, maxThreads, MIN_FILES_PER_THREAD, workerScript } from '../../../server/src/cli/parallelAnalysis';
import { DEFAULT_SETTINGS } from '../../../server/src/engine/settings';
import { generatePySparkFile, generateScalaFile } from '../../bench/generateJobs';
import { removeTempDirs, tempDir, writeTree } from './findings';

describe('cli: analysis on several threads', function () {
  this.timeout(300_000);
  after(removeTempDirs);

  it('finds the worker script beside the compiled CLI', () => assert.ok(workerScript()?.endsWith(`${path.sep}analysisWorker.js`)));

  it('gives the same results as one thread over the 1,000-file generated tree, in the same order', async () => {
    const root = tempDir();
    const tree: Record<string, string> = {};
    for (let i = 0; i < 1000; i++) tree[`jobs/job_${i}.py`] = generatePySparkFile(40 + (i % 7) * 20).replace(/build_/g, `f${i}_build_`);
    // Both languages, notebooks, a file without Spark, a broken one and an unreadable one.
    tree['scala/BigJob.scala'] = generateScalaFile(300);
    tree['notebooks/explore.ipynb'] = JSON.stringify({ cells: [{ cell_type: 'code', source: ['df = spark.read.parquet("/x")\n', 'df.collect()'] }], metadata: {}, nbformat: 4, nbformat_minor: 5 });
    tree['tools/plain.py'] = 'print("no Spark here")\n';
    tree['jobs/broken.py'] = 'from pyspark.sql import SparkSession\ndef f(:\n';
    writeTree(root, tree);
    writeTree(root, { 'jobs/binary.py': Buffer.from([0x70, 0, 0x79]) });
    const { files } = discoverFiles(resolveInputs(['.'], root), () => ({ root, settings: DEFAULT_SETTINGS }));
    assert.strictEqual(files.length, 1005);

    const single = await analyzeFiles(files, parsersOnDemand());
    const parallel = await analyzeInParallel(files, 2);
    assert.strictEqual(parallel.filesPerThread?.length, 2, 'this thread and one worker');
    assert.ok(parallel.filesPerThread.every((n) => n > 0), `both threads analysed files: ${parallel.filesPerThread.join(' + ')}`);
    delete parallel.filesPerThread;
    // What the workspace index cost is timed per thread: it is no outcome of the files.
    delete parallel.workspaceIndex;
    delete single.workspaceIndex;
    assert.deepStrictEqual(parallel, single);
    assert.ok(single.results.reduce((n, r) => n + r.findings.length, 0) > 10_000, 'the tree has findings to compare');
    assert.strictEqual(single.skipped.length, 1);
  });

  it('holds a huge --threads to twice the cores', async () => {
    const root = tempDir();
    const tree: Record<string, string> = {};
    const count = MIN_FILES_PER_THREAD * (maxThreads() + 4);
    for (let i = 0; i < count; i++) tree[`jobs/job_${i}.py`] = 'from pyspark.sql import SparkSession\nspark = SparkSession.builder.getOrCreate()\nspark.read.parquet("/x").collect()\n';
    writeTree(root, tree);
    const { files } = discoverFiles(resolveInputs(['.'], root), () => ({ root, settings: DEFAULT_SETTINGS }));
    const run = await analyzeInParallel(files, 1000);
    assert.ok(run.filesPerThread && run.filesPerThread.length <= maxThreads(), `${run.filesPerThread?.length} threads for ${files.length} files, at most ${maxThreads()}`);
    assert.strictEqual(run.results.length, count);
  });

  it('analyses small runs in this thread only', async () => {
    const root = tempDir();
    writeTree(root, { 'a.py': 'df = spark.read.parquet("/x")\ndf.collect()\n' });
    const { files } = discoverFiles(resolveInputs(['.'], root), () => ({ root, settings: DEFAULT_SETTINGS }));
    assert.ok(files.length < MIN_FILES_PER_THREAD * 2);
    const run = await analyzeInParallel(files, 8);
    assert.strictEqual(run.filesPerThread, undefined);
    assert.strictEqual(run.results[0]!.findings[0]!.ruleId, 'collect-unbounded');
  });
});
