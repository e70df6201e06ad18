/**
 * The history store (sql.js) on real event logs from ../shared/eventlogs: every log folded by the
 * reader is stored, saved, reopened from the file and read back equal; a failed change leaves
 * nothing behind; older files migrate, newer ones are refused. Raw counts are checked by opening the
 * saved file with sql.js directly, not through the store.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Database } from 'sql.js';
import { readEventLog } from '../../../server/src/history/eventlog';
import type { ApplicationSummary, EventLogSummary } from '../../../server/src/history/eventlog';
import { HistoryStore, SCHEMA_VERSION } from '../../../server/src/history/store';
import type { StoredSourceInfo } from '../../../server/src/history/store';
import { MIGRATIONS, V1_SCHEMA } from '../../../server/src/history/store/migrations';
import { APPLICATION_ID, TABLES } from '../../../server/src/history/store/schema';
import { loadSqlite } from '../../../server/src/history/store/sqlite';
import { REPO_ROOT } from '../helpers/fixtures';
import { eventLogsDir } from '../helpers/sharedLogs';

const LOGS = eventLogsDir();
const log = (relative: string) => path.join(LOGS, relative);

/** Every event-log file in the shared folder (files inside rolling and Databricks folders too). */
function allLogFiles(dir = LOGS): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...allLogFiles(full));
    else if (!['README.md', 'SOURCES.tsv'].includes(entry.name) && fs.statSync(full).size > 0) files.push(full);
  }
  return files.sort();
}

/** The fold writes some absent values as explicit undefined; the store returns them absent. */
function withoutUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutUndefined);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined).map(([key, entry]) => [key, withoutUndefined(entry)]));
  }
  return value;
}

const sourceInfo = (file: string, fingerprint = 'fp-1'): StoredSourceInfo => ({ path: file, layout: 'single', bytes: fs.statSync(file).size, mtimeMs: Math.floor(fs.statSync(file).mtimeMs), fingerprint });

async function rawDatabase(file: string): Promise<Database> {
  const SQL = await loadSqlite();
  return new SQL.Database(fs.readFileSync(file));
}

function scalar(db: Database, sql: string): number | string | null {
  return (db.exec(sql)[0]?.values[0]?.[0] ?? null) as number | string | null;
}

function rowCounts(db: Database): Record<string, number> {
  return Object.fromEntries(TABLES.map((table) => [table.name, Number(scalar(db, `SELECT count(*) FROM ${table.name}`))]));
}

/** Columns of every table as SQLite describes them (name, type, not null, default, pk), plus indexes and foreign keys. */
function describeSchema(db: Database): unknown {
  const tables = db.exec(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)[0]!.values.map((row) => String(row[0]));
  return tables.map((table) => ({
    table,
    columns: db
      .exec(`PRAGMA table_info(${table})`)[0]!
      .values.map((row) => row.slice(1))
      .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    indexes: db.exec(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = '${table}' ORDER BY name`)[0]?.values ?? [],
    foreignKeys: db.exec(`PRAGMA foreign_key_list(${table})`)[0]?.values ?? [],
  }));
}

describe('history store', function () {
  this.timeout(120_000);
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'spark-advisor-store-'));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  describe('round trip on every shared log', () => {
    const folded = new Map<string, EventLogSummary>();
    let storeFile: string;
    let roundTripDir: string;
    before(async () => {
      roundTripDir = fs.mkdtempSync(path.join(os.tmpdir(), 'spark-advisor-roundtrip-'));
      storeFile = path.join(roundTripDir, 'history.sqlite');
      const store = await HistoryStore.open({ file: storeFile });
      for (const file of allLogFiles()) {
        const summary = await readEventLog(file);
        folded.set(file, summary);
        const result = store.replaceSource(sourceInfo(file), summary);
        assert.strictEqual(result.applications, summary.applications.length, file);
        assert.strictEqual(result.tasks, summary.applications.reduce((sum, app) => sum + app.totals.tasks, 0), file);
      }
      await store.save();
      store.close();
    });
    after(() => fs.rmSync(roundTripDir, { recursive: true, force: true }));

    it('reads every application back equal to the fold, from the reopened file', async () => {
      const store = await HistoryStore.open({ file: storeFile });
      const stored = store.applications();
      let compared = 0;
      const coverage = { stages: 0, jobs: 0, executors: 0, sqlNodes: 0, joinSides: 0, cachedRdds: 0, inputDistributions: 0, slowestTasks: 0, properties: 0 };
      for (const [file, summary] of folded) {
        const fromThisFile = stored.filter((app) => app.sourcePath === file);
        for (const app of summary.applications) {
          // A later file with the same application replaced it: that file's copy is compared instead.
          const row = fromThisFile.find((candidate) => candidate.appId === app.appId && candidate.attemptId === app.attemptId);
          if (!row) continue;
          const back = store.application(row.appKey);
          assert.deepStrictEqual(back, withoutUndefined(app), `${file} ${row.appKey}`);
          compared++;
          coverage.stages += app.stages.length;
          coverage.jobs += app.jobs.length;
          coverage.executors += app.executors.length;
          coverage.sqlNodes += app.sqlExecutions.reduce((sum, execution) => sum + execution.nodes.length, 0);
          coverage.joinSides += app.sqlExecutions.reduce((sum, execution) => sum + execution.nodes.filter((node) => node.sideBytes).length, 0);
          coverage.cachedRdds += app.cachedRdds.length;
          coverage.inputDistributions += app.stages.filter((stage) => stage.inputPerTask).length;
          coverage.slowestTasks += app.stages.reduce((sum, stage) => sum + stage.slowestTasks.length, 0);
          coverage.properties += Object.keys(app.sparkProperties).length;
        }
      }
      assert.strictEqual(compared, stored.length, 'every stored application was compared');
      assert.ok(compared >= 30, `only ${compared} applications`);
      for (const [what, count] of Object.entries(coverage)) assert.ok(count > 0, `the shared logs exercise ${what}`);
      store.close();
    });

    it('lists applications with their totals and source', async () => {
      const store = await HistoryStore.open({ file: storeFile });
      for (const row of store.applications()) {
        const app = folded.get(row.sourcePath)!.applications.find((candidate) => candidate.appId === row.appId && candidate.attemptId === row.attemptId)!;
        assert.deepStrictEqual(row.totals, app.totals, row.appKey);
        const index = folded.get(row.sourcePath)!.applications.indexOf(app);
        assert.strictEqual(row.appKey, app.appId === undefined ? `?${row.sourcePath}#${index}` : `${app.appId}/${app.attemptId ?? ''}`);
        assert.strictEqual(row.completed, app.completed);
        assert.strictEqual((row as Record<string, unknown>)['stages'], undefined, 'no stages in the list');
      }
      store.close();
    });

    it('keeps one application per key: the later log of the same application replaced the earlier one', async () => {
      const db = await rawDatabase(storeFile);
      const keys = new Set<string>();
      let withoutId = 0;
      for (const summary of folded.values()) {
        for (const app of summary.applications) {
          if (app.appId === undefined) withoutId++;
          else keys.add(`${app.appId}/${app.attemptId ?? ''}`);
        }
      }
      assert.ok(withoutId > 0, 'a Databricks rotation read alone has no ApplicationStart');
      assert.strictEqual(Number(scalar(db, 'SELECT count(*) FROM applications')), keys.size + withoutId);
      // local-1422981759269 exists twice (plain and as the Spark 1.2 EVENT_LOG_1 of the same run); sorted, the latter came last.
      assert.strictEqual(scalar(db, `SELECT source_path FROM applications WHERE app_key = 'local-1422981759269/'`), log('spark/local-1422981759269__EVENT_LOG_1'));
      assert.strictEqual(Number(scalar(db, 'PRAGMA foreign_key_check')), 0);
      db.close();
    });
  });

  it('removes a source with every row that hangs off its applications', async () => {
    const file = path.join(tmp, 'store.sqlite');
    const store = await HistoryStore.open({ file });
    const kubeflow = log('other/kubeflow/local-1776286786993.zstd');
    const spark = log('spark/local-1642039451826');
    store.replaceSource(sourceInfo(kubeflow), await readEventLog(kubeflow), [[{ stageId: 0, attemptId: 0, path: 'generate_events.py', line: 40, origin: 'stage-name', rank: 0 }]]);
    store.replaceSource(sourceInfo(spark), await readEventLog(spark));
    await store.save();
    const before = rowCounts(await rawDatabase(file));
    store.removeSource(kubeflow);
    await store.save();
    const db = await rawDatabase(file);
    const after = rowCounts(db);
    assert.deepStrictEqual(store.applications().map((app) => app.sourcePath), [spark]);
    assert.deepStrictEqual(store.callSites(), []);
    // What is left is exactly what the Spark log alone gives.
    const alone = await HistoryStore.open({ file: path.join(tmp, 'alone.sqlite') });
    alone.replaceSource(sourceInfo(spark), await readEventLog(spark));
    await alone.save();
    const expected = rowCounts(await rawDatabase(path.join(tmp, 'alone.sqlite')));
    for (const table of TABLES.map((spec) => spec.name).filter((name) => name !== 'meta')) assert.strictEqual(after[table], expected[table], table);
    assert.ok(before['plan_nodes']! > after['plan_nodes']! && before['call_sites'] === 1 && before['cached_rdds']! > 0, 'the kubeflow log had rows to remove');
    store.close();
    alone.close();
  });

  it('keeps the call sites handed in, per application', async () => {
    const store = await HistoryStore.open({});
    const file = log('spark/local-1642039451826');
    const summary = await readEventLog(file);
    const sites = summary.applications[0]!.stages.map((stage, rank) => ({ stageId: stage.stageId, attemptId: stage.attemptId, path: 'job.scala', line: 10 + rank, origin: 'test', rank: 0 }));
    store.replaceSource(sourceInfo(file), summary, [sites]);
    assert.deepStrictEqual(
      store.callSites(),
      sites.map((site) => ({ appKey: 'local-1642039451826/', ...site })).sort((a, b) => a.stageId - b.stageId || a.attemptId - b.attemptId),
    );
    store.close();
  });

  it('rolls a failed change back whole: the store, its revision and its file stay as they were', async () => {
    const file = path.join(tmp, 'store.sqlite');
    const spark = log('spark/local-1642039451826');
    const store = await HistoryStore.open({ file });
    store.replaceSource(sourceInfo(spark), await readEventLog(spark));
    await store.save();
    const savedBytes = fs.readFileSync(file);
    const revision = store.revision();
    const listed = store.applications();
    const app = store.application('local-1642039451826/');

    // The same source again, its last stage with a NaN total: SQLite stores NaN as NULL, which the NOT NULL column refuses.
    const broken = await readEventLog(spark);
    broken.applications[0]!.stages.at(-1)!.tasks.executorRunTimeMs = Number.NaN;
    assert.throws(() => store.replaceSource(sourceInfo(spark, 'fp-2'), broken), /NOT NULL constraint failed: stages\.executor_run_time_ms/);
    assert.strictEqual(store.revision(), revision);
    assert.deepStrictEqual(store.applications(), listed);
    assert.deepStrictEqual(store.application('local-1642039451826/'), app);
    assert.strictEqual(store.source(spark)?.fingerprint, 'fp-1');
    assert.strictEqual(store.hasUnsavedChanges(), false);
    await store.save();
    assert.ok(fs.readFileSync(file).equals(savedBytes), 'saving after the failed change writes the same bytes');
    // The store still takes changes after the failure.
    store.replaceSource(sourceInfo(spark, 'fp-3'), await readEventLog(spark));
    assert.strictEqual(store.revision(), revision + 1);
    store.close();
  });

  it('counts revisions across reopening, and only for committed changes', async () => {
    const file = path.join(tmp, 'nested', 'dir', 'store.sqlite');
    const first = await HistoryStore.open({ file });
    assert.strictEqual(first.revision(), 0);
    assert.deepStrictEqual(first.applications(), []);
    const spark = log('spark/local-1426533911241');
    first.replaceSource(sourceInfo(spark), await readEventLog(spark));
    first.replaceSource(sourceInfo(spark, 'fp-2'), await readEventLog(spark));
    first.removeSource('/never/imported');
    assert.strictEqual(first.revision(), 2);
    await first.save();
    first.close();
    const second = await HistoryStore.open({ file });
    assert.strictEqual(second.revision(), 2);
    assert.strictEqual(second.applications().length, 1, 'replacing a source twice keeps one copy');
    second.removeSource(spark);
    assert.strictEqual(second.revision(), 3);
    assert.deepStrictEqual(second.applications(), []);
    second.close();
  });

  it('keeps an in-memory store in memory', async () => {
    const store = await HistoryStore.open({});
    assert.strictEqual(store.file, undefined);
    const spark = log('spark/local-1426533911241');
    store.replaceSource(sourceInfo(spark), await readEventLog(spark));
    const before = fs.readdirSync(tmp);
    await store.save();
    assert.deepStrictEqual(fs.readdirSync(tmp), before);
    assert.strictEqual(store.applications().length, 1);
    store.close();
  });

  it('gives keys of their own to applications without id and to ids repeated in one log', async () => {
    const store = await HistoryStore.open({});
    const summary = await readEventLog(log('spark/local-1426533911241'));
    const app = summary.applications[0]!;
    const anonymous: ApplicationSummary = { ...app, appId: undefined, attemptId: undefined };
    const noAttempt: ApplicationSummary = { ...app, attemptId: undefined };
    store.replaceSource(sourceInfo(log('spark/local-1426533911241')), { ...summary, applications: [app, app, anonymous, noAttempt] });
    assert.strictEqual(app.attemptId, '1');
    assert.deepStrictEqual(
      store.applications().map((row) => row.appKey),
      ['local-1426533911241/1', 'local-1426533911241/1#2', `?${log('spark/local-1426533911241')}#2`, 'local-1426533911241/'],
    );
    store.close();
  });

  describe('files', () => {
    it('removes a temporary left by a dead process and never reads it', async () => {
      const file = path.join(tmp, 'store.sqlite');
      const store = await HistoryStore.open({ file });
      const spark = log('spark/local-1426533911241');
      store.replaceSource(sourceInfo(spark), await readEventLog(spark));
      await store.save();
      store.close();
      assert.deepStrictEqual(fs.readdirSync(tmp), ['store.sqlite'], 'save leaves no temporary');
      // pid_max on Linux is at most 2^22: this process cannot exist.
      const stale = `${file}.tmp-999999999`;
      fs.writeFileSync(stale, 'half a database');
      const mine = `${file}.tmp-${process.pid}`;
      fs.writeFileSync(mine, 'being written by this process');
      const reopened = await HistoryStore.open({ file });
      assert.strictEqual(reopened.applications().length, 1);
      assert.ok(!fs.existsSync(stale), 'stale temporary removed');
      assert.ok(fs.existsSync(mine), 'a live process\'s temporary is left alone');
      reopened.close();
    });

    it('runs overlapping saves one after the other and ends with the last state', async () => {
      const file = path.join(tmp, 'store.sqlite');
      const store = await HistoryStore.open({ file });
      const first = log('spark/local-1426533911241');
      const second = log('spark/local-1642039451826');
      store.replaceSource(sourceInfo(first), await readEventLog(first));
      const secondSummary = await readEventLog(second);
      const saves = [store.save()];
      store.replaceSource(sourceInfo(second), secondSummary);
      saves.push(store.save(), store.save());
      await Promise.all(saves);
      assert.strictEqual(store.hasUnsavedChanges(), false);
      store.close();
      assert.deepStrictEqual(fs.readdirSync(tmp), ['store.sqlite']);
      const reopened = await HistoryStore.open({ file });
      assert.deepStrictEqual(reopened.sourcePaths(), [first, second].sort());
      reopened.close();
    });

    it('refuses files that are not a store, naming them', async () => {
      const garbage = path.join(tmp, 'garbage.sqlite');
      fs.writeFileSync(garbage, Buffer.alloc(8192, 0x41));
      await assert.rejects(HistoryStore.open({ file: garbage }), (error: Error) => error.message.includes(garbage) && /not a history store/.test(error.message));
      const other = path.join(tmp, 'other.sqlite');
      const SQL = await loadSqlite();
      const db = new SQL.Database();
      db.run('CREATE TABLE notes (text TEXT)');
      fs.writeFileSync(other, db.export());
      db.close();
      await assert.rejects(HistoryStore.open({ file: other }), (error: Error) => error.message.includes(other) && /not a Spark Advisor history store/.test(error.message));
      assert.deepStrictEqual(fs.readFileSync(garbage), Buffer.alloc(8192, 0x41), 'left untouched');
    });

    it('names a missing SQLite runtime', async function () {
      // sql.js loads once per process: only a first load would read the wasm path, so check the message on a fresh process.
      const { execFileSync } = await import('child_process');
      const script = `require(${JSON.stringify(path.join(REPO_ROOT, 'out/server/src/history/store'))}).HistoryStore.open({ wasmPath: '/nowhere/sql-wasm.wasm' }).then(() => process.exit(3), (e) => { console.log(e.message); process.exit(0); })`;
      const output = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' });
      assert.match(output, /cannot read the SQLite runtime \/nowhere\/sql-wasm\.wasm/);
    });
  });

  describe('schema versions', () => {
    it('documents every table and column in docs/history-store.md', () => {
      const doc = fs.readFileSync(path.join(REPO_ROOT, 'docs/history-store.md'), 'utf8');
      for (const table of TABLES) {
        const section = doc.split(`\n### ${table.name}\n`)[1]?.split('\n### ')[0];
        assert.ok(section, `docs/history-store.md: no section for table ${table.name}`);
        for (const column of table.columns) {
          const row = new RegExp(`^\\| \`${column.name}\` \\| ${column.type}${column.notNull ? ' not null' : ''} \\| \\S`, 'm');
          assert.match(section, row, `docs/history-store.md: ${table.name}.${column.name}`);
        }
      }
      assert.ok(doc.includes(`currently ${SCHEMA_VERSION})`), 'the doc names the current schema version');
      for (const step of MIGRATIONS) assert.match(doc, new RegExp(`^\\| ${step.to} \\| `, 'm'), `the doc lists migration to v${step.to}`);
    });

    it('migrates a version-1 file: same layout as a fresh store, rows kept, logs marked for re-reading', async () => {
      const SQL = await loadSqlite();
      const old = new SQL.Database();
      for (const statement of V1_SCHEMA) old.run(statement);
      old.run(`PRAGMA user_version = 1`);
      old.run(`PRAGMA application_id = ${APPLICATION_ID}`);
      old.run(`INSERT INTO meta (key, value) VALUES ('revision', 7)`);
      old.run(`INSERT INTO sources (path, layout, bytes, mtime_ms, fingerprint, imported_at, warnings_json, warnings_dropped) VALUES ('/logs/app-1', 'single', 10, 20, 'abc', 30, '[]', 0)`);
      old.run(`INSERT INTO applications (app_key, source_path, ordinal, app_id, completed, tasks, executor_run_time_ms) VALUES ('app-1/', '/logs/app-1', 0, 'app-1', 1, 4, 900)`);
      const file = path.join(tmp, 'v1.sqlite');
      fs.writeFileSync(file, old.export());
      old.close();

      const store = await HistoryStore.open({ file });
      assert.strictEqual(store.revision(), 7);
      assert.strictEqual(store.source('/logs/app-1')?.fingerprint, '', 'the log will be read again');
      const [app] = store.applications();
      assert.strictEqual(app?.totals.tasks, 4);
      assert.strictEqual(app?.totals.executorRunTimeMs, 900);
      assert.strictEqual(app?.totals.executorCpuTimeNs, 0);
      assert.strictEqual(store.hasUnsavedChanges(), true, 'the migration is saved with the next save');
      await store.save();
      store.close();

      const migrated = await rawDatabase(file);
      assert.strictEqual(scalar(migrated, 'PRAGMA user_version'), SCHEMA_VERSION);
      const freshFile = path.join(tmp, 'fresh.sqlite');
      const fresh = await HistoryStore.open({ file: freshFile });
      await fresh.save();
      fresh.close();
      const freshDb = await rawDatabase(freshFile);
      assert.deepStrictEqual(describeSchema(migrated), describeSchema(freshDb));
      // And the steps from nothing give the same layout as schema.ts.
      const stepped = new SQL.Database();
      for (const step of MIGRATIONS) for (const statement of step.statements) stepped.run(statement);
      assert.deepStrictEqual(describeSchema(stepped), describeSchema(freshDb));
      for (const db of [migrated, freshDb, stepped]) db.close();
    });

    it('migrates a store of each earlier version, both kinds of version 3 included, to the layout of a fresh store', async () => {
      const SQL = await loadSqlite();
      const freshFile = path.join(tmp, 'fresh-each.sqlite');
      const fresh = await HistoryStore.open({ file: freshFile });
      await fresh.save();
      fresh.close();
      const freshDb = await rawDatabase(freshFile);
      const freshLayout = describeSchema(freshDb);
      freshDb.close();
      const stepsUpTo = (version: number) => MIGRATIONS.filter((step) => step.to <= version);
      const step = (to: number) => MIGRATIONS.find((candidate) => candidate.to === to)!;
      // What each earlier file holds, and whether opening it must have the logs read again.
      const earlier = [
        { name: 'v1', version: 1, steps: stepsUpTo(1), reimport: true },
        { name: 'v2', version: 2, steps: stepsUpTo(2), reimport: true },
        { name: 'v3 with the plan nodes\' stages', version: 3, steps: stepsUpTo(3), reimport: false },
        { name: 'v3 with recorded predictions', version: 3, steps: [...stepsUpTo(2), step(4)], reimport: true },
      ];
      assert.strictEqual(SCHEMA_VERSION, 4, 'a new version needs its own file here');
      for (const { name, version, steps, reimport } of earlier) {
        const old = new SQL.Database();
        for (const s of steps) for (const statement of s.statements) old.run(statement);
        old.run(`PRAGMA user_version = ${version}`);
        old.run(`PRAGMA application_id = ${APPLICATION_ID}`);
        old.run(`INSERT INTO meta (key, value) VALUES ('revision', 3)`);
        old.run(`INSERT INTO sources (path, layout, bytes, mtime_ms, fingerprint, imported_at, warnings_json, warnings_dropped) VALUES ('/logs/app-1', 'single', 10, 20, 'abc', 30, '[]', 0)`);
        old.run(`INSERT INTO applications (app_key, source_path, ordinal, app_id, completed, tasks) VALUES ('app-1/', '/logs/app-1', 0, 'app-1', 1, 4)`);
        const hasPredictions = steps.includes(step(4));
        if (hasPredictions) {
          old.run(`INSERT INTO predicted_runs (app_key, recorded_at) VALUES ('app-1/', 40)`);
          old.run(`INSERT INTO predictions (app_key, key, current_value, suggested, duration_ms, predicted_duration_ms, expected) VALUES ('app-1/', 'spark.sql.shuffle.partitions', '2000', '200', 500000, 450000, 'run 8 min → 7 min')`);
        }
        const file = path.join(tmp, `${name.replace(/\W+/g, '-')}.sqlite`);
        fs.writeFileSync(file, old.export());
        old.close();

        const store = await HistoryStore.open({ file });
        assert.strictEqual(store.source('/logs/app-1')?.fingerprint, reimport ? '' : 'abc', `${name}: logs read again only when a step added figures`);
        assert.strictEqual(store.applications()[0]?.totals.tasks, 4, `${name}: rows kept`);
        assert.deepStrictEqual(store.predictions('app-1/')?.map((p) => [p.key, p.current, p.suggested, p.predictedDurationMs]), hasPredictions ? [['spark.sql.shuffle.partitions', '2000', '200', 450000]] : undefined, `${name}: recorded predictions kept`);
        await store.save();
        store.close();
        const migrated = await rawDatabase(file);
        assert.strictEqual(scalar(migrated, 'PRAGMA user_version'), SCHEMA_VERSION, name);
        assert.deepStrictEqual(describeSchema(migrated), freshLayout, `${name}: the layout of a fresh store`);
        migrated.close();
      }
    });

    it('refuses a file from a newer Spark Advisor and leaves it alone', async () => {
      const SQL = await loadSqlite();
      const db = new SQL.Database();
      for (const step of MIGRATIONS) for (const statement of step.statements) db.run(statement);
      db.run(`PRAGMA user_version = ${SCHEMA_VERSION + 3}`);
      db.run(`PRAGMA application_id = ${APPLICATION_ID}`);
      const file = path.join(tmp, 'newer.sqlite');
      const bytes = Buffer.from(db.export());
      fs.writeFileSync(file, bytes);
      db.close();
      await assert.rejects(HistoryStore.open({ file }), (error: Error) => error.message.includes(`store written by a newer Spark Advisor (schema v${SCHEMA_VERSION + 3} > v${SCHEMA_VERSION})`) && error.message.includes(file));
      assert.ok(fs.readFileSync(file).equals(bytes));
    });
  });
});
