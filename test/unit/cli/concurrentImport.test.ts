/**
 * Two `spark-advisor import … --db same.db` at once, as real processes, many times over: each
 * round both report success and the store holds both applications.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { HistoryStore } from '../../../server/src/history/store';
import { eventLogsDir } from '../helpers/sharedLogs';
import { cliAsync, ensureCliBundle } from './bin';
import { removeTempDirs, tempDir } from './findings';

const LOGS = eventLogsDir();
const PAIR = ['spark/local-1642039451826', 'spark/app-20161115172038-0000'].map((relative) => path.join(LOGS, relative));
const ROUNDS = 20;

describe('cli: concurrent imports into one store', function () {
  this.timeout(300_000);

  before(function () {
    this.timeout(180_000);
    for (const file of PAIR) if (!fs.existsSync(file)) throw new Error(`The shared event logs are missing (expected ${file}); set SPARK_ADVISOR_SHARED to the shared folder.`);
    ensureCliBundle();
  });
  after(removeTempDirs);

  it(`keeps both applications in every one of ${ROUNDS} rounds of two imports started together`, async () => {
    const cwd = tempDir('spark-advisor-concurrent-');
    const lost: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const db = path.join(cwd, `round-${round}.sqlite`);
      const results = await Promise.all(PAIR.map((log) => cliAsync(['import', log, '--db', db, '--quiet'], { cwd })));
      for (const result of results) assert.strictEqual(result.status, 0, result.stderr);
      const store = await HistoryStore.open({ file: db });
      const sources = store.sourcePaths();
      store.close();
      if (sources.join('\n') !== [...PAIR].sort().join('\n')) lost.push(`round ${round}: ${sources.join(', ') || 'nothing'}`);
      assert.ok(!fs.existsSync(`${db}.lock`), 'no lock left behind');
    }
    assert.deepStrictEqual(lost, [], `rounds that lost an import (of ${ROUNDS})`);
  });
});
