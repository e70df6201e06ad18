import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeFileText } from '../../../server/src/engine/fileAnalyzer';
import { normalizeSettings } from '../../../server/src/engine/settings';
import { WorkspaceIndex } from '../../../server/src/engine/workspace/workspaceIndex';
import { HEADLINE_LIMIT, splitMessage } from '../../../server/src/rules/headline';
import { ALL_RULES_LIST } from '../../../server/src/rules/registry';
import { applyEdits, describedExpectation, describedFinding, describeFindings, firstFixEdits, fixtureFiles, languageOf, readExpectations, RULE_FIXTURES } from '../helpers/fixtures';
import { parsers } from '../helpers/parsers';

describe('rules on annotated fixtures', () => {
  const files = fixtureFiles();

  it('finds fixtures', () => assert.ok(files.length > 0, `no fixtures under ${RULE_FIXTURES}`));

  for (const file of files) {
    const relative = path.relative(RULE_FIXTURES, file);
    it(relative, async () => {
      const text = fs.readFileSync(file, 'utf8');
      const language = languageOf(file);
      const { expected, settings } = readExpectations(text, language);
      // A rule's folder is a workspace: a fixture in a subfolder may import helpers from the files beside it.
      const loaded = await parsers();
      const workspace = new WorkspaceIndex({ roots: () => [path.join(RULE_FIXTURES, relative.split(path.sep)[0]!)], parsers: () => loaded });
      const analysis = analyzeFileText(loaded, language, text, { settings: normalizeSettings(settings), file, workspace });
      const actual = analysis.findings.map(describedFinding);
      assert.deepStrictEqual(describeFindings(actual), describeFindings(expected.map(describedExpectation)));
      const withSeverity = expected.filter((e) => e.severity !== undefined);
      const severityOf = (e: { line: number; rule: string }) => analysis.findings.find((f) => f.span.start.line === e.line && f.ruleId === e.rule)?.severity;
      assert.deepStrictEqual(withSeverity.map((e) => `${e.line + 1}: ${e.rule} (${severityOf(e)})`), withSeverity.map((e) => `${e.line + 1}: ${e.rule} (${e.severity})`));
      for (const finding of analysis.findings) {
        const where = `${finding.ruleId} at line ${finding.span.start.line + 1}`;
        const { headline, cut } = splitMessage(finding.message);
        assert.ok(!cut && headline.length <= HEADLINE_LIMIT, `${where}: the first sentence or clause must stand alone in ${HEADLINE_LIMIT} characters: ${headline}`);
        assert.strictEqual(finding.span.end.line, finding.span.start.line, `${where}: the squiggle stays on one line`);
        // The language server maps these to diagnostics without checking: a rule passing `related: undefined` broke every file.
        for (const list of ['related', 'evidence', 'fixes'] as const) assert.ok(Array.isArray(finding[list]), `${where}: \`${list}\` is a list`);
      }

      const fixedFile = file.replace(/\.(py|scala)$/, '.fixed.$1');
      if (fs.existsSync(fixedFile)) {
        const fixed = applyEdits(text, firstFixEdits(analysis.findings));
        assert.strictEqual(fixed, fs.readFileSync(fixedFile, 'utf8'), `applying the first fix of every finding in ${relative}`);
      }
    });
  }

  describe('every rule has a positive and a negative fixture in each of its languages', () => {
    // Measured rules report from event logs, not source: test/unit/history/exampleHistory.test.ts covers each of them.
    for (const rule of ALL_RULES_LIST.filter((r) => !r.measured)) {
      for (const language of rule.languages) {
        it(`${rule.id} (${language})`, () => {
          const ours = fixtureFiles(path.join(RULE_FIXTURES, rule.id)).filter((f) => languageOf(f) === language);
          const marks = ours.map((f) => readExpectations(fs.readFileSync(f, 'utf8'), language).expected.filter((e) => e.rule === rule.id).length);
          assert.ok(marks.some((n) => n > 0), `no fixture in test/fixtures/rules/${rule.id}/ expects ${rule.id} in ${language}`);
          assert.ok(marks.some((n) => n === 0), `no negative fixture in test/fixtures/rules/${rule.id}/ for ${language}`);
        });
      }
    }
  });
});
