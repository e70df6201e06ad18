/**
 * The whole analysis of a document (parse, lowering, model, rules) runs within a time budget and
 * lets other documents be analysed between its phases: a 1.9 MB file used to take 7–10 s while
 * every other document waited.
 */
import * as assert from 'assert';
import { DEFAULT_SETTINGS } from '../../../server/src/engine/settings';
import { NO_EVIDENCE } from '../../../server/src/history/evidence';
import { MAX_ANALYSED_CHARACTERS, OpenDocuments } from '../../../server/src/lsp/openDocuments';
import type { SparkParsers } from '../../../server/src/syntax/parser';
import { generatePySparkFile } from '../../bench/generateJobs';
import { parsers } from '../helpers/parsers';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { WorkspaceIndex } from '../../../server/src/engine/workspace/workspaceIndex';
import { workspaceWith } from '../helpers/tempWorkspace';

const SMALL = `from pyspark.sql import SparkSession
spark = SparkSession.builder.getOrCreate()
orders = spark.read.parquet("s3://lake/orders")
orders.collect()
`;

describe('lsp: analysis time budget', function () {
  this.timeout(60_000);
  /** Far more work than the budget: several hundred milliseconds at the least. */
  const big = generatePySparkFile(12_000);
  const BUDGET_MS = 20;

  it('a document over the budget gets a notice naming the budget and the phase, and no findings', async () => {
    assert.ok(big.length < MAX_ANALYSED_CHARACTERS, `${big.length} characters: the budget, not the size cap, must stop it`);
    const documents = new OpenDocuments(await parsers(), NO_EVIDENCE, BUDGET_MS);
    documents.open('file:///big.py', 'python', 1, big);
    const analysis = (await documents.analyze('file:///big.py', DEFAULT_SETTINGS))!;
    assert.deepStrictEqual(analysis.findings, []);
    assert.match(analysis.notice ?? '', /^Spark Advisor skipped this file: its analysis took longer than 0\.02 s \(stopped while (parsing|reading the syntax tree|building the Spark model|running the rules)\)\. Split it, or leave it out with sparkAdvisor\.exclude\.$/);
  });

  it('time spent reading the helpers a file calls in other files is not charged to the file (that work is kept for later analyses)', async () => {
    // Reading and lowering four 12,000-line helper modules takes seconds; the caller alone a few milliseconds.
    const modules = ['h1', 'h2', 'h3', 'h4'];
    const root = workspaceWith({ ...Object.fromEntries(modules.map((name) => [`${name}.py`, big])), 'job.py': '' });
    try {
      const loaded = await parsers();
      const budgetMs = 1000;
      const documents = new OpenDocuments(loaded, NO_EVIDENCE, budgetMs);
      documents.workspace = new WorkspaceIndex({ roots: () => [root], parsers: () => loaded, trackDependents: true });
      const calls = modules.map((name) => `from ${name} import build_orders_0 as ${name}_orders\n${name}_daily = ${name}_orders(spark, "2024-01-01")\n${name}_daily.collect()\n`);
      // Statements after the calls, for the budget to be checked several times once the helpers are read.
      const filters = Array.from({ length: 100 }, (_, i) => `f${i} = orders.filter(orders.amount > ${i})\n`).join('');
      const uri = pathToFileURL(path.join(root, 'job.py')).toString();
      documents.open(uri, 'python', 1, `${SMALL}${calls.join('')}${filters}`);
      const analysis = (await documents.analyze(uri, DEFAULT_SETTINGS))!;
      const helpersMs = documents.workspace.millisecondsSpent!();
      assert.ok(helpersMs > budgetMs, `the premise: reading the helpers (${helpersMs.toFixed(0)} ms) takes longer than the whole budget`);
      assert.strictEqual(analysis.notice, undefined);
      assert.deepStrictEqual(analysis.findings.map((finding) => finding.ruleId), ['collect-unbounded']);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('other requests are answered while a big document is analysed (phases yield to the event loop)', async () => {
    const documents = new OpenDocuments(await parsers(), NO_EVIDENCE, 60_000);
    documents.open('file:///small.py', 'python', 1, SMALL);
    const small = (await documents.analyze('file:///small.py', DEFAULT_SETTINGS))!;
    documents.open('file:///big.py', 'python', 1, big);
    const finished: string[] = [];
    const bigDone = documents.analyze('file:///big.py', DEFAULT_SETTINGS).then(() => finished.push('big'));
    setImmediate(() => finished.push('event loop'));
    const smallAgain = documents.analyze('file:///small.py', DEFAULT_SETTINGS).then((analysis) => {
      finished.push('small');
      return analysis;
    });
    await Promise.all([bigDone, smallAgain]);
    // Before, analyze() ran every phase at once: nothing else ran until the big document was done.
    assert.deepStrictEqual(finished, ['small', 'event loop', 'big']);
    assert.strictEqual(await smallAgain, small);
    assert.deepStrictEqual(small.findings.map((f) => f.ruleId), ['collect-unbounded']);
  });

  it('a document over the budget is not analysed again on every keystroke, but is once it is much smaller', async () => {
    // The real parsers, counting their parses: whether it re-tried must not depend on the machine's load.
    const real = await parsers();
    const counting = Object.create(real) as SparkParsers;
    let parses = 0;
    counting.parse = (...args: Parameters<SparkParsers['parse']>) => {
      parses++;
      return real.parse(...args);
    };
    const documents = new OpenDocuments(counting, NO_EVIDENCE, BUDGET_MS);
    documents.open('file:///big.py', 'python', 1, big);
    const first = (await documents.analyze('file:///big.py', DEFAULT_SETTINGS))!;
    const parsesOverBudget = parses;
    documents.change('file:///big.py', 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '#' }]);
    const again = (await documents.analyze('file:///big.py', DEFAULT_SETTINGS))!;
    assert.strictEqual(again.version, 2);
    assert.strictEqual(again.notice, first.notice);
    assert.ok(parsesOverBudget > 0);
    assert.strictEqual(parses, parsesOverBudget, 'the document over the budget was parsed again');
    documents.change('file:///big.py', 3, [{ text: SMALL }]);
    const shrunk = (await documents.analyze('file:///big.py', DEFAULT_SETTINGS))!;
    assert.strictEqual(shrunk.notice, undefined);
    assert.deepStrictEqual(shrunk.findings.map((f) => f.ruleId), ['collect-unbounded']);
  });

  it('a document edited during its analysis gets the analysis of its new version', async () => {
    const documents = new OpenDocuments(await parsers(), NO_EVIDENCE, 60_000);
    documents.open('file:///edited.py', 'python', 1, SMALL);
    const pending = documents.analyze('file:///edited.py', DEFAULT_SETTINGS);
    documents.change('file:///edited.py', 2, [{ range: { start: { line: 3, character: 0 }, end: { line: 4, character: 0 } }, text: '' }]);
    const analysis = (await pending)!;
    assert.strictEqual(analysis.version, 2);
    assert.deepStrictEqual(analysis.findings, []);
  });
});
