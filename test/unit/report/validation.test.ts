/**
 * The validation loop on a generated job (scripts/eventlog-generator/configurationPairs.ts): the
 * first run's report recommends fewer shuffle partitions and records the prediction in a real store
 * file; the next run, made with the recommended value, is imported; its report and JSON hold the
 * recorded prediction against what that run measured, and the confidence shown says so. A run that
 * used another value is predicted again for that value.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { writeEventLog } from '../../../scripts/eventlog-generator';
import { description, rollup, type PairSettings } from '../../../scripts/eventlog-generator/configurationPairs';
import { HistoryService } from '../../../server/src/history/service';
import { buildReportModel, type ReportContext } from '../../../server/src/report/build';
import { reportJsonOf } from '../../../server/src/report/json';
import type { ReportModel } from '../../../server/src/report/types';

const CLUSTER: PairSettings = { executors: 8, coresPerExecutor: 4, executorMemoryMb: 8192 };
const JOB = 'orders-rollup-validated';
const KEY = 'spark.sql.shuffle.partitions';

const runWith = (partitions: number, index: number) => description(JOB, index, { ...CLUSTER, shufflePartitions: partitions }, rollup({ ...CLUSTER, shufflePartitions: partitions }, 4096, 600));

describe('validation loop: a recommendation held against the next run of the job', function () {
  this.timeout(300_000);
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'spark-advisor-validation-'));
  const logs = path.join(folder, 'logs');
  const storeFile = path.join(folder, 'history.sqlite');
  const first = runWith(2000, 0);
  let service: HistoryService;
  let firstReport: ReportModel;
  const context = (): ReportContext => ({ reader: service.store, predictionLog: service.store, cost: { currency: '$' }, locate: () => undefined });
  const reportOf = (appId: string) => buildReportModel(`${appId}/`, context())!;

  before(async () => {
    fs.mkdirSync(logs);
    await writeEventLog(first, path.join(logs, first.appId));
    service = await HistoryService.open({ storeFile, roots: [] });
    await service.import([logs]);
    firstReport = reportOf(first.appId);
  });
  after(() => {
    service.close();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('records the recommendations the first report shows, with their predicted effects, in the store file', async () => {
    const recommended = firstReport.recommendations.find((r) => r.key === KEY);
    assert.ok(recommended, firstReport.recommendations.map((r) => r.key).join(', '));
    assert.strictEqual(recommended.current, '2000');
    assert.deepStrictEqual(firstReport.validations, [], 'nothing earlier to check');
    await service.store.save();
    service.close();
    service = await HistoryService.open({ storeFile, roots: [] });
    assert.deepStrictEqual(service.store.predictions(`${first.appId}/`), firstReport.recommendations.map((r) => ({ key: r.key, current: r.current, suggested: r.suggested, durationMs: Math.round(r.effect.durationMs), predictedDurationMs: Math.round(r.effect.predictedDurationMs), expected: r.effect.expected })));
  });

  it('holds the recorded prediction against the next run, which used the recommended value', async () => {
    const recommended = firstReport.recommendations.find((r) => r.key === KEY)!;
    const second = runWith(Number(recommended.suggested), 1);
    await writeEventLog(second, path.join(logs, second.appId));
    await service.import([logs]);
    const report = reportOf(second.appId);
    assert.strictEqual(report.validations.length, 1, JSON.stringify(report.validations));
    const validation = report.validations[0]!;
    assert.deepStrictEqual([validation.key, validation.from, validation.recommended, validation.used, validation.repredicted], [KEY, '2000', recommended.suggested, recommended.suggested, false]);
    assert.strictEqual(validation.recommendedFor.label, firstReport.summary.label);
    assert.strictEqual(validation.predictedMs, Math.round(recommended.effect.predictedDurationMs));
    assert.strictEqual(validation.measuredMs, report.summary.durationMs);
    assert.ok(validation.measuredMs < validation.durationBeforeMs, 'the change was a gain');
    assert.ok(validation.error < 0.05, `predicted ${validation.predictedMs} ms, measured ${validation.measuredMs} ms`);
    assert.deepStrictEqual(validation.caveats, []);
    // The confidence shown takes the check into account.
    assert.match(report.prediction.confidence.reason, /the earlier prediction for this job, checked against this run, was off by \d/);
    assert.ok(report.prediction.confidence.error! >= validation.error);
    // The JSON carries the same validations.
    assert.deepStrictEqual(reportJsonOf(service.store, report).applications[0]!.validations, report.validations);
  });

  it('predicts again for a value other than the one recommended, and names what else changed', async () => {
    // Another job: its first run as before; its next run took 400 partitions (not the recommended value) and more memory.
    const job = 'orders-rollup-tuned';
    const settings = (partitions: number, memoryMb: number): PairSettings => ({ ...CLUSTER, shufflePartitions: partitions, executorMemoryMb: memoryMb });
    const before = description(job, 5, settings(2000, 8192), rollup(settings(2000, 8192), 4096, 600));
    const after = description(job, 6, settings(400, 12_288), rollup(settings(400, 12_288), 4096, 600));
    for (const run of [before, after]) await writeEventLog(run, path.join(logs, run.appId));
    await service.import([logs]);
    const recommended = reportOf(before.appId).recommendations.find((r) => r.key === KEY)!;
    assert.notStrictEqual(recommended.suggested, '400');
    const report = reportOf(after.appId);
    const validation = report.validations.find((v) => v.key === KEY);
    assert.ok(validation, JSON.stringify(report.validations));
    assert.deepStrictEqual([validation.used, validation.recommended, validation.repredicted], ['400', recommended.suggested, true]);
    assert.notStrictEqual(validation.predictedMs, Math.round(recommended.effect.predictedDurationMs));
    assert.deepStrictEqual(validation.caveats, ['spark.executor.memory also changed (8192m → 12288m)']);
    assert.ok(validation.error < 0.05, `predicted ${validation.predictedMs} ms, measured ${validation.measuredMs} ms`);
    assert.match(validation.sentence, /^spark\.sql\.shuffle\.partitions 2000 → 400 \(recommended: \d+; predicted again for 400\), recommended for orders-rollup-tuned \(2026-12-06\): predicted .* measured .* \(off by [\d.]+%\); spark\.executor\.memory also changed/);
  });
});
