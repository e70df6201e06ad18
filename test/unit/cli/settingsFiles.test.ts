import * as assert from 'assert';
import * as path from 'path';
import { CliError } from '../../../server/src/cli/errors';
import { loadSettings, mergeRaw } from '../../../server/src/cli/settingsFiles';
import { DEFAULT_SETTINGS } from '../../../server/src/engine/settings';
import { removeTempDirs, tempDir, writeTree } from './findings';

const FIXTURE = path.resolve(__dirname, '../../../../test/fixtures/cli/settings-folder');

function cliErrorMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof CliError, `expected a CliError, got ${String(error)}`);
    return error.message;
  }
  assert.fail('expected a CliError');
}

describe('cli: settings files', () => {
  after(removeTempDirs);

  it('uses defaults without any settings file', () => {
    const cwd = tempDir();
    const loaded = loadSettings({ cwd, folders: [] });
    assert.deepStrictEqual(loaded.base, { root: cwd, settings: DEFAULT_SETTINGS });
    assert.deepStrictEqual(loaded.warnings, []);
  });

  it('reads sparkAdvisor.* keys from a commented .vscode/settings.json with trailing commas', () => {
    const loaded = loadSettings({ cwd: FIXTURE, folders: [] });
    assert.deepStrictEqual(loaded.base.settings.exclude, ['generated/**']);
    assert.deepStrictEqual(loaded.base.settings.rules, { 'missing-broadcast': 'error' });
  });

  it('layers a given folder’s own settings over the current directory’s', () => {
    const cwd = tempDir();
    writeTree(cwd, {
      '.vscode/settings.json': '{ "sparkAdvisor.rules": { "needless-cache": "off" }, "sparkAdvisor.smallTables": ["dim_*"] }',
      'jobs/.vscode/settings.json': '{ "sparkAdvisor.rules": { "missing-cache": "error" }, "sparkAdvisor.exclude": ["tmp/**"] }',
      'other/a.py': '',
    });
    const jobs = path.join(cwd, 'jobs');
    const other = path.join(cwd, 'other');
    const loaded = loadSettings({ cwd, folders: [jobs, other] });
    assert.deepStrictEqual(loaded.base.settings.rules, { 'needless-cache': 'off' });
    assert.strictEqual(loaded.byFolder.has(other), false);
    const scope = loaded.byFolder.get(jobs)!;
    assert.strictEqual(scope.root, jobs);
    assert.deepStrictEqual(scope.settings.rules, { 'needless-cache': 'off', 'missing-cache': 'error' });
    assert.deepStrictEqual(scope.settings.smallTables, ['dim_*']);
    assert.deepStrictEqual(scope.settings.exclude, ['tmp/**']);
  });

  it('reads --config with unprefixed keys and ignores .vscode settings then', () => {
    const cwd = tempDir();
    writeTree(cwd, {
      '.vscode/settings.json': '{ "sparkAdvisor.smallTables": ["ignored"] }',
      'ci/spark-advisor.json': '{\n  // CI settings\n  "rules": { "missing-broadcast": "warn" },\n  "skewedKeys": ["customer_id"],\n}',
    });
    const loaded = loadSettings({ cwd, config: 'ci/spark-advisor.json', folders: [cwd] });
    assert.deepStrictEqual(loaded.base.settings.rules, { 'missing-broadcast': 'warning' });
    assert.deepStrictEqual(loaded.base.settings.skewedKeys, ['customer_id']);
    assert.deepStrictEqual(loaded.base.settings.smallTables, []);
    assert.strictEqual(loaded.byFolder.size, 0);
  });

  it('accepts a VS Code settings file given as --config', () => {
    const cwd = tempDir();
    writeTree(cwd, { 's.json': '{ "editor.tabSize": 2, "sparkAdvisor.smallTables": ["ref_*"] }' });
    assert.deepStrictEqual(loadSettings({ cwd, config: 's.json', folders: [] }).base.settings.smallTables, ['ref_*']);
  });

  it('warns about unknown rule ids and levels instead of ignoring them silently', () => {
    const cwd = tempDir();
    writeTree(cwd, { 'c.json': '{ "rules": { "no-such-rule": "error", "missing-broadcast": "loud" } }' });
    const loaded = loadSettings({ cwd, config: 'c.json', folders: [] });
    assert.deepStrictEqual(loaded.warnings, [
      'c.json: unknown rule "no-such-rule"',
      'c.json: invalid level "loud" for rule "missing-broadcast" (expected error, warning, information, hint or off)',
    ]);
  });

  it('refuses a malformed file, naming it and the JSON error', () => {
    const cwd = tempDir();
    writeTree(cwd, { '.vscode/settings.json': '{\n  "sparkAdvisor.rules": {}\n  "x": 1\n}', 'bad.json': '[1, 2]' });
    assert.strictEqual(
      cliErrorMessage(() => loadSettings({ cwd, folders: [] })),
      `malformed config ${path.join('.vscode', 'settings.json')}: Expected ',' or '}' after property value (line 3, column 3)`,
    );
    assert.strictEqual(cliErrorMessage(() => loadSettings({ cwd, config: 'bad.json', folders: [] })), 'malformed config bad.json: expected a JSON object');
    assert.match(cliErrorMessage(() => loadSettings({ cwd, config: 'missing.json', folders: [] })), /^cannot read config missing\.json: no such file or directory$/);
  });

  it('merges rules per id and replaces other keys', () => {
    assert.deepStrictEqual(mergeRaw({ rules: { a: 'off' }, exclude: ['x'] }, { rules: { b: 'error' }, exclude: ['y'] }), {
      rules: { a: 'off', b: 'error' },
      exclude: ['y'],
    });
  });
});
