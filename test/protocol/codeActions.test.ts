import * as assert from 'assert';
import { CodeActionKind, type CodeAction, type Diagnostic } from 'vscode-languageserver-protocol';
import { STATUS_JOB } from './documents';
import { useServer, type LspClient } from './lspClient';
import { actionTitled, codeActions, fixture, onlyRules, withCode, withLinesFrom } from './support';
import { applyWorkspaceEdit, editsFor } from './textEdits';

const RULE = 'missing-broadcast';
const FIX_ALL = 'source.fixAll.sparkAdvisor';

let documentCounter = 0;

async function openFresh(client: LspClient, name: string, text: string): Promise<string> {
  const uri = client.uri(`actions/${documentCounter++}-${name}`);
  await client.open(uri, text);
  return uri;
}

async function actionsFor(client: LspClient, uri: string, diagnostic: Diagnostic): Promise<CodeAction[]> {
  return codeActions(await client.codeActions(uri, diagnostic.range, [diagnostic]));
}

/**
 * Applies `action` to a fresh copy of `text`, checks the result is `expected`, sends the edit to
 * the server as incremental changes and returns the diagnostics of the next pull.
 */
async function applyAndPull(client: LspClient, name: string, text: string, pick: (actions: CodeAction[]) => CodeAction, expected: string, diagnosticIndex = 0): Promise<Diagnostic[]> {
  const uri = await openFresh(client, name, text);
  const diagnostics = withCode(await client.diagnostics(uri), RULE);
  const diagnostic = diagnostics[diagnosticIndex];
  assert.ok(diagnostic, `no ${RULE} diagnostic #${diagnosticIndex} in ${name}: ${JSON.stringify(diagnostics)}`);
  const action = pick(await actionsFor(client, uri, diagnostic));
  assert.strictEqual(action.kind, CodeActionKind.QuickFix);
  assert.deepStrictEqual(action.diagnostics, [diagnostic], 'the action names the diagnostic it resolves');
  const edited = applyWorkspaceEdit(text, action.edit, uri);
  assert.strictEqual(edited, expected);
  const serverText = await client.applyEdits(uri, editsFor(action.edit, uri));
  assert.strictEqual(serverText, expected, 'the incremental change events reproduce the edit');
  const after = await client.diagnostics(uri);
  await client.close(uri);
  return after;
}

const preferred = (actions: CodeAction[]) => {
  const found = actions.filter((a) => a.isPreferred);
  assert.strictEqual(found.length, 1, JSON.stringify(actions.map((a) => a.title)));
  return found[0]!;
};
const disableLine = (actions: CodeAction[]) => actionTitled(actions, `Disable ${RULE} for this line`);
const disableFile = (actions: CodeAction[]) => actionTitled(actions, `Disable ${RULE} for this file`);

describe('code actions (textDocument/codeAction)', () => {
  // Only the rules under test, so other rules being written in parallel cannot change exact texts.
  const server = useServer({ settings: onlyRules(RULE, 'needless-cache') });

  describe('Python', () => {
    const input = fixture('missing-broadcast/literal_rows.py');
    const fixed = fixture('missing-broadcast/literal_rows.fixed.py');

    it('offers the quick fix (preferred) and both disable actions for the diagnostic', async () => {
      const client = server();
      const uri = await openFresh(client, 'literal_rows.py', input);
      const diagnostics = withCode(await client.diagnostics(uri), RULE);
      assert.deepStrictEqual(diagnostics.map((d) => d.range.start.line), [10, 19, 28]);
      const actions = await actionsFor(client, uri, diagnostics[0]!);
      assert.deepStrictEqual(actions.map((a) => [a.title, a.kind, a.isPreferred === true]), [
        ['Wrap the small side in F.broadcast(...)', CodeActionKind.QuickFix, true],
        [`Disable ${RULE} for this line`, CodeActionKind.QuickFix, false],
        [`Disable ${RULE} for this file`, CodeActionKind.QuickFix, false],
        [`Show documentation for ${RULE}`, CodeActionKind.QuickFix, false],
      ]);
      // "Show documentation" runs the client's command that opens the rule page rendered, read-only.
      const documentation = actions.find((a) => a.title === `Show documentation for ${RULE}`)!;
      assert.deepStrictEqual(documentation.command, { title: `Show documentation for ${RULE}`, command: 'sparkAdvisor.showRuleDocumentation', arguments: [RULE] });
      assert.strictEqual(documentation.edit, undefined);
      // The editor asks with only the cursor position and no diagnostics in the context, too.
      const atCursor = codeActions(await client.codeActions(uri, { start: diagnostics[0]!.range.start, end: diagnostics[0]!.range.start }));
      assert.deepStrictEqual(atCursor.map((a) => a.title), actions.map((a) => a.title));
      // Nothing to offer on a line without findings.
      assert.deepStrictEqual(await client.codeActions(uri, { start: { line: 3, character: 0 }, end: { line: 3, character: 5 } }), []);
    });

    for (const [index, line] of [[0, 10], [1, 19], [2, 28]] as const) {
      it(`quick fix #${index + 1} (line ${line + 1}) gives the .fixed.py lines and removes exactly that diagnostic`, async () => {
        const client = server();
        const lastLine = index === 1 ? 23 : line; // the second join spans lines 20–24
        const expected = withLinesFrom(input, fixed, line, lastLine);
        const after = await applyAndPull(client, 'literal_rows.py', input, preferred, expected, index);
        assert.deepStrictEqual(withCode(after, RULE).map((d) => d.range.start.line), [10, 19, 28].filter((l) => l !== line));
      });
    }

    it('"Disable … for this line" extends the existing comment and suppresses the diagnostic', async () => {
      const client = server();
      const expected = input.replace(
        'how="left")  # expect: missing-broadcast\n',
        'how="left")  # expect: missing-broadcast # spark-advisor: disable=missing-broadcast\n',
      );
      const after = await applyAndPull(client, 'literal_rows.py', input, disableLine, expected);
      assert.deepStrictEqual(withCode(after, RULE).map((d) => d.range.start.line), [19, 28]);
    });

    it('"Disable … for this line" appends a comment to a line without one', async () => {
      const client = server();
      const expected = STATUS_JOB.replace('"status_id", "left")\n', '"status_id", "left")  # spark-advisor: disable=missing-broadcast\n');
      const after = await applyAndPull(client, 'status_job.py', STATUS_JOB, disableLine, expected);
      assert.deepStrictEqual(withCode(after, RULE), []);
    });

    it('"Disable … for this line" adds to an existing disable marker', async () => {
      const client = server();
      const text = STATUS_JOB.replace('"status_id", "left")\n', '"status_id", "left")  # spark-advisor: disable=needless-cache\n');
      const expected = STATUS_JOB.replace('"status_id", "left")\n', '"status_id", "left")  # spark-advisor: disable=needless-cache,missing-broadcast\n');
      const after = await applyAndPull(client, 'status_job.py', text, disableLine, expected);
      assert.deepStrictEqual(withCode(after, RULE), []);
    });

    it('"Disable … for this file" adds a marker at the top and suppresses every finding of the rule', async () => {
      const client = server();
      const expected = `# spark-advisor: disable-file=missing-broadcast\n${input}`;
      const after = await applyAndPull(client, 'literal_rows.py', input, disableFile, expected);
      assert.deepStrictEqual(withCode(after, RULE), []);
    });

    it('"Disable … for this file" goes below a shebang and an encoding line', async () => {
      const client = server();
      const header = '#!/usr/bin/env python3\n# -*- coding: utf-8 -*-\n';
      const expected = `${header}# spark-advisor: disable-file=missing-broadcast\n${STATUS_JOB}`;
      const after = await applyAndPull(client, 'status_job.py', header + STATUS_JOB, disableFile, expected);
      assert.deepStrictEqual(withCode(after, RULE), []);
    });
  });

  describe('Scala', () => {
    for (const name of ['literal_rows', 'import_added']) {
      const input = fixture(`missing-broadcast/${name}.scala`);
      const fixed = fixture(`missing-broadcast/${name}.fixed.scala`);
      const flaggedLine = input.split('\n').findIndex((l) => l.includes('// expect: missing-broadcast'));

      it(`${name}.scala: the quick fix gives ${name}.fixed.scala and the diagnostic goes away`, async () => {
        const client = server();
        const after = await applyAndPull(client, `${name}.scala`, input, preferred, fixed);
        assert.deepStrictEqual(withCode(after, RULE), []);
      });

      it(`${name}.scala: "Disable … for this line" appends to the line's comment`, async () => {
        const client = server();
        const lines = input.split('\n');
        lines[flaggedLine] += ' // spark-advisor: disable=missing-broadcast';
        const after = await applyAndPull(client, `${name}.scala`, input, disableLine, lines.join('\n'));
        assert.deepStrictEqual(withCode(after, RULE), []);
      });

      it(`${name}.scala: "Disable … for this file" adds a // marker at the top`, async () => {
        const client = server();
        const after = await applyAndPull(client, `${name}.scala`, input, disableFile, `// spark-advisor: disable-file=missing-broadcast\n${input}`);
        assert.deepStrictEqual(withCode(after, RULE), []);
      });
    }

    it('the import fix is offered as one action whose edits touch two places', async () => {
      const client = server();
      const input = fixture('missing-broadcast/import_added.scala');
      const uri = await openFresh(client, 'import_added.scala', input);
      const [diagnostic] = withCode(await client.diagnostics(uri), RULE);
      const fix = preferred(await actionsFor(client, uri, diagnostic!));
      assert.strictEqual(fix.title, 'Wrap the small side in broadcast(...)');
      const edits = editsFor(fix.edit, uri);
      assert.deepStrictEqual([...new Set(edits.map((e) => e.range.start.line))].sort((a, b) => a - b), [3, 9]);
    });
  });

  describe(`${FIX_ALL} (source action)`, () => {
    async function fixAll(client: LspClient, uri: string, only: string[] | undefined = [FIX_ALL]): Promise<CodeAction[]> {
      const whole = { start: { line: 0, character: 0 }, end: { line: client.text(uri).split('\n').length, character: 0 } };
      return codeActions(await client.codeActions(uri, whole, [], only));
    }

    for (const file of ['literal_rows.py', 'literal_rows.scala', 'import_added.scala']) {
      it(`${file}: applies every preferred fix and gives the .fixed file`, async () => {
        const client = server();
        const input = fixture(`missing-broadcast/${file}`);
        const expected = fixture(`missing-broadcast/${file.replace(/\.(py|scala)$/, '.fixed.$1')}`);
        const uri = await openFresh(client, file, input);
        const actions = await fixAll(client, uri);
        assert.strictEqual(actions.length, 1, JSON.stringify(actions));
        assert.strictEqual(actions[0]!.kind, FIX_ALL);
        assert.strictEqual(applyWorkspaceEdit(input, actions[0]!.edit, uri), expected);
        assert.strictEqual(await client.applyEdits(uri, editsFor(actions[0]!.edit, uri)), expected);
        assert.deepStrictEqual(await client.diagnostics(uri), []);
        assert.deepStrictEqual(await fixAll(client, uri), [], 'nothing left to fix');
      });
    }

    it('fixes findings of different rules in one edit', async () => {
      const client = server();
      const input = `from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
orders = spark.read.parquet("s3://lake/orders")
days = spark.range(366)
recent = orders.filter("year = 2024").cache()
recent.join(days, "day_id", "inner").write.parquet("s3://lake/recent_days")
`;
      const expected = `from pyspark.sql import SparkSession
from pyspark.sql.functions import broadcast

spark = SparkSession.builder.getOrCreate()
orders = spark.read.parquet("s3://lake/orders")
days = spark.range(366)
recent = orders.filter("year = 2024")
recent.join(broadcast(days), "day_id", "inner").write.parquet("s3://lake/recent_days")
`;
      const uri = await openFresh(client, 'two_rules.py', input);
      assert.deepStrictEqual((await client.diagnostics(uri)).map((d) => d.code).sort(), ['missing-broadcast', 'needless-cache']);
      const [action] = await fixAll(client, uri);
      assert.strictEqual(applyWorkspaceEdit(input, action?.edit, uri), expected);
      await client.applyEdits(uri, editsFor(action!.edit, uri));
      assert.deepStrictEqual(await client.diagnostics(uri), []);
    });

    it('is returned for the parent kinds source.fixAll and source, and not for quickfix or other kinds', async () => {
      const client = server();
      const uri = await openFresh(client, 'literal_rows.py', fixture('missing-broadcast/literal_rows.py'));
      for (const only of [['source.fixAll'], ['source'], [FIX_ALL]]) {
        assert.deepStrictEqual((await fixAll(client, uri, only)).map((a) => a.kind), [FIX_ALL], `only: ${only}`);
      }
      const quickFixesOnly = await fixAll(client, uri, [CodeActionKind.QuickFix]);
      assert.ok(quickFixesOnly.length > 0 && quickFixesOnly.every((a) => a.kind === CodeActionKind.QuickFix), JSON.stringify(quickFixesOnly.map((a) => a.kind)));
      assert.deepStrictEqual(await fixAll(client, uri, [CodeActionKind.SourceOrganizeImports]), [], 'only: source.organizeImports');
      assert.deepStrictEqual(await fixAll(client, uri, ['source.fix']), [], 'source.fix is not a parent of source.fixAll');
      const both = await fixAll(client, uri, [CodeActionKind.QuickFix, FIX_ALL]);
      assert.ok(both.some((a) => a.kind === FIX_ALL) && both.some((a) => a.kind === CodeActionKind.QuickFix), JSON.stringify(both.map((a) => a.kind)));
    });

    it('is not mixed into the ordinary light-bulb request (no `only`)', async () => {
      const client = server();
      const uri = await openFresh(client, 'literal_rows.py', fixture('missing-broadcast/literal_rows.py'));
      const whole = { start: { line: 0, character: 0 }, end: { line: 40, character: 0 } };
      const actions = codeActions(await client.codeActions(uri, whole, []));
      assert.ok(actions.length > 0 && actions.every((a) => a.kind === CodeActionKind.QuickFix));
    });
  });
});
