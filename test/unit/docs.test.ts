import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { ALL_RULES_LIST } from '../../server/src/rules/registry';
import type { Severity } from '../../server/src/rules/types';
import { REPO_ROOT } from './helpers/fixtures';

const SEVERITY_WORD: Record<Severity, string> = { error: 'Error', warning: 'Warning', information: 'Information', hint: 'Hint' };
const read = (relative: string) => fs.readFileSync(path.join(REPO_ROOT, relative), 'utf8');

describe('rule documentation', () => {
  for (const rule of ALL_RULES_LIST) {
    it(`docs/rules/${rule.id}.md explains the rule`, () => {
      const page = read(`docs/rules/${rule.id}.md`);
      assert.match(page, new RegExp(`^# ${rule.id}\\n`));
      assert.match(page, new RegExp(`\\*\\*Default severity:\\*\\* ${SEVERITY_WORD[rule.defaultSeverity]}\\b`));
      for (const section of ['## What it flags', '## Why it is slow', '## How to fix', '## Examples', '### PySpark']) assert.ok(page.includes(section), `${section} missing`);
      if (rule.languages.includes('scala')) assert.ok(page.includes('```scala'), 'a Scala example is missing');
    });
  }

  it('docs/rules.md and the README list every rule with its severity', () => {
    const index = read('docs/rules.md');
    const readme = read('README.md');
    for (const rule of ALL_RULES_LIST) {
      assert.match(index, new RegExp(`\\[${rule.id}\\]\\(rules/${rule.id}\\.md\\) \\| ${SEVERITY_WORD[rule.defaultSeverity]} \\|`), `docs/rules.md: ${rule.id}`);
      assert.match(readme, new RegExp(`\\[\`${rule.id}\`\\]\\(docs/rules/${rule.id}\\.md\\) \\| ${SEVERITY_WORD[rule.defaultSeverity]} \\|`), `README.md: ${rule.id}`);
    }
  });
});
