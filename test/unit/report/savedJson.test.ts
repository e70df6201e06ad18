/**
 * Saved-output compatibility of `spark-advisor report --format json`: test/fixtures/report-json/
 * report-v2.json was written by the version that introduced schema version 2, from generated runs
 * that exercise every part of the document (a validated recommendation, a failure with its
 * consequences, a cluster setting on Databricks). It must still be read as a version-2 report, and
 * the document written today from the same runs must keep every field it has, with the same type:
 * within a version, fields are added, never renamed, removed or retyped.
 *
 * To write a new saved output (only when the major version changes), run this file with
 * SPARK_ADVISOR_WRITE_SAVED_REPORT=1 and commit the result under a new name.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { writeEventLog } from '../../../scripts/eventlog-generator';
import { description, rollup, type PairSettings } from '../../../scripts/eventlog-generator/configurationPairs';
import { databricksRun, rapidsGpuRun } from '../../../scripts/eventlog-generator/platformRuns';
import { HistoryService } from '../../../server/src/history/service';
import { buildReportJson, readReportJson, REPORT_JSON_VERSION, type ReportJson } from '../../../server/src/report/json';
import { REPO_ROOT } from '../helpers/fixtures';

const SAVED = path.join(REPO_ROOT, 'test', 'fixtures', 'report-json', 'report-v2.json');
const CLUSTER: PairSettings = { executors: 8, coresPerExecutor: 4, executorMemoryMb: 8192 };

/** Path → JSON types seen there; array elements under "[]", free-form maps (figures) as one object. */
function shapeOf(value: unknown, at = '$', shape = new Map<string, Set<string>>()): Map<string, Set<string>> {
  const type = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  shape.set(at, (shape.get(at) ?? new Set()).add(type));
  if (Array.isArray(value)) for (const item of value) shapeOf(item, `${at}[]`, shape);
  else if (type === 'object' && !at.endsWith('.figures')) for (const [key, item] of Object.entries(value as object)) shapeOf(item, `${at}.${key}`, shape);
  return shape;
}

/** The report of the generated runs, written the way `report --format json` writes it. */
async function currentDocument(folder: string): Promise<ReportJson> {
  const job = 'orders-rollup-saved';
  const first = description(job, 0, { ...CLUSTER, shufflePartitions: 2000 }, rollup({ ...CLUSTER, shufflePartitions: 2000 }, 4096, 600));
  const second = description(job, 1, { ...CLUSTER, shufflePartitions: 32 }, rollup({ ...CLUSTER, shufflePartitions: 32 }, 4096, 600));
  for (const run of [first, second, rapidsGpuRun(), databricksRun()]) await writeEventLog(run, path.join(folder, run.appId));
  const service = await HistoryService.open({ roots: [] });
  try {
    await service.import([folder]);
    const document = buildReportJson(service.store, { cost: { currency: '$', pricePerCoreHour: 0.05 }, locate: () => undefined, predictionLog: service.store }, { appIds: [second.appId, rapidsGpuRun().appId, databricksRun().appId] });
    // Reproducible: the time of writing is the only clock the document has.
    return JSON.parse(JSON.stringify(document)) as ReportJson;
  } finally {
    service.close();
  }
}

describe('saved report JSON (version 2) stays readable', function () {
  this.timeout(300_000);
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'spark-advisor-saved-json-'));
  let current: ReportJson;
  before(async () => {
    current = await currentDocument(folder);
    if (process.env.SPARK_ADVISOR_WRITE_SAVED_REPORT === '1') fs.writeFileSync(SAVED, `${JSON.stringify(current, null, 2)}\n`);
  });
  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('reads the saved document as a version-2 report', () => {
    const saved = readReportJson(fs.readFileSync(SAVED, 'utf8'), SAVED);
    assert.strictEqual(saved.version, REPORT_JSON_VERSION);
    assert.strictEqual(saved.applications.length, 3);
    // It exercises the parts the shape check relies on.
    const [validated, gpu, databricks] = saved.applications;
    assert.ok(validated!.validations.length > 0 && gpu!.findings.some((f) => f.consequences.length > 0) && databricks!.recommendations.some((r) => r.kind === 'cluster'));
  });

  it('refuses other documents with a sentence', () => {
    assert.throws(() => readReportJson('{"schema":"spark-advisor-report","version":1,"applications":[]}', 'old.json'), /old\.json is a version 1 report; this Spark Advisor reads version 2/);
    assert.throws(() => readReportJson('{"version":2}', 'x.json'), /x\.json is not a Spark Advisor report/);
    assert.throws(() => readReportJson('{"schema":', 'cut.json'), /cut\.json is not JSON/);
  });

  it('writes today every field of the saved document, with the same type', () => {
    const saved = shapeOf(readReportJson(fs.readFileSync(SAVED, 'utf8')));
    const now = shapeOf(current);
    const lost: string[] = [];
    for (const [at, types] of saved) {
      // An array empty today cannot show its elements' fields: only the fields of elements present are compared.
      const parent = at.slice(0, at.lastIndexOf('[]'));
      if (at.includes('[]') && !now.has(`${parent}[]`)) continue;
      const today = now.get(at);
      if (!today) {
        lost.push(`${at}: gone`);
        continue;
      }
      for (const type of types) if (type !== 'null' && !today.has(type) && !today.has('null')) lost.push(`${at}: was ${type}, now ${[...today].join('/')}`);
    }
    assert.deepStrictEqual(lost, []);
    assert.ok(saved.size >= 120, `${saved.size} paths compared`);
  });

  it('catches a renamed field', () => {
    const renamed = JSON.parse(JSON.stringify(current).replace(/"expectedImprovement":/g, '"expected_improvement":')) as ReportJson;
    assert.ok(!shapeOf(renamed).has('$.applications[].findings[].expectedImprovement'));
    assert.ok(shapeOf(readReportJson(fs.readFileSync(SAVED, 'utf8'))).has('$.applications[].findings[].expectedImprovement'));
  });
});
