/**
 * Per keystroke the engine reuses what did not change: lowered statements, each unchanged
 * function's part of the model and its findings, and facts remembered per statement or per reused
 * function (calls, names changed in place, imports, streaming use, …). Whatever is reused must
 * give exactly the findings of a fresh analysis: random edits over every rule's fixtures, each
 * followed by both analyses.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeLowered, type AnalysisOptions } from '../../../server/src/engine/analyze';
import { IncrementalDocument } from '../../../server/src/engine/incrementalDocument';
import { DEFAULT_SETTINGS } from '../../../server/src/engine/settings';
import type { Language } from '../../../server/src/syntax/ast';
import { lowerTree } from '../../../server/src/syntax/lower';
import type { SparkParsers } from '../../../server/src/syntax/parser';
import { generatePySparkFile } from '../../bench/generateJobs';
import { REPO_ROOT, RULE_FIXTURES } from '../helpers/fixtures';
import { parsers } from '../helpers/parsers';

/** A deterministic generator so a failure can be replayed from its seed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Lines that change what the engine remembers: imports, names changed in place, partition ids, streams, literal counts, configuration, helpers. */
const SNIPPETS: Record<Language, string[]> = {
  python: [
    'cols.append("c")',
    'import pyspark.sql.functions as F',
    'from pyspark.sql.functions import explode, size, collect_list, spark_partition_id',
    'from pyspark.sql import functions as G',
    'df = df.withColumn("pid", F.spark_partition_id())',
    'rows = df.groupBy("pid").count().collect()',
    'stream = spark.readStream.format("kafka").load()',
    'df = df.repartition(200)',
    'spark.conf.set("spark.sql.adaptive.enabled", "false")',
    'spark.conf.set("spark.sql.autoBroadcastJoinThreshold", -1)',
    'n = df.select(F.size(F.collect_list("id"))).first()',
    'e = df.withColumn("a", F.explode("xs")).withColumn("b", F.explode("ys"))',
    'def helper(frame):\n    return frame.filter("x > 1")',
    'out = helper(df)',
    'import pytest',
    // A name the file never binds, known as a DataFrame by its use; then bound, it is no longer free.
    'events.withColumnRenamed("a", "b").write.parquet("/tmp/events")',
    'events = load_events()',
  ],
  scala: [
    'cols += "c"',
    'import org.apache.spark.sql.functions._',
    'import org.apache.spark.sql.{functions => G}',
    'val withPid = df.withColumn("pid", spark_partition_id())',
    'val stream = spark.readStream.format("kafka").load()',
    'val wide = df.repartition(200)',
    'spark.conf.set("spark.sql.adaptive.enabled", "false")',
    'val n = df.select(size(collect_list("id"))).first()',
    'def helper(frame: DataFrame): DataFrame = frame.filter("x > 1")',
    'val out = helper(df)',
  ],
};

/** One random edit, as an editor sends it: a character typed or deleted, a line deleted or duplicated, a snippet typed after a line. */
function randomEdit(text: string, language: Language, next: () => number): { start: number; end: number; inserted: string } {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const line = Math.floor(next() * lineStarts.length);
  const start = lineStarts[line]!;
  const end = line + 1 < lineStarts.length ? lineStarts[line + 1]! : text.length;
  const lineText = text.slice(start, end);
  const kind = next();
  if (kind < 0.35) {
    const at = start + Math.floor(next() * Math.max(1, lineText.trimEnd().length));
    return { start: at, end: at, inserted: pick(['x', '_', '1', '"', ')']) };
  }
  if (kind < 0.55 && lineText.trim() !== '') {
    const at = start + Math.floor(next() * lineText.trimEnd().length);
    return { start: at, end: at + 1, inserted: '' };
  }
  if (kind < 0.65) return { start, end, inserted: '' };
  if (kind < 0.75) return { start, end: start, inserted: lineText.endsWith('\n') ? lineText : `${lineText}\n` };
  const indent = /^\s*/.exec(lineText)![0];
  const snippet = pick(SNIPPETS[language]).split('\n').map((l) => indent + l).join('\n');
  return { start: end, end, inserted: `${snippet}\n` };
}

function position(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

function freshFindings(loaded: SparkParsers, language: Language, text: string, options: AnalysisOptions) {
  const tree = loaded.parse(language, text);
  try {
    return analyzeLowered(lowerTree(language, tree.rootNode, text), text, options).findings;
  } finally {
    tree.delete();
  }
}

/** Applies `rounds` random edits to `text`, comparing incremental and fresh findings after each. */
function replay(loaded: SparkParsers, language: Language, text: string, rounds: number, seed: number, name: string): number {
  const options: AnalysisOptions = { settings: DEFAULT_SETTINGS };
  const document = new IncrementalDocument(loaded, language, text);
  const next = random(seed);
  let findings = 0;
  try {
    analyzeLowered(document.lower(), document.text, options);
    for (let round = 0; round < rounds; round++) {
      const edit = randomEdit(text, language, next);
      document.applyChanges([{ range: { start: position(text, edit.start), end: position(text, edit.end) }, text: edit.inserted }]);
      text = text.slice(0, edit.start) + edit.inserted + text.slice(edit.end);
      const incremental = analyzeLowered(document.lower(), document.text, options).findings;
      assert.deepStrictEqual(incremental, freshFindings(loaded, language, text, options), `${name}, seed ${seed}, round ${round}: ${JSON.stringify(edit)}`);
      findings += incremental.length;
    }
  } finally {
    document.dispose();
  }
  return findings;
}

/** Every rule's fixtures of one language, one document per rule (`package` clauses dropped, as they may only come first). */
function fixtureDocuments(language: Language): Array<{ name: string; text: string }> {
  const extension = language === 'python' ? '.py' : '.scala';
  return fs.readdirSync(RULE_FIXTURES).flatMap((rule) => {
    const dir = path.join(RULE_FIXTURES, rule);
    const files = fs.readdirSync(dir).filter((f) => f.endsWith(extension) && !f.endsWith(`.fixed${extension}`)).sort();
    if (files.length === 0) return [];
    const text = files.map((f) => fs.readFileSync(path.join(dir, f), 'utf8').replace(/^package .*$/gm, '')).join('\n');
    return [{ name: `${rule} (${language})`, text }];
  });
}

describe('incremental findings equal a fresh analysis after every edit', function () {
  this.timeout(300_000);

  for (const language of ['python', 'scala'] as const) {
    it(`over every rule's fixtures (${language})`, async () => {
      const loaded = await parsers();
      const documents = fixtureDocuments(language);
      assert.ok(documents.length >= 25, `${documents.length} fixture documents`);
      let findings = 0;
      documents.forEach(({ name, text }, i) => (findings += replay(loaded, language, text, 12, 1000 + i, name)));
      // The edits keep most of each document analysable: the comparison is not of empty lists.
      assert.ok(findings > documents.length * 12, `${findings} findings compared`);
    });
  }

  it('a caller reused after one of two same-named methods is renamed sees the other resolve', async () => {
    const loaded = await parsers();
    const text = [
      'import org.apache.spark.sql.{DataFrame, SparkSession}',
      'class Publisher { def publish(df: DataFrame, path: String): Unit = df.write.parquet(path) }',
      'object Writers { def publish(df: DataFrame, path: String): Unit = df.write.parquet(path) }',
      'object Mart {',
      '  def once(spark: SparkSession): Unit = {',
      '    val sales = spark.read.parquet("s3://lake/sales").cache()',
      '    Writers.publish(sales, "s3://marts/sales")',
      '  }',
      '}',
    ].join('\n');
    const options: AnalysisOptions = { settings: DEFAULT_SETTINGS };
    const document = new IncrementalDocument(loaded, 'scala', text);
    try {
      assert.ok(!analyzeLowered(document.lower(), document.text, options).findings.some((f) => f.ruleId === 'needless-cache'), 'two methods named publish: the call is not followed');
      const at = text.indexOf('def publish') + 'def pu'.length;
      document.applyChanges([{ range: { start: position(text, at), end: position(text, at + 1) }, text: '' }]);
      const edited = text.slice(0, at) + text.slice(at + 1);
      const incremental = analyzeLowered(document.lower(), document.text, options).findings;
      assert.deepStrictEqual(incremental, freshFindings(loaded, 'scala', edited, options));
      assert.ok(incremental.some((f) => f.ruleId === 'needless-cache'), 'Writers.publish is now the only publish: its one write is the only read');
    } finally {
      document.dispose();
    }
  });

  it('over a long generated job and the examples, many functions reused', async () => {
    const loaded = await parsers();
    const examples = ['daily_orders_etl.py', 'marketing_report.py', 'sessionize_clickstream.py'].map((f) => fs.readFileSync(path.join(REPO_ROOT, 'examples/pyspark', f), 'utf8'));
    const text = [...examples, generatePySparkFile(600)].join('\n');
    assert.ok(replay(loaded, 'python', text, 60, 7, 'generated job') > 60);
  });
});
