import * as assert from 'assert';
import * as vscode from 'vscode';
import { describe as describeDiagnostics, expectedFindings, open, waitForDiagnostics } from './editorHelpers';

const JOB = 'pyspark/daily_orders_etl.py';

/** Runs in code-server with the packaged VSIX installed (not the development copy). */
describe('the packaged extension (VSIX)', () => {
  it('is installed from the VSIX, not loaded from the repository', () => {
    const extension = vscode.extensions.getExtension('spark-advisor.spark-advisor');
    assert.ok(extension, 'spark-advisor.spark-advisor is installed');
    assert.ok(!extension.extensionPath.startsWith(process.env.SPARK_ADVISOR_REPO ?? '\0'), `loaded from ${extension.extensionPath}`);
  });

  it('reports the expected diagnostics', async () => {
    const editor = await open(JOB);
    const expected = expectedFindings(JOB);
    const diagnostics = await waitForDiagnostics(editor.document.uri, (d) => d.filter((x) => x.severity !== vscode.DiagnosticSeverity.Hint).length >= expected.length, `${expected.length} findings`);
    assert.deepStrictEqual(describeDiagnostics(diagnostics.filter((x) => x.severity !== vscode.DiagnosticSeverity.Hint)), expected);
  });
});
