/**
 * Several processes on one store file (the editor and CLI imports): a save merges what others saved
 * since this store read the file, under the file's lock, so no import is lost; a stale lock (dead
 * owner) is broken, a live one makes a save wait and then refuse, naming the owner's pid.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readEventLog } from '../../../server/src/history/eventlog';
import { HistoryStore } from '../../../server/src/history/store';
import type { StoredSourceInfo } from '../../../server/src/history/store';
import { lockPath, StoreBusyError } from '../../../server/src/history/store/storeLock';
import { eventLogsDir } from '../helpers/sharedLogs';

const LOGS = eventLogsDir();
const LOG_FILES = ['spark/local-1642039451826', 'spark/app-20161115172038-0000', 'spark/application_1516285256255_0012'].map((relative) => path.join(LOGS, relative));

const info = (file: string, fingerprint: string): StoredSourceInfo => ({ path: file, layout: 'single', bytes: 1, mtimeMs: 1, fingerprint });

/** Each source with its application keys and stage count, and each application's stages as stored. */
function contents(store: HistoryStore): unknown {
  return {
    sources: store.sourcePaths().map((source) => [source, store.source(source)?.fingerprint]),
    applications: store
      .applications()
      .map((app) => ({ key: app.appKey, source: app.sourcePath, summary: store.application(app.appKey) }))
      .sort((a, b) => (a.key < b.key ? -1 : 1)),
  };
}

async function importInto(store: HistoryStore, file: string, fingerprint = 'fp-1'): Promise<void> {
  store.replaceSource(info(file, fingerprint), await readEventLog(file));
}

describe('history store shared by several processes', function () {
  this.timeout(60_000);
  let dir = '';
  let n = 0;
  const storeFile = () => path.join(dir, `store-${++n}.sqlite`);

  before(() => {
    for (const file of LOG_FILES) if (!fs.existsSync(file)) throw new Error(`The shared event logs are missing (expected ${file}); set SPARK_ADVISOR_SHARED to the shared folder.`);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spark-advisor-store-shared-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('two stores importing different logs into one file: both imports are kept, as if imported one after the other', async () => {
    const file = storeFile();
    const [a, b] = [await HistoryStore.open({ file }), await HistoryStore.open({ file })];
    await importInto(a, LOG_FILES[0]!);
    await importInto(b, LOG_FILES[1]!);
    await a.save();
    await b.save();
    const sequential = await HistoryStore.open();
    await importInto(sequential, LOG_FILES[0]!);
    await importInto(sequential, LOG_FILES[1]!);
    const reopened = await HistoryStore.open({ file });
    assert.deepStrictEqual(contents(reopened), contents(sequential));
    assert.deepStrictEqual(contents(b), contents(sequential), 'the later saver holds the merged store in memory too');
    assert.ok(reopened.revision() > Math.max(a.revision(), 1), 'the revision moves on past both');
    for (const store of [a, b, sequential, reopened]) store.close();
    assert.ok(!fs.existsSync(lockPath(file)), 'the lock is released');
  });

  it('a source forgotten by one process and another imported by the other: the store has neither the forgotten one nor loses the new one', async () => {
    const file = storeFile();
    const seed = await HistoryStore.open({ file });
    await importInto(seed, LOG_FILES[0]!);
    await importInto(seed, LOG_FILES[1]!);
    await seed.save();
    seed.close();
    const [a, b] = [await HistoryStore.open({ file }), await HistoryStore.open({ file })];
    a.removeSource(LOG_FILES[0]!);
    await a.save();
    await importInto(b, LOG_FILES[2]!);
    await b.save();
    const reopened = await HistoryStore.open({ file });
    assert.deepStrictEqual(reopened.sourcePaths(), [LOG_FILES[1]!, LOG_FILES[2]!].sort());
    assert.deepStrictEqual(
      reopened.applications().map((app) => app.sourcePath).sort(),
      [LOG_FILES[1]!, LOG_FILES[2]!].sort(),
    );
    for (const store of [a, b, reopened]) store.close();
  });

  it('the same log imported by both: the later save wins', async () => {
    const file = storeFile();
    const [a, b] = [await HistoryStore.open({ file }), await HistoryStore.open({ file })];
    await importInto(a, LOG_FILES[0]!, 'fp-a');
    await importInto(b, LOG_FILES[0]!, 'fp-b');
    await a.save();
    await b.save();
    const reopened = await HistoryStore.open({ file });
    assert.strictEqual(reopened.source(LOG_FILES[0]!)?.fingerprint, 'fp-b');
    assert.strictEqual(reopened.applications().length, 1);
    for (const store of [a, b, reopened]) store.close();
  });

  it('a lock left by a dead process is broken; one held by a live process makes the save refuse after waiting, naming its pid', async () => {
    const file = storeFile();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(dead.stdout);
    fs.writeFileSync(lockPath(file), JSON.stringify({ pid: deadPid, host: os.hostname(), since: Date.now() }));
    const store = await HistoryStore.open({ file, lockWaitMs: 300 });
    await importInto(store, LOG_FILES[0]!);
    await store.save();
    assert.ok(!fs.existsSync(lockPath(file)), 'stale lock removed and ours released');

    const live = { pid: process.ppid, host: os.hostname(), since: Date.now() };
    fs.writeFileSync(lockPath(file), JSON.stringify(live));
    await importInto(store, LOG_FILES[1]!);
    const started = Date.now();
    await assert.rejects(store.save(), (error: Error) => {
      assert.ok(error instanceof StoreBusyError);
      assert.match(error.message, new RegExp(`history store .*store-\\d+\\.sqlite is in use by pid ${live.pid}, since .*; try again when it has finished, or delete .*\\.lock if no such process runs`));
      return true;
    });
    assert.ok(Date.now() - started >= 300, 'waited for the lock first');
    assert.ok(store.hasUnsavedChanges(), 'the change is still to be saved');

    fs.writeFileSync(lockPath(file), JSON.stringify({ ...live, host: 'another-host' }));
    await assert.rejects(store.save(), /in use by pid \d+ on another-host/);
    fs.writeFileSync(lockPath(file), JSON.stringify({ ...live, host: 'another-host', since: Date.now() - 11 * 60 * 1000 }));
    await store.save();
    assert.deepStrictEqual((await HistoryStore.open({ file })).sourcePaths(), [LOG_FILES[0]!, LOG_FILES[1]!].sort());
    store.close();
  });
});
