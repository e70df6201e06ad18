import * as assert from 'assert';
import { DiagnosticSeverity } from 'vscode-languageserver-protocol';
import { STATUS_JOB } from './documents';
import { LspClient, useServer } from './lspClient';
import { seededRandom, timed, withCode } from './support';

/** Pathological inputs must be answered within this. */
const PROMPT_MS = 5000;

describe('robustness', () => {
  const server = useServer();

  /** The server still analyses an ordinary document afterwards. */
  async function assertStillAnswers(client: LspClient): Promise<void> {
    const uri = client.uri(`jobs/canary-${Date.now()}-${Math.random()}.py`);
    await client.open(uri, STATUS_JOB);
    assert.strictEqual(withCode(await client.diagnostics(uri), 'missing-broadcast').length, 1);
    await client.close(uri);
    client.assertAlive();
  }

  /** Pulls diagnostics, hover and code actions for `text`, each within PROMPT_MS. */
  async function promptly(client: LspClient, name: string, text: string, languageId?: string) {
    const uri = client.uri(name);
    await client.open(uri, text, languageId);
    const pull = await timed(() => client.diagnostics(uri, PROMPT_MS + 1000));
    assert.ok(pull.ms < PROMPT_MS, `the diagnostic pull took ${Math.round(pull.ms)} ms`);
    // Later requests reuse the analysis.
    const hover = await timed(() => client.hover(uri, { line: 0, character: 1 }));
    const actions = await timed(() => client.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }));
    assert.ok(hover.ms < 1000 && actions.ms < 1000, `hover ${Math.round(hover.ms)} ms, code actions ${Math.round(actions.ms)} ms`);
    await assertStillAnswers(client);
    await client.close(uri);
    return { diagnostics: pull.result, ms: pull.ms };
  }

  describe('documents without Spark', () => {
    it('plain Python gets no diagnostics', async () => {
      const client = server();
      const text = `import json
import sys


def main(path: str) -> None:
    with open(path) as handle:
        rows = json.load(handle)
    for row in rows:
        row["joined"] = ",".join(row["names"])
        print(row)


if __name__ == "__main__":
    main(sys.argv[1])
`;
      const { diagnostics } = await promptly(client, 'tools/plain.py', text);
      assert.deepStrictEqual(diagnostics, []);
    });

    it('plain Scala gets no diagnostics', async () => {
      const client = server();
      const { diagnostics } = await promptly(client, 'tools/Plain.scala', 'object Plain {\n  def main(args: Array[String]): Unit = println(args.toList.map(_.length).sum)\n}\n');
      assert.deepStrictEqual(diagnostics, []);
    });

    it('an empty document gets no diagnostics', async () => {
      const client = server();
      assert.deepStrictEqual((await promptly(client, 'jobs/empty.py', '')).diagnostics, []);
    });
  });

  describe('large and pathological documents', () => {
    it('a 3 MB document gets a single information diagnostic saying it was skipped', async function () {
      this.timeout(30_000);
      const client = server();
      let text = '';
      while (text.length < 3_000_000) text += STATUS_JOB;
      const { diagnostics } = await promptly(client, 'jobs/huge.py', text);
      assert.strictEqual(diagnostics.length, 1, JSON.stringify(diagnostics));
      assert.strictEqual(diagnostics[0]!.severity, DiagnosticSeverity.Information);
      assert.strictEqual(diagnostics[0]!.source, 'spark-advisor');
      assert.match(String(diagnostics[0]!.message), /skipped/);
      assert.deepStrictEqual(diagnostics[0]!.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
    });

    it('shrinking a skipped document below the limit analyses it again', async function () {
      this.timeout(30_000);
      const client = server();
      const uri = client.uri('jobs/shrinking.py');
      let text = STATUS_JOB;
      const filler = `# ${'x'.repeat(78)}\n`;
      text += filler.repeat(Math.ceil(2_100_000 / filler.length));
      await client.open(uri, text);
      assert.match(String((await client.diagnostics(uri))[0]?.message), /skipped/);
      const lines = text.split('\n').length;
      await client.change(uri, [{ range: { start: { line: 8, character: 0 }, end: { line: lines - 1, character: 0 } }, text: '' }]);
      assert.strictEqual(client.text(uri), STATUS_JOB);
      assert.deepStrictEqual(withCode(await client.diagnostics(uri), 'missing-broadcast').length, 1);
    });

    it('binary garbage returns promptly without crashing the server', async function () {
      this.timeout(30_000);
      const client = server();
      const random = seededRandom(42);
      // Mentions Spark so that the parser really runs on it.
      let text = 'from pyspark.sql import SparkSession\n';
      for (let i = 0; i < 200_000; i++) text += String.fromCharCode(Math.floor(random() * 256));
      const { diagnostics } = await promptly(client, 'jobs/garbage.py', text);
      assert.ok(diagnostics.every((d) => d.source === 'spark-advisor'), JSON.stringify(diagnostics).slice(0, 500));
    });

    for (const [language, name, text] of [
      ['Python', 'jobs/nested.py', `from pyspark.sql import SparkSession\nx = ${'('.repeat(20_000)}1${')'.repeat(20_000)}\n`],
      ['Python (unclosed)', 'jobs/nested_open.py', `from pyspark.sql import SparkSession\nx = ${'('.repeat(20_000)}\n`],
      ['Scala', 'jobs/Nested.scala', `import org.apache.spark.sql.SparkSession\nobject Nested { val x = ${'('.repeat(20_000)}1${')'.repeat(20_000)} }\n`],
    ] as const) {
      it(`20,000 nested parentheses (${language}) return promptly without crashing the server`, async function () {
        this.timeout(30_000);
        const client = server();
        const { diagnostics } = await promptly(client, name, text);
        assert.ok(diagnostics.every((d) => d.severity === DiagnosticSeverity.Information), JSON.stringify(diagnostics).slice(0, 500));
      });
    }

    it('typing into a pathological document stays responsive', async function () {
      this.timeout(30_000);
      const client = server();
      const uri = client.uri('jobs/nested_typing.py');
      await client.open(uri, `from pyspark.sql import SparkSession\nx = ${'('.repeat(20_000)}1${')'.repeat(20_000)}\n`);
      await client.diagnostics(uri, PROMPT_MS);
      for (let i = 0; i < 3; i++) {
        await client.change(uri, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: 'y' }]);
        const pull = await timed(() => client.diagnostics(uri, PROMPT_MS + 1000));
        assert.ok(pull.ms < PROMPT_MS, `pull ${i + 1} after an edit took ${Math.round(pull.ms)} ms`);
      }
      await assertStillAnswers(client);
    });
  });

  describe('didClose', () => {
    it('frees the document: a later pull is empty, hover null, code actions empty, edits ignored', async () => {
      const client = server();
      const uri = client.uri('jobs/closed.py');
      await client.open(uri, STATUS_JOB);
      assert.strictEqual(withCode(await client.diagnostics(uri), 'missing-broadcast').length, 1);
      await client.close(uri);
      assert.deepStrictEqual(await client.diagnostics(uri), []);
      assert.strictEqual(await client.hover(uri, { line: 6, character: 20 }), null);
      assert.deepStrictEqual(await client.codeActions(uri, { start: { line: 6, character: 20 }, end: { line: 6, character: 20 } }), []);
      // A change for a closed document (a misbehaving client) is ignored.
      await client.notify('textDocument/didChange', { textDocument: { uri, version: 9 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'x' }] });
      assert.deepStrictEqual(await client.diagnostics(uri), []);
      // Closing twice is harmless; re-opening analyses the new text.
      await client.close(uri);
      await client.open(uri, STATUS_JOB.replace('orders.join(statuses', 'orders.join(F.broadcast(statuses)'));
      assert.deepStrictEqual(withCode(await client.diagnostics(uri), 'missing-broadcast'), []);
      await assertStillAnswers(client);
    });

    it('opening and closing many documents keeps the server healthy', async function () {
      this.timeout(30_000);
      const client = server();
      for (let i = 0; i < 200; i++) {
        const uri = client.uri(`churn/job_${i}.py`);
        await client.open(uri, STATUS_JOB);
        if (i % 10 === 0) assert.strictEqual(withCode(await client.diagnostics(uri), 'missing-broadcast').length, 1);
        await client.close(uri);
      }
      await assertStillAnswers(client);
    });
  });

  describe('lifecycle', () => {
    it('exits with code 0 after shutdown and exit', async () => {
      const client = await LspClient.start();
      assert.strictEqual(client.initializeResult?.serverInfo?.name, 'Spark Advisor');
      assert.strictEqual(await client.shutdown(), 0);
    });

    it('exits with code 1 on exit without shutdown', async () => {
      const client = await LspClient.start();
      await client.notify('exit', undefined);
      // shutdown() waits for the exit that is under way; it does not count as a crash.
      const code = await client.shutdown();
      assert.strictEqual(code, 1);
    });

    it('announces the capabilities the extension relies on', async () => {
      const client = await LspClient.start();
      try {
        const capabilities = client.initializeResult!.capabilities;
        assert.deepStrictEqual(capabilities.textDocumentSync, { openClose: true, change: 2 });
        assert.deepStrictEqual(capabilities.diagnosticProvider, { interFileDependencies: false, workspaceDiagnostics: true });
        assert.deepStrictEqual(capabilities.codeActionProvider, { codeActionKinds: ['quickfix', 'source.fixAll.sparkAdvisor'] });
        assert.strictEqual(capabilities.hoverProvider, true);
        assert.deepStrictEqual(capabilities.workspace?.workspaceFolders, { supported: true, changeNotifications: true });
      } finally {
        await client.shutdown();
      }
    });
  });
});
