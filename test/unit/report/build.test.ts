/**
 * The report model of every real log in ../shared/eventlogs and every example log, built from a
 * real sql.js store: its summary, timeline and comparison checked against figures this test takes
 * from the raw JSON lines, and its definitions (driver + executor time = duration, efficiency ≤ 1,
 * cost = cores × hours × price) checked on each.
 */
import * as assert from 'assert';
import * as path from 'path';
import { openDecodedStream } from '../../../server/src/history/decode';
import { discoverEventLogs } from '../../../server/src/history/eventlog';
import { HistoryService } from '../../../server/src/history/service';
import { buildReportModel } from '../../../server/src/report/build';
import type { ReportModel } from '../../../server/src/report/types';
import { REPO_ROOT } from '../helpers/fixtures';
import { eventLogsDir } from '../helpers/sharedLogs';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const EXAMPLES = path.join(REPO_ROOT, 'examples');
const PRICE = 0.05;

async function rawEvents(files: string[]): Promise<Json[]> {
  const events: Json[] = [];
  for (const file of files) {
    const chunks: Buffer[] = [];
    for await (const chunk of openDecodedStream(file, { allowTruncatedEnd: true })) chunks.push(chunk as Buffer);
    for (const line of Buffer.concat(chunks).toString('utf8').split('\n')) {
      try {
        events.push(JSON.parse(line) as Json);
      } catch {
        // cut or malformed lines are the importer's warnings
      }
    }
  }
  return events;
}

describe('report model on real and example event logs', function () {
  this.timeout(180_000);
  let service: HistoryService;
  const models = new Map<string, ReportModel>();
  const sources: Array<{ path: string; files: string[] }> = [];

  before(async () => {
    service = await HistoryService.open({ roots: [EXAMPLES, path.join(REPO_ROOT, 'test/fixtures/callsite-workspace')] });
    const report = await service.import([eventLogsDir(), path.join(EXAMPLES, 'eventlogs')]);
    assert.ok(report.applications > 30, `imported ${report.applications} applications`);
    for (const root of [eventLogsDir(), path.join(EXAMPLES, 'eventlogs')]) sources.push(...(await discoverEventLogs(root)).sources);
    for (const app of service.store.applications()) {
      const model = buildReportModel(app.appKey, {
        reader: service.store,
        cost: { currency: '$', pricePerCoreHour: PRICE },
        locate: (appKey, stageId, attemptId) => service.provider.stageLocation(appKey, stageId, attemptId),
      });
      assert.ok(model, app.appKey);
      models.set(app.appKey, model);
    }
  });
  after(() => service.close());

  it('summarises each single-application log as its raw events say', async () => {
    let checked = 0;
    for (const source of sources) {
      const events = await rawEvents(source.files);
      const starts = events.filter((e) => e.Event === 'SparkListenerApplicationStart');
      if (starts.length !== 1 || !starts[0]['App ID']) continue;
      const start = starts[0];
      const model = [...models.values()].find((m) => m.summary.appId === start['App ID'] && m.summary.attemptId === (start['App Attempt ID'] ?? null));
      if (!model || service.store.applications().find((a) => a.appKey === model.summary.appKey)?.sourcePath !== source.path) continue;
      const end = events.find((e) => e.Event === 'SparkListenerApplicationEnd');
      assert.strictEqual(model.summary.durationMs, end ? end.Timestamp - start.Timestamp : null, `${source.path}: duration`);
      assert.strictEqual(model.summary.totals.tasks, events.filter((e) => e.Event === 'SparkListenerTaskEnd').length, `${source.path}: tasks`);
      const completed = new Set(events.filter((e) => e.Event === 'SparkListenerStageCompleted' && e['Stage Info']['Submission Time'] !== undefined && e['Stage Info']['Completion Time'] !== undefined).map((e) => `${e['Stage Info']['Stage ID']}.${e['Stage Info']['Stage Attempt ID'] ?? 0}`));
      assert.deepStrictEqual(new Set(model.timeline.map((s) => `${s.stageId}.${s.attemptId}`)), completed, `${source.path}: timeline stages`);
      checked++;
    }
    assert.ok(checked >= 25, `checked ${checked} logs`);
  });

  it('holds its definitions on every application', () => {
    for (const model of models.values()) {
      const { summary } = model;
      const name = summary.label;
      if (summary.durationMs !== null && summary.durationMs > 0) {
        assert.ok(Math.abs(summary.driverTimeMs + summary.executorTimeMs - summary.durationMs) <= 1, `${name}: driver + executor time = duration`);
        if (summary.cost) assert.ok(Math.abs(summary.cost.amount - (summary.totalCores * summary.durationMs * PRICE) / 3_600_000) < 1e-9, `${name}: cost`);
      }
      if (summary.efficiency !== null) assert.ok(summary.efficiency >= 0 && summary.efficiency <= 1, `${name}: efficiency ${summary.efficiency}`);
      for (const finding of model.findings) assert.ok(['critical', 'warning', 'info'].includes(finding.severity));
      const order = model.findings.map((f) => ['critical', 'warning', 'info'].indexOf(f.severity));
      assert.deepStrictEqual(order, [...order].sort((a, b) => a - b), `${name}: findings grouped by severity`);
      for (const stage of model.timeline) assert.ok(stage.end >= stage.start);
      for (const point of model.utilisation) assert.ok(point.busyCores >= 0 && Number.isFinite(point.busyCores));
    }
  });

  it('compares the runs of one job in time order and marks the current one', () => {
    const latest = [...models.values()].find((m) => m.summary.appId === 'app-20261103020000-0001')!;
    assert.deepStrictEqual(latest.comparison.map((run) => run.label), ['daily-orders-etl-2026-10-31 (2026-11-01)', 'daily-orders-etl-2026-11-01 (2026-11-02)', 'daily-orders-etl-2026-11-02 (2026-11-03)']);
    assert.deepStrictEqual(latest.comparison.map((run) => run.current), [false, false, true]);
    assert.ok(latest.whatIf && latest.whatIf.simulated.length === 13);
  });

  it('places findings in the code: the kubeflow job\'s failed tasks on generate_events.py', () => {
    const kubeflow = [...models.values()].find((m) => m.summary.appId === 'local-1776286786993')!;
    const failures = kubeflow.findings.filter((f) => f.ruleId === 'stage-failures');
    assert.ok(failures.length > 0);
    for (const finding of failures) assert.ok(finding.location?.file.endsWith(path.join('app', 'generate_events.py')), JSON.stringify(finding.location));
  });
});
