/**
 * The requests behind the editor's history features, over stdio as the extension sends them:
 * import with the client's own progress token and Cancel, the lens's runs of a statement, the
 * report page and export, and "Analyse Workspace" with the workspace diagnostic pull.
 */
import * as assert from 'assert';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CancellationTokenSource, WorkDoneProgressCreateRequest, type WorkspaceDiagnosticReport } from 'vscode-languageserver-protocol';
import { LspClient, REPO_ROOT } from './lspClient';

const EXAMPLES = path.join(REPO_ROOT, 'examples');
const EXAMPLE_LOGS = path.join(EXAMPLES, 'eventlogs');
const SESSIONS_JOB = 'pyspark/sessionize_clickstream.py';

interface ImportResult {
  summary: string;
  applications: number;
  errors: number;
  cancelled?: boolean;
}

const digest = (file: string) => (fs.existsSync(file) ? crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex') : 'absent');

describe('editor requests (import with Cancel, runs of a line, report, workspace analysis)', function () {
  this.timeout(180_000);
  let storage: string;
  let client: LspClient | undefined;
  const start = () => LspClient.start({ workspaceFolder: EXAMPLES, initializationOptions: { storagePath: storage } });

  before(() => {
    storage = fs.mkdtempSync(path.join(os.tmpdir(), 'spark-advisor-editor-requests-'));
  });
  afterEach(async () => {
    await client?.shutdown();
    client = undefined;
  });
  after(() => fs.rmSync(storage, { recursive: true, force: true }));

  it('reports import progress on the client\'s token, and Cancel stops the import with the store unchanged', async () => {
    client = await start();
    const store = path.join(storage, 'history.sqlite');
    // One run imported first: the store the cancelled import must leave as it is.
    const first = await client.request<ImportResult>('sparkAdvisor/importEventLogs', { paths: [path.join(EXAMPLE_LOGS, 'app-20261101020000-0001')] }, 60_000);
    assert.strictEqual(first.applications, 1, first.summary);
    const before = digest(store);
    assert.notStrictEqual(before, 'absent');
    const workDoneToken = 'import-1';
    const cancel = new CancellationTokenSource();
    const since = Date.now();
    const pending = client.request<ImportResult>('sparkAdvisor/importEventLogs', { paths: [EXAMPLE_LOGS], workDoneToken }, 120_000, cancel.token);
    // The first import had no token: the server made its own progress for it. Only this one's must come to us.
    const serverProgressBefore = client.serverRequests.filter((r) => r.method === WorkDoneProgressCreateRequest.method).length;
    // Cancel once the import is under way (a report after the begin), as the notification's button would.
    const onToken = (params: unknown) => (params as { token: unknown }).token === workDoneToken;
    await client.waitFor('$/progress', { since, timeoutMs: 60_000, test: (params) => onToken(params) && (params as { value: { kind: string } }).value.kind === 'report' });
    cancel.cancel();
    const result = await pending;
    assert.strictEqual(result.cancelled, true, JSON.stringify(result));
    assert.match(result.summary, /cancelled; the history store is unchanged/);
    assert.strictEqual(digest(store), before, 'the store file is as it was');
    const kinds = client.notifications.filter((n) => n.method === '$/progress' && onToken(n.params)).map((n) => (n.params as { value: { kind: string } }).value.kind);
    assert.deepStrictEqual([kinds[0], kinds[kinds.length - 1]], ['begin', 'end']);
    assert.strictEqual(client.serverRequests.filter((r) => r.method === WorkDoneProgressCreateRequest.method).length, serverProgressBefore, 'no progress of the server\'s own: the client shows ours');
    const { applications } = await client.request<{ applications: Array<{ appKey: string }> }>('sparkAdvisor/reportApplications', {});
    assert.deepStrictEqual(applications.map((app) => app.appKey), ['app-20261101020000-0001/']);
  });

  it('lists the measured runs of a statement, newest first, and places the skewed join\'s stage on the join', async () => {
    client = await start();
    const result = await client.request<ImportResult>('sparkAdvisor/importEventLogs', { paths: [EXAMPLE_LOGS] }, 120_000);
    assert.strictEqual(result.applications, 11, result.summary); // the twelfth was imported by the test above
    const uri = client.uri(SESSIONS_JOB);
    await client.open(uri, fs.readFileSync(path.join(EXAMPLES, SESSIONS_JOB), 'utf8'));
    const diagnostics = await client.diagnostics(uri);
    const skew = diagnostics.find((d) => d.code === 'task-skew');
    assert.strictEqual(skew?.range.start.line, 112, 'on the join (line 113), not the write (line 119)');
    assert.deepStrictEqual(skew.relatedInformation?.map((r) => [r.location.range.start.line + 1, r.message]), [[119, 'Stage 7 ran for this action or write']]);

    // The output channel's account: the start, the import with its time, each burst of analyses.
    const logged = () => client!.notifications.filter((n) => n.method === 'window/logMessage').map((n) => (n.params as { message: string }).message);
    const started = logged().find((line) => line.startsWith('Spark Advisor '));
    assert.match(started ?? '', /^Spark Advisor \d+\.\d+\.\d+ language server started: Node v\d+/);
    assert.ok(started!.includes(path.join(storage, 'history.sqlite')), started);
    assert.ok(logged().some((line) => /^Import of .*eventlogs in [\d.]+ (ms|s): 11 applications imported/.test(line)), logged().join('\n'));
    await client.waitFor('window/logMessage', { timeoutMs: 10_000, test: (params) => /^Analysed 1 file in [\d.]+ ms: sessionize_clickstream\.py \(\d+ findings, [\d.]+ ms\)$/.test((params as { message: string }).message) });

    const { runs } = await client.request<{ runs: Array<{ appKey: string; label: string; figures: string; trend?: string }> }>('sparkAdvisor/lineHistory', { uri, line: 112 });
    assert.deepStrictEqual(runs.map((run) => run.label), ['sessionize-clickstream (2026-11-03)', 'sessionize-clickstream (2026-11-02)']);
    assert.match(runs[0]!.figures, /^\d+ s · 1 stage · 200 tasks · 2\.9 GB shuffle$/);
    assert.match(runs[0]!.trend ?? '', /^[+−]\d+%$/);
    assert.strictEqual(runs[1]!.trend, undefined, 'the oldest run has nothing to compare with');
  });

  it('renders the report page for a webview and exports it with a sensible file name', async () => {
    client = await start();
    const appKey = 'app-20261103033000-0003/';
    const page = await client.request<{ title: string; html: string }>('sparkAdvisor/reportPage', { appKey, nonce: 'abcdefgh12345678', cspSource: 'vscode-webview://x', scriptUri: 'vscode-webview://x/webview.js', styleUri: 'vscode-webview://x/webview.css' });
    assert.strictEqual(page.title, 'Spark report: sessionize-clickstream');
    assert.match(page.html, /Content-Security-Policy/);
    assert.match(page.html, /nonce="abcdefgh12345678"/);
    const html = await client.request<{ text: string; fileName: string }>('sparkAdvisor/exportReport', { appKey, format: 'html' });
    assert.strictEqual(html.fileName, 'sessionize-clickstream-2026-11-03.html');
    assert.doesNotMatch(html.text, /https?:\/\//, 'no remote resource in the standalone page');
    const daily = await client.request<{ fileName: string }>('sparkAdvisor/exportReport', { appKey: 'app-20261103020000-0001/', format: 'markdown' });
    assert.strictEqual(daily.fileName, 'daily-orders-etl-2026-11-02.md', 'a name that already carries a date gets no second one');
  });

  it('holds the workspace pull until "Analyse Workspace", then reports every Spark file, open or not', async () => {
    client = await start();
    const cancel = new CancellationTokenSource();
    let answered = false;
    const pull = client.request<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds: [] }, 170_000, cancel.token).then((report) => {
      answered = true;
      return report;
    });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.strictEqual(answered, false, 'nothing to report before the workspace is analysed');
    const summary = await client.request<{ files: number; findings: number }>('sparkAdvisor/analyzeWorkspace', {}, 120_000);
    const report = await pull;
    const files = report.items.map((item) => path.relative(EXAMPLES, new URL(item.uri).pathname)).sort();
    assert.strictEqual(summary.files, files.length);
    assert.ok(files.includes(SESSIONS_JOB) && files.includes('scala/src/main/scala/com/acme/etl/DailyRevenueJob.scala'), files.join(', '));
    const daily = report.items.find((item) => item.uri.endsWith('daily_orders_etl.py'));
    assert.ok(daily && daily.kind === 'full' && daily.items.some((d) => d.code === 'missing-broadcast'), 'a file never opened has its findings');
    assert.strictEqual(summary.findings, report.items.reduce((n, item) => n + (item.kind === 'full' ? item.items.length : 0), 0));
    // Asked again with those results: nothing changed, so the pull waits (until cancelled).
    const again = client.request<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds: report.items.map((item) => ({ uri: item.uri, value: item.resultId })) }, 30_000, cancel.token);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    cancel.cancel();
    assert.deepStrictEqual((await again).items, []);
  });
});
