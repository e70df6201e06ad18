import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { run } from '../../../server/src/cli/run';
import { USAGE } from '../../../server/src/cli/usage';
import { fakeIO, removeTempDirs, tempDir } from './findings';

const BROADCAST = 'test/fixtures/rules/missing-broadcast/literal_rows.py';

describe('cli: run() in process', () => {
  after(removeTempDirs);

  it('prints the usage', async () => {
    const { io, stdout } = fakeIO();
    assert.strictEqual(await run(['--help'], io), 0);
    assert.strictEqual(stdout(), USAGE);
  });

  it('colours text only on a terminal without NO_COLOR', async () => {
    const tty = fakeIO({ isTTY: true });
    assert.strictEqual(await run(['check', BROADCAST], tty.io), 1);
    assert.ok(tty.stdout().includes('\u001b['));

    const noColor = fakeIO({ isTTY: true, env: { NO_COLOR: '1' } });
    assert.strictEqual(await run(['check', BROADCAST], noColor.io), 1);
    assert.ok(!noColor.stdout().includes('\u001b['));

    const piped = fakeIO({ isTTY: false });
    await run(['check', BROADCAST], piped.io);
    assert.strictEqual(piped.stdout(), noColor.stdout());
  });

  it('writes --output without colours and prints nothing', async () => {
    const file = path.join(tempDir(), 'a', 'report.txt');
    const { io, stdout, stderr } = fakeIO({ isTTY: true });
    assert.strictEqual(await run(['check', BROADCAST, '-o', file], io), 1);
    assert.strictEqual(stdout() + stderr(), '');
    const text = fs.readFileSync(file, 'utf8');
    assert.ok(text.includes('missing-broadcast') && !text.includes('\u001b['));
  });

  it('refuses to write the report where it cannot', async () => {
    const dir = tempDir();
    const { io, stderr } = fakeIO();
    assert.strictEqual(await run(['check', BROADCAST, '--output', dir], io), 2);
    assert.strictEqual(stderr(), `spark-advisor: cannot write ${dir}: is a directory\n`);
  });

  it('shows hints only with --include-hints', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'c.json'), '{ "rules": { "missing-broadcast": "hint" } }');
    const hidden = fakeIO();
    assert.strictEqual(await run(['check', BROADCAST, '--config', path.join(dir, 'c.json')], hidden.io), 0);
    assert.strictEqual(hidden.stdout(), '');
    const shown = fakeIO();
    assert.strictEqual(await run(['check', BROADCAST, '--config', path.join(dir, 'c.json'), '--include-hints'], shown.io), 1);
    assert.match(shown.stdout(), /\d+:\d+\s+hint\s+.*missing-broadcast/);
  });

  it('warns when no source file is found', async () => {
    const { io, stdout, stderr } = fakeIO();
    io.cwd = tempDir();
    assert.strictEqual(await run(['check', '.'], io), 0);
    assert.strictEqual(stdout(), '');
    assert.strictEqual(stderr(), 'spark-advisor: no .py, .ipynb or .scala files found\n');
  });
});
