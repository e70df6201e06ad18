import * as assert from 'assert';
import { analyzeFileText } from '../../../server/src/engine/fileAnalyzer';
import { fileRole, roleFromPath } from '../../../server/src/engine/fileRole';
import { normalizeSettings } from '../../../server/src/engine/settings';
import { parsers } from '../helpers/parsers';

describe('file roles: tests and examples', () => {
  it('tells tests by folder and by file name, in both layouts', () => {
    for (const test of ['tests/test_etl.py', 'pkg/tests/helpers.py', 'test_etl.py', 'etl_test.py', 'conftest.py', 'src/test/scala/a/EtlSuite.scala', 'src/it/scala/a/Load.scala', 'a/EtlSpec.scala', 'core/JobTest.scala', 'testing/utils.py']) {
      assert.strictEqual(roleFromPath(test), 'test', test);
    }
  });

  it('tells examples, tutorials, demos, docs and book chapters by folder', () => {
    for (const example of ['examples/wordcount.py', 'docs/_static/demos/x.py', 'tutorials/01_intro.py', 'samples/etl.scala', 'book/Chapter05/wrangling.py', 'ch_11/plots.py']) {
      assert.strictEqual(roleFromPath(example), 'example', example);
    }
  });

  it('tells examples by file name', () => {
    for (const example of ['jobs/kmeans_example.py', 'jobs/example_etl.py', 'jobs/example-load.py', 'src/main/scala/a/WordCountExample.scala', 'notebooks/CMSSparkExample.ipynb', 'example.py']) {
      assert.strictEqual(roleFromPath(example), 'example', example);
    }
    for (const production of ['jobs/counterexample.py', 'jobs/ExampleLoader.scala', 'jobs/exampled.py', 'jobs/examplesCount.py']) {
      assert.strictEqual(roleFromPath(production), 'production', production);
    }
  });

  it('leaves production paths alone, including names that merely contain "test"', () => {
    for (const production of ['jobs/etl.py', 'src/main/scala/com/acme/Contest.scala', 'latest/load.py', 'attestation.py', 'src/main/scala/a/target/Target.scala', 'testdata_loader/job.py', 'chapters_loader/job.py', 'channel5/ingest.py']) {
      assert.strictEqual(roleFromPath(production), 'production', production);
    }
  });

  it('takes a test framework import as a test whatever the path', () => {
    assert.strictEqual(fileRole('jobs/check.py', 'import pytest\n', 'python'), 'test');
    assert.strictEqual(fileRole('jobs/check.py', 'from unittest import TestCase\n', 'python'), 'test');
    assert.strictEqual(fileRole('Check.scala', 'import org.scalatest.funsuite.AnyFunSuite\n', 'scala'), 'test');
    assert.strictEqual(fileRole('jobs/check.py', '# we do not import pytest here\n', 'python'), 'production');
    assert.strictEqual(fileRole(undefined, 'x = 1\n', 'python'), 'production');
    // Every framework, found after a long file (the plain search before the expression must not miss one).
    const long = 'x = 1\n'.repeat(2000);
    assert.strictEqual(fileRole(undefined, `${long}  from unittest.mock import patch\n`, 'python'), 'test');
    assert.strictEqual(fileRole(undefined, `${long}import pytest as pt\n`, 'python'), 'test');
    for (const framework of ['org.junit.Test', 'munit.FunSuite', 'org.specs2.mutable.Specification', 'utest._', 'zio.test._', 'org.scalatest.matchers']) {
      assert.strictEqual(fileRole(undefined, `object A\n${'val x = 1\n'.repeat(500)}import ${framework}\n`, 'scala'), 'test', framework);
    }
    assert.strictEqual(fileRole(undefined, 'val name = "munit"\n', 'scala'), 'production');
  });

  describe('findings in tests are hints unless the setting says otherwise', () => {
    const source = 'from pyspark.sql import SparkSession\nspark = SparkSession.builder.getOrCreate()\nevents = len(spark.read.parquet("s3://lake/events").collect())\n';
    const severities = async (relativePath: string, choice?: string) => {
      const settings = normalizeSettings(choice ? { testAndExampleFindings: choice } : {});
      return analyzeFileText(await parsers(), 'python', source, { settings, relativePath }).findings.filter((f) => f.ruleId === 'collect-unbounded').map((f) => f.severity);
    };

    it("production: the rule's own severity", async () => {
      assert.deepStrictEqual(await severities('jobs/load.py'), ['warning']);
    });
    it('a test: hint', async () => {
      assert.deepStrictEqual(await severities('tests/test_load.py'), ['hint']);
    });
    it('an example with "off": nothing', async () => {
      assert.deepStrictEqual(await severities('examples/load.py', 'off'), []);
    });
    it("a test with 'unchanged': the rule's own severity", async () => {
      assert.deepStrictEqual(await severities('tests/test_load.py', 'unchanged'), ['warning']);
    });
  });
});
