import * as assert from 'assert';
import * as path from 'path';
import { countBySeverity, exitCodeFor, filterReport, lineText, portablePath, type Report } from '../../../server/src/cli/report';
import type { Severity } from '../../../server/src/rules/types';
import { finding } from './findings';

const cwd = path.resolve('/repo');

function reportWith(...severities: Severity[]): Report {
  return { cwd, skipped: [], files: [{ file: path.join(cwd, 'a.py'), findings: severities.map((s, i) => finding('r', s, i, 0)) }] };
}

describe('cli: report, filtering and exit codes', () => {
  it('filters by minimum severity', () => {
    const all = reportWith('error', 'warning', 'information', 'hint');
    assert.deepStrictEqual(countBySeverity(filterReport(all, 'information').files), { error: 1, warning: 1, information: 1, hint: 0 });
    assert.deepStrictEqual(countBySeverity(filterReport(all, 'error').files), { error: 1, warning: 0, information: 0, hint: 0 });
    assert.deepStrictEqual(countBySeverity(filterReport(all, 'hint').files), { error: 1, warning: 1, information: 1, hint: 1 });
  });

  it('exits 1 for any finding shown, 0 for none', () => {
    assert.strictEqual(exitCodeFor(reportWith()), 0);
    assert.strictEqual(exitCodeFor(reportWith('information')), 1);
    assert.strictEqual(exitCodeFor(filterReport(reportWith('hint'), 'information')), 0);
  });

  it('tolerates up to --max-warnings findings below error severity, never an error', () => {
    assert.strictEqual(exitCodeFor(reportWith('warning', 'information'), 2), 0);
    assert.strictEqual(exitCodeFor(reportWith('warning', 'information', 'warning'), 2), 1);
    assert.strictEqual(exitCodeFor(reportWith('error'), 10), 1);
    assert.strictEqual(exitCodeFor(reportWith('warning'), 0), 1);
  });

  it('gives relative paths with forward slashes and line texts', () => {
    assert.strictEqual(portablePath(cwd, path.join(cwd, 'a', 'b.py')), 'a/b.py');
    assert.strictEqual(lineText('a\r\nb\nc', 0), 'a');
    assert.strictEqual(lineText('a\r\nb\nc', 2), 'c');
    assert.strictEqual(lineText('a', 5), '');
    assert.strictEqual(lineText(undefined, 0), '');
  });
});
