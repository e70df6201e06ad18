import * as assert from 'assert';
import * as path from 'path';
import { formatText } from '../../../server/src/cli/formatters/text';
import type { Report } from '../../../server/src/cli/report';
import { finding } from './findings';

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
});
