/**
 * `spark-advisor import` and `report --format json` on every real log in ../shared/eventlogs:
 * the report's totals and stage figures are checked against sums this test makes from the raw
 * JSON lines, and Python call sites land on workspace files.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { CliIO } from '../../../server/src/cli/io';
import { run } from '../../../server/src/cli/run';
import type { ApplicationJson } from '../../../server/src/report/json';
import { openDecodedStream } from '../../../server/src/history/decode';
import { REPO_ROOT } from '../helpers/fixtures';
import { eventLogsDir } from '../helpers/sharedLogs';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const WORKSPACE = path.join(REPO_ROOT, 'test/fixtures/callsite-workspace');

function io(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const cli: CliIO = { cwd, env: {}, stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) } };
  return { cli, stdout: () => out.join(''), stderr: () => err.join('') };
}

async function lines(file: string): Promise<Json[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of openDecodedStream(file, { allowTruncatedEnd: true })) chunks.push(chunk as Buffer);
  const events: Json[] = [];
  for (const line of Buffer.concat(chunks).toString('utf8').split('\n')) {
    try {
      const event = JSON.parse(line) as Json;
      if (event && typeof event === 'object') events.push(event);
    } catch {
      // malformed or cut lines are the importer's warnings, not figures
    }
  }
  return events;
}

interface Sums {
  tasks: number;
  executorRunTimeMs: number;
  shuffleReadBytes: number;
  shuffleWriteBytes: number;
  inputBytes: number;
  memorySpilledBytes: number;
  diskSpilledBytes: number;
}

function add(sums: Sums, task: Json): void {
  const metrics = task['Task Metrics'] ?? {};
  const read = metrics['Shuffle Read Metrics'] ?? {};
  sums.tasks++;
  sums.executorRunTimeMs += metrics['Executor Run Time'] ?? 0;
  sums.shuffleReadBytes += (read['Remote Bytes Read'] ?? 0) + (read['Local Bytes Read'] ?? 0);
  sums.shuffleWriteBytes += metrics['Shuffle Write Metrics']?.['Shuffle Bytes Written'] ?? 0;
  sums.inputBytes += metrics['Input Metrics']?.['Bytes Read'] ?? 0;
  sums.memorySpilledBytes += metrics['Memory Bytes Spilled'] ?? 0;
  sums.diskSpilledBytes += metrics['Disk Bytes Spilled'] ?? 0;
}

const zero = (): Sums => ({ tasks: 0, executorRunTimeMs: 0, shuffleReadBytes: 0, shuffleWriteBytes: 0, inputBytes: 0, memorySpilledBytes: 0, diskSpilledBytes: 0 });

/** The single-file logs whose applications have an id (several attempts and rolling dirs are checked elsewhere). */
function singleFileLogs(root: string): string[] {
  const files: string[] = [];
  for (const folder of ['spark', 'other/kubeflow', 'other/sparklens', 'other/dr-elephant', 'other/spark-rapids-tools']) {
    for (const name of fs.readdirSync(path.join(root, folder))) {
      const file = path.join(root, folder, name);
      if (fs.statSync(file).isFile()) files.push(file);
    }
  }
  return files;
}

describe('cli: import and report --format json on real event logs', function () {
  this.timeout(120_000);
  let db: string;
  let report: { applications: ApplicationJson[] };
  let importWarnings = '';

  before(async () => {
    db = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'spark-advisor-cli-history-')), 'history.sqlite');
    const imported = io(WORKSPACE);
    const code = await run(['import', eventLogsDir(), '--db', db], imported.cli);
    assert.ok(code === 0 || code === 1, imported.stderr());
    assert.match(imported.stdout(), /applications? imported/);
    importWarnings = imported.stderr();
    const reported = io(WORKSPACE);
    assert.strictEqual(await run(['report', '--db', db], reported.cli), 0, reported.stderr());
    report = JSON.parse(reported.stdout()) as typeof report;
  });
  after(() => fs.rmSync(path.dirname(db), { recursive: true, force: true }));

  it('names the broken logs in its warnings, with file and line', () => {
    assert.match(importWarnings, /malformed_json_eventlog\.zstd:\d+: malformed JSON/);
    assert.match(importWarnings, /truncated_eventlog:\d+: /);
  });

  it('a second import of the same logs changes nothing', async () => {
    const again = io(WORKSPACE);
    assert.ok([0, 1].includes(await run(['import', eventLogsDir(), '--db', db], again.cli)));
    assert.match(again.stdout(), /0 applications imported .*unchanged/);
  });

  it('totals of every application equal the sums over its task end events', async () => {
    let checked = 0;
    for (const file of singleFileLogs(eventLogsDir())) {
      const events = await lines(file);
      const start = events.find((e) => e.Event === 'SparkListenerApplicationStart');
      if (!start?.['App ID'] || events.filter((e) => e.Event === 'SparkListenerApplicationStart').length !== 1) continue;
      const sums = zero();
      for (const event of events) if (event.Event === 'SparkListenerTaskEnd') add(sums, event);
      const app = report.applications.find((a) => a.id === start['App ID'] && a.attempt === (start['App Attempt ID'] ?? null));
      assert.ok(app, `${path.basename(file)}: application ${start['App ID']} in the report`);
      const { tasks, ...metrics } = app.totals;
      assert.deepStrictEqual({ tasks, ...metrics }, sums, path.basename(file));
      checked++;
    }
    assert.ok(checked >= 20, `checked ${checked} logs`);
  });

  it('each stage: metrics summed from its task end events, min/median/max task duration by Spark\'s rule', async () => {
    const file = path.join(eventLogsDir(), 'spark/local-1642039451826');
    const events = await lines(file);
    const app = report.applications.find((a) => a.id === 'local-1642039451826')!;
    for (const stage of app.stages) {
      const sums = zero();
      const durations: number[] = [];
      for (const event of events) {
        if (event.Event !== 'SparkListenerTaskEnd' || event['Stage ID'] !== stage.stageId || (event['Stage Attempt ID'] ?? 0) !== stage.attemptId) continue;
        add(sums, event);
        if (event['Task End Reason']?.Reason === 'Success') durations.push(event['Task Info']['Finish Time'] - event['Task Info']['Launch Time']);
      }
      const { stageId, attemptId } = stage;
      assert.deepStrictEqual(
        { executorRunTimeMs: stage.executorRunTimeMs, shuffleReadBytes: stage.shuffleReadBytes, shuffleWriteBytes: stage.shuffleWriteBytes, inputBytes: stage.inputBytes, memorySpilledBytes: stage.memorySpilledBytes, diskSpilledBytes: stage.diskSpilledBytes },
        { executorRunTimeMs: sums.executorRunTimeMs, shuffleReadBytes: sums.shuffleReadBytes, shuffleWriteBytes: sums.shuffleWriteBytes, inputBytes: sums.inputBytes, memorySpilledBytes: sums.memorySpilledBytes, diskSpilledBytes: sums.diskSpilledBytes },
        `stage ${stageId}.${attemptId}`,
      );
      durations.sort((a, b) => a - b);
      const expected = durations.length === 0 ? null : { min: durations[0], median: durations[Math.min(Math.floor(durations.length / 2), durations.length - 1)], max: durations[durations.length - 1] };
      assert.deepStrictEqual(stage.taskDurationMs, expected, `stage ${stageId}.${attemptId} task durations`);
    }
  });

  it('PySpark call sites resolve to the workspace file, on the line in the stage name', () => {
    const app = report.applications.find((a) => a.id === 'local-1776286786993')!;
    const named = app.stages.filter((s) => /generate_events\.py:\d+$/.test(s.name ?? ''));
    assert.ok(named.length >= 4);
    for (const stage of named) {
      assert.deepStrictEqual(stage.callSite, { file: 'app/generate_events.py', line: Number(/:(\d+)$/.exec(stage.name!)![1]) }, stage.name!);
    }
  });

  it('reports history findings per application with the measured figures', () => {
    const app = report.applications.find((a) => a.id === 'local-1776286786993')!;
    const spill = app.findings.filter((f) => f.rule === 'spill');
    assert.ok(spill.length > 0);
    for (const finding of spill) {
      const stage = app.stages.find((s) => s.stageId === finding.stageId && s.attemptId === finding.attemptId)!;
      assert.strictEqual(finding.figures.diskSpilledBytes, stage.diskSpilledBytes);
    }
  });

  it('refuses a report from a store that does not exist, naming it', async () => {
    const missing = io(WORKSPACE);
    assert.strictEqual(await run(['report', '--db', 'nowhere.sqlite'], missing.cli), 2);
    assert.match(missing.stderr(), /no history store at nowhere\.sqlite/);
  });
});
