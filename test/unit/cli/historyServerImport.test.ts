/**
 * `spark-advisor import http://…` against a local stand-in of the Spark History Server REST API
 * (`/api/v1/applications`, `/applications/{id}/logs` as a zip of the raw log): the log lands in the
 * store like a local file, with its Python call sites resolved in the workspace.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import type { CliIO } from '../../../server/src/cli/io';
import { run } from '../../../server/src/cli/run';
import type { ApplicationJson } from '../../../server/src/report/json';
import { REPO_ROOT } from '../helpers/fixtures';
import { eventLogsDir } from '../helpers/sharedLogs';
import { makeZip } from '../helpers/zip';
import { ensureCliBundle, startCli } from './bin';

const WORKSPACE = path.join(REPO_ROOT, 'test/fixtures/callsite-workspace');
const APP_ID = 'local-1776286786993';

function io(stderrIsTerminal = false) {
  const out: string[] = [];
  const err: string[] = [];
  const cli: CliIO = { cwd: WORKSPACE, env: {}, stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t), isTTY: stderrIsTerminal } };
  return { cli, stdout: () => out.join(''), stderr: () => err.join('') };
}

describe('cli: import from a Spark History Server URL', function () {
  this.timeout(60_000);
  let server: http.Server;
  let url: string;
  const temporary = fs.mkdtempSync(path.join(os.tmpdir(), 'spark-advisor-shs-cli-'));

  before(async () => {
    const log = fs.readFileSync(path.join(eventLogsDir(), 'other/kubeflow', `${APP_ID}.zstd`));
    const zip = makeZip([{ name: `${APP_ID}.zstd`, data: log, deflate: true }]);
    const bomb = makeZip([{ name: 'app-1', data: Buffer.alloc(32 * 1024 * 1024, 0x20), deflate: true }]);
    server = http.createServer((request, response) => {
      if (request.url === '/api/v1/applications') {
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify([{ id: APP_ID, name: 'shs-e2e-app1', attempts: [{ startTime: '2026-04-15T21:39:46.231GMT', completed: true }] }]));
      } else if (request.url === '/bombs/api/v1/applications' || request.url === '/trickle/api/v1/applications') {
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify([{ id: 'app-1', name: 'x', attempts: [{ completed: true }] }, { id: 'app-2', name: 'y', attempts: [{ completed: true }] }]));
      } else if (request.url?.startsWith('/bombs/api/v1/applications/')) {
        response.setHeader('content-type', 'application/zip');
        response.end(bomb);
      } else if (request.url?.startsWith('/trickle/api/v1/applications/')) {
        response.writeHead(200, { 'content-type': 'application/zip' });
        const timer = setInterval(() => (response.destroyed ? clearInterval(timer) : response.write(Buffer.alloc(1))), 50);
        response.on('close', () => clearInterval(timer));
      } else if (request.url === `/api/v1/applications/${APP_ID}/logs`) {
        response.setHeader('content-type', 'application/octet-stream');
        response.end(zip);
      } else {
        response.statusCode = 404;
        response.end('not found');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    fs.rmSync(temporary, { recursive: true, force: true });
  });

  it('counts the applications done on a terminal, and prints no count into a pipe', async () => {
    const onTerminal = io(true);
    assert.strictEqual(await run(['import', url, '--db', path.join(temporary, 'progress.sqlite')], onTerminal.cli), 0, onTerminal.stderr());
    assert.match(onTerminal.stderr(), /\rspark-advisor: 0 of 1 application attempts downloaded and imported +\rspark-advisor: 1 of 1 application attempts downloaded and imported +\n/);
    const piped = io(false);
    assert.strictEqual(await run(['import', url, '--db', path.join(temporary, 'progress-piped.sqlite')], piped.cli), 0, piped.stderr());
    assert.doesNotMatch(piped.stderr(), /downloaded and imported/);
  });

  it('downloads, imports and maps the application like a local log', async () => {
    const db = path.join(temporary, 'history.sqlite');
    const imported = io();
    assert.strictEqual(await run(['import', url, '--db', db], imported.cli), 0, imported.stderr());
    assert.match(imported.stdout(), /1 application imported/);
    const reported = io();
    assert.strictEqual(await run(['report', '--db', db], reported.cli), 0, reported.stderr());
    const { applications } = JSON.parse(reported.stdout()) as { applications: ApplicationJson[] };
    assert.deepStrictEqual(applications.map((a) => a.id), [APP_ID]);
    const mapped = applications[0]!.stages.filter((s) => s.callSite !== null).map((s) => s.callSite!.file);
    assert.ok(mapped.length > 0 && mapped.every((file) => file === 'app/generate_events.py'), JSON.stringify(mapped));
  });

  it('says which address failed when it is not a History Server', async () => {
    const failed = io();
    assert.strictEqual(await run(['import', `${url}/nothing-here`, '--db', path.join(temporary, 'other.sqlite')], failed.cli), 2);
    assert.match(failed.stderr(), /^spark-advisor: cannot reach|^spark-advisor: .*nothing-here.*HTTP 404/);
    assert.doesNotMatch(failed.stderr(), /internal error/);
  });

  it('zip bombs are skipped with the reason printed, and an import that brought nothing in exits 1', async () => {
    const bombed = io();
    assert.strictEqual(await run(['import', `${url}/bombs`, '--db', path.join(temporary, 'bombs.sqlite')], bombed.cli), 1);
    const lines = bombed.stderr().split('\n').filter(Boolean);
    assert.deepStrictEqual(
      lines.map((line) => line.replace(url, 'URL').replace(/compressed \d+ to 1/, 'compressed N to 1')),
      [
        'spark-advisor: URL/bombs/api/v1/applications/app-1/logs: the zip holds no log files; zip entry "app-1" skipped: compressed N to 1, more than the 200 to 1 of any event log (a zip bomb?)',
        'spark-advisor: URL/bombs/api/v1/applications/app-2/logs: the zip holds no log files; zip entry "app-1" skipped: compressed N to 1, more than the 200 to 1 of any event log (a zip bomb?)',
        'spark-advisor: no event log was imported',
      ],
    );
  });

  describe('as a real process', function () {
    before(function () {
      this.timeout(180_000);
      ensureCliBundle();
    });

    it('SIGTERM during a download stops it and leaves no download behind', async () => {
      const tmp = fs.mkdtempSync(path.join(temporary, 'tmp-'));
      const child = startCli(['import', `${url}/trickle`, '--db', path.join(temporary, 'trickle.sqlite')], { cwd: WORKSPACE, env: { TMPDIR: tmp } });
      const downloading = () => fs.readdirSync(tmp).some((dir) => fs.readdirSync(path.join(tmp, dir)).some((name) => name.endsWith('.zip')));
      for (let waited = 0; !downloading() && waited < 20_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
      assert.ok(downloading(), 'the download started');
      child.kill('SIGTERM');
      const result = await child.result;
      assert.deepStrictEqual([result.status, result.stderr], [2, 'spark-advisor: import interrupted; the history store is unchanged\n']);
      assert.deepStrictEqual(fs.readdirSync(tmp), []);
    });
  });
});
