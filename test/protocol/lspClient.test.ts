// The test client's own guarantees, checked with stand-in servers that crash or hang: a protocol
// test must fail with the server's stderr rather than time out, and must never leave a process behind.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LspClient, SHUTDOWN_GRACE_MS } from './lspClient';

const JSONRPC = require.resolve('vscode-jsonrpc/node');

function standIn(dir: string, name: string, body: string): string {
  const file = path.join(dir, `${name}.js`);
  fs.writeFileSync(file, `const rpc = require(${JSON.stringify(JSONRPC)});
const connection = rpc.createMessageConnection(new rpc.StreamMessageReader(process.stdin), new rpc.StreamMessageWriter(process.stdout));
connection.onRequest('initialize', () => ({ capabilities: {} }));
${body}
connection.listen();
`);
  return file;
}

describe('the protocol test client', () => {
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spark-advisor-stand-ins-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('fails start-up with the stderr of a server that dies', async () => {
    const serverJs = path.join(dir, 'dies.js');
    fs.writeFileSync(serverJs, "process.stderr.write('boom: no grammars/ folder\\n'); process.exit(3);\n");
    await assert.rejects(LspClient.start({ serverJs }), (error: Error) => {
      assert.match(error.message, /exited unexpectedly \(code 3/);
      assert.match(error.message, /boom: no grammars\/ folder/);
      return true;
    });
  });

  it('fails a pending request with the stderr of a server that crashes', async () => {
    const serverJs = standIn(dir, 'crashes', `connection.onRequest('textDocument/diagnostic', () => { process.stderr.write('RangeError: analysis exploded\\n'); process.exit(70); });`);
    const client = await LspClient.start({ serverJs });
    const started = Date.now();
    await assert.rejects(client.diagnostics('file:///x.py'), /RangeError: analysis exploded/);
    assert.ok(Date.now() - started < 2000, 'the crash is reported at once, not after a timeout');
    assert.throws(() => client.assertAlive(), /exited unexpectedly \(code 70/);
    await client.shutdown();
  });

  it(`kills a server that ignores shutdown and exit within ${SHUTDOWN_GRACE_MS / 1000} s`, async function () {
    this.timeout(SHUTDOWN_GRACE_MS + 8_000);
    const serverJs = standIn(dir, 'hangs', `connection.onRequest('shutdown', () => new Promise(() => undefined));
connection.onNotification('exit', () => undefined);`);
    const client = await LspClient.start({ serverJs });
    const started = Date.now();
    const code = await client.shutdown();
    const elapsed = Date.now() - started;
    assert.strictEqual(code, null);
    assert.strictEqual(client.killedAfterShutdown, true);
    assert.ok(elapsed >= SHUTDOWN_GRACE_MS - 100 && elapsed < SHUTDOWN_GRACE_MS + 1000, `took ${elapsed} ms`);
  });
});
