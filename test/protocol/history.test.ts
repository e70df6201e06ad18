/**
 * Event-log history over the protocol: the import request (with work-done progress), findings and
 * code lenses on the lines Spark named, and the store surviving a server restart.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DiagnosticRefreshRequest, WorkDoneProgressCreateRequest } from 'vscode-languageserver-protocol';
import { LspClient, REPO_ROOT } from './lspClient';

const WORKSPACE = path.join(REPO_ROOT, 'test/fixtures/callsite-workspace');
const SCRIPT = 'app/generate_events.py';
const SHARED = process.env.SPARK_ADVISOR_SHARED ? path.resolve(process.env.SPARK_ADVISOR_SHARED) : path.resolve(REPO_ROOT, '..', 'shared');
const KUBEFLOW = path.join(fs.existsSync(path.join(SHARED, 'eventlogs')) ? path.join(SHARED, 'eventlogs') : SHARED, 'other/kubeflow/local-1776286786993.zstd');
/** The 1-based lines of generate_events.py that the log's stage names point at. */
const CALL_SITE_LINES = [40, 53, 86, 95];
/** Where their lenses go: above each statement and the comments that introduce it (line 53's two comment lines start at 51). */
const LENS_LINES = [40, 51, 86, 95];

interface ImportResult {
  summary: string;
  details: string[];
  applications: number;
  errors: number;
}

describe('event-log history (sparkAdvisor/importEventLogs, code lenses)', function () {
  this.timeout(60_000);
  let storage: string;
  let client: LspClient | undefined;
  const start = () => LspClient.start({ workspaceFolder: WORKSPACE, initializationOptions: { storagePath: storage } });

  before(() => {
    assert.ok(fs.existsSync(KUBEFLOW), `shared event logs missing: ${KUBEFLOW} (set SPARK_ADVISOR_SHARED)`);
    storage = fs.mkdtempSync(path.join(os.tmpdir(), 'spark-advisor-storage-'));
  });
  afterEach(async () => {
    await client?.shutdown();
    client = undefined;
  });
  after(() => fs.rmSync(storage, { recursive: true, force: true }));

  const openScript = async (lsp: LspClient) => {
    const uri = lsp.uri(SCRIPT);
    await lsp.open(uri, fs.readFileSync(path.join(WORKSPACE, SCRIPT), 'utf8'));
    return uri;
  };

  it('imports with progress, then reports measured findings and lenses on the call-site lines', async () => {
    client = await start();
    const uri = await openScript(client);
    const before = await client.diagnostics(uri);
    assert.deepStrictEqual(before.filter((d) => d.code === 'stage-failures'), [], 'nothing measured before the import');
    assert.deepStrictEqual(await client.codeLenses(uri), []);

    const since = Date.now();
    const result = await client.request<ImportResult>('sparkAdvisor/importEventLogs', { paths: [KUBEFLOW] }, 60_000);
    assert.strictEqual(result.applications, 1, result.summary);
    assert.strictEqual(result.errors, 0);
    assert.match(result.summary, /1 application imported/);
    assert.ok(client.serverRequests.some((r) => r.method === WorkDoneProgressCreateRequest.method), 'the server created a work-done progress');
    const progress = client.notifications.filter((n) => n.method === '$/progress').map((n) => (n.params as { value: { kind: string } }).value.kind);
    assert.strictEqual(progress[0], 'begin');
    assert.strictEqual(progress[progress.length - 1], 'end');
    await client.waitFor(DiagnosticRefreshRequest.method, { since, request: true });

    const after = await client.diagnostics(uri);
    const failures = after.filter((d) => d.code === 'stage-failures');
    assert.ok(failures.length >= 2, JSON.stringify(after.map((d) => [d.code, d.range.start.line])));
    for (const diagnostic of failures) {
      assert.ok(CALL_SITE_LINES.includes(diagnostic.range.start.line + 1), `stage-failures on line ${diagnostic.range.start.line + 1}`);
      const message = typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
      assert.match(message, /failed task/);
      assert.match(message, /shs-e2e-app1 \(2026-04-15\)/);
    }

    const lenses = await client.codeLenses(uri);
    const figures = lenses.filter((lens) => lens.command?.command === 'sparkAdvisor.showLineHistory');
    assert.deepStrictEqual(figures.map((lens) => lens.range.start.line + 1), LENS_LINES);
    for (const lens of figures) assert.match(lens.command?.title ?? '', /^Spark: .* tasks?\b/);
    // Each figures lens has a "Report" lens beside it that opens the run's performance report.
    const reports = lenses.filter((lens) => lens.command?.command === 'sparkAdvisor.showReport');
    assert.deepStrictEqual(reports.map((lens) => lens.range.start.line + 1), LENS_LINES);
    assert.ok(reports.every((lens) => lens.command?.arguments?.[0] === 'local-1776286786993/'), JSON.stringify(reports[0]?.command));
    const hover = await client.hover(uri, { line: CALL_SITE_LINES[2]! - 1, character: 4 });
    const markdown = JSON.stringify(hover?.contents ?? '');
    assert.match(markdown, /measured here/);
    assert.match(markdown, /command:sparkAdvisor\.showReport/);
    assert.ok(markdown.length < 1000, `a compact hover: ${markdown.length} characters`);
    assert.match(markdown, /shs\\\\-e2e\\\\-app1/);
  });

  it('keeps the history in the storage folder: a restarted server reports it without importing again', async () => {
    assert.ok(fs.existsSync(path.join(storage, 'history.sqlite')), 'the store was saved');
    client = await start();
    const uri = await openScript(client);
    let failures = (await client.diagnostics(uri)).filter((d) => d.code === 'stage-failures');
    // The store opens after `initialized`; its refresh may come after the first pull.
    if (failures.length === 0) {
      await client.waitFor(DiagnosticRefreshRequest.method, { request: true, timeoutMs: 20_000 });
      failures = (await client.diagnostics(uri)).filter((d) => d.code === 'stage-failures');
    }
    assert.ok(failures.length >= 2);
  });

  it('refuses an import without paths with a clear error, and reports a missing path as an error of the import', async () => {
    client = await start();
    await assert.rejects(client.request('sparkAdvisor/importEventLogs', { paths: [] }), /Nothing to import/);
    const result = await client.request<ImportResult>('sparkAdvisor/importEventLogs', { paths: [path.join(storage, 'no-such-log')] }, 30_000);
    assert.strictEqual(result.applications, 0);
    assert.ok(result.errors > 0 || result.details.some((d) => d.includes('no-such-log')), JSON.stringify(result));
  });

  it('imports the folders of sparkAdvisor.eventLogPaths at start and picks up a log that appears later', async () => {
    const watched = fs.mkdtempSync(path.join(os.tmpdir(), 'spark-advisor-watched-'));
    const ownStorage = fs.mkdtempSync(path.join(os.tmpdir(), 'spark-advisor-storage-'));
    try {
      // A log of another job is there from the start: its import announces itself with a refresh.
      fs.copyFileSync(path.join(path.dirname(path.dirname(KUBEFLOW)), 'dr-elephant/event_log_1'), path.join(watched, 'event_log_1'));
      const started = Date.now();
      client = await LspClient.start({ workspaceFolder: WORKSPACE, initializationOptions: { storagePath: ownStorage }, settings: { eventLogPaths: [watched] } });
      const uri = await openScript(client);
      await client.waitFor(DiagnosticRefreshRequest.method, { since: started, request: true, timeoutMs: 30_000 });
      assert.deepStrictEqual((await client.diagnostics(uri)).filter((d) => d.code === 'stage-failures'), [], 'the other job maps nothing here');
      const since = Date.now();
      fs.copyFileSync(KUBEFLOW, path.join(watched, path.basename(KUBEFLOW)));
      await client.waitFor(DiagnosticRefreshRequest.method, { since, request: true, timeoutMs: 30_000 });
      const failures = (await client.diagnostics(uri)).filter((d) => d.code === 'stage-failures');
      assert.ok(failures.length >= 2, 'the watched log was imported');
    } finally {
      fs.rmSync(watched, { recursive: true, force: true });
      fs.rmSync(ownStorage, { recursive: true, force: true });
    }
  });
});
