import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeFileText } from '../../server/src/engine/fileAnalyzer';
import { languageForPath } from '../../server/src/engine/languages';
import { normalizeSettings } from '../../server/src/engine/settings';
import { REPO_ROOT } from './helpers/fixtures';
import { parsers } from './helpers/parsers';

const EXAMPLES = path.join(REPO_ROOT, 'examples');

interface Expected {
  file: string;
  line: number;
  rule: string;
}

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]))
    .filter((f) => languageForPath(f) !== undefined);
}

/** The examples workspace's own VS Code settings (`sparkAdvisor.smallTables` and friends). */
function workspaceSettings() {
  const raw = JSON.parse(fs.readFileSync(path.join(EXAMPLES, '.vscode', 'settings.json'), 'utf8')) as Record<string, unknown>;
  const prefix = 'sparkAdvisor.';
  return normalizeSettings(Object.fromEntries(Object.entries(raw).filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v])));
}

describe('examples/ workspace', () => {
  const expected = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'test/fixtures/examples-expected.json'), 'utf8')) as { findings: Expected[] }).findings;

  for (const file of sourceFiles(EXAMPLES)) {
    const relative = path.relative(EXAMPLES, file).split(path.sep).join('/');
    it(`${relative} gives exactly the findings listed in examples-expected.json`, async () => {
      const analysis = analyzeFileText(await parsers(), languageForPath(file)!, fs.readFileSync(file, 'utf8'), { settings: workspaceSettings(), file });
      const actual = analysis.findings.filter((f) => f.severity !== 'hint').map((f) => `${f.span.start.line + 1}: ${f.ruleId}`).sort();
      const wanted = expected.filter((e) => e.file === relative).map((e) => `${e.line}: ${e.rule}`).sort();
      assert.deepStrictEqual(actual, wanted);
      assert.strictEqual(analysis.syntaxErrors, 0, `${relative} should parse without errors`);
    });
  }

  it('has clean jobs that must stay clean', () => {
    const clean = sourceFiles(EXAMPLES).filter((f) => /clean/i.test(path.basename(f)));
    assert.ok(clean.length >= 2, 'expected a clean PySpark and a clean Scala job');
    for (const file of clean) assert.ok(!expected.some((e) => file.endsWith(e.file)), `${file} must have no expected findings`);
  });
});
