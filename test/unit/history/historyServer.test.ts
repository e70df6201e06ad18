/**
 * The History Server client against a real HTTP server started here, which answers as Spark's REST
 * API does (/api/v1/applications, /applications/{id}[/{attempt}]/logs) with zips built here from
 * real logs of ../shared/eventlogs, a rolling log folder among them, and with hostile or broken
 * answers: zip-slip entry names, a body that is not a zip, HTML, 404, a server that never answers.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { apiRoot, attemptFolderName, fetchHistoryServerLogs } from '../../../server/src/history/historyServer';
import { eventLogsDir } from '../helpers/sharedLogs';
import { makeZip } from '../helpers/zip';

const LOGS = eventLogsDir();
const ROLLING_NAME = 'eventlog_v2_spark-bcec39f6201b42b9925124595baad260';
const ROLLING_ID = 'spark-bcec39f6201b42b9925124595baad260';

// ---------------------------------------------------------------------------------------------
// The fake History Server.

const read = (relative: string) => fs.readFileSync(path.join(LOGS, relative));
const KUBEFLOW_BYTES = () => read('other/kubeflow/local-1776286786993.zstd');
const ROLLING_EVENTS = () => read(`other/kubeflow/${ROLLING_NAME}/events_1_${ROLLING_ID}`);
const attemptInfo = (attemptId?: string) => ({ ...(attemptId ? { attemptId } : {}), startTime: '2024-01-01T00:00:00.000GMT', endTime: '2024-01-01T00:10:00.000GMT', lastUpdated: '2024-01-01T00:10:00.000GMT', duration: 600000, sparkUser: 'spark', completed: true, appSparkVersion: '3.5.0' });

const APPLICATIONS = [
  { id: 'local-1776286786993', name: 'generate-events', attempts: [attemptInfo()] },
  { id: ROLLING_ID, name: 'PythonPi', attempts: [attemptInfo()] },
  { id: 'local-1430917381535', name: 'Spark shell', attempts: [attemptInfo('2'), attemptInfo('1')] },
  { id: 'app-evil', name: 'evil', attempts: [attemptInfo()] },
  { id: 'app-broken', name: 'broken', attempts: [attemptInfo()] },
  { id: 'app-missing', name: 'missing', attempts: [attemptInfo()] },
];

/** Applications not in the list, looked up by id only. */
const UNLISTED = ['slow-zip', 'trickle', 'redirect-here', 'redirect-away', 'app-bomb', 'app-link'];

function zipFor(pathname: string): Buffer | undefined {
  switch (pathname) {
    case '/api/v1/applications/local-1776286786993/logs':
      return makeZip([{ name: 'local-1776286786993.zstd', data: KUBEFLOW_BYTES() }]);
    case `/api/v1/applications/${ROLLING_ID}/logs`:
      return makeZip([
        { name: `${ROLLING_NAME}/` },
        { name: `${ROLLING_NAME}/events_1_${ROLLING_ID}`, data: ROLLING_EVENTS(), deflate: true },
        { name: `${ROLLING_NAME}/appstatus_${ROLLING_ID}`, data: Buffer.alloc(0) },
      ]);
    case '/api/v1/applications/local-1430917381535/1/logs':
      return makeZip([{ name: 'local-1430917381535_1', data: read('spark/local-1430917381535_1'), deflate: true }]);
    case '/api/v1/applications/local-1430917381535/2/logs':
      return makeZip([{ name: 'local-1430917381535_2', data: read('spark/local-1430917381535_2') }]);
    case '/api/v1/applications/app-bomb/logs':
      return makeZip([
        { name: 'bomb', data: Buffer.alloc(64 * 1024 * 1024), deflate: true },
        { name: 'local-1430917381535_1', data: read('spark/local-1430917381535_1'), deflate: true },
      ]);
    case '/api/v1/applications/app-link/logs':
      return makeZip([
        { name: 'logs', data: Buffer.from('/etc'), unixMode: 0o120777 },
        { name: 'logs/local-1430917381535_1', data: read('spark/local-1430917381535_1'), unixMode: 0o100644 },
      ]);
    case '/api/v1/applications/app-evil/logs':
      return makeZip([
        { name: '../../evil', data: Buffer.from('pwned') },
        { name: '/abs-evil-spark-advisor-test', data: Buffer.from('pwned') },
        { name: 'dir\\..\\..\\..\\win-evil', data: Buffer.from('pwned') },
        { name: './', data: Buffer.alloc(0) },
        { name: 'app-evil', data: read('other/dr-elephant/event_log_1') },
      ]);
    default:
      return undefined;
  }
}

/** Another server's origin, for redirects that would leave the History Server. */
let otherOrigin = '';
/** Paths requested, for tests that check what was (not) asked for. */
const requested: string[] = [];

function handle(request: http.IncomingMessage, response: http.ServerResponse): void {
  const url = new URL(request.url ?? '/', 'http://localhost');
  requested.push(url.pathname);
  const json = (value: unknown) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(value));
  };
  if (url.pathname === '/api/v1/applications') {
    const limit = url.searchParams.get('limit');
    return json(limit === null ? APPLICATIONS : APPLICATIONS.slice(0, Number(limit)));
  }
  if (url.pathname === '/html/api/v1/applications') {
    response.writeHead(200, { 'content-type': 'text/html' });
    return void response.end('<html><body>Login</body></html>');
  }
  if (url.pathname === '/object/api/v1/applications') return json({ applications: [] });
  if (url.pathname === '/api/v1/applications/slow' || url.pathname === '/api/v1/applications/slow-zip/logs') {
    if (url.pathname.endsWith('/logs')) {
      // Headers and the start of a zip, then silence.
      response.writeHead(200, { 'content-type': 'application/zip' });
      response.write(makeZip([{ name: 'x', data: Buffer.alloc(10) }]).subarray(0, 20));
    }
    return; // never ends
  }
  if (url.pathname === '/api/v1/applications/trickle/logs') {
    // Headers and the start of a zip, then a byte now and then: alive, but never done.
    response.writeHead(200, { 'content-type': 'application/zip' });
    const zip = makeZip([{ name: 'x', data: Buffer.alloc(1000) }]);
    let sent = 0;
    const timer = setInterval(() => (sent < zip.length && !response.destroyed ? response.write(zip.subarray(sent, ++sent)) : clearInterval(timer)), 20);
    response.on('close', () => clearInterval(timer));
    return;
  }
  if (url.pathname === '/api/v1/applications/redirect-away/logs') {
    response.writeHead(302, { location: `${otherOrigin}/api/v1/applications/local-1430917381535/1/logs` });
    return void response.end();
  }
  if (url.pathname === '/api/v1/applications/redirect-here/logs') {
    response.writeHead(302, { location: '/api/v1/applications/local-1430917381535/1/logs' });
    return void response.end();
  }
  if (url.pathname === '/dots/api/v1/applications') return json([{ id: '..', name: 'dots', attempts: [attemptInfo()] }, { id: 'ok', name: 'ok', attempts: [attemptInfo('.')] }]);
  if (url.pathname === '/api/v1/applications/app-broken/logs') {
    response.writeHead(200, { 'content-type': 'application/zip' });
    return void response.end(Buffer.from('this is not a zip archive, just text'));
  }
  const zip = zipFor(url.pathname);
  if (zip) {
    response.writeHead(200, { 'content-type': 'application/zip', 'content-length': zip.length });
    return void response.end(zip);
  }
  const single = /^\/api\/v1\/applications\/([^/]+)$/.exec(url.pathname);
  const app = single ? APPLICATIONS.find((candidate) => candidate.id === decodeURIComponent(single[1]!)) : undefined;
  if (app) return json(app);
  if (single && UNLISTED.includes(single[1]!)) return json({ id: single[1], attempts: [attemptInfo()] });
  response.writeHead(404, { 'content-type': 'text/plain' });
  response.end('no such application');
}

describe('History Server client', function () {
  this.timeout(30_000);
  let server: http.Server;
  let other: http.Server;
  const otherRequests: string[] = [];
  let base: string;
  let tmp: string;
  /** Deep enough that '../../evil' from it still lands inside tmp, where the test can look. */
  let target: string;

  before(async () => {
    server = http.createServer(handle);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    other = http.createServer((request, response) => {
      otherRequests.push(request.url ?? '');
      response.end('elsewhere');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    otherOrigin = `http://localhost:${(other.address() as AddressInfo).port}`;
  });
  after(async () => {
    for (const running of [server, other]) {
      running.closeAllConnections();
      await new Promise((resolve) => running.close(resolve));
    }
  });
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'history-server-'));
    target = path.join(tmp, 'a', 'b', 'logs');
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('downloads and extracts every attempt of every application, reporting the ones that fail', async () => {
    const progress: string[] = [];
    const result = await fetchHistoryServerLogs(base, target, { onProgress: (done, total) => progress.push(`${done}/${total}`) });

    assert.deepStrictEqual(
      result.directories.map((dir) => path.relative(target, dir)),
      ['local-1776286786993', ROLLING_ID, 'local-1430917381535_2', 'local-1430917381535_1', 'app-evil'],
    );
    assert.deepStrictEqual(progress, ['0/7', '1/7', '2/7', '3/7', '4/7', '5/7', '6/7', '7/7']);

    // The raw files, byte for byte, rolling folder layout kept.
    const extracted = (relative: string) => fs.readFileSync(path.join(target, relative));
    assert.ok(extracted('local-1776286786993/local-1776286786993.zstd').equals(KUBEFLOW_BYTES()));
    assert.ok(extracted(`${ROLLING_ID}/${ROLLING_NAME}/events_1_${ROLLING_ID}`).equals(ROLLING_EVENTS()));
    assert.strictEqual(extracted(`${ROLLING_ID}/${ROLLING_NAME}/appstatus_${ROLLING_ID}`).length, 0);
    assert.ok(extracted('local-1430917381535_1/local-1430917381535_1').equals(read('spark/local-1430917381535_1')));
    assert.ok(extracted('local-1430917381535_2/local-1430917381535_2').equals(read('spark/local-1430917381535_2')));
    assert.deepStrictEqual(fs.readdirSync(path.join(target, 'app-evil')), ['app-evil']);

    // Zip-slip entries went nowhere, and each is reported.
    for (const escaped of [path.join(tmp, 'a', 'evil'), path.join(tmp, 'a', 'b', 'evil'), path.join(tmp, 'evil'), path.join(tmp, 'win-evil'), path.join(tmp, 'a', 'win-evil'), '/abs-evil-spark-advisor-test']) {
      assert.ok(!fs.existsSync(escaped), `${escaped} must not exist`);
    }
    const messages = result.errors.map((error) => error.message);
    const evilUrl = `${base}/api/v1/applications/app-evil/logs`;
    assert.deepStrictEqual(
      result.errors.filter((error) => error.url === evilUrl).map((error) => /zip entry "(.*)" skipped/.exec(error.message)?.[1]),
      ['../../evil', '/abs-evil-spark-advisor-test', 'dir/../../../win-evil', './'],
    );
    const broken = result.errors.find((error) => error.url === `${base}/api/v1/applications/app-broken/logs`);
    assert.match(broken?.message ?? '', /app-broken\/logs: not a valid zip archive/);
    const missing = result.errors.find((error) => error.url === `${base}/api/v1/applications/app-missing/logs`);
    assert.match(missing?.message ?? '', /HTTP 404/);
    assert.strictEqual(messages.length, 6, messages.join('\n'));

    // Nothing left over: no partial folders, no downloaded zips.
    assert.deepStrictEqual(fs.readdirSync(target).filter((name) => name.startsWith('.')), []);
  });

  it('takes the base URL with or without /api/v1, a limit, and chosen application ids', async () => {
    const limited = await fetchHistoryServerLogs(`${base}/api/v1/`, target, { limit: 1 });
    assert.deepStrictEqual(limited.directories.map((dir) => path.basename(dir)), ['local-1776286786993']);
    assert.deepStrictEqual(limited.errors, []);

    const chosen = await fetchHistoryServerLogs(`${base}/api/v1`, target, { appIds: ['local-1430917381535', 'no-such-app'] });
    assert.deepStrictEqual(chosen.directories.map((dir) => path.basename(dir)), ['local-1430917381535_2', 'local-1430917381535_1']);
    assert.strictEqual(chosen.errors.length, 1);
    assert.strictEqual(chosen.errors[0]!.url, `${base}/api/v1/applications/no-such-app`);
    assert.match(chosen.errors[0]!.message, /HTTP 404/);
  });

  it('replaces what an earlier import left in an attempt\'s folder', async () => {
    await fetchHistoryServerLogs(base, target, { appIds: ['local-1776286786993'] });
    fs.writeFileSync(path.join(target, 'local-1776286786993', 'stale'), 'old');
    const again = await fetchHistoryServerLogs(base, target, { appIds: ['local-1776286786993'] });
    assert.deepStrictEqual(fs.readdirSync(again.directories[0]!), ['local-1776286786993.zstd']);
  });

  it('rejects with a clear message when the URL is not a reachable History Server', async () => {
    await assert.rejects(fetchHistoryServerLogs(`${base}/html`, target), /text\/html, not JSON: is this a Spark History Server\?/);
    await assert.rejects(fetchHistoryServerLogs(`${base}/object`, target), /did not answer with a list of applications/);
    await assert.rejects(fetchHistoryServerLogs(`${base}/nothing-here`, target), /nothing-here\/api\/v1\/applications: HTTP 404/);
    await assert.rejects(fetchHistoryServerLogs('ftp://example.invalid', target), /not an http\(s\) URL/);
    await assert.rejects(fetchHistoryServerLogs('not a url', target), /not a URL/);

    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await assert.rejects(fetchHistoryServerLogs(`http://127.0.0.1:${closedPort}`, target), /cannot reach http:\/\/127\.0\.0\.1:\d+\/api\/v1\/applications: ECONNREFUSED/);
  });

  it('gives up on a server that stops answering, before or during a download', async () => {
    const started = Date.now();
    const result = await fetchHistoryServerLogs(base, target, { appIds: ['slow', 'slow-zip', 'local-1430917381535'], timeoutMs: 300 });
    assert.ok(Date.now() - started < 10_000);
    assert.deepStrictEqual(
      result.errors.map((error) => [error.url.replace(base, ''), /no answer within/.test(error.message)]),
      [
        ['/api/v1/applications/slow', true],
        ['/api/v1/applications/slow-zip/logs', false],
      ],
    );
    assert.match(result.errors[1]!.message, /slow-zip\/logs: too slow: \d+ bytes in 0\.3 s, less than the 16384 expected/);
    assert.strictEqual(result.directories.length, 2, 'the others are fetched all the same');
  });

  it('gives up on a server that trickles a byte now and then, however long it keeps going', async () => {
    const started = Date.now();
    const result = await fetchHistoryServerLogs(base, target, { appIds: ['trickle'], timeoutMs: 300 });
    assert.ok(Date.now() - started < 5_000, `${Date.now() - started} ms`);
    assert.deepStrictEqual(result.directories, []);
    assert.match(result.errors[0]?.message ?? '', /trickle\/logs: too slow: \d+ bytes in 0\.3 s/);
    const overall = await fetchHistoryServerLogs(base, target, { appIds: ['trickle'], timeoutMs: 300, minBytesPerWindow: 1, deadlineMs: 700 });
    assert.match(overall.errors[0]?.message ?? '', /trickle\/logs: not finished within 0\.7 s/);
    assert.deepStrictEqual(fs.readdirSync(target), [], 'no partial download left');
  });

  it('follows a redirect within the server, refuses one to another origin', async () => {
    otherRequests.length = 0;
    const result = await fetchHistoryServerLogs(base, target, { appIds: ['redirect-here', 'redirect-away'] });
    assert.deepStrictEqual(result.directories.map((dir) => path.basename(dir)), ['redirect-here']);
    assert.deepStrictEqual(result.errors.map((error) => error.message), [`${base}/api/v1/applications/redirect-away/logs: redirected to another origin (${otherOrigin}), not followed`]);
    assert.deepStrictEqual(otherRequests, [], 'nothing was asked of the other origin');
  });

  it('never asks for ids "." or "..", which would reach other endpoints', async () => {
    requested.length = 0;
    const listed = await fetchHistoryServerLogs(`${base}/dots`, target);
    assert.deepStrictEqual(listed.directories, []);
    assert.deepStrictEqual(listed.errors.map((error) => error.message.replace(base, '')), ['/dots/api/v1: application ".." skipped: ".." is not an id', '/dots/api/v1: application "ok" skipped: "." is not an id']);
    const chosen = await fetchHistoryServerLogs(base, target, { appIds: ['..', '.'] });
    assert.deepStrictEqual(chosen.errors.map((error) => error.message), ['application id ".." is not an application id', 'application id "." is not an application id']);
    assert.deepStrictEqual(requested, ['/dots/api/v1/applications']);
  });

  it('skips a zip-bomb entry and a symbolic link alone, extracting the log beside them', async () => {
    const result = await fetchHistoryServerLogs(base, target, { appIds: ['app-bomb', 'app-link'] });
    assert.deepStrictEqual(result.directories.map((dir) => path.basename(dir)), ['app-bomb', 'app-link']);
    assert.deepStrictEqual(fs.readdirSync(path.join(target, 'app-bomb')), ['local-1430917381535_1']);
    assert.ok(fs.readFileSync(path.join(target, 'app-link', 'logs', 'local-1430917381535_1')).equals(read('spark/local-1430917381535_1')));
    assert.ok(fs.statSync(path.join(target, 'app-link', 'logs')).isDirectory(), 'a folder of its own, not a link to /etc');
    assert.deepStrictEqual(
      result.errors.map((error) => error.message.replace(base, '').replace(/compressed \d+ to 1/, 'compressed N to 1')),
      [
        '/api/v1/applications/app-bomb/logs: zip entry "bomb" skipped: compressed N to 1, more than the 200 to 1 of any event log (a zip bomb?)',
        '/api/v1/applications/app-link/logs: zip entry "logs" skipped: a symbolic link, not a file',
      ],
    );
  });

  it('hands each attempt to onFetched and deletes it before downloading the next', async () => {
    const seen: string[][] = [];
    const result = await fetchHistoryServerLogs(base, target, {
      appIds: ['local-1430917381535', 'local-1776286786993'],
      onFetched: async () => void seen.push(fs.readdirSync(target).filter((name) => !name.startsWith('.'))),
    });
    assert.deepStrictEqual(seen, [['local-1430917381535_2'], ['local-1430917381535_1'], ['local-1776286786993']]);
    assert.deepStrictEqual([result.fetched, result.directories], [3, []]);
    assert.deepStrictEqual(fs.readdirSync(target), []);
  });

  it('stops at once when the caller aborts', async () => {
    const controller = new AbortController();
    const pending = fetchHistoryServerLogs(base, target, { appIds: ['slow'], signal: controller.signal, timeoutMs: 20_000 });
    setTimeout(() => controller.abort(), 100);
    await assert.rejects(pending, (error: Error) => error.name === 'AbortError');
    assert.deepStrictEqual(fs.existsSync(target) ? fs.readdirSync(target) : [], []);
  });

  it('refuses archives over the size limits', async () => {
    const tooBig = await fetchHistoryServerLogs(base, target, { appIds: ['local-1776286786993'], maxZipBytes: 1000 });
    assert.deepStrictEqual(tooBig.directories, []);
    assert.match(tooBig.errors[0]!.message, /more than the 1000-byte limit/);
    const extractsTooMuch = await fetchHistoryServerLogs(base, target, { appIds: [ROLLING_ID], maxExtractedBytes: 1000 });
    assert.deepStrictEqual(extractsTooMuch.directories, []);
    assert.match(extractsTooMuch.errors[0]!.message, /would extract more than 1000 bytes/);
    assert.deepStrictEqual(fs.readdirSync(target), []);
  });

  it('names folders safely and finds the REST root', () => {
    assert.strictEqual(attemptFolderName('app-1', '2'), 'app-1_2');
    assert.strictEqual(attemptFolderName('../../x'), '.._.._x');
    assert.strictEqual(attemptFolderName('..'), 'app_2');
    assert.strictEqual(attemptFolderName('a/b\\c:d'), 'a_b_c_d');
    // A file name has at most 255 bytes: a longer id keeps a prefix and a hash of the whole (distinct ids, distinct folders).
    const long = attemptFolderName('x'.repeat(5000));
    assert.ok(long.length <= 120 && long.startsWith('x'.repeat(64)), long);
    assert.notStrictEqual(attemptFolderName(`${'x'.repeat(5000)}y`), long);
    assert.strictEqual(apiRoot('http://host:18080'), 'http://host:18080/api/v1');
    assert.strictEqual(apiRoot('http://host:18080/'), 'http://host:18080/api/v1');
    assert.strictEqual(apiRoot('https://gateway/spark/history/api/v1/'), 'https://gateway/spark/history/api/v1');
    assert.strictEqual(apiRoot(' http://host:18080/api/v1?x=1 '), 'http://host:18080/api/v1');
  });
});
