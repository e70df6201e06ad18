import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as v8 from 'v8';
import { AnalysisCache, defaultCacheLocation } from '../../../server/src/cli/analysisCache';
import { analyzeFiles, parsersOnDemand } from '../../../server/src/cli/analyzeFiles';
import { discoverFiles, resolveInputs, type DiscoveredFile } from '../../../server/src/cli/discovery';
import { analyzeInParallel } from '../../../server/src/cli/parallelAnalysis';
import { DEFAULT_SETTINGS } from '../../../server/src/engine/settings';
import { generatePySparkFile } from '../../bench/generateJobs';
import { removeTempDirs, tempDir, writeTree } from './findings';

describe('cli: the analysis cache (check --cache)', function () {
  this.timeout(120_000);
  after(removeTempDirs);

  function project(): { root: string; files: () => DiscoveredFile[] } {
    const root = tempDir();
    const tree: Record<string, string> = {};
    for (let i = 0; i < 60; i++) tree[`jobs/job_${i}.py`] = generatePySparkFile(40 + (i % 3) * 20).replace(/build_/g, `f${i}_build_`);
    tree['notebooks/explore.ipynb'] = JSON.stringify({ cells: [{ cell_type: 'code', source: ['df = spark.read.parquet("/x")\n', 'df.collect()'] }], metadata: {}, nbformat: 4, nbformat_minor: 5 });
    tree['tools/plain.py'] = 'print("no Spark here")\n';
    tree['jobs/broken.py'] = 'from pyspark.sql import SparkSession\ndef f(:\n';
    writeTree(root, tree);
    writeTree(root, { 'jobs/binary.py': Buffer.from([0x70, 0, 0x79]) });
    return { root, files: () => discoverFiles(resolveInputs(['.'], root), () => ({ root, settings: DEFAULT_SETTINGS })).files };
  }

  async function cachedRun(files: DiscoveredFile[], threads: number, location: string) {
    const cache = new AnalysisCache(location);
    const run = await analyzeInParallel(files, threads, undefined, cache);
    assert.strictEqual(cache.save(), undefined);
    return run;
  }

  it('gives what a fresh analysis gives, and takes every unchanged file from the cache the second time', async () => {
    const { files } = project();
    const location = path.join(tempDir(), 'check.cache');
    const fresh = await analyzeFiles(files(), parsersOnDemand());
    const first = await cachedRun(files(), 2, location);
    assert.strictEqual(first.fromCache, 0);
    const second = await cachedRun(files(), 2, location);
    assert.strictEqual(second.fromCache, files().length);
    assert.strictEqual(second.filesPerThread, undefined, 'no thread started when nothing is left to analyse');
    delete fresh.workspaceIndex;
    for (const run of [first, second]) {
      delete run.fromCache;
      delete run.filesPerThread;
      delete run.workspaceIndex;
      assert.deepStrictEqual(run, fresh);
    }
    assert.ok(fresh.results.some((r) => r.notebook) && fresh.results.some((r) => r.notSpark) && fresh.results.some((r) => r.syntaxError) && fresh.skipped.length === 1);
  });

  it('analyses again a file whose bytes, settings or place changed, and starts afresh from a damaged cache file', async () => {
    const { root, files } = project();
    const location = path.join(tempDir(), 'check.cache');
    await cachedRun(files(), 1, location);

    fs.appendFileSync(path.join(root, 'tools', 'plain.py'), 'rows = spark.read.parquet("/y").collect()\n');
    const edited = await cachedRun(files(), 1, location);
    assert.strictEqual(edited.fromCache, files().length - 1);
    const plain = edited.results.find((r) => r.file.endsWith('plain.py'))!;
    assert.deepStrictEqual(plain.findings.map((f) => f.ruleId), ['collect-unbounded']);

    const ruleOff = files().map((file) => ({ ...file, settings: { ...file.settings, rules: { 'collect-unbounded': 'off' as const } } }));
    const rerated = await cachedRun(ruleOff, 1, location);
    assert.strictEqual(rerated.fromCache, 0);
    assert.deepStrictEqual(rerated.results.find((r) => r.file.endsWith('plain.py'))!.findings, []);

    const moved = files().map((file) => ({ ...file, relativePath: `tests/${file.relativePath}` }));
    assert.strictEqual((await cachedRun(moved, 1, location)).fromCache, 0);

    fs.writeFileSync(location, Buffer.from('not a cache at all'));
    const afterDamage = await cachedRun(files(), 1, location);
    assert.strictEqual(afterDamage.fromCache, 0);
    assert.strictEqual((await cachedRun(files(), 1, location)).fromCache, files().length, 'rewritten whole');
  });

  it('analyses again a file whose imported helper module changed, or when a file it might import appears', async () => {
    const root = tempDir();
    const caller = [
      'from pyspark.sql import SparkSession',
      'from jobs.lookups import load_types',
      'spark = SparkSession.builder.getOrCreate()',
      'events = spark.read.parquet("s3://lake/events")',
      'events.join(load_types(spark), "type", "inner").write.parquet("s3://marts/typed")',
      '',
    ].join('\n');
    const smallHelper = 'def load_types(spark):\n    return spark.createDataFrame([("a", 1), ("b", 2)], ["type", "rank"])\n';
    const bigHelper = 'def load_types(spark):\n    return spark.read.parquet("s3://lake/types")\n';
    writeTree(root, { 'main.py': caller, 'jobs/__init__.py': '', 'jobs/lookups.py': smallHelper });
    const files = () => discoverFiles(resolveInputs(['.'], root), () => ({ root, settings: DEFAULT_SETTINGS })).files;
    const location = path.join(tempDir(), 'check.cache');
    const callerRules = (run: Awaited<ReturnType<typeof cachedRun>>) => run.results.find((r) => r.file.endsWith('main.py'))!.findings.map((f) => f.ruleId);

    const first = await cachedRun(files(), 1, location);
    assert.deepStrictEqual(callerRules(first), ['missing-broadcast']);
    assert.strictEqual((await cachedRun(files(), 1, location)).fromCache, files().length);

    fs.writeFileSync(path.join(root, 'jobs', 'lookups.py'), bigHelper);
    const helperChanged = await cachedRun(files(), 1, location);
    assert.strictEqual(helperChanged.fromCache, files().length - 2, 'the helper and its caller analysed again');
    assert.deepStrictEqual(callerRules(helperChanged), []);

    writeTree(root, { 'jobs/extra.py': 'x = 1\n' });
    assert.strictEqual((await cachedRun(files(), 1, location)).fromCache, 0, 'a new file may change what imports resolve to');
  });

  it('analyses again a file whose cached outcome has a shape this tool never writes (wrong types, escapes, a flood of findings)', async () => {
    const { files } = project();
    const location = path.join(tempDir(), 'check.cache');
    const fresh = await cachedRun(files(), 1, location);
    const cacheFile = v8.deserialize(fs.readFileSync(location)) as { entries: Map<string, { outcome: Uint8Array }> };
    const withFindings = fresh.results.find((r) => r.findings.length > 0)!;
    const finding = withFindings.findings[0]!;
    const hostile: unknown[] = [
      null,
      'text',
      { result: null },
      { result: { ...withFindings, findings: 'none' } },
      { result: { ...withFindings, findings: [null, 7] } },
      { result: { ...withFindings, findings: [{ ...finding, ruleId: 'x\u001b]0;title\u0007' }] } },
      { result: { ...withFindings, findings: [{ ...finding, span: { start: { line: -1, character: 0 }, end: { line: 1e12, character: NaN } } }] } },
      { result: { ...withFindings, findings: Array.from({ length: 60_000 }, () => finding) } },
      { result: { ...withFindings, file: '/elsewhere.py' } },
      { skipped: { file: 7, reason: {} } },
      { failure: { file: withFindings.file, error: new Error('boom') } },
    ];
    let next = 0;
    for (const entry of cacheFile.entries.values()) entry.outcome = v8.serialize(hostile[next++ % hostile.length]);
    fs.writeFileSync(location, v8.serialize(cacheFile));
    const again = await cachedRun(files(), 1, location);
    assert.strictEqual(again.fromCache, 0);
    for (const run of [fresh, again]) {
      delete run.fromCache;
      delete run.filesPerThread;
      delete run.workspaceIndex;
    }
    assert.deepStrictEqual(again, fresh);
  });

  it('keeps its default file per user and working folder in the OS temp folder', () => {
    const location = defaultCacheLocation('/work/project');
    assert.ok(location.startsWith(os.tmpdir() + path.sep));
    assert.notStrictEqual(location, defaultCacheLocation('/work/other'));
  });
});
