import * as assert from 'assert';
import * as path from 'path';
import { formatText } from '../../../server/src/cli/formatters/text';
import type { Report } from '../../../server/src/cli/report';
import { run } from '../../../server/src/cli/run';
import { fakeIO, finding, removeTempDirs, tempDir, writeTree } from './findings';

const cwd = path.resolve('/repo');

function report(): Report {
  return {
    cwd,
    skipped: [],
    files: [
      {
        file: path.join(cwd, 'jobs', 'etl.py'),
        findings: [
          finding('missing-broadcast', 'warning', 8, 4, { message: 'Join with a small DataFrame.' }),
          finding('collect-unbounded', 'error', 119, 12, { message: 'collect() brings\n everything to the driver.' }),
          finding('distinct-count', 'information', 120, 0, { message: 'Use countDistinct.' }),
        ],
      },
      { file: path.join(cwd, 'jobs', 'clean.py'), findings: [] },
      { file: path.join(cwd, 'Main.scala'), findings: [finding('join-without-how', 'hint', 0, 0, { message: 'Say how.' })] },
    ],
  };
}

describe('cli: text formatter', () => {
  it('prints a header per file with findings, aligned rows and the summary', () => {
    const expected = [
      '',
      path.join('jobs', 'etl.py'),
      '    9:5   warning  Join with a small DataFrame.                missing-broadcast',
      '  120:13  error    collect() brings everything to the driver.  collect-unbounded',
      '  121:1   info     Use countDistinct.                          distinct-count',
      '',
      'Main.scala',
      '  1:1  hint  Say how.  join-without-how',
      '',
      '\u2716 4 problems (1 error, 1 warning, 1 info, 1 hint)',
      '',
    ].join('\n');
    assert.strictEqual(formatText(report(), { color: false }), expected);
  });

  it('prints nothing when there is nothing to report', () => {
    assert.strictEqual(formatText({ cwd, skipped: [], files: [{ file: path.join(cwd, 'a.py'), findings: [] }] }, { color: false }), '');
  });

  it('pluralises the summary', () => {
    const one: Report = { cwd, skipped: [], files: [{ file: path.join(cwd, 'a.py'), findings: [finding('r', 'warning', 0, 0)] }] };
    assert.ok(formatText(one, { color: false }).endsWith('\u2716 1 problem (0 errors, 1 warning, 0 infos, 0 hints)\n'));
  });

  it('colours only when asked, without breaking the alignment', () => {
    const plain = formatText(report(), { color: false });
    const coloured = formatText(report(), { color: true });
    assert.ok(!plain.includes('\u001b['));
    assert.match(coloured, /\u001b\[31merror\u001b\[0m/);
    assert.match(coloured, /\u001b\[1;31m\u2716 4 problems/);
    assert.strictEqual(coloured.replace(/\u001b\[[\d;]*m/g, ''), plain);
  });

  describe('text from the code under check reaches the terminal without control characters', () => {
    after(removeTempDirs);
    const ESCAPES = '\u001b]0;owned\u0007\u001b[2J\u009b31m';

    it('in file names, messages and the list of partial analyses, coloured or not', () => {
      const file = path.join(cwd, `jobs${ESCAPES}`, 'etl.py');
      const hostile: Report = {
        cwd,
        skipped: [],
        files: [{ file, findings: [finding('missing-broadcast', 'warning', 0, 0, { message: `table \`dim_${ESCAPES}\` is small` })], syntaxError: { start: { line: 1, character: 0 }, end: { line: 1, character: 1 } } }],
      };
      const plain = formatText(hostile, { color: false });
      assert.doesNotMatch(plain, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
      assert.match(plain, /table `dim_ ]0;owned \[2J 31m` is small/);
      const coloured = formatText(hostile, { color: true });
      // Only the formatter's own SGR sequences remain.
      assert.doesNotMatch(coloured.replace(/\u001b\[[0-9;]*m/g, ''), /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    });

    it('in the warnings of check (unknown rules, skipped notebooks) on stderr', async () => {
      const root = tempDir();
      writeTree(root, { [`nb${ESCAPES}.ipynb`]: '{not json', 'settings.json': JSON.stringify({ 'sparkAdvisor.rules': { [ESCAPES]: 'off' } }) });
      const { io, stderr } = fakeIO({ cwd: root });
      assert.strictEqual(await run(['check', '.', '--config', 'settings.json', '--verbose'], io), 0, stderr());
      assert.match(stderr(), /unknown rule/);
      assert.match(stderr(), /skipped nb/);
      assert.doesNotMatch(stderr(), /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    });
  });
});
