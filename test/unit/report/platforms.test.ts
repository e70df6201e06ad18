/**
 * Advice in the platform's terms, on generated runs (scripts/eventlog-generator/platformRuns.ts)
 * imported into a real store: a RAPIDS GPU run, a Databricks run and a run under dynamic allocation,
 * each beside a control run that differs only in not being on that platform, so that every "no such
 * advice here" assertion is one the same run off the platform breaks.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { writeEventLog, type JobRunDescription } from '../../../scripts/eventlog-generator';
import { databricksRun, dynamicAllocationRun, rapidsGpuRun } from '../../../scripts/eventlog-generator/platformRuns';
import { HistoryService } from '../../../server/src/history/service';
import { buildReportModel } from '../../../server/src/report/build';
import { confBlock } from '../../../server/src/report/recommend';
import type { ReportModel } from '../../../server/src/report/types';
import { judgeApplication } from '../../../server/src/verdicts';

/** The same run with the platform's properties left out (and an id of its own). */
function offPlatform(run: JobRunDescription, platformKey: RegExp): JobRunDescription {
  return { ...run, appId: `${run.appId}-control`, sparkConf: Object.fromEntries(Object.entries(run.sparkConf).filter(([key]) => !platformKey.test(key))) };
}

const GPU_KEYS = /^spark\.(plugins|rapids\.|executor\.resource\.gpu|task\.resource\.gpu)/;
const DATABRICKS_KEYS = /^spark\.(master|databricks\.)/;
const DYNAMIC_KEYS = /^spark\.(dynamicAllocation\.|shuffle\.service)/;

describe('advice in the platform\'s terms (generated RAPIDS, Databricks and dynamic-allocation runs)', function () {
  this.timeout(300_000);
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'spark-advisor-platforms-'));
  const runs = { gpu: rapidsGpuRun(), databricks: databricksRun(), dynamic: dynamicAllocationRun() };
  const controls = { gpu: offPlatform(runs.gpu, GPU_KEYS), databricks: offPlatform(runs.databricks, DATABRICKS_KEYS), dynamic: offPlatform(runs.dynamic, DYNAMIC_KEYS) };
  let service: HistoryService;
  const reports = new Map<string, ReportModel>();
  const report = (run: JobRunDescription) => reports.get(run.appId)!;
  const keys = (model: ReportModel) => model.recommendations.map((r) => r.key);

  before(async () => {
    for (const run of [...Object.values(runs), ...Object.values(controls)]) await writeEventLog(run, path.join(folder, run.appId));
    service = await HistoryService.open({ roots: [] });
    await service.import([folder]);
    for (const app of service.store.applications()) {
      const model = buildReportModel(app.appKey, { reader: service.store, cost: { currency: '$' }, locate: () => undefined });
      reports.set(app.appId!, model!);
    }
    assert.strictEqual(reports.size, 6);
  });
  after(() => {
    service.close();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('RAPIDS GPU: reads the platform, gives no JVM-heap advice for GPU spill, and says what does help', () => {
    const gpu = report(runs.gpu);
    assert.strictEqual(gpu.summary.platform, 'YARN, RAPIDS GPU');
    // The same run on CPUs is told to give its spilling tasks JVM memory.
    assert.ok(keys(report(controls.gpu)).includes('spark.memory.fraction'), keys(report(controls.gpu)).join(', '));
    assert.deepStrictEqual(keys(gpu).filter((key) => /^spark\.(executor\.memory|memory\.fraction)$/.test(key)), []);
    const spills = gpu.findings.filter((f) => f.ruleId === 'spill');
    assert.ok(spills.length > 0 && spills.every((f) => f.message.includes('RAPIDS: GPU memory spilled to host memory')));
    // The editor's finding carries the GPU's settings as its advice, not the heap.
    const app = service.store.application(gpu.summary.appKey)!;
    const verdicts = [...judgeApplication({ ...app, appKey: gpu.summary.appKey }).stages.values()];
    const spillAdvice = verdicts.flatMap((v) => (v.spill?.advice ? [v.spill.advice] : []));
    assert.ok(spillAdvice.length > 0 && spillAdvice.every((advice) => advice.includes('spark.rapids.sql.concurrentGpuTasks, now 2') && advice.includes('does not change it')), spillAdvice.join('\n'));
  });

  it('RAPIDS GPU: the GPU out-of-memory error leads, with where it ran; the stages cancelled after it are its consequences', () => {
    const gpu = report(runs.gpu);
    const failures = gpu.findings.filter((f) => f.ruleId === 'stage-failures');
    assert.strictEqual(failures.length, 1, failures.map((f) => f.message).join('\n'));
    const root = failures[0]!;
    assert.strictEqual(gpu.findings[0], root, 'the root failure comes first');
    assert.strictEqual(root.severity, 'critical');
    assert.match(root.message, /failed: com\.nvidia\.spark\.rapids\.jni\.GpuRetryOOM: GPU OutOfMemory: could not allocate 2147483648 bytes .*\(task \d+\.3 on executor \d+ \(ip-[\d-]+\.ec2\.internal\)\)/);
    assert.strictEqual(root.consequences?.length, 4, JSON.stringify(root.consequences));
    assert.ok(root.consequences!.every((c) => /cancelled because SparkContext was shut down/.test(c)));
    assert.ok(!gpu.findings.some((f) => /cancelled because SparkContext/.test(f.message)));
  });

  it('Databricks: sizes the cluster in workers, outside the Spark configuration', () => {
    const databricks = report(runs.databricks);
    assert.strictEqual(databricks.summary.platform, 'Databricks, 2 workers of i3.xlarge');
    // Off Databricks the same run is told to take more executors.
    const control = report(controls.databricks).recommendations.find((r) => r.key === 'spark.executor.instances');
    assert.deepStrictEqual([control?.current, control?.suggested], ['2', '4']);
    assert.deepStrictEqual(keys(databricks).filter((key) => /^spark\.executor\./.test(key)), []);
    const workers = databricks.recommendations.find((r) => r.key === 'Workers');
    assert.ok(workers, keys(databricks).join(', '));
    assert.deepStrictEqual([workers.kind, workers.current, workers.suggested], ['cluster', '2', '4']);
    assert.match(workers.where, /^Databricks: the cluster's Workers/);
    assert.strictEqual(workers.effect.expected, control!.effect.expected);
    assert.ok(!confBlock(databricks.recommendations).sparkDefaults.includes('Workers'));
  });

  it('dynamic allocation: raises the ceiling it ran at, never sets an executor count', () => {
    const dynamic = report(runs.dynamic);
    assert.strictEqual(dynamic.summary.platform, 'YARN, dynamic allocation');
    assert.ok(keys(report(controls.dynamic)).includes('spark.executor.instances'));
    assert.ok(!keys(dynamic).includes('spark.executor.instances'));
    const ceiling = dynamic.recommendations.find((r) => r.key === 'spark.dynamicAllocation.maxExecutors');
    assert.ok(ceiling, keys(dynamic).join(', '));
    assert.deepStrictEqual([ceiling.current, ceiling.suggested], ['4', '8']);
    assert.ok(ceiling.effect.predictedDurationMs < ceiling.effect.durationMs * 0.8, ceiling.effect.expected);
    assert.ok(confBlock(dynamic.recommendations).sparkDefaults.includes('spark.dynamicAllocation.maxExecutors 8'));
  });
});
