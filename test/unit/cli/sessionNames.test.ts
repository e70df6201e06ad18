import * as assert from 'assert';
import { mightNameApplication } from '../../../server/src/cli/sessionNames';

describe('cli: files that might name their session like a stored run', () => {
  const stored = ['daily-orders-etl-2026-11-02', 'sessionize-clickstream'];

  it('keeps a file naming its session with a word of a stored name, whole or built from constants', () => {
    assert.ok(mightNameApplication('spark = SparkSession.builder.appName("daily-orders-etl-2026-11-02")', stored));
    assert.ok(mightNameApplication('JOB = "orders"\nspark = SparkSession.builder.appName(f"daily-{JOB}-etl-{run_date}")', stored));
    assert.ok(mightNameApplication('conf.setAppName("Sessionize-Clickstream")', stored));
  });

  it('leaves out files that name no session, or one sharing no word with a stored name', () => {
    assert.ok(!mightNameApplication('df = spark.read.parquet("s3://daily/orders")', stored));
    assert.ok(!mightNameApplication('spark = SparkSession.builder.appName(f"ingest-feed-{n}")', stored));
    // `app` and `name` are in every such file: they are no evidence.
    assert.ok(!mightNameApplication('spark = SparkSession.builder.appName("name-app")', ['app-sessions']));
  });

  it('keeps every file naming a session when a stored name has no word to look for', () => {
    assert.ok(mightNameApplication('spark = SparkSession.builder.appName("x")', ['x1-2026']));
    assert.ok(!mightNameApplication('spark.range(3).show()', ['x1-2026']));
  });
});
