/**
 * Hostile and odd inputs on the command line: devices, FIFOs and oversized settings are refused
 * with exit 2 and a message; text quoted from logs reaches the terminal without control characters;
 * an import that brings nothing in says why and exits 1; an interrupt says what was kept.
 */
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { CliIO } from '../../../server/src/cli/io';
import { MAX_LIST_ENTRIES } from '../../../server/src/cli/settingsFiles';
import { run } from '../../../server/src/cli/run';
import { HistoryStore } from '../../../server/src/history/store';
import { eventLogsDir } from '../helpers/sharedLogs';
import { cli, ensureCliBundle, startCli } from './bin';
import { removeTempDirs, tempDir, writeTree } from './findings';

const JOB = 'from pyspark.sql import SparkSession\nspark = SparkSession.builder.getOrCreate()\nspark.range(10).show()\n';
const LOG = path.join(eventLogsDir(), 'spark/local-1642039451826');

function fakeIO(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { cwd, env: {}, stdout: { write: (text: string) => out.push(text) }, stderr: { write: (text: string) => err.push(text) } };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

async function runIn(cwd: string, args: string[]) {
  const io = fakeIO(cwd);
  const status = await run(args, io.io);
  return { status, stdout: io.stdout(), stderr: io.stderr() };
}

const LOGS_TO_INTERRUPT = 800;

/**
 * Waits until process `pid` has used `seconds` of CPU (utime + stime in /proc/<pid>/stat, 100 ticks
 * a second): past Node's start-up and the CLI's set-up however loaded the machine is, so a signal
 * then reaches the import and not a process still starting.
 */
async function usedCpu(pid: number, seconds: number): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
    if ((Number(fields[11]) + Number(fields[12])) / 100 >= seconds) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail(`process ${pid} did not get ${seconds} s of CPU in 2 minutes`);
}

describe('cli: input limits and hostile input', function () {
  this.timeout(60_000);
  after(removeTempDirs);

  it('refuses devices where a file is expected, at once: import /dev/zero, --config /dev/zero, --db /dev/zero', async () => {
    const cwd = tempDir();
    writeTree(cwd, { 'job.py': JOB });
    const started = Date.now();
    assert.deepStrictEqual(await runIn(cwd, ['import', '/dev/zero', '--db', 'h.db']), { status: 2, stdout: '', stderr: 'spark-advisor: not a regular file or folder: /dev/zero\n' });
    assert.deepStrictEqual(await runIn(cwd, ['check', 'job.py', '--config', '/dev/zero']), { status: 2, stdout: '', stderr: 'spark-advisor: cannot read config /dev/zero: not a regular file\n' });
    const db = await runIn(cwd, ['import', LOG, '--db', '/dev/zero']);
    assert.strictEqual(db.status, 2);
    assert.match(db.stderr, /^spark-advisor: cannot open the history store \/dev\/zero: .*not a regular file\n$/);
    assert.ok(Date.now() - started < 10_000);
  });

  it('refuses a .vscode/settings.json linked to /dev/zero, or larger than 1 MiB, and keeps the first 1,000 entries of a list', async () => {
    const linked = tempDir();
    writeTree(linked, { 'job.py': JOB });
    fs.mkdirSync(path.join(linked, '.vscode'));
    fs.symlinkSync('/dev/zero', path.join(linked, '.vscode', 'settings.json'));
    assert.deepStrictEqual(await runIn(linked, ['check', '.']), { status: 2, stdout: '', stderr: `spark-advisor: cannot read config ${path.join('.vscode', 'settings.json')}: not a regular file\n` });

    const huge = tempDir();
    writeTree(huge, { 'job.py': JOB, '.vscode/settings.json': `{ "sparkAdvisor.smallTables": [${'"t",'.repeat(300_000)} "t"] }` });
    const refused = await runIn(huge, ['check', '.']);
    assert.strictEqual(refused.status, 2);
    assert.match(refused.stderr, /^spark-advisor: config \.vscode\/settings\.json is 1200\d+ bytes, more than the 1048576-byte limit for a settings file\n$/);

    const long = tempDir();
    writeTree(long, { 'job.py': JOB, '.vscode/settings.json': JSON.stringify({ 'sparkAdvisor.exclude': Array.from({ length: 5000 }, (_, i) => `gen${i}/**`) }) });
    const capped = await runIn(long, ['check', '.']);
    assert.strictEqual(capped.status, 0, capped.stderr);
    assert.strictEqual(capped.stderr, `spark-advisor: .vscode/settings.json: "sparkAdvisor.exclude" has 5000 entries; only the first ${MAX_LIST_ENTRIES} are used\n`);
  });

  it('report: a Spark file of the working folder that the parser gives up on places no stage, and the report is still written', async () => {
    const cwd = tempDir();
    writeTree(cwd, { 'Nested.scala': `import org.apache.spark.sql.SparkSession\nobject Nested { val x = ${'('.repeat(20_000)}1${')'.repeat(20_000)} }\n` });
    assert.strictEqual((await runIn(cwd, ['import', LOG, '--db', 'h.db'])).status, 0);
    const report = await runIn(cwd, ['report', '--db', 'h.db', '--format', 'json']);
    assert.strictEqual(report.status, 0, report.stderr);
    assert.strictEqual(JSON.parse(report.stdout).applications.length, 1);
  });

  it('prints text quoted from logs without control characters (no escape sequences, no window title, no fake lines)', async () => {
    const cwd = tempDir();
    const hostile = '\u001b]0;pwned\u0007\u001b[2J\u001b[31mred\rfake line\u009b1m';
    const lines = fs.readFileSync(LOG, 'utf8').split('\n');
    lines.splice(3, 0, `x${hostile}`, `{"Event":"SparkListenerJobStart"${hostile}`);
    writeTree(cwd, { 'local-1642039451826': lines.join('\n') });
    const result = await runIn(cwd, ['import', 'local-1642039451826', '--db', 'h.db']);
    assert.strictEqual(result.status, 0, result.stderr);
    assert.match(result.stderr, /local-1642039451826:4: malformed JSON, line skipped: .*pwned/);
    for (const output of [result.stdout, result.stderr]) assert.ok(!/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/.test(output), JSON.stringify(output));
  });

  it('an import that brings nothing in exits 1 and says why, for each file left out', async () => {
    const cwd = tempDir();
    writeTree(cwd, { 'logs/notes.txt': 'hello', 'logs/app-1.bak': 'x', 'logs/app-2.gz': '' });
    const result = await runIn(cwd, ['import', 'logs', '--db', 'h.db']);
    assert.strictEqual(result.status, 1);
    assert.deepStrictEqual(result.stderr.split('\n').filter(Boolean), [
      `spark-advisor: ${path.join(cwd, 'logs', 'app-2.gz')}: empty log: no events to import`,
      `spark-advisor: skipped ${path.join(cwd, 'logs', 'app-1.bak')}: not an event log: unknown file type ".bak"`,
      `spark-advisor: skipped ${path.join(cwd, 'logs', 'notes.txt')}: not an event log: the name is not an application id (app-*, application_*, local-*, spark-*) and the file does not start with {"Event"`,
      'spark-advisor: no event log was imported',
    ]);
  });

  it('empty files fail alike whatever their codec', async () => {
    const cwd = tempDir();
    const codecs = ['', '.zstd', '.lz4', '.snappy', '.lzf', '.gz'];
    writeTree(cwd, Object.fromEntries(codecs.map((suffix) => [`app-1${suffix}`, ''])));
    for (const suffix of codecs) {
      const result = await runIn(cwd, ['import', `app-1${suffix}`, '--db', `h${suffix}.db`]);
      assert.deepStrictEqual([suffix, result.status, result.stderr.split('\n')[0]], [suffix, 1, `spark-advisor: ${path.join(cwd, `app-1${suffix}`)}: empty log: no events to import`]);
    }
  });

  describe('as real processes', function () {
    before(function () {
      this.timeout(180_000);
      ensureCliBundle();
    });

    it('a file named on the command line that cannot be read exits 2', function () {
      const cwd = tempDir();
      writeTree(cwd, { 'job.py': JOB });
      fs.chmodSync(path.join(cwd, 'job.py'), 0o000);
      fs.chmodSync(cwd, 0o755);
      fs.copyFileSync(LOG, path.join(cwd, 'app-1'));
      fs.chmodSync(path.join(cwd, 'app-1'), 0o000);
      // root reads any file: run as nobody then.
      const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
      const checked = cli(['check', 'job.py'], { cwd, ...asUser });
      assert.deepStrictEqual([checked.status, checked.stderr], [2, 'spark-advisor: cannot read job.py: permission denied\n']);
      const imported = cli(['import', 'app-1', '--db', path.join(cwd, 'h.db')], { cwd, ...asUser });
      assert.deepStrictEqual([imported.status, imported.stderr], [2, 'spark-advisor: cannot read app-1: permission denied\n']);
    });

    it('a FIFO as the cache file is refused at once (exit 2), and left as it is', function () {
      const cwd = tempDir();
      writeTree(cwd, { 'job.py': JOB });
      execFileSync('mkfifo', [path.join(cwd, 'cache.bin')]);
      const started = Date.now();
      const result = cli(['check', 'job.py', '--cache-location', 'cache.bin'], { cwd });
      assert.deepStrictEqual([result.status, result.stderr], [2, `spark-advisor: cannot use the cache file ${path.join(fs.realpathSync(cwd), 'cache.bin')}: not a regular file\n`]);
      assert.ok(Date.now() - started < 30_000);
      assert.ok(fs.statSync(path.join(cwd, 'cache.bin')).isFIFO());
    });

    it('an import that resolves to a FIFO or to a link to /dev/zero is not read: the job is still checked', function () {
      const cwd = tempDir();
      writeTree(cwd, { 'job.py': `from helpers import load\nfrom zeros import other\n${JOB}load(spark).count()\nother(spark).count()\nspark.table("t").join(spark.createDataFrame([(1,)], ["k"]), "k", "left").write.parquet("o")\n` });
      execFileSync('mkfifo', [path.join(cwd, 'helpers.py')]);
      fs.symlinkSync('/dev/zero', path.join(cwd, 'zeros.py'));
      for (const threads of ['1', '2']) {
        const result = cli(['check', 'job.py', '--format', 'json', '--threads', threads], { cwd });
        assert.strictEqual(result.status, 1, result.stderr);
        assert.deepStrictEqual(JSON.parse(result.stdout).files[0].findings.map((f: { ruleId: string }) => f.ruleId), ['missing-broadcast']);
      }
    });

    it('SIGINT during an import says what was kept, and the store holds exactly that', async () => {
      const cwd = tempDir();
      fs.chmodSync(cwd, 0o755);
      const logs = path.join(cwd, 'logs');
      fs.mkdirSync(logs);
      const log = fs.readFileSync(LOG, 'utf8');
      // Enough logs that a quiet machine is still importing when the signal comes (150 were done in 2.5 s).
      for (let i = 0; i < LOGS_TO_INTERRUPT; i++) fs.writeFileSync(path.join(logs, `local-${1642039451826 + i}`), log.replaceAll('local-1642039451826', `local-${1642039451826 + i}`));
      const db = path.join(cwd, 'h.db');
      const child = startCli(['import', 'logs', '--db', db], { cwd });
      // 800 logs take about 13 s of CPU; after 2 s the import is under way on any machine.
      await usedCpu(child.pid, 2);
      child.kill('SIGINT');
      const result = await child.result;
      assert.strictEqual(result.status, 2, result.stderr);
      const store = await HistoryStore.open({ file: db });
      const kept = store.applications().length;
      store.close();
      const said = /^spark-advisor: import interrupted; (?:(\d+) applications? from (\d+) logs? imported before it (?:is|are) kept in the history store|the history store is unchanged)\n$/.exec(result.stderr);
      assert.ok(said, result.stderr);
      assert.strictEqual(Number(said[1] ?? 0), kept, 'the message says what the store holds');
      assert.ok(kept < LOGS_TO_INTERRUPT, 'interrupted before the end');
    });
  });
});
