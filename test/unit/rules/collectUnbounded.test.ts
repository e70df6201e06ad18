/** collect-unbounded warns only on positive evidence that the rows should not reach the driver; otherwise it is a hint. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeFileText } from '../../../server/src/engine/fileAnalyzer';
import { normalizeSettings } from '../../../server/src/engine/settings';
import { emptyTotals } from '../../../server/src/history/eventlog/fold';
import type { EvidenceProvider, FileHistory, StageRun } from '../../../server/src/history/evidence';
import { NO_EVIDENCE } from '../../../server/src/history/evidence';
import type { Finding } from '../../../server/src/rules/types';
import type { Language } from '../../../server/src/syntax/ast';
import { RULE_FIXTURES } from '../helpers/fixtures';
import { parsers } from '../helpers/parsers';

const run = { appKey: 'app-1/', appName: 'nightly', job: 'nightly', startTime: 1, label: 'nightly (2026-11-03)' };

/** The latest run measured one stage for the action on `line` (0-based). */
function measured(line: number, extra: Partial<StageRun>): EvidenceProvider {
  const stage: StageRun = { run, line, origin: 'call-site', stageId: 3, attemptId: 0, status: 'complete', numTasks: 40, tasks: { ...emptyTotals(), tasks: 40 }, slowestTasks: [], cachedRdds: [], verdicts: {}, ...extra };
  const history: FileHistory = { runs: [run], stages: [stage], executions: [] };
  return { historyFor: () => history, version: () => 'test' };
}

async function collects(language: Language, text: string, evidence: EvidenceProvider = NO_EVIDENCE): Promise<Finding[]> {
  const file = `jobs/job.${language === 'python' ? 'py' : 'scala'}`;
  const analysis = analyzeFileText(await parsers(), language, text, { settings: normalizeSettings({}), file, relativePath: file, evidence });
  return analysis.findings.filter((f) => f.ruleId === 'collect-unbounded');
}

const PY = 'from pyspark.sql import SparkSession\nspark = SparkSession.builder.getOrCreate()\n';

describe('collect-unbounded: warning or hint', () => {
  it('warns when the driver groups the rows, naming the operation and the Spark equivalent', async () => {
    const [finding] = await collects('python', `${PY}pdf = spark.read.json("s3://jobs").toPandas()\nhourly = pdf.groupby("site").sum()\n`);
    assert.strictEqual(finding?.severity, 'warning');
    assert.match(finding.message, /`\.groupby\(…\)` \(line 4\) groups them/);
    assert.match(finding.message, /groupBy\(\.\.\.\)\.agg\(\.\.\.\) before toPandas\(\)/);
  });

  it('warns when a Scala job counts the collected rows', async () => {
    const [finding] = await collects('scala', 'object J {\n  def run(spark: SparkSession): Unit = {\n    val n = spark.table("web.clicks").collect().length\n  }\n}\n');
    assert.strictEqual(finding?.severity, 'warning');
    assert.match(finding.message, /`\.length` \(line 3\) counts them.*count\(\)/);
  });

  it('is a hint that says the size is unknown when nothing shows the rows are misused', async () => {
    const [finding] = await collects('python', `${PY}codes = [r.code for r in spark.table("ref.codes").collect()]\n`);
    assert.strictEqual(finding?.severity, 'hint');
    assert.match(finding.message, /size cannot be told from the code/);
  });

  it('warns on a collect the code cannot size when its latest run read a lot or failed on the result limit', async () => {
    const source = `${PY}codes = [r.code for r in spark.table("ref.codes").collect()]\n`;
    const [large] = await collects('python', source, measured(2, { tasks: { ...emptyTotals(), tasks: 40, inputBytes: 3 * 1024 ** 3 } }));
    assert.strictEqual(large?.severity, 'warning');
    assert.match(large.message, /the latest run measured 3(\.0)? GB read by its job/);
    const [failed] = await collects('python', source, measured(2, { status: 'failed', failureReason: 'Job aborted: Total size of serialized results of 12 tasks (1030.2 MiB) is bigger than spark.driver.maxResultSize (1024.0 MiB)' }));
    assert.strictEqual(failed?.severity, 'warning');
    assert.match(failed.message, /spark\.driver\.maxResultSize \(1024\.0 MiB\)/);
    const [small] = await collects('python', source, measured(2, { tasks: { ...emptyTotals(), tasks: 1, inputBytes: 61_000 } }));
    assert.strictEqual(small?.severity, 'hint', 'a small run does not make it a warning');
  });

  it('in the driver-side work fixtures, warns exactly on the lines with positive evidence', async () => {
    const severities = async (name: string, language: Language) => {
      const found = await collects(language, fs.readFileSync(path.join(RULE_FIXTURES, 'collect-unbounded', name), 'utf8'));
      return found.map((f) => `${f.span.start.line + 1}: ${f.severity}`);
    };
    assert.deepStrictEqual(await severities('driver_side_work.py', 'python'), ['15: warning', '23: warning', '28: warning', '32: warning', '37: hint', '43: hint']);
    assert.deepStrictEqual(await severities('DriverSideWork.scala', 'scala'), ['10: warning', '14: warning', '15: warning', '19: hint']);
  });
});
