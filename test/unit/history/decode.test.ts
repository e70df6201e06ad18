/**
 * Streaming decompression of Spark event logs, on real logs from ../shared/eventlogs (never copied
 * into the repo). Altered copies (cut, corrupted, concatenated) are made in a temp dir.
 */
import * as assert from 'assert';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import type { DecodedStream, TruncatedEnd } from '../../../server/src/history/decode';
import { codecForPath, DecodeError, isInProgress, openDecodedStream, UnknownCodecError } from '../../../server/src/history/decode';
import { loadXxHash } from '../../../server/src/history/decode/xxhash';
import { eventLogsDir } from '../helpers/sharedLogs';


const LOGS = eventLogsDir();
const log = (relative: string) => path.join(LOGS, relative);
const PLAIN = log('spark/local-1642039451826');
const SYNTHETIC = ['lz4', 'snappy', 'lzf'].map((suffix) => log(`synthetic/local-1642039451826.${suffix}`));
const KUBEFLOW_ZSTD = log('other/kubeflow/local-1776286786993.zstd');
const ROLLING_ZSTD = log('other/spark-rapids-tools/eventlog_v2_local-1623876083964/events_1_local-1623876083964.zstd');
const MALFORMED_ZSTD = 'malformed_json_eventlog.zstd';
const GZ = log('other/spark-rapids-tools/db_sim_eventlog/eventlog-2021-06-15--15-00.gz');
const ZSTD_MAX_BLOCK = 128 * 1024;

function zstdFiles(): string[] {
  const rapids = log('other/spark-rapids-tools');
  const rolling = path.join(rapids, 'eventlog_v2_local-1623876083964');
  const inDir = (dir: string) => fs.readdirSync(dir).filter((name) => name.endsWith('.zstd')).map((name) => path.join(dir, name));
  return [KUBEFLOW_ZSTD, ...inDir(rapids), ...inDir(rolling)];
}

interface Decoded {
  bytes: Buffer;
  sha256: string;
  stream: DecodedStream;
  truncatedEvents: TruncatedEnd[];
  largestChunk: number;
}

async function decode(file: string, options?: { allowTruncatedEnd?: boolean }): Promise<Decoded> {
  const stream = openDecodedStream(file, options);
  const truncatedEvents: TruncatedEnd[] = [];
  stream.on('truncated', (cut: TruncatedEnd) => truncatedEvents.push(cut));
  const hash = crypto.createHash('sha256');
  const parts: Buffer[] = [];
  let largestChunk = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    hash.update(chunk);
    parts.push(chunk);
    largestChunk = Math.max(largestChunk, chunk.length);
  }
  return { bytes: Buffer.concat(parts), sha256: hash.digest('hex'), stream, truncatedEvents, largestChunk };
}

async function decodeError(file: string, options?: { allowTruncatedEnd?: boolean }): Promise<DecodeError> {
  try {
    await decode(file, options);
  } catch (error) {
    assert.ok(error instanceof DecodeError, `expected a DecodeError, got ${String(error)}`);
    return error;
  }
  assert.fail(`${file} decoded without error`);
}

function sha256(bytes: Buffer): string {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}

describe('event log decoding: codec from the file name', () => {
  it('picks the codec by suffix, after stripping .inprogress and .compact', () => {
    const cases: Array<[string, ReturnType<typeof codecForPath>]> = [
      ['local-1642039451826', 'plain'],
      ['/a/b.c/application_1506645932520_24630151', 'plain'],
      ['app-1.zstd', 'zstd'],
      ['app-1.ZST', 'zstd'],
      ['events_1_local-1623876083964.zstd', 'zstd'],
      ['app-1.zstd.inprogress', 'zstd'],
      ['events_2_app.zstd.compact', 'zstd'],
      ['local-1.lz4', 'lz4'],
      ['local-1.snappy.inprogress', 'snappy'],
      ['local-1.lzf', 'lzf'],
      ['eventlog-2021-06-15--15-00.gz', 'gzip'],
      ['local-1.inprogress', 'plain'],
      ['saved.json', 'plain'],
      ['app-1.brotli', undefined],
      ['app-1.zstd.brotli.inprogress', undefined],
    ];
    for (const [name, codec] of cases) assert.strictEqual(codecForPath(name), codec, name);
    assert.ok(isInProgress('/x/app-1.lz4.inprogress'));
    assert.ok(!isInProgress('/x/app-1.lz4'));
  });

  it('an unknown suffix is an unknown-codec error naming the file', () => {
    const file = path.join(os.tmpdir(), 'no-such-dir', 'local-1642039451826.brotli');
    assert.throws(
      () => openDecodedStream(file),
      (error: unknown) => error instanceof UnknownCodecError && error.file === file && error.message.includes(file) && /unknown codec "\.brotli"/.test(error.message),
    );
  });
});

describe('event log decoding: real logs', function () {
  let tmp = '';
  const plain = () => fs.readFileSync(PLAIN);

  before(function () {
    if (!fs.existsSync(log('synthetic')) || !fs.existsSync(log('other/kubeflow'))) {
      throw new Error(
        `\n\n*** The Spark event logs these tests read are missing. ***\n` +
          `Expected them in ${LOGS} (the shared/ folder beside the repo: ../shared/eventlogs).\n` +
          `Put the shared folder there, or set SPARK_ADVISOR_SHARED to where it is.\n`,
      );
    }
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'spark-advisor-decode-'));
  });

  after(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  /** Writes `bytes` as `name` in the temp dir and returns its path. */
  const temp = (name: string, bytes: Uint8Array) => {
    const file = path.join(tmp, name);
    fs.writeFileSync(file, bytes);
    return file;
  };

  for (const file of SYNTHETIC) {
    it(`${path.basename(file)} decodes to exactly spark/local-1642039451826`, async () => {
      const expected = plain();
      const decoded = await decode(file);
      assert.strictEqual(decoded.bytes.length, expected.length);
      assert.strictEqual(decoded.sha256, sha256(expected));
      assert.strictEqual(decoded.stream.truncated, false);
      assert.strictEqual(decoded.stream.bytesRead, fs.statSync(file).size);
    });
  }

  it('the bytes do not depend on how the file is read (units spanning reads)', async () => {
    for (const file of [...SYNTHETIC, KUBEFLOW_ZSTD]) {
      const expected = (await decode(file)).sha256;
      for (const readSize of [13, 1000, 1 << 20]) {
        const hash = crypto.createHash('sha256');
        for await (const chunk of openDecodedStream(file, { readSize }) as AsyncIterable<Buffer>) hash.update(chunk);
        assert.strictEqual(hash.digest('hex'), expected, `${path.basename(file)} read ${readSize} bytes at a time`);
      }
    }
  });

  it('a plain log passes through unchanged', async () => {
    const decoded = await decode(PLAIN);
    assert.strictEqual(decoded.sha256, sha256(plain()));
  });

  it('every zstd log decodes, and every line is JSON (but the one malformed line)', async () => {
    const files = zstdFiles();
    assert.ok(files.length >= 6, `found only ${files.length} zstd logs`);
    for (const file of files) {
      const decoded = await decode(file);
      assert.strictEqual(decoded.stream.truncated, false, file);
      const lines = decoded.bytes.toString('utf8').split('\n');
      if (lines[lines.length - 1] === '') lines.pop();
      assert.ok(lines.length > 10, `${file}: only ${lines.length} lines`);
      const bad = lines.flatMap((line, index) => {
        try {
          JSON.parse(line);
          return [];
        } catch {
          return [index];
        }
      });
      if (path.basename(file) === MALFORMED_ZSTD) assert.strictEqual(bad.length, 1, `${file}: malformed lines ${bad.join(', ')}`);
      else assert.deepStrictEqual(bad, [], `${file}: lines that are not JSON`);
    }
  });

  it('the Databricks .gz rotation decodes to JSON lines', async () => {
    const decoded = await decode(GZ);
    const lines = decoded.bytes.toString('utf8').trimEnd().split('\n');
    assert.ok(lines.length > 100);
    for (const line of lines) JSON.parse(line);
    // The same events as the rolling zstd log of the same app: two codecs, one answer.
    assert.strictEqual(decoded.sha256, (await decode(ROLLING_ZSTD)).sha256);
  });

  it('concatenated streams decode to the concatenation (zstd frames, lz4 / snappy streams, lzf chunks, gzip members)', async () => {
    const expected = Buffer.concat([plain(), plain()]);
    for (const file of SYNTHETIC) {
      const twice = fs.readFileSync(file);
      const copy = temp(`twice-${path.basename(file)}`, Buffer.concat([twice, twice]));
      assert.strictEqual((await decode(copy)).sha256, sha256(expected), copy);
    }
    const half = Math.floor(plain().length / 2);
    const members = temp('members.gz', Buffer.concat([zlib.gzipSync(plain().subarray(0, half)), zlib.gzipSync(plain().subarray(half))]));
    assert.strictEqual((await decode(members)).sha256, sha256(plain()));
    const zstd = fs.readFileSync(ROLLING_ZSTD);
    const single = (await decode(ROLLING_ZSTD)).bytes;
    assert.strictEqual((await decode(temp('twice.zstd', Buffer.concat([zstd, zstd])))).sha256, sha256(Buffer.concat([single, single])));
  });

  it('zstd: skippable frames are skipped', async () => {
    const skippable = (size: number) => Buffer.concat([Buffer.from([0x5a, 0x2a, 0x4d, 0x18]), Buffer.from(Uint32Array.of(size).buffer), Buffer.alloc(size, 7)]);
    const zstd = fs.readFileSync(KUBEFLOW_ZSTD);
    const withSkips = temp('skips.zstd', Buffer.concat([skippable(100_000), zstd, skippable(0), zstd, skippable(3)]));
    const single = (await decode(KUBEFLOW_ZSTD)).bytes;
    assert.strictEqual((await decode(withSkips)).sha256, sha256(Buffer.concat([single, single])));
  });

  it('lz4: stored (raw) blocks and the end-of-stream block', async () => {
    const hash = await loadXxHash();
    const text = Buffer.from('{"Event":"SparkListenerLogStart","Spark Version":"3.5.0"}\n');
    const header = (method: number, data: Buffer, checksum: number) => {
      const bytes = Buffer.alloc(21);
      bytes.write('LZ4Block', 0, 'latin1');
      bytes[8] = method | 6; // level 6: blocks of up to 64 KiB
      bytes.writeInt32LE(data.length, 9);
      bytes.writeInt32LE(data.length, 13);
      bytes.writeInt32LE(checksum, 17);
      return bytes;
    };
    const raw = Buffer.concat([header(0x10, text, hash.h32Raw(text, 0x9747b28c) & 0x0fffffff), text, header(0x10, Buffer.alloc(0), 0)]);
    assert.strictEqual((await decode(temp('raw.lz4', raw))).bytes.toString(), text.toString());
  });

  it('empty files decode to nothing, whatever the codec', async () => {
    for (const suffix of ['', '.zstd', '.lz4', '.snappy', '.lzf']) {
      const decoded = await decode(temp(`empty${suffix}`, new Uint8Array(0)));
      assert.strictEqual(decoded.bytes.length, 0, suffix);
      assert.strictEqual(decoded.stream.truncated, false, suffix);
    }
  });

  describe('a log cut in the middle of a frame or block', () => {
    const cases: Array<{ codec: string; source: string; cutAt: (size: number) => number }> = [
      { codec: 'zstd (many frames)', source: KUBEFLOW_ZSTD, cutAt: (size) => Math.floor(size * 0.6) },
      { codec: 'zstd (one frame)', source: ROLLING_ZSTD, cutAt: (size) => Math.floor(size / 2) },
      { codec: 'zstd (cut in a frame header)', source: KUBEFLOW_ZSTD, cutAt: () => 2 },
      ...SYNTHETIC.map((source) => ({ codec: path.extname(source).slice(1), source, cutAt: (size: number) => Math.floor(size / 2) + 7 })),
      { codec: 'lz4 (cut in a block header)', source: SYNTHETIC[0]!, cutAt: () => 10 },
      { codec: 'gzip', source: GZ, cutAt: (size: number) => Math.floor(size / 2) },
    ];

    for (const { codec, source, cutAt } of cases) {
      it(`${codec}: ends cleanly with the cut flagged when allowed, else a DecodeError naming file and offset`, async () => {
        const whole = fs.readFileSync(source);
        const full = (await decode(source)).bytes;
        const suffix = path.extname(source);
        const cut = temp(`cut-${codec.replace(/\W+/g, '-')}${suffix}`, whole.subarray(0, cutAt(whole.length)));

        const allowed = await decode(cut, { allowTruncatedEnd: true });
        assert.strictEqual(allowed.stream.truncated, true);
        assert.strictEqual(allowed.truncatedEvents.length, 1);
        const offset = allowed.stream.truncatedAt!;
        assert.ok(offset <= fs.statSync(cut).size, `cut offset ${offset}`);
        assert.match(allowed.stream.truncatedReason!, /file ends inside/);
        // What was decoded is exactly the start of the whole log.
        assert.ok(allowed.bytes.length < full.length);
        assert.strictEqual(Buffer.compare(allowed.bytes, full.subarray(0, allowed.bytes.length)), 0, 'decoded bytes are not a prefix of the whole log');

        const error = await decodeError(cut);
        assert.strictEqual(error.file, cut);
        assert.strictEqual(error.truncated, true);
        assert.strictEqual(error.offset, offset);
        assert.ok(error.message.includes(cut) && error.message.includes(`at byte ${offset}`), error.message);

        // An .inprogress copy may be cut without asking.
        const inProgress = temp(`${path.basename(cut)}.inprogress`, fs.readFileSync(cut));
        const implicit = await decode(inProgress);
        assert.strictEqual(implicit.stream.truncated, true);
        assert.strictEqual(implicit.sha256, allowed.sha256);
      });
    }

    it('zstd: a cut after the first frames still yields those frames in full', async () => {
      const whole = fs.readFileSync(KUBEFLOW_ZSTD);
      // Spark wrote many small frames: the fifth (from byte 611) is 23 KB, the sixth starts at 23873.
      const decoded = await decode(temp('early-cut.zstd.inprogress', whole.subarray(0, 25_000)));
      assert.ok(decoded.bytes.length > 25_000, `only ${decoded.bytes.length} bytes decoded`);
      const at = decoded.stream.truncatedAt!;
      assert.ok(at > 20_000 && at < 25_000, `cut at ${at}`);
    });
  });

  describe('corrupt input', () => {
    it('lz4: a flipped byte in a block fails its checksum', async () => {
      const bytes = Buffer.from(fs.readFileSync(SYNTHETIC[0]!));
      // The first block's first sequence copies 33 literal bytes from offset 23 on: change one.
      assert.strictEqual(bytes[21]! >> 4, 0xf);
      bytes[30] ^= 0x20;
      const corrupt = temp('corrupt.lz4', bytes);
      const error = await decodeError(corrupt);
      assert.match(error.reason, /checksum mismatch/);
      assert.strictEqual(error.offset, 0);
      assert.strictEqual(error.truncated, false);
      assert.ok(error.message.includes(corrupt));
      // Corruption is never excused as a cut.
      await decodeError(corrupt, { allowTruncatedEnd: true });
    });

    it('lz4: a block decoded to the wrong length is an error at that block', async () => {
      const bytes = Buffer.from(fs.readFileSync(SYNTHETIC[0]!));
      bytes[9] ^= 0x5a; // low byte of the compressed length
      const error = await decodeError(temp('bad-length.lz4', bytes));
      assert.strictEqual(error.offset, 0);
    });

    it('zstd: a corrupted block of a checksummed frame is a DecodeError', async () => {
      const source = log('other/spark-rapids-tools/aqeshuffle_eventlog.zstd');
      for (const at of [20, 4330, 15877, 33197]) {
        const bytes = Buffer.from(fs.readFileSync(source));
        bytes[at] ^= 0x5a;
        const error = await decodeError(temp(`corrupt-${at}.zstd`, bytes));
        assert.strictEqual(error.codec, 'zstd');
        assert.ok(error.offset >= 0 && error.offset < bytes.length);
      }
    });

    it('zstd, snappy, lzf: bad magic is a DecodeError at byte 0', async () => {
      for (const source of [KUBEFLOW_ZSTD, SYNTHETIC[1]!, SYNTHETIC[2]!]) {
        const bytes = Buffer.from(fs.readFileSync(source));
        bytes[0] ^= 0xff;
        const error = await decodeError(temp(`bad-magic${path.extname(source)}`, bytes));
        assert.strictEqual(error.offset, 0, error.message);
        assert.strictEqual(error.truncated, false);
      }
    });

    it('a missing file is the file system error, not a DecodeError', async () => {
      await assert.rejects(decode(path.join(tmp, 'missing.zstd')), (error: NodeJS.ErrnoException) => error.code === 'ENOENT');
    });
  });

  describe('memory', () => {
    it('decoding the zstd log 20 times holds no chunk over one block and leaves RSS flat', async () => {
      const gc = (globalThis as { gc?: () => void }).gc;
      gc?.();
      const before = process.memoryUsage().rss;
      let largestChunk = 0;
      let largestBuffered = 0;
      let total = 0;
      for (let pass = 0; pass < 20; pass++) {
        const stream = openDecodedStream(KUBEFLOW_ZSTD);
        await new Promise<void>((resolve, reject) => {
          stream.on('data', (chunk: Buffer) => {
            total += chunk.length;
            largestChunk = Math.max(largestChunk, chunk.length);
            largestBuffered = Math.max(largestBuffered, stream.readableLength);
          });
          stream.on('end', resolve);
          stream.on('error', reject);
        });
      }
      gc?.();
      const growth = process.memoryUsage().rss - before;
      assert.strictEqual(total, 20 * 1454388);
      assert.ok(largestChunk <= ZSTD_MAX_BLOCK, `a decoded chunk of ${largestChunk} bytes`);
      assert.ok(largestBuffered <= 64 * 1024 + ZSTD_MAX_BLOCK, `${largestBuffered} bytes buffered`);
      assert.ok(growth < 100 * 1024 * 1024, `RSS grew by ${(growth / 1048576).toFixed(1)} MB`);
    });

    it('a reader that stops early closes the file', async () => {
      const stream = openDecodedStream(ROLLING_ZSTD);
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        assert.ok(chunk.length > 0);
        break;
      }
      assert.ok(stream.destroyed);
      assert.ok(stream.bytesRead < fs.statSync(ROLLING_ZSTD).size);
    });
  });
});
