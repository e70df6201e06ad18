import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { ALL_RULES_LIST } from '../../../server/src/rules/registry';
import { cli, ensureCliBundle, ROOT } from './bin';
import { removeTempDirs, tempDir, writeTree } from './findings';

/* eslint-disable @typescript-eslint/no-explicit-any */
const BROADCAST = 'test/fixtures/rules/missing-broadcast/literal_rows.py';
/** 1-based lines of the `# expect: missing-broadcast` marks in that fixture. */
const BROADCAST_LINES = fs
  .readFileSync(path.join(ROOT, BROADCAST), 'utf8')
  .split('\n')
  .flatMap((line, index) => (line.includes('expect: missing-broadcast') ? [index + 1] : []));

describe('cli: end to end (node bin/spark-advisor.js)', function () {
  this.timeout(60_000);

  before(function () {
    this.timeout(180_000);
    ensureCliBundle();
  });
  after(removeTempDirs);

  it('finds the expectation marks in the fixture', () => assert.ok(BROADCAST_LINES.length > 0));

  it('prints help and version', () => {
    const help = cli(['--help']);
    assert.strictEqual(help.status, 0);
    assert.match(help.stdout, /^Usage: spark-advisor check <files or folders\.\.\.>/);
    const version = cli(['--version']);
    assert.strictEqual(version.status, 0);
    assert.strictEqual(version.stdout, `${JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version}\n`);
  });

  it('exits 2 with one line on stderr for an unknown option', () => {
    const result = cli(['check', '--bogus', 'src']);
    assert.deepStrictEqual(result, { status: 2, stdout: '', stderr: 'spark-advisor: unknown option --bogus (see spark-advisor --help)\n' });
  });

  it('exits 2 for a missing path and for a file that is not Python or Scala', () => {
    assert.deepStrictEqual(cli(['check', 'no/such/dir']), { status: 2, stdout: '', stderr: 'spark-advisor: no such file or directory: no/such/dir\n' });
    assert.deepStrictEqual(cli(['check', 'package.json']), { status: 2, stdout: '', stderr: 'spark-advisor: not a Python (.py), Jupyter notebook (.ipynb) or Scala (.scala) file: package.json\n' });
  });

  it('exits 0 without output on a folder with only non-Spark Python', () => {
    assert.deepStrictEqual(cli(['check', 'test/fixtures/cli/not-spark']), { status: 0, stdout: '', stderr: '' });
    const json = cli(['check', 'test/fixtures/cli/not-spark', '--format', 'json']);
    assert.strictEqual(json.status, 0);
    const report = JSON.parse(json.stdout);
    assert.deepStrictEqual(report.files, [{ path: 'test/fixtures/cli/not-spark/pkg/util.py', findings: [] }]);
    assert.deepStrictEqual(report.summary, { files: 1, findings: 0, bySeverity: { error: 0, warning: 0, information: 0, hint: 0 } });
  });

  it('lists every rule of the registry', () => {
    const result = cli(['rules']);
    assert.strictEqual(result.status, 0);
    const lines = result.stdout.trimEnd().split('\n');
    assert.strictEqual(lines.length, ALL_RULES_LIST.length);
    ALL_RULES_LIST.forEach((rule, index) => {
      assert.match(lines[index]!, new RegExp(`^${rule.id}\\s+${rule.defaultSeverity}\\s+${rule.summary.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`));
    });
  });

  it('reports missing-broadcast in text with exit 1', () => {
    const result = cli(['check', BROADCAST]);
    assert.strictEqual(result.status, 1, result.stderr);
    assert.strictEqual(result.stderr, '');
    const lines = result.stdout.split('\n');
    assert.strictEqual(lines[1], BROADCAST);
    const rows = lines.filter((line) => /missing-broadcast$/.test(line));
    assert.deepStrictEqual(
      rows.map((row) => Number(/^\s+(\d+):\d+\s+warning\s/.exec(row)?.[1])),
      BROADCAST_LINES,
    );
    const n = BROADCAST_LINES.length;
    assert.ok(result.stdout.endsWith(`\n\u2716 ${n} problems (0 errors, ${n} warnings, 0 infos, 0 hints)\n`));
  });

  it('reports missing-broadcast in JSON with exit 1', () => {
    const result = cli(['check', BROADCAST, '--format', 'json']);
    assert.strictEqual(result.status, 1, result.stderr);
    const report = JSON.parse(result.stdout);
    assert.strictEqual(report.files[0].path, BROADCAST);
    const findings = report.files[0].findings.filter((f: any) => f.ruleId === 'missing-broadcast');
    assert.deepStrictEqual(
      findings.map((f: any) => f.line),
      BROADCAST_LINES,
    );
    for (const f of findings) {
      assert.strictEqual(f.severity, 'warning');
      assert.ok(f.column >= 1 && f.endLine >= f.line);
      assert.ok(f.fixes.length > 0 && typeof f.fixes[0].title === 'string');
    }
  });

  it('writes SARIF to --output (creating folders) and nothing to stdout', () => {
    const dir = tempDir();
    const output = path.join(dir, 'reports', 'nested', 'spark.sarif');
    const result = cli(['check', BROADCAST, '--format', 'sarif', '--output', output]);
    assert.deepStrictEqual({ status: result.status, stdout: result.stdout, stderr: result.stderr }, { status: 1, stdout: '', stderr: '' });
    const sarif = JSON.parse(fs.readFileSync(output, 'utf8'));
    assert.strictEqual(sarif.version, '2.1.0');
    assert.strictEqual(sarif.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
    const run = sarif.runs[0];
    assert.strictEqual(run.tool.driver.name, 'Spark Advisor');
    assert.strictEqual(run.columnKind, 'utf16CodeUnits');
    assert.deepStrictEqual(
      run.tool.driver.rules.map((r: any) => r.id),
      ALL_RULES_LIST.map((r) => r.id),
    );
    const results = run.results.filter((r: any) => r.ruleId === 'missing-broadcast');
    assert.deepStrictEqual(
      results.map((r: any) => r.locations[0].physicalLocation.region.startLine),
      BROADCAST_LINES,
    );
    for (const r of results) {
      assert.strictEqual(r.level, 'warning');
      assert.strictEqual(run.tool.driver.rules[r.ruleIndex].id, 'missing-broadcast');
      assert.deepStrictEqual(r.locations[0].physicalLocation.artifactLocation, { uri: BROADCAST, uriBaseId: '%SRCROOT%' });
      assert.match(r.partialFingerprints['sparkAdvisorLineHash/v1'], /^[0-9a-f]{32}:\d+$/);
    }
  });

  it('honours --max-warnings and --quiet', () => {
    const n = BROADCAST_LINES.length;
    assert.strictEqual(cli(['check', BROADCAST, '--max-warnings', String(n)]).status, 0);
    const over = cli(['check', BROADCAST, '--max-warnings', String(n - 1), '--format', 'json']);
    assert.strictEqual(over.status, 1);
    assert.match(over.stderr, /^spark-advisor: too many warnings: \d+ findings below error severity \(maximum \d+\)\n$/);
    assert.deepStrictEqual(cli(['check', BROADCAST, '--quiet']), { status: 0, stdout: '', stderr: '' });
  });

  it('uses a folder’s .vscode/settings.json: rule levels and exclude globs', () => {
    const result = cli(['check', 'test/fixtures/cli/settings-folder', '--format', 'json']);
    assert.strictEqual(result.status, 1, result.stderr);
    const report = JSON.parse(result.stdout);
    assert.deepStrictEqual(
      report.files.map((f: any) => f.path),
      ['test/fixtures/cli/settings-folder/job.py'],
    );
    assert.deepStrictEqual(
      report.files[0].findings.map((f: any) => [f.ruleId, f.severity, f.line]),
      [['missing-broadcast', 'error', 6]],
    );
  });

  it('applies --config and refuses a malformed one, naming it', () => {
    const dir = tempDir();
    writeTree(dir, { 'off.json': '{ "rules": { "missing-broadcast": "off" } }', 'bad.json': '{ "rules": { } ' });
    assert.deepStrictEqual(cli(['check', BROADCAST, '--config', path.join(dir, 'off.json')]), { status: 0, stdout: '', stderr: '' });
    const bad = cli(['check', BROADCAST, '--config', path.join(dir, 'bad.json')]);
    assert.strictEqual(bad.status, 2);
    assert.strictEqual(bad.stdout, '');
    assert.match(bad.stderr, new RegExp(`^spark-advisor: malformed config ${path.join(dir, 'bad.json').replace(/[\\.]/g, '\\$&')}: .*\\n$`));
  });

  it('skips unreadable files with a warning and goes on', () => {
    const dir = tempDir();
    writeTree(dir, {
      'binary.py': Buffer.from('from pyspark.sql import SparkSession\0\0'),
      'latin1.py': Buffer.from('# pyspark caf\xe9\n', 'latin1'),
      'ok.py': fs.readFileSync(path.join(ROOT, BROADCAST)),
    });
    const result = cli(['check', '.', '--format', 'json'], { cwd: dir });
    assert.strictEqual(result.status, 1);
    assert.strictEqual(result.stderr, 'spark-advisor: skipped binary.py: binary file\nspark-advisor: skipped latin1.py: not valid UTF-8\n');
    assert.deepStrictEqual(
      JSON.parse(result.stdout).files.map((f: any) => f.path),
      ['ok.py'],
    );
  });

  it('reports an internal error in one line, with the stack only under SPARK_ADVISOR_DEBUG=1', () => {
    const env = { SPARK_ADVISOR_GRAMMARS: path.join(tempDir(), 'no-grammars') };
    const plain = cli(['check', BROADCAST], { env });
    assert.strictEqual(plain.status, 2);
    assert.match(plain.stderr, /^spark-advisor: internal error: [^\n]*\n$/);
    const debug = cli(['check', BROADCAST], { env: { ...env, SPARK_ADVISOR_DEBUG: '1' } });
    assert.strictEqual(debug.status, 2);
    assert.match(debug.stderr, /\n\s+at /);
  });
});
