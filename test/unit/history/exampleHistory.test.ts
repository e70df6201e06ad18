/**
 * The example workspace with its example event logs, through the real CLI (`import`, then
 * `check --db`): the history-backed findings must be exactly the hand-written oracle
 * test/fixtures/examples-history-expected.json, static findings it confirms must carry the
 * measured figures, and the clean jobs stay silent. Also covers each measured rule: a rule the
 * examples do not exercise (broadcast-too-large) gets a generated run of its own.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { CliIO } from '../../../server/src/cli/io';
import { run } from '../../../server/src/cli/run';
import { ALL_RULES_LIST } from '../../../server/src/rules/registry';
import { writeEventLog } from '../../../scripts/eventlog-generator';
import { EXAMPLE_LOGS } from '../../../scripts/eventlog-generator/examples';
import type { JobRunDescription } from '../../../scripts/eventlog-generator';
import { REPO_ROOT } from '../helpers/fixtures';

const EXAMPLES = path.join(REPO_ROOT, 'examples');
const MEASURED_RULES = new Set(ALL_RULES_LIST.filter((rule) => rule.measured).map((rule) => rule.id));

interface Expected {
  file: string;
  line: number;
  rule: string;
  evidence: string;
}
interface Oracle {
  measured: Expected[];
  confirmed: Expected[];
  silent: string[];
}
interface JsonFinding {
  ruleId: string;
  severity: string;
  line: number;
  message: string;
  evidence: Array<{ run: string; summary: string }>;
}

const oracle = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'test/fixtures/examples-history-expected.json'), 'utf8')) as Oracle;

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { cwd: EXAMPLES, env: {}, stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) } };
  const code = await run(args, io);
  return { code, stdout: out.join(''), stderr: err.join('') };
}

/** Runs of the example jobs that a later run of the same job supersedes (examples/eventlogs/README.md). */
const OLDER_RUNS = ['daily-orders-etl-2026-10-31', 'daily-orders-etl-2026-11-01', 'daily-revenue-2026-10-31', 'sessionize-clickstream (2026-11-02)', 'marketing-weekly-report (2026-11-02)'];

const text = (finding: JsonFinding) => [finding.message, ...finding.evidence.map((e) => `${e.run}: ${e.summary}`)].join('\n');
const key = (e: { file: string; line: number; rule: string }) => `${e.file}:${e.line} ${e.rule}`;

describe('examples with their event logs (import, then check --db)', function () {
  this.timeout(120_000);
  const temporary = fs.mkdtempSync(path.join(os.tmpdir(), 'spark-advisor-examples-history-'));
  const db = path.join(temporary, 'history.sqlite');
  let findings: Array<JsonFinding & { file: string }> = [];

  before(async () => {
    const imported = await cli(['import', path.join(EXAMPLES, 'eventlogs'), '--db', db]);
    assert.strictEqual(imported.code, 0, imported.stderr);
    assert.match(imported.stdout, new RegExp(`${EXAMPLE_LOGS.length} applications imported`));
    const checked = await cli(['check', '.', '--db', db, '--format', 'json']);
    assert.strictEqual(checked.code, 1, checked.stderr);
    const report = JSON.parse(checked.stdout) as { files: Array<{ path: string; findings: JsonFinding[] }> };
    findings = report.files.flatMap((file) => file.findings.map((finding) => ({ ...finding, file: file.path })));
  });
  after(() => fs.rmSync(temporary, { recursive: true, force: true }));

  it('reports exactly the measured findings of the oracle, each quoting its figures', () => {
    const historyOnly = findings.filter((f) => MEASURED_RULES.has(f.ruleId) || (f.ruleId === 'missing-broadcast' && f.message.startsWith('In ')));
    assert.deepStrictEqual(historyOnly.map((f) => key({ file: f.file, line: f.line, rule: f.ruleId })).sort(), oracle.measured.map(key).sort());
    for (const expected of oracle.measured) {
      const finding = historyOnly.find((f) => key({ file: f.file, line: f.line, rule: f.ruleId }) === key(expected))!;
      assert.ok(text(finding).includes(expected.evidence), `${key(expected)} should quote "${expected.evidence}":\n${text(finding)}`);
    }
  });

  it('backs the static findings it confirms with the measured figures', () => {
    for (const expected of oracle.confirmed) {
      const finding = findings.find((f) => key({ file: f.file, line: f.line, rule: f.ruleId }) === key(expected));
      assert.ok(finding, `${key(expected)} is reported`);
      assert.ok(finding.evidence.some((e) => `${e.run}: ${e.summary}`.includes(expected.evidence)), `${key(expected)} evidence should include "${expected.evidence}":\n${text(finding)}`);
    }
  });

  it('quotes the latest run of each job', () => {
    for (const finding of findings.filter((f) => MEASURED_RULES.has(f.ruleId))) {
      for (const older of OLDER_RUNS) assert.ok(!text(finding).includes(older), `${finding.file}:${finding.line} quotes the older run ${older}`);
    }
  });

  it('lowers a warning its latest run contradicts, and keeps one it confirms', () => {
    // examples/eventlogs/README.md: the collect at DailyRevenueJob.scala:53 read 19 KiB in 1 task (412 rows). The code
    // deduplicates the rows on the driver (a warning); the run shows they were few, so it is information.
    const collect = findings.find((f) => f.file === 'scala/src/main/scala/com/acme/etl/DailyRevenueJob.scala' && f.line === 53 && f.ruleId === 'collect-unbounded');
    assert.ok(collect, 'DailyRevenueJob.scala:53 collect-unbounded is still reported');
    assert.strictEqual(collect.severity, 'information', 'lowered from warning');
    assert.match(collect.message, /\.distinct/);
    assert.match(collect.evidence[0]!.summary, /measured 19 KB read in 1 task/);
    // daily_orders_etl.py:90 collects a block list for isin(): nothing says it is wrong, so it is a hint, left out by default.
    assert.ok(!findings.some((f) => f.file === 'pyspark/daily_orders_etl.py' && f.line === 90), 'the block list collect is a hint');
    const skewedJoin = findings.find((f) => f.file === 'pyspark/sessionize_clickstream.py' && f.ruleId === 'skew-prone-join');
    assert.strictEqual(skewedJoin?.severity, 'warning', 'the measured skew confirms the join finding');
  });

  it('leaves the clean jobs without history findings', () => {
    for (const file of oracle.silent) assert.deepStrictEqual(findings.filter((f) => f.file === file), [], file);
  });

  it('reports a run as text, Markdown and HTML, placing each stage on the code that caused it', async () => {
    const formats = await Promise.all(['text', 'md', 'html'].map((format) => cli(['report', '--db', db, '--app', 'app-20261103033000-0003', '--format', format])));
    for (const result of formats) assert.strictEqual(result.code, 0, result.stderr);
    const [text, markdown, html] = formats.map((result) => result.stdout);
    // Stage 7 (the skewed join) ran for the web_sessions write (line 119, no PySpark call site in the log):
    // its plan node, the SortMergeJoin on account_id, places it on the join.
    assert.match(text!, /task-skew.*max task 437 s[\s\S]*?sessionize_clickstream\.py:113/);
    assert.match(markdown!, /\*\*task-skew\*\*.*sessionize\\_clickstream\.py:113/);
    assert.match(html!, /Content-Security-Policy/);
    assert.match(html!, /sessionize-clickstream \(2026-11-03\)/);
    assert.doesNotMatch(html!, /https?:\/\//, 'no remote resource in the standalone export');
  });

  it('every measured rule is exercised: broadcast-too-large on a run whose broadcast grew past 1 GB', async () => {
    const exercised = new Set(findings.map((f) => f.ruleId));
    const missing = [...MEASURED_RULES].filter((id) => !exercised.has(id));
    assert.deepStrictEqual(missing, ['broadcast-too-large'], 'the examples cover every other measured rule');

    // The clean PySpark job's run, with its product dimension grown to 1.5 GB.
    const clean = EXAMPLE_LOGS.find((log) => log.job === 'pyspark/clean_job.py')!;
    const grown = structuredClone(clean.run) as JobRunDescription;
    let broadcasts = 0;
    const grow = (node: unknown): void => {
      if (!node || typeof node !== 'object') return;
      const record = node as Record<string, unknown>;
      if (record.op === 'broadcast' && typeof record.bytes === 'number' && record.bytes > 1024 * 1024) {
        record.bytes = 1.5 * 1024 * 1024 * 1024;
        broadcasts++;
      }
      for (const value of Object.values(record)) grow(value);
    };
    grow(grown.actions);
    assert.ok(broadcasts > 0, 'the clean run broadcasts its product dimension');
    const logs = path.join(temporary, 'grown');
    fs.mkdirSync(logs);
    await writeEventLog(grown, path.join(logs, clean.file));
    const grownDb = path.join(temporary, 'grown.sqlite');
    assert.strictEqual((await cli(['import', logs, '--db', grownDb])).code, 0);
    const checked = await cli(['check', 'pyspark/clean_job.py', '--db', grownDb, '--format', 'json']);
    const report = JSON.parse(checked.stdout) as { files: Array<{ findings: JsonFinding[] }> };
    const found = report.files.flatMap((f) => f.findings).filter((f) => f.ruleId === 'broadcast-too-large');
    assert.ok(found.length > 0, checked.stdout);
    assert.match(found[0]!.message, /broadcast of 1\.5 GB/);
  });
});
