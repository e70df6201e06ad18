import * as assert from 'assert';
import * as path from 'path';
import { formatJson } from '../../../server/src/cli/formatters/json';
import type { Report } from '../../../server/src/cli/report';
import { finding } from './findings';

describe('cli: JSON formatter', () => {
  it('writes files, 1-based positions, fixes, evidence and a summary', () => {
    const cwd = path.resolve('/repo');
    const evidence = [{ run: 'daily (2026-11-02)', summary: 'stage 4: 200 s', figures: { seconds: 200 } }];
    const report: Report = {
      cwd,
      skipped: [],
      files: [
        {
          file: path.join(cwd, 'jobs', 'etl.py'),
          findings: [
            finding('missing-broadcast', 'warning', 10, 18, {
              span: { start: { line: 10, character: 18 }, end: { line: 12, character: 3 } },
              fixes: [{ title: 'Wrap in broadcast', isPreferred: true, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: 'x' }] }],
              evidence,
            }),
          ],
        },
        { file: path.join(cwd, 'empty.py'), findings: [] },
      ],
    };
    assert.deepStrictEqual(JSON.parse(formatJson(report, { version: '1.2.3' })), {
      version: '1.2.3',
      files: [
        {
          path: 'jobs/etl.py',
          findings: [
            {
              ruleId: 'missing-broadcast',
              severity: 'warning',
              message: 'missing-broadcast message',
              line: 11,
              column: 19,
              endLine: 13,
              endColumn: 4,
              fixes: [{ title: 'Wrap in broadcast', isPreferred: true }],
              evidence,
            },
          ],
        },
        { path: 'empty.py', findings: [] },
      ],
      summary: { files: 2, findings: 1, bySeverity: { error: 0, warning: 1, information: 0, hint: 0 } },
      parseErrors: [],
    });
  });
});
