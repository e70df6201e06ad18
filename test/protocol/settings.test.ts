import * as assert from 'assert';
import { DiagnosticSeverity, DiagnosticRefreshRequest, ConfigurationRequest } from 'vscode-languageserver-protocol';
import { STATUS_JOB } from './documents';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { LspClient, useServer } from './lspClient';
import { fixture, withCode } from './support';

const RULE = 'missing-broadcast';

/** Changes the settings and waits for the server's `workspace/diagnostic/refresh`, as VS Code would before pulling again. */
async function reconfigure(client: LspClient, settings: Record<string, unknown>): Promise<void> {
  const since = Date.now();
  await client.changeSettings(settings);
  await client.waitFor(DiagnosticRefreshRequest.method, { since, request: true });
}

async function severities(client: LspClient, uri: string): Promise<Array<DiagnosticSeverity | undefined>> {
  return withCode(await client.diagnostics(uri), RULE).map((d) => d.severity);
}

describe('settings (workspace/configuration, workspace/didChangeConfiguration)', () => {
  const server = useServer();

  afterEach(async () => {
    const client = server();
    client.configurationHook = undefined;
    if (JSON.stringify(client.settings) !== '{}') await reconfigure(client, {});
  });

  it('pulls the sparkAdvisor section for the document being analysed', async () => {
    const client = server();
    const uri = client.uri('jobs/pulls_settings.py');
    await client.open(uri, STATUS_JOB);
    await client.diagnostics(uri);
    const items = client.serverRequests.filter((r) => r.method === ConfigurationRequest.method).flatMap((r) => (r.params as { items: Array<{ scopeUri?: string; section?: string }> }).items);
    assert.ok(items.some((item) => item.scopeUri === uri && item.section === 'sparkAdvisor'), JSON.stringify(items));
  });

  it('registers for configuration changes after initialized', async () => {
    const client = server();
    const registration = await client.waitFor('client/registerCapability', { request: true });
    const registrations = (registration.params as { registrations: Array<{ method: string }> }).registrations;
    assert.ok(registrations.some((r) => r.method === 'workspace/didChangeConfiguration'), JSON.stringify(registrations));
  });

  it('per-rule severity: "error" raises it, "off" removes it, and the server asks the client to pull again', async () => {
    const client = server();
    const uri = client.uri('jobs/severity.py');
    await client.open(uri, STATUS_JOB);
    assert.deepStrictEqual(await severities(client, uri), [DiagnosticSeverity.Warning]);

    const configurationRequests = () => client.serverRequests.filter((r) => r.method === ConfigurationRequest.method).length;
    const before = configurationRequests();
    await reconfigure(client, { rules: { [RULE]: 'error' } });
    assert.deepStrictEqual(await severities(client, uri), [DiagnosticSeverity.Error]);
    assert.ok(configurationRequests() > before, 'the server fetched the new settings');

    await reconfigure(client, { rules: { [RULE]: 'information' } });
    assert.deepStrictEqual(await severities(client, uri), [DiagnosticSeverity.Information]);
    await reconfigure(client, { rules: { [RULE]: 'hint' } });
    assert.deepStrictEqual(await severities(client, uri), [DiagnosticSeverity.Hint]);

    await reconfigure(client, { rules: { [RULE]: 'off' } });
    assert.deepStrictEqual(await severities(client, uri), []);
    // Hover and code actions follow the settings too.
    assert.strictEqual(await client.hover(uri, { line: 6, character: 20 }), null);
    assert.deepStrictEqual(await client.codeActions(uri, { start: { line: 6, character: 20 }, end: { line: 6, character: 20 } }), []);

    await reconfigure(client, {});
    assert.deepStrictEqual(await severities(client, uri), [DiagnosticSeverity.Warning]);
  });

  it('ignores malformed settings instead of failing', async () => {
    const client = server();
    const uri = client.uri('jobs/malformed.py');
    await client.open(uri, STATUS_JOB);
    await reconfigure(client, { rules: { [RULE]: 42, other: 'loud' }, smallTables: 'dim_*', exclude: [7, null] });
    assert.deepStrictEqual(await severities(client, uri), [DiagnosticSeverity.Warning]);
    assert.deepStrictEqual(client.loggedErrors(), []);
  });

  it('smallTables makes joins with spark.table("dim_…") reported', async () => {
    const client = server();
    const uri = client.uri('jobs/small_tables.py');
    const text = fixture('missing-broadcast/small_tables_setting.py');
    await client.open(uri, text);
    assert.deepStrictEqual(withCode(await client.diagnostics(uri), RULE), []);

    await reconfigure(client, { smallTables: ['dim_*'] });
    const diagnostics = withCode(await client.diagnostics(uri), RULE);
    assert.deepStrictEqual(diagnostics.map((d) => d.range.start.line), [7]);
    assert.match(String(diagnostics[0]!.message), /dim_country/);

    await reconfigure(client, { smallTables: ['warehouse.*'] });
    assert.deepStrictEqual(withCode(await client.diagnostics(uri), RULE).map((d) => d.range.start.line), [8]);
  });

  it('exclude globs, relative to the workspace folder, silence matching files only', async () => {
    const client = server();
    const generated = client.uri('generated/jobs/job.py');
    const kept = client.uri('jobs/job.py');
    await client.open(generated, STATUS_JOB);
    await client.open(kept, STATUS_JOB);
    await reconfigure(client, { exclude: ['generated/**'] });
    assert.deepStrictEqual(await client.diagnostics(generated), []);
    assert.deepStrictEqual(await severities(client, kept), [DiagnosticSeverity.Warning]);
    // An absolute-looking pattern does not match: globs are relative to the folder.
    await reconfigure(client, { exclude: [`${client.workspaceFolder}/generated/**`] });
    assert.deepStrictEqual(await severities(client, generated), [DiagnosticSeverity.Warning]);
  });

  it('the default exclude list skips virtual environments', async () => {
    const client = server();
    const uri = client.uri('.venv/lib/python3.12/site-packages/job.py');
    await client.open(uri, STATUS_JOB);
    assert.deepStrictEqual(await client.diagnostics(uri), []);
  });

  it('include globs restrict analysis to matching files', async () => {
    const client = server();
    const inside = client.uri('etl/include_me.py');
    const outside = client.uri('scratch/include_me.py');
    await client.open(inside, STATUS_JOB);
    await client.open(outside, STATUS_JOB);
    await reconfigure(client, { include: ['etl/**/*.py'] });
    assert.deepStrictEqual(await severities(client, inside), [DiagnosticSeverity.Warning]);
    assert.deepStrictEqual(await client.diagnostics(outside), []);
  });

  it('exclude globs are relative to a workspace folder added later (multi-root)', async () => {
    const client = server();
    const second = fs.mkdtempSync(path.join(os.tmpdir(), 'spark-advisor-second-folder-'));
    try {
      const uri = pathToFileURL(path.join(second, 'generated', 'job.py')).toString();
      await client.open(uri, STATUS_JOB);
      await reconfigure(client, { exclude: ['generated/**'] });
      const since = Date.now();
      await client.addWorkspaceFolder(second);
      await client.waitFor(DiagnosticRefreshRequest.method, { since, request: true });
      assert.deepStrictEqual(await client.diagnostics(uri), []);
      await client.close(uri);
    } finally {
      fs.rmSync(second, { recursive: true, force: true });
    }
  });

  it('answers with the new settings when a configuration change overtakes a pending settings request', async () => {
    const client = server();
    const uri = client.uri('jobs/overtaken.py');
    await client.open(uri, STATUS_JOB);
    // Hold the answer to the server's settings request (carrying the settings of that moment)…
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let held = 0;
    client.configurationHook = async (_items, answer) => {
      held++;
      await released;
      return answer;
    };
    const firstPull = client.diagnostics(uri);
    await waitUntil(() => held > 0);
    // …while the user turns the rule off.
    client.configurationHook = undefined;
    await reconfigure(client, { rules: { [RULE]: 'off' } });
    release();
    await firstPull; // computed with whichever settings; the next pull must use the new ones
    assert.deepStrictEqual(await severities(client, uri), [], 'the pull after the change still used the settings from before it');
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('workspace folder forms', () => {
  for (const [name, options] of [
    ['a folder URI with a trailing slash', (folder: string) => ({ folderUri: `${pathToFileURL(folder).toString()}/` })],
    ['only rootUri (no workspaceFolders)', () => ({ rootUriOnly: true })],
  ] as const) {
    it(`exclude globs are relative to the folder announced as ${name}`, async () => {
      const folder = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'spark-advisor-folder-form-')));
      const client = await LspClient.start({ workspaceFolder: folder, settings: { exclude: ['generated/**'] }, ...options(folder) });
      try {
        const excluded = client.uri('generated/job.py');
        const kept = client.uri('jobs/job.py');
        await client.open(excluded, STATUS_JOB);
        await client.open(kept, STATUS_JOB);
        assert.deepStrictEqual(await client.diagnostics(excluded), []);
        assert.strictEqual(withCode(await client.diagnostics(kept), RULE).length, 1);
      } finally {
        assert.strictEqual(await client.shutdown(), 0);
        fs.rmSync(folder, { recursive: true, force: true });
      }
    });
  }
});
