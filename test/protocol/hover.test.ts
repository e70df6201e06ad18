import * as assert from 'assert';
import { STATUS_JOB } from './documents';
import { useServer } from './lspClient';
import { withCode } from './support';

/**
 * VS Code shows each diagnostic's message, rule link and fixes in its own hover: ours must not say
 * it again. Without measured runs there is nothing else to add, so no hover at all (measured lines
 * are covered in history.test.ts and editorRequests.test.ts).
 */
describe('hover (textDocument/hover)', () => {
  const server = useServer();

  it('over a flagged span without measured runs: nothing, VS Code already shows the diagnostic', async () => {
    const client = server();
    const uri = client.uri('jobs/hover.py');
    await client.open(uri, STATUS_JOB);
    const [diagnostic] = withCode(await client.diagnostics(uri), 'missing-broadcast');
    assert.ok(diagnostic);
    const { start, end } = diagnostic.range;
    for (const position of [start, { line: start.line, character: start.character + 2 }, { line: end.line, character: end.character - 1 }]) {
      assert.strictEqual(await client.hover(uri, position), null, `hover at ${JSON.stringify(position)}`);
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

  it('before the first diagnostic pull: answers (the hover triggers the analysis) without an error', async () => {
    const client = server();
    const uri = client.uri('jobs/hover_first.py');
    await client.open(uri, STATUS_JOB);
    assert.strictEqual(await client.hover(uri, { line: 6, character: 20 }), null);
    assert.deepStrictEqual(client.loggedErrors(), []);
  });

  it('on a document that is not open: null', async () => {
    const client = server();
    assert.strictEqual(await client.hover(client.uri('jobs/never_opened.py'), { line: 0, character: 0 }), null);
  });
});
