import * as os from 'os';
import * as fs from 'fs';
import * as path from 'path';
import * as assert from 'assert';
import * as vscode from 'vscode';
import { apply, codeActions, describe as describeDiagnostics, expectedFindings, open, ours, screenshot, waitForDiagnostics, webviewClick, webviewTexts } from './editorHelpers';

const PYTHON_JOB = 'pyspark/daily_orders_etl.py';
const SCALA_JOB = 'scala/src/main/scala/com/acme/etl/DailyRevenueJob.scala';
const CLEAN_JOB = 'pyspark/clean_job.py';

function code(diagnostic: vscode.Diagnostic): string {
  return String(typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code);
}

function visible(diagnostics: vscode.Diagnostic[]): vscode.Diagnostic[] {
  return diagnostics.filter((d) => d.severity !== vscode.DiagnosticSeverity.Hint);
}

describe('Spark Advisor in a real VS Code', () => {
  it('activates and reports the expected findings in a PySpark job', async () => {
    const editor = await open(PYTHON_JOB);
    const expected = expectedFindings(PYTHON_JOB);
    const diagnostics = await waitForDiagnostics(editor.document.uri, (d) => visible(d).length >= expected.length, `${expected.length} findings in ${PYTHON_JOB}`);
    assert.deepStrictEqual(describeDiagnostics(visible(diagnostics)), expected);
    const broadcast = diagnostics.find((d) => code(d) === 'missing-broadcast')!;
    assert.ok(String((broadcast.code as { target: vscode.Uri }).target).endsWith('docs/rules/missing-broadcast.md'));
    assert.ok(vscode.extensions.getExtension('spark-advisor.spark-advisor')?.isActive, 'the extension is active');
  });

  it('explains a finding on hover', async () => {
    const uri = (await open(PYTHON_JOB)).document.uri;
    const finding = ours(uri).find((d) => code(d) === 'missing-broadcast')!;
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, finding.range.start.translate(0, 1));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /missing-broadcast/);
    assert.match(text, /broadcast/);
  });

  it('applies the missing-broadcast quick fix and the finding goes away', async () => {
    const editor = await open(PYTHON_JOB);
    const uri = editor.document.uri;
    const finding = ours(uri).find((d) => code(d) === 'missing-broadcast')!;
    editor.selection = new vscode.Selection(finding.range.start, finding.range.start);
    editor.revealRange(finding.range, vscode.TextEditorRevealType.InCenter);
    await vscode.commands.executeCommand('editor.action.quickFix');
    await screenshot('quick-fix.png');
    await vscode.commands.executeCommand('hideCodeActionWidget');

    const actions = await codeActions(uri, finding.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.isPreferred && a.title.startsWith('Wrap the small side'));
    assert.ok(fix, `no preferred broadcast fix among: ${actions.map((a) => a.title).join(' | ')}`);
    const line = finding.range.start.line;
    await apply(fix);
    assert.match(editor.document.lineAt(line).text, /broadcast\(\w+\)/);
    await waitForDiagnostics(uri, (d) => !d.some((x) => code(x) === 'missing-broadcast' && x.range.start.line === line), 'the fixed finding to disappear');
  });

  it('disables a rule for one line with a comment', async () => {
    const editor = await open(PYTHON_JOB);
    const uri = editor.document.uri;
    const finding = ours(uri).find((d) => code(d) === 'needless-cache')!;
    const actions = await codeActions(uri, finding.range, vscode.CodeActionKind.QuickFix.value);
    const disable = actions.find((a) => a.title === 'Disable needless-cache for this line');
    assert.ok(disable, `no disable action among: ${actions.map((a) => a.title).join(' | ')}`);
    await apply(disable);
    assert.match(editor.document.lineAt(finding.range.start.line).text, /# spark-advisor: disable=needless-cache$/);
    await waitForDiagnostics(uri, (d) => !d.some((x) => code(x) === 'needless-cache'), 'the suppressed finding to disappear');
  });

  it('reports and fixes a Scala job', async () => {
    const editor = await open(SCALA_JOB);
    const uri = editor.document.uri;
    const expected = expectedFindings(SCALA_JOB);
    const diagnostics = await waitForDiagnostics(uri, (d) => visible(d).length >= expected.length, `${expected.length} findings in ${SCALA_JOB}`);
    assert.deepStrictEqual(describeDiagnostics(visible(diagnostics)), expected);
    const finding = diagnostics.find((d) => code(d) === 'missing-broadcast')!;
    const fix = (await codeActions(uri, finding.range, vscode.CodeActionKind.QuickFix.value)).find((a) => a.isPreferred);
    assert.ok(fix);
    await apply(fix);
    assert.match(editor.document.lineAt(finding.range.start.line).text, /broadcast\(\w+\)/);
    await waitForDiagnostics(uri, (d) => !d.some((x) => code(x) === 'missing-broadcast'), 'the Scala finding to disappear');
  });

  it('follows settings changes (a rule turned off, then on again)', async () => {
    const editor = await open(SCALA_JOB);
    const uri = editor.document.uri;
    const configuration = vscode.workspace.getConfiguration('sparkAdvisor');
    await configuration.update('rules', { 'collect-unbounded': 'off' }, vscode.ConfigurationTarget.Workspace);
    try {
      await waitForDiagnostics(uri, (d) => !d.some((x) => code(x) === 'collect-unbounded'), 'collect-unbounded to be switched off');
    } finally {
      await configuration.update('rules', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitForDiagnostics(uri, (d) => d.some((x) => code(x) === 'collect-unbounded'), 'collect-unbounded to come back');
  });

  it('leaves a clean, idiomatic job without findings', async () => {
    const editor = await open(CLEAN_JOB);
    const uri = editor.document.uri;
    // Prove the server analyses this document: add an anti-pattern, see it reported, take it away.
    const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
    const probe = '\nspark.read.parquet("s3://lake/everything").collect()\n';
    await editor.edit((b) => b.insert(end, probe));
    await waitForDiagnostics(uri, (d) => d.some((x) => code(x) === 'collect-unbounded'), 'the probe anti-pattern to be reported');
    await editor.edit((b) => b.delete(new vscode.Range(end, editor.document.lineAt(editor.document.lineCount - 1).range.end)));
    const diagnostics = await waitForDiagnostics(uri, (d) => visible(d).length === 0, 'the clean job to have no findings');
    assert.deepStrictEqual(describeDiagnostics(visible(diagnostics)), []);
  });
});

describe('past runs (event logs) in a real VS Code', () => {
  // Not edited by the tests above, so its lines are those the example logs name.
  const SESSIONS_JOB = 'pyspark/sessionize_clickstream.py';

  it('imports through the command, then shows a measured finding and code lenses on the right lines', async () => {
    const editor = await open(SESSIONS_JOB);
    const uri = editor.document.uri;
    await waitForDiagnostics(uri, (d) => d.some((x) => code(x) === 'skew-prone-join'), 'the static findings first');
    assert.ok(!ours(uri).some((d) => code(d) === 'task-skew'), 'nothing measured before the import');

    const logs = path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, 'eventlogs');
    const result = await vscode.commands.executeCommand<{ applications: number; summary: string }>('sparkAdvisor.importEventLogs', logs);
    assert.ok(result && result.applications === 12, `import result: ${JSON.stringify(result)}`);

    // The write of web_sessions (line 119) ran the skewed join stage; PySpark logs no line for writes,
    // so this also proves the plan's write target was tied to the .parquet(SESSIONS_PATH) call.
    const diagnostics = await waitForDiagnostics(uri, (d) => d.some((x) => code(x) === 'task-skew'), 'a measured task-skew finding');
    const skew = diagnostics.find((d) => code(d) === 'task-skew')!;
    assert.strictEqual(skew.range.start.line + 1, 119);
    assert.match(skew.message, /max task 437 s vs median 9 s over 200 tasks/);
    assert.match(skew.message, /sessionize-clickstream \(2026-11-03\)/);
    const join = diagnostics.find((d) => code(d) === 'skew-prone-join')!;
    assert.match(join.message, /437 s/, 'the static skew-prone-join finding now carries the measured figures');

    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    const spark = lenses.filter((lens) => lens.command?.title.startsWith('Spark:'));
    assert.deepStrictEqual(spark.map((lens) => lens.range.start.line + 1), [103, 119]);
    assert.match(spark[1]!.command!.title, /tasks/);
    assert.match(spark[1]!.command!.title, /2 runs/);
    editor.revealRange(skew.range, vscode.TextEditorRevealType.InCenter);
    // Lenses render after a debounce; the picture should show them.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await screenshot('history.png');
  });
});

describe('performance report in a real VS Code', () => {
  const SESSIONS_JOB = 'pyspark/sessionize_clickstream.py';

  it('opens from the command palette for the job in the editor, renders it, and "go to code" reveals the line', async () => {
    // The runs were imported by the test above; the report defaults to the latest run of this job.
    const editor = await open(SESSIONS_JOB);
    await waitForDiagnostics(editor.document.uri, (d) => d.some((x) => code(x) === 'task-skew'), 'the history of this job');
    const shown = vscode.commands.executeCommand<string | undefined>('sparkAdvisor.showReport');
    let appKey: string | undefined;
    let settled = false;
    void shown.then((value) => {
      appKey = value;
      settled = true;
    });
    // Accept the run picker's default entry, as a user pressing Enter would.
    for (let tries = 0; !settled && tries < 100; tries++) {
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    assert.ok(appKey, 'a run was picked');

    // What the report says, read back through its JSON export (the same shape as `spark-advisor report --format json`).
    const exported = path.join(os.tmpdir(), `spark-advisor-e2e-report-${Date.now()}.json`);
    await vscode.commands.executeCommand('sparkAdvisor.exportReport', appKey, 'json', exported);
    const report = JSON.parse(fs.readFileSync(exported, 'utf8')) as { schema: string; version: number; applications: Array<{ label: string; findings: Array<{ rule: string; location: { file: string; line: number } | null }> }> };
    assert.strictEqual(report.schema, 'spark-advisor-report');
    assert.strictEqual(report.applications.length, 1);
    const exportedRun = report.applications[0]!;
    assert.strictEqual(exportedRun.label, 'sessionize-clickstream (2026-11-03)');
    const located = exportedRun.findings.find((f) => f.location && f.location.file.endsWith('sessionize_clickstream.py'));
    assert.ok(located?.location, `a finding with its place in the code: ${JSON.stringify(exportedRun.findings.map((f) => f.rule))}`);

    let texts: string[] = [];
    for (let tries = 0; tries < 60 && !texts.some((t) => t.includes('sessionize-clickstream')); tries++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      texts = await webviewTexts();
    }
    const page = texts.find((t) => t.includes('sessionize-clickstream')) ?? '';
    assert.match(page, /sessionize-clickstream \(2026-11-03\)/, 'the webview shows the run');
    assert.match(page, /task-skew/);
    assert.match(page, /437 s/, 'with the measured figures');
    await screenshot('report.png');

    // Move the editor focus elsewhere, then click the finding's button inside the webview.
    await vscode.commands.executeCommand('workbench.action.closeOtherEditors').then(undefined, () => undefined);
    await webviewClick(`button[data-line="${located.location.line}"][data-file$="sessionize_clickstream.py"]`);
    for (let tries = 0; tries < 40; tries++) {
      const active = vscode.window.activeTextEditor;
      if (active?.document.uri.fsPath.endsWith('sessionize_clickstream.py') && active.selection.active.line === located.location.line - 1) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const active = vscode.window.activeTextEditor;
    assert.ok(active?.document.uri.fsPath.endsWith('sessionize_clickstream.py'), `editor for ${active?.document.uri.fsPath}`);
    assert.strictEqual(active!.selection.active.line + 1, located.location.line, 'the finding\'s line is revealed');
  });
});

