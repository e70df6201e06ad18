/**
 * From a real event log to findings on the right lines: the kubeflow PySpark log is imported into
 * a real (in-memory) sql.js store, its call sites resolve into the fixture workspace, and the
 * history rules report on the lines Spark named, quoting figures this test sums from the log itself.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeFileText } from '../../../server/src/engine/fileAnalyzer';
import { DEFAULT_SETTINGS } from '../../../server/src/engine/settings';
import { openDecodedStream } from '../../../server/src/history/decode';
import { HistoryService } from '../../../server/src/history/service';
import { lineHistories } from '../../../server/src/history/lineHistory';
import { REPO_ROOT } from '../helpers/fixtures';
import { lowerSource, parsers } from '../helpers/parsers';
import { analyzeLowered } from '../../../server/src/engine/analyze';
import { eventLogsDir } from '../helpers/sharedLogs';

const WORKSPACE = path.join(REPO_ROOT, 'test/fixtures/callsite-workspace');
const SCRIPT = path.join(WORKSPACE, 'app/generate_events.py');
const KUBEFLOW = () => path.join(eventLogsDir(), 'other/kubeflow/local-1776286786993.zstd');

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function events(file: string): Promise<Json[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of openDecodedStream(file)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split('\n').filter((line) => line.trim()).map((line) => JSON.parse(line) as Json);
}

/** Per stage named "… at …generate_events.py:<line>": failed task count and spill, summed here from TaskEnd events. */
async function expectedPerLine(): Promise<Map<number, { stages: Set<number>; failed: number; spilled: number; tasks: number }>> {
  const log = await events(KUBEFLOW());
  const lineOfStage = new Map<number, number>();
  for (const event of log) {
    if (event.Event !== 'SparkListenerStageSubmitted') continue;
    const match = /generate_events\.py:(\d+)$/.exec(event['Stage Info']['Stage Name']);
    if (match) lineOfStage.set(event['Stage Info']['Stage ID'], Number(match[1]));
  }
  const perLine = new Map<number, { stages: Set<number>; failed: number; spilled: number; tasks: number }>();
  for (const event of log) {
    if (event.Event !== 'SparkListenerTaskEnd') continue;
    const line = lineOfStage.get(event['Stage ID']);
    if (line === undefined) continue;
    const entry = perLine.get(line) ?? { stages: new Set<number>(), failed: 0, spilled: 0, tasks: 0 };
    entry.stages.add(event['Stage ID']);
    entry.tasks++;
    const reason = event['Task End Reason']?.Reason;
    if (reason !== 'Success' && reason !== 'TaskKilled' && event['Task Info']?.Killed !== true) entry.failed++;
    const metrics = event['Task Metrics'];
    if (metrics) entry.spilled += metrics['Memory Bytes Spilled'] + metrics['Disk Bytes Spilled'];
    perLine.set(line, entry);
  }
  return perLine;
}

describe('history evidence on code (kubeflow PySpark log → fixture workspace)', function () {
  this.timeout(60_000);
  let service: HistoryService;
  let expected: Awaited<ReturnType<typeof expectedPerLine>>;

  before(async () => {
    assert.ok(fs.existsSync(KUBEFLOW()), `shared event logs missing: ${KUBEFLOW()} (see test/unit/helpers/sharedLogs.ts)`);
    service = await HistoryService.open({ roots: [WORKSPACE] });
    const report = await service.import([KUBEFLOW()]);
    assert.deepStrictEqual(report.errors, []);
    assert.strictEqual(report.applications, 1);
    expected = await expectedPerLine();
  });
  after(() => service.close());

  const analyze = async () => {
    const text = fs.readFileSync(SCRIPT, 'utf8');
    return analyzeFileText(await parsers(), 'python', text, { settings: DEFAULT_SETTINGS, file: SCRIPT, evidence: service.provider });
  };

  it('maps exactly the stages Spark named with a generate_events.py line to those lines', () => {
    const history = service.provider.historyFor({ file: SCRIPT, appNames: [], writeTargets: [] });
    const mapped = new Map<number, Set<number>>();
    for (const stage of history.stages) mapped.set(stage.line + 1, (mapped.get(stage.line + 1) ?? new Set()).add(stage.stageId));
    assert.deepStrictEqual([...mapped.keys()].sort((a, b) => a - b), [...expected.keys()].sort((a, b) => a - b));
    for (const [line, entry] of expected) assert.deepStrictEqual([...mapped.get(line)!].sort((a, b) => a - b), [...entry.stages].sort((a, b) => a - b), `stages at line ${line}`);
  });

  it('the same-named script elsewhere in the workspace gets nothing', () => {
    const other = path.join(WORKSPACE, 'tools/generate_events.py');
    assert.strictEqual(service.provider.historyFor({ file: other, appNames: [], writeTargets: [] }).stages.length, 0);
  });

  it('reports failed tasks (stage-failures) on every line whose stages lost tasks, with the count', async () => {
    const { findings } = await analyze();
    const failureLines = [...expected].filter(([, e]) => e.failed > 0).map(([line]) => line).sort((a, b) => a - b);
    assert.ok(failureLines.length >= 2, 'the log has failed tasks at two lines at least');
    const reported = findings.filter((f) => f.ruleId === 'stage-failures');
    assert.deepStrictEqual(reported.map((f) => f.span.start.line + 1), failureLines);
    for (const finding of reported) {
      const entry = expected.get(finding.span.start.line + 1)!;
      assert.ok(finding.message.includes(`${entry.failed} failed task`), `${finding.message} should quote ${entry.failed} failed tasks`);
      assert.ok(finding.message.includes('shs-e2e-app1 (2026-04-15)'), 'names the run');
    }
  });

  it('reports spill on the line whose stages spilled at least 1 MiB, and not elsewhere', async () => {
    const { findings } = await analyze();
    const spillLines = [...expected].filter(([, e]) => e.spilled >= 1024 * 1024).map(([line]) => line);
    assert.ok(spillLines.length > 0, 'the log spills at a mapped line');
    assert.deepStrictEqual(findings.filter((f) => f.ruleId === 'spill').map((f) => f.span.start.line + 1), spillLines);
  });

  it('gives each mapped line a per-run summary with the task count of its stages', async () => {
    const text = fs.readFileSync(SCRIPT, 'utf8');
    const { history } = analyzeLowered(await lowerSource('python', text), text, { settings: DEFAULT_SETTINGS, file: SCRIPT, evidence: service.provider });
    const lines = lineHistories(history);
    for (const [line, entry] of expected) {
      const summary = lines.find((l) => l.line === line - 1);
      assert.ok(summary, `line ${line} has a summary`);
      assert.strictEqual(summary.runs.length, 1);
      assert.strictEqual(summary.runs[0]!.tasks, entry.tasks, `tasks at line ${line}`);
    }
  });

  it('finds nothing from history without imported runs', async () => {
    const text = fs.readFileSync(SCRIPT, 'utf8');
    const { findings } = analyzeFileText(await parsers(), 'python', text, { settings: DEFAULT_SETTINGS, file: SCRIPT });
    assert.deepStrictEqual(findings.filter((f) => ['stage-failures', 'spill', 'task-skew'].includes(f.ruleId)), []);
  });
});
