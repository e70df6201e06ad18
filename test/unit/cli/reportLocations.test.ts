/**
 * `report` places stages on code by analysing the workspace's Spark files; it must analyse only the
 * files that can place a stored run's stages (a working folder of thousands of unrelated files made
 * it run for minutes), place them exactly as before, and fall back to the call sites alone, saying
 * so, when its time budget runs out.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { workspaceLocator, type Locate, type WorkspaceLocatorOptions } from '../../../server/src/cli/reportLocations';
import { HistoryService } from '../../../server/src/history/service';
import { REPO_ROOT } from '../helpers/fixtures';
import { workspaceWith, writeInto } from '../helpers/tempWorkspace';

const EXAMPLES = path.join(REPO_ROOT, 'examples');
const UNRELATED_FILES = 300;

/** A Spark job of its own (its session named unlike any stored run), with a join, a cache and a write. */
const unrelatedJob = (n: number) => `from pyspark.sql import SparkSession\n\nspark = SparkSession.builder.appName(f"ingest-feed-${n}").getOrCreate()\nleft = spark.read.parquet("s3://lake/feed_${n}")\nright = spark.read.parquet("s3://lake/dim_${n}").cache()\nleft.join(right, "id").groupBy("id").count().write.parquet("s3://lake/out_${n}")\n`;

interface Placed {
  analysed: string[];
  warnings: string[];
  locations: Map<string, string>;
  byCallSite: Map<string, string>;
}

async function place(root: string, options: WorkspaceLocatorOptions = {}): Promise<Placed> {
  const service = await HistoryService.open({ roots: [root] });
  try {
    await service.import([path.join(EXAMPLES, 'eventlogs')]);
    const analysed: string[] = [];
    const warnings: string[] = [];
    const locate: Locate = await workspaceLocator(service, [root], { ...options, onAnalyse: (file) => analysed.push(path.relative(root, file)), warn: (line) => warnings.push(line) });
    const locations = new Map<string, string>();
    const byCallSite = new Map<string, string>();
    const text = (location: { file: string; line: number } | undefined) => (location ? `${path.relative(root, location.file)}:${location.line}` : 'nowhere');
    for (const app of service.store.applications()) {
      for (const stage of service.store.application(app.appKey)!.stages) {
        const key = `${app.appKey}#${stage.stageId}.${stage.attemptId}`;
        locations.set(key, text(locate(app.appKey, stage.stageId, stage.attemptId)));
        byCallSite.set(key, text(service.provider.stageLocation(app.appKey, stage.stageId, stage.attemptId)));
      }
    }
    return { analysed, warnings, locations, byCallSite };
  } finally {
    service.close();
  }
}

describe('cli: where report places stages (reportLocations)', function () {
  this.timeout(120_000);
  const roots: string[] = [];
  const examplesWorkspace = () => {
    const root = workspaceWith({});
    roots.push(root);
    fs.cpSync(path.join(EXAMPLES, 'pyspark'), path.join(root, 'pyspark'), { recursive: true });
    fs.cpSync(path.join(EXAMPLES, 'scala'), path.join(root, 'scala'), { recursive: true });
    return root;
  };
  after(() => roots.forEach((root) => fs.rmSync(root, { recursive: true, force: true })));

  it('analyses none of 300 unrelated Spark files, and places every stage as in a folder without them', async () => {
    const clean = await place(examplesWorkspace());
    const crowded = examplesWorkspace();
    for (let n = 0; n < UNRELATED_FILES; n++) writeInto(crowded, `generated/ingest_${String(n).padStart(3, '0')}.py`, unrelatedJob(n));
    const placed = await place(crowded);

    assert.deepStrictEqual(placed.analysed.filter((file) => file.startsWith('generated')), []);
    assert.deepStrictEqual(placed.analysed, clean.analysed);
    assert.ok(placed.analysed.includes('pyspark/daily_orders_etl.py'), placed.analysed.join(', '));
    assert.deepStrictEqual([...placed.locations], [...clean.locations]);
    assert.deepStrictEqual(placed.warnings, []);
    // The analysis places some stages beyond their call sites (on their cause), in the call-site files.
    const moved = [...placed.locations].filter(([key, location]) => location !== placed.byCallSite.get(key));
    assert.ok(moved.length > 0, 'no stage placed beyond its call site');
    for (const [, location] of moved) assert.ok(placed.analysed.includes(location.replace(/:\d+$/, '')), location);
  });

  it('past its time budget places stages by call site alone and says so in one line', async () => {
    const placed = await place(examplesWorkspace(), { budgetMs: 0 });
    assert.deepStrictEqual(placed.analysed, []);
    assert.deepStrictEqual([...placed.locations], [...placed.byCallSite]);
    assert.strictEqual(placed.warnings.length, 1);
    assert.match(placed.warnings[0]!, /^placing stages on code: stopped after 0 s with 0 of \d+ files analysed; the rest of the report places stages by call site alone$/);
  });
});
