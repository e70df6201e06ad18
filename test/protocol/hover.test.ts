import * as assert from 'assert';
import { MarkupKind, type MarkupContent } from 'vscode-languageserver-protocol';
import { STATUS_JOB } from './documents';
import { useServer } from './lspClient';
import { unescapeMarkdown, withCode } from './support';

describe('hover (textDocument/hover)', () => {
  const server = useServer();

  it('over a flagged span: Markdown with the rule id, the message and the documentation link', async () => {
    const client = server();
    const uri = client.uri('jobs/hover.py');
    await client.open(uri, STATUS_JOB);
    const [diagnostic] = withCode(await client.diagnostics(uri), 'missing-broadcast');
    assert.ok(diagnostic);
    const { start, end } = diagnostic.range;
    for (const position of [start, { line: start.line, character: start.character + 2 }, { line: end.line, character: end.character - 1 }]) {
      const hover = await client.hover(uri, position);
      assert.ok(hover, `no hover at ${JSON.stringify(position)}`);
      const contents = hover.contents as MarkupContent;
      assert.strictEqual(contents.kind, MarkupKind.Markdown);
      assert.ok(contents.value.includes('missing-broadcast'), contents.value);
      assert.ok(unescapeMarkdown(contents.value).includes(String(diagnostic.message)), `the rendered hover contains the message:\n${contents.value}`);
      assert.ok(contents.value.includes(diagnostic.codeDescription!.href), 'links the rule page');
      assert.deepStrictEqual(hover.range, diagnostic.range);
    }
  });

  it('elsewhere: null', async () => {
    const client = server();
    const uri = client.uri('jobs/hover_elsewhere.py');
    await client.open(uri, STATUS_JOB);
    await client.diagnostics(uri);
    for (const position of [{ line: 0, character: 0 }, { line: 4, character: 3 }, { line: 6, character: 2 }, { line: 7, character: 10 }, { line: 200, character: 0 }]) {
      assert.strictEqual(await client.hover(uri, position), null, `hover at ${JSON.stringify(position)}`);
    }
  });

  it('before the first diagnostic pull (the hover triggers the analysis)', async () => {
    const client = server();
    const uri = client.uri('jobs/hover_first.py');
    await client.open(uri, STATUS_JOB);
    const hover = await client.hover(uri, { line: 6, character: 20 });
    assert.ok(hover && (hover.contents as MarkupContent).value.includes('missing-broadcast'));
  });

  it('not for a finding suppressed by a disable comment', async () => {
    const client = server();
    const uri = client.uri('jobs/hover_suppressed.py');
    await client.open(uri, STATUS_JOB.replace('"status_id", "left")\n', '"status_id", "left")  # spark-advisor: disable=missing-broadcast\n'));
    assert.strictEqual(await client.hover(uri, { line: 6, character: 20 }), null);
  });

  it('on a document that is not open: null', async () => {
    const client = server();
    assert.strictEqual(await client.hover(client.uri('jobs/never_opened.py'), { line: 0, character: 0 }), null);
  });
});
