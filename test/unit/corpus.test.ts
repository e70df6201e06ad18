/**
 * The product promise, tried the way users will try it: realistic jobs the rules were not written
 * against, in many styles. Clean jobs must produce no finding of severity information or higher;
 * dirty jobs must produce exactly the findings marked with `# expect:` / `// expect:` (hints are
 * ignored unless marked).
 */
import * as assert from 'assert';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeFileText } from '../../server/src/engine/fileAnalyzer';
import { normalizeSettings } from '../../server/src/engine/settings';
import type { Finding } from '../../server/src/rules/types';
import { describedExpectation, describedFinding, describeFindings, fixtureFiles, languageOf, readExpectations, REPO_ROOT } from './helpers/fixtures';
import { parsers } from './helpers/parsers';

const CORPUS = path.join(REPO_ROOT, 'test/fixtures/corpus');
const CLEAN = path.join(CORPUS, 'clean');
const DIRTY = path.join(CORPUS, 'dirty');

async function analyze(file: string): Promise<{ text: string; findings: Finding[]; syntaxErrors: number }> {
  const text = fs.readFileSync(file, 'utf8');
  const language = languageOf(file);
  const { settings } = readExpectations(text, language);
  const analysis = analyzeFileText(await parsers(), language, text, { settings: normalizeSettings(settings), file });
  return { text, findings: analysis.findings, syntaxErrors: analysis.syntaxErrors };
}

function shape(files: string[], minimum: { python: number; scala: number }): void {
  const python = files.filter((f) => languageOf(f) === 'python').length;
  const scala = files.length - python;
  assert.ok(python >= minimum.python && scala >= minimum.scala, `${python} Python and ${scala} Scala jobs`);
  for (const file of files) {
    const lines = fs.readFileSync(file, 'utf8').split('\n').length;
    assert.ok(lines >= 60 && lines <= 200, `${path.relative(CORPUS, file)} has ${lines} lines; corpus jobs are 60-200 lines`);
  }
}

describe('corpus: unseen jobs in many styles', () => {
  describe('clean jobs have no findings', () => {
    const files = fixtureFiles(CLEAN);

    it('has enough realistic jobs', () => shape(files, { python: 14, scala: 8 }));

    for (const file of files) {
      it(path.relative(CORPUS, file), async () => {
        const { findings, syntaxErrors } = await analyze(file);
        assert.strictEqual(syntaxErrors, 0, 'the job should parse without errors');
        const reported = findings.filter((f) => f.severity !== 'hint');
        assert.deepStrictEqual(
          reported.map((f) => `${f.span.start.line + 1}: ${f.ruleId}: ${f.message}`),
          [],
        );
      });
    }
  });

  describe('dirty jobs have exactly the marked findings', () => {
    const files = fixtureFiles(DIRTY);

    it('has enough realistic jobs', () => shape(files, { python: 10, scala: 6 }));

    for (const file of files) {
      it(path.relative(CORPUS, file), async () => {
        const { text, findings, syntaxErrors } = await analyze(file);
        assert.strictEqual(syntaxErrors, 0, 'the job should parse without errors');
        const { expected } = readExpectations(text, languageOf(file));
        assert.ok(expected.length >= 2 && expected.length <= 5, `a dirty job has 2-5 marked findings, not ${expected.length}`);
        const marked = new Set(expected.map((e) => `${e.line}:${e.rule}`));
        const actual = findings
          .filter((f) => f.severity !== 'hint' || marked.has(`${f.span.start.line}:${f.ruleId}`))
          .map(describedFinding);
        assert.deepStrictEqual(describeFindings(actual), describeFindings(expected.map(describedExpectation)));
      });
    }
  });

  it('Python jobs are valid Python (py_compile)', function () {
    const python = fixtureFiles(CORPUS).filter((f) => languageOf(f) === 'python');
    const check = 'import sys\nfor f in sys.argv[1:]:\n    compile(open(f, encoding="utf-8").read(), f, "exec")';
    const result = spawnSync('python3', ['-c', check, ...python], { encoding: 'utf8' });
    if (result.error) this.skip();
    assert.strictEqual(result.status, 0, result.stderr);
  });

  describe('the CLI on the clean jobs', function () {
    this.timeout(180_000);

    it('exits 0 and prints nothing', () => {
      execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'build.mjs')], { cwd: REPO_ROOT, stdio: 'pipe' });
      const result = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'spark-advisor.js'), 'check', 'test/fixtures/corpus/clean'], {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1', SPARK_ADVISOR_DEBUG: '' },
        timeout: 120_000,
      });
      assert.deepStrictEqual({ status: result.status, stdout: result.stdout }, { status: 0, stdout: '' }, result.stderr);
    });
  });
});
