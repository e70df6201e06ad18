import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { DiagnosticSeverity } from 'vscode-languageserver-protocol';
import { REPO_ROOT, useServer } from './lspClient';
import { withCode } from './support';
import { joinCallRange, STATUS_JOB } from './documents';

describe('pull diagnostics (textDocument/diagnostic)', () => {
  const server = useServer();

  it('reports a missing broadcast with source, code, documentation link, range and severity', async () => {
    const client = server();
    const uri = client.uri('jobs/status_job.py');
    await client.open(uri, STATUS_JOB);
    const diagnostics = withCode(await client.diagnostics(uri), 'missing-broadcast');
    assert.strictEqual(diagnostics.length, 1, JSON.stringify(diagnostics));
    const [diagnostic] = diagnostics;
    assert.strictEqual(diagnostic!.source, 'spark-advisor');
    assert.strictEqual(diagnostic!.code, 'missing-broadcast');
    assert.strictEqual(diagnostic!.severity, DiagnosticSeverity.Warning);
    // `join` on line 7 (0-based 6) up to the end of the call.
    assert.deepStrictEqual(diagnostic!.range, { start: { line: 6, character: 18 }, end: { line: 6, character: 53 } });
    assert.deepStrictEqual(diagnostic!.range, joinCallRange(STATUS_JOB, 'orders.join(statuses, "status_id", "left")'));
    assert.match(String(diagnostic!.message), /^Join with a small DataFrame without broadcast\.\nIt is small because built from 2 literal rows/);

    // The rule link runs the client's command that shows the page rendered and read-only, never the installed file.
    const href = diagnostic!.codeDescription?.href ?? '';
    const link = /^command:sparkAdvisor\.showRuleDocumentation\?(.*)$/.exec(href);
    assert.ok(link, href);
    assert.deepStrictEqual(JSON.parse(decodeURIComponent(link[1]!)), ['missing-broadcast']);
    assert.ok(fs.existsSync(path.join(REPO_ROOT, 'docs', 'rules', 'missing-broadcast.md')), 'the page it shows ships in docs/rules');

    // The related information points at the literal rows that make the DataFrame small.
    assert.deepStrictEqual(diagnostic!.relatedInformation?.map((r) => [r.location.uri, r.location.range.start.line, r.message]), [[uri, 5, 'known small here']]);
  });

  it('sends sparkAdvisor/analysisStatus after analysing', async () => {
    const client = server();
    const uri = client.uri('jobs/status_for_notification.py');
    const since = Date.now();
    await client.open(uri, STATUS_JOB);
    const findings = (await client.diagnostics(uri)).length;
    const status = await client.waitFor('sparkAdvisor/analysisStatus', { since, test: (p) => (p as { uri: string }).uri === uri });
    const params = status.params as { uri: string; durationMs: number; findings: number; notice?: string };
    assert.strictEqual(params.findings, findings);
    assert.ok(typeof params.durationMs === 'number' && params.durationMs >= 0, JSON.stringify(params));
    assert.strictEqual(params.notice, undefined);
  });

  it('counts columns in UTF-16 code units (the protocol default)', async () => {
    const client = server();
    const uri = client.uri('jobs/unicode.py');
    // An astral character (two UTF-16 units, four UTF-8 bytes) and a two-byte one before the join.
    const text = STATUS_JOB.replace('labelled = orders.join(', 'labelled = orders.filter(F.col("note") != "😀é").join(');
    await client.open(uri, text);
    const [diagnostic] = withCode(await client.diagnostics(uri), 'missing-broadcast');
    const line = text.split('\n')[6]!;
    assert.deepStrictEqual(diagnostic?.range, {
      start: { line: 6, character: line.indexOf('join(') },
      end: { line: 6, character: line.length },
    });
  });

  it('analyses Windows (CRLF) line endings with the same ranges', async () => {
    const client = server();
    const uri = client.uri('jobs/crlf.py');
    await client.open(uri, STATUS_JOB.replace(/\n/g, '\r\n'));
    const [diagnostic] = withCode(await client.diagnostics(uri), 'missing-broadcast');
    assert.deepStrictEqual(diagnostic?.range, { start: { line: 6, character: 18 }, end: { line: 6, character: 53 } });
  });

  it('analyses untitled (unsaved) documents', async () => {
    const client = server();
    const uri = 'untitled:Untitled-1';
    await client.open(uri, STATUS_JOB, 'python');
    assert.strictEqual(withCode(await client.diagnostics(uri), 'missing-broadcast').length, 1);
  });

  it('reports Scala too', async () => {
    const client = server();
    const uri = client.uri('src/main/scala/Job.scala');
    const text = `import org.apache.spark.sql.SparkSession

object Job {
  def main(args: Array[String]): Unit = {
    val spark = SparkSession.builder().getOrCreate()
    val orders = spark.read.parquet("s3://lake/orders")
    val days = spark.range(366)
    orders.join(days, Seq("id")).write.parquet("s3://lake/out")
  }
}
`;
    await client.open(uri, text);
    const diagnostics = withCode(await client.diagnostics(uri), 'missing-broadcast');
    assert.deepStrictEqual(diagnostics.map((d) => [d.range, d.severity, d.source]), [[joinCallRange(text, 'orders.join(days, Seq("id"))'), DiagnosticSeverity.Warning, 'spark-advisor']]);
  });

  it('ignores languages it does not analyse', async () => {
    const client = server();
    const uri = client.uri('notes/job.md');
    await client.open(uri, STATUS_JOB, 'markdown');
    assert.deepStrictEqual(await client.diagnostics(uri), []);
  });
});
