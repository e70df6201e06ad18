/**
 * zstd frames with a 128 MiB window, as Databricks writes them (a Photon log: one frame, 136 MB
 * decoded): fzstd decoded them to the right length with the wrong bytes. The frame is made here by
 * the reference `zstd` CLI (`--long=27`, streamed from stdin as a logger writes: no content size).
 */
import * as assert from 'assert';
import { spawn, spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DecodeError, openDecodedStream } from '../../../server/src/history/decode';

const MB = 1024 * 1024;
const WINDOW_LOG = 27;

/**
 * Event-log-like lines in 16 blocks of about 3 MB, repeated in a pseudo-random order up to `bytes`:
 * matches reach back across most of the window. (With these bytes fzstd's output went wrong.)
 */
function* logLike(bytes: number): Generator<Buffer> {
  let seed = 12345;
  const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
  const blocks: Buffer[] = [];
  for (let b = 0; b < 16; b++) {
    let block = '';
    while (block.length < 3_000_000) {
      block += `{"Event":"SparkListenerTaskEnd","Stage ID":${next() % 1000},"Task Info":{"Task ID":${next()},"Host":"h${next() % 97}","Launch Time":${next()}},"Metrics":{"Run":${next() % 100000},"Bytes":${next()}}}\n`;
    }
    blocks.push(Buffer.from(block));
  }
  for (let written = 0; written < bytes; ) {
    const block = blocks[next() % blocks.length]!;
    written += block.length;
    yield block;
  }
}

/** Compresses the generated log with `zstd --long=27` into `file`; returns the log's sha256 and size. */
async function writeLargeWindowFrame(file: string, bytes: number): Promise<{ sha256: string; size: number }> {
  const output = fs.openSync(file, 'w');
  const zstd = spawn('zstd', ['-q', `--long=${WINDOW_LOG}`, '-3', '-c'], { stdio: ['pipe', output, 'inherit'] });
  const exited = new Promise<number>((resolve, reject) => {
    zstd.on('error', reject);
    zstd.on('close', (code) => resolve(code ?? 1));
  });
  const hash = crypto.createHash('sha256');
  let size = 0;
  const input = zstd.stdin!;
  for (const block of logLike(bytes)) {
    hash.update(block);
    size += block.length;
    if (!input.write(block)) await new Promise((resolve) => input.once('drain', resolve));
  }
  input.end();
  const code = await exited;
  fs.closeSync(output);
  assert.strictEqual(code, 0, 'zstd failed');
  return { sha256: hash.digest('hex'), size };
}

describe('event log decoding: zstd frames with a 128 MiB window', function () {
  this.timeout(120_000);
  let tmp = '';
  let frame = '';
  let expected: { sha256: string; size: number };

  before(async function () {
    if (spawnSync('zstd', ['--version']).status !== 0) {
      throw new Error('\n\n*** The zstd CLI is missing: `apt-get install zstd` (scripts/setup-code-server.sh installs it for npm test). ***\n');
    }
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'spark-advisor-zstd-window-'));
    frame = path.join(tmp, 'photon-like.zstd');
    expected = await writeLargeWindowFrame(frame, 136 * MB);
  });

  after(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('the frame declares the large window (what the decoder must honour)', () => {
    const header = Buffer.alloc(6);
    const fd = fs.openSync(frame, 'r');
    fs.readSync(fd, header, 0, 6, 0);
    fs.closeSync(fd);
    assert.strictEqual(header.readUInt32LE(0), 0xfd2fb528);
    assert.strictEqual(header[4]! & 0x20, 0, 'not a single-segment frame');
    assert.strictEqual(10 + (header[5]! >> 3), WINDOW_LOG);
    assert.ok(expected.size > 1 << WINDOW_LOG, 'more decoded bytes than the window holds');
  });

  it('decodes to exactly the bytes compressed', async () => {
    const hash = crypto.createHash('sha256');
    let size = 0;
    for await (const chunk of openDecodedStream(frame) as AsyncIterable<Buffer>) {
      hash.update(chunk);
      size += chunk.length;
    }
    assert.strictEqual(size, expected.size);
    assert.strictEqual(hash.digest('hex'), expected.sha256);
  });

  it('a wrong content checksum is a DecodeError at the checksum', async () => {
    const bytes = fs.readFileSync(frame);
    bytes[bytes.length - 2] ^= 0xff;
    const corrupt = path.join(tmp, 'bad-checksum.zstd');
    fs.writeFileSync(corrupt, bytes);
    const error = await (async () => {
      try {
        for await (const chunk of openDecodedStream(corrupt) as AsyncIterable<Buffer>) void chunk;
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    assert.ok(error instanceof DecodeError, `expected a DecodeError, got ${String(error)}`);
    assert.match(error.reason, /checksum mismatch/);
    assert.strictEqual(error.offset, bytes.length - 4);
    assert.strictEqual(error.truncated, false);
  });
});
