import * as assert from 'assert';
import * as path from 'path';
import { formatSarif, lineHash, SARIF_SCHEMA, type SarifOptions } from '../../../server/src/cli/formatters/sarif';
import type { Report } from '../../../server/src/cli/report';
import { ruleDocMarkdown, ruleDocUri } from '../../../server/src/engine/ruleDocs';
import { ALL_RULES_LIST } from '../../../server/src/rules/registry';
import { finding } from './findings';

/* eslint-disable @typescript-eslint/no-explicit-any */
const cwd = path.resolve('/repo');
const options: SarifOptions = { version: '9.9.9', informationUri: 'https://example.com/spark-advisor', rules: ALL_RULES_LIST, helpUri: ruleDocUri };

const SOURCE = 'import x\n\n  df.join(small)   \nother\ndf.join(small)\n';

function sarifOf(report: Report): any {
  return JSON.parse(formatSarif(report, options));
}

function report(): Report {
  return {
    cwd,
    skipped: [{ file: path.join(cwd, 'big.py'), reason: 'larger than 2 MB' }],
    files: [
      {
        file: path.join(cwd, 'my jobs', 'etl#1.py'),
        text: SOURCE,
        findings: [
          finding('missing-broadcast', 'warning', 2, 2, {
            span: { start: { line: 2, character: 2 }, end: { line: 2, character: 16 } },
            related: [{ span: { start: { line: 0, character: 0 }, end: { line: 0, character: 8 } }, message: 'small here' }],
          }),
          finding('collect-unbounded', 'error', 3, 0),
          finding('distinct-count', 'information', 3, 1),
          finding('join-without-how', 'hint', 3, 2),
          finding('missing-broadcast', 'warning', 4, 0),
        ],
      },
      { file: path.join(path.dirname(cwd), 'outside', 'x.scala'), findings: [finding('not-a-registered-rule', 'warning', 0, 0)] },
    ],
  };
}

describe('cli: SARIF formatter', () => {
  it('describes the tool and every rule', () => {
    const sarif = sarifOf(report());
    assert.strictEqual(sarif.$schema, SARIF_SCHEMA);
    assert.strictEqual(sarif.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
    assert.strictEqual(sarif.version, '2.1.0');
    assert.strictEqual(sarif.runs.length, 1);
    const run = sarif.runs[0];
    assert.strictEqual(run.columnKind, 'utf16CodeUnits');
    assert.strictEqual(run.tool.driver.name, 'Spark Advisor');
    assert.strictEqual(run.tool.driver.version, '9.9.9');
    assert.strictEqual(run.tool.driver.informationUri, 'https://example.com/spark-advisor');
    assert.deepStrictEqual(
      run.tool.driver.rules.map((r: any) => r.id),
      ALL_RULES_LIST.map((r) => r.id),
    );
    for (const [index, rule] of ALL_RULES_LIST.entries()) {
      assert.deepStrictEqual(run.tool.driver.rules[index], {
        id: rule.id,
        shortDescription: { text: rule.summary },
        helpUri: ruleDocUri(rule.id),
        defaultConfiguration: { level: { error: 'error', warning: 'warning', information: 'note', hint: 'note' }[rule.defaultSeverity] },
      });
    }
    assert.deepStrictEqual(run.originalUriBaseIds['%SRCROOT%'].uri.slice(-6), '/repo/');
  });

  it('carries each rule\'s documentation page as help for code-scanning services', () => {
    const run = JSON.parse(formatSarif(report(), { ...options, helpMarkdown: ruleDocMarkdown })).runs[0];
    for (const [index, rule] of ALL_RULES_LIST.entries()) {
      const help = run.tool.driver.rules[index].help;
      assert.strictEqual(help.text, rule.summary);
      assert.ok(help.markdown.startsWith(`# ${rule.id}\n`), `${rule.id}: help.markdown is its page`);
      assert.match(help.markdown, /## How to fix/);
    }
  });

  it('writes results with levels, ruleIndex, relative URIs and 1-based regions', () => {
    const run = sarifOf(report()).runs[0];
    const rules = run.tool.driver.rules;
    assert.strictEqual(run.results.length, 6);
    const [first, error, info, hint] = run.results;
    assert.strictEqual(first.ruleId, 'missing-broadcast');
    assert.strictEqual(rules[first.ruleIndex].id, 'missing-broadcast');
    assert.strictEqual(first.level, 'warning');
    assert.deepStrictEqual(first.message, { text: 'missing-broadcast message' });
    assert.deepStrictEqual(first.locations, [
      {
        physicalLocation: {
          artifactLocation: { uri: 'my%20jobs/etl%231.py', uriBaseId: '%SRCROOT%' },
          region: { startLine: 3, startColumn: 3, endLine: 3, endColumn: 17 },
        },
      },
    ]);
    assert.deepStrictEqual(first.relatedLocations, [
      {
        id: 0,
        message: { text: 'small here' },
        physicalLocation: {
          artifactLocation: { uri: 'my%20jobs/etl%231.py', uriBaseId: '%SRCROOT%' },
          region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 9 },
        },
      },
    ]);
    assert.deepStrictEqual([error.level, info.level, hint.level], ['error', 'note', 'note']);
    for (const result of run.results.slice(0, 5)) assert.strictEqual(rules[result.ruleIndex].id, result.ruleId);
  });

  it('points outside the source root with an absolute file URI and leaves out an unknown ruleIndex', () => {
    const outside = sarifOf(report()).runs[0].results[5];
    assert.strictEqual(outside.ruleIndex, undefined);
    assert.deepStrictEqual(Object.keys(outside.locations[0].physicalLocation.artifactLocation), ['uri']);
    assert.match(outside.locations[0].physicalLocation.artifactLocation.uri, /^file:\/\/.*\/outside\/x\.scala$/);
  });

  it('fingerprints the rule, path and flagged line text, so results survive line shifts', () => {
    const results = sarifOf(report()).runs[0].results;
    const print = (result: any) => result.partialFingerprints['sparkAdvisorLineHash/v1'];
    const hash = lineHash('missing-broadcast', 'my jobs/etl#1.py', 'df.join(small)');
    assert.strictEqual(print(results[0]), `${hash}:1`);
    // The same text on another line (indentation aside) is the second occurrence.
    assert.strictEqual(print(results[4]), `${hash}:2`);

    const shifted = report();
    shifted.files[0]!.text = '# new header\n' + SOURCE;
    for (const f of shifted.files[0]!.findings) {
      f.span = { start: { ...f.span.start, line: f.span.start.line + 1 }, end: { ...f.span.end, line: f.span.end.line + 1 } };
    }
    assert.deepStrictEqual(sarifOf(shifted).runs[0].results.map(print), results.map(print));
    assert.notStrictEqual(lineHash('collect-unbounded', 'my jobs/etl#1.py', 'df.join(small)'), hash);
    assert.notStrictEqual(lineHash('missing-broadcast', 'other.py', 'df.join(small)'), hash);
  });

  it('reports skipped files as tool notifications', () => {
    const invocation = sarifOf(report()).runs[0].invocations[0];
    assert.strictEqual(invocation.executionSuccessful, true);
    assert.deepStrictEqual(invocation.toolExecutionNotifications, [
      { level: 'warning', message: { text: 'skipped: larger than 2 MB' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'big.py', uriBaseId: '%SRCROOT%' } } }] },
    ]);
  });
});
