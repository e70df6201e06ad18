import * as assert from 'assert';
import { cli, ensureCliBundle } from './bin';
import { removeTempDirs, tempDir, writeTree } from './findings';

const HELPER = `from pyspark.sql import SparkSession


def load_issue_types(spark: SparkSession):
    return spark.createDataFrame([("bug", 3), ("task", 1)], ["type", "weight"])


def load_assignees(spark: SparkSession):
    return spark.read.parquet("s3://lake/assignees")
`;

const JOB = `from pyspark.sql import SparkSession

from jobs.lookups import load_assignees, load_issue_types

spark = SparkSession.builder.getOrCreate()
tickets = spark.read.parquet("s3://lake/tickets")
tickets.join(load_issue_types(spark), "type", "inner").write.parquet("s3://marts/typed")
tickets.join(load_assignees(spark), "assignee_id", "inner").write.parquet("s3://marts/assigned")
`;

describe('cli: calls into other files of the folder checked', function () {
  this.timeout(120_000);
  before(ensureCliBundle);
  after(removeTempDirs);

  it('check over a folder knows a lookup built in a helper module is small, and says what the index cost with --verbose', () => {
    const root = tempDir();
    writeTree(root, { 'jobs/__init__.py': '', 'jobs/lookups.py': HELPER, 'daily.py': JOB });
    const result = cli(['check', '.', '--format', 'json', '--verbose'], { cwd: root });
    const report = JSON.parse(result.stdout) as { files: Array<{ path: string; findings: Array<{ ruleId: string; line: number }> }> };
    const daily = report.files.find((f) => f.path === 'daily.py');
    const broadcast = daily?.findings.filter((f) => f.ruleId === 'missing-broadcast').map((f) => f.line);
    assert.deepStrictEqual(broadcast, [7], result.stdout);
    // daily.py is analysed first: the helper it calls into is read once, for both.
    assert.match(result.stderr, /calls into other files: 1 module read \(1 then analysed from that reading\), \d+ function summar/);
  });

  it('with SPARK_ADVISOR_NO_WORKSPACE_INDEX=1 (to measure its cost), calls into other files are not followed', () => {
    const root = tempDir();
    writeTree(root, { 'jobs/__init__.py': '', 'jobs/lookups.py': HELPER, 'daily.py': JOB });
    const result = cli(['check', '.', '--format', 'json', '--verbose'], { cwd: root, env: { SPARK_ADVISOR_NO_WORKSPACE_INDEX: '1' } });
    const report = JSON.parse(result.stdout) as { files: Array<{ path: string; findings: Array<{ ruleId: string }> }> };
    assert.deepStrictEqual(report.files.find((f) => f.path === 'daily.py')?.findings.filter((f) => f.ruleId === 'missing-broadcast'), []);
    assert.doesNotMatch(result.stderr, /calls into other files/);
  });

  it('a file named on its own finds the helpers below its folder', () => {
    const root = tempDir();
    writeTree(root, { 'jobs/__init__.py': '', 'jobs/lookups.py': HELPER, 'daily.py': JOB });
    const alone = JSON.parse(cli(['check', 'daily.py', '--format', 'json'], { cwd: root }).stdout) as { files: Array<{ findings: Array<{ ruleId: string }> }> };
    assert.strictEqual(alone.files[0]!.findings.filter((f) => f.ruleId === 'missing-broadcast').length, 1);
  });
});
