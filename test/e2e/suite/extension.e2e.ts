import * as crypto from 'crypto';
import * as os from 'os';
import * as fs from 'fs';
import * as path from 'path';
import * as assert from 'assert';
import * as vscode from 'vscode';
import { apply, codeActions, describe as describeDiagnostics, eventually, expectedFindings, open, ours, pageTexts, screenshot, waitForDiagnostics, webviewClick, webviewContrast, webviewTexts, workspaceFile } from './editorHelpers';

const PYTHON_JOB = 'pyspark/daily_orders_etl.py';
const SCALA_JOB = 'scala/src/main/scala/com/acme/etl/DailyRevenueJob.scala';
const CLEAN_JOB = 'pyspark/clean_job.py';
const SESSIONS_JOB = 'pyspark/sessionize_clickstream.py';

interface SparkAdvisorApi {
  statusText(): string;
  storeFile: string;
}

function api(): SparkAdvisorApi {
  const extension = vscode.extensions.getExtension<SparkAdvisorApi>('spark-advisor.spark-advisor');
  assert.ok(extension?.isActive, 'the extension is active');
  return extension.exports;
}

function code(diagnostic: vscode.Diagnostic): string {
  return String(typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code);
}

function visible(diagnostics: vscode.Diagnostic[]): vscode.Diagnostic[] {
  return diagnostics.filter((d) => d.severity !== vscode.DiagnosticSeverity.Hint);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const digest = (file: string) => (fs.existsSync(file) ? crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex') : 'absent');

/** Sentences of a text, for telling whether a hover says something twice. */
function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((sentence) => sentence.replace(/\s+/g, ' ').trim())
    .filter((sentence) => sentence.length >= 25);
}

describe('Spark Advisor in a real VS Code', () => {
  it('activates and reports the expected findings in a PySpark job, each linking its rule page', async () => {
    const editor = await open(PYTHON_JOB);
    const expected = expectedFindings(PYTHON_JOB);
    const diagnostics = await waitForDiagnostics(editor.document.uri, (d) => visible(d).length >= expected.length, `${expected.length} findings in ${PYTHON_JOB}`);
    assert.deepStrictEqual(describeDiagnostics(visible(diagnostics)), expected);
    const broadcast = diagnostics.find((d) => code(d) === 'missing-broadcast')!;
    // The link under the code opens the rule page rendered, not the installed Markdown file.
    const target = (broadcast.code as { target: vscode.Uri }).target;
    assert.strictEqual(target.scheme, 'command');
    assert.strictEqual(target.path, 'sparkAdvisor.showRuleDocumentation');
    assert.deepStrictEqual(JSON.parse(decodeURIComponent(target.query)), ['missing-broadcast']);
    api();
  });

  it('underlines the call or the name that matters, on one line, under a headline of at most 120 characters', async () => {
    const measured = new Set(['task-skew', 'spill', 'gc-pressure', 'partition-sizing', 'stage-failures', 'broadcast-too-large']);
    for (const job of [PYTHON_JOB, SCALA_JOB, SESSIONS_JOB]) {
      const editor = await open(job);
      const diagnostics = visible(await waitForDiagnostics(editor.document.uri, (d) => visible(d).length > 0, `findings in ${job}`)).filter((d) => !measured.has(code(d)));
      assert.ok(diagnostics.length >= 2, `findings in ${job}`);
      for (const diagnostic of diagnostics) {
        const where = `${code(diagnostic)} at ${job}:${diagnostic.range.start.line + 1}`;
        assert.strictEqual(diagnostic.range.end.line, diagnostic.range.start.line, `${where} stays on one line`);
        const underlined = editor.document.getText(diagnostic.range);
        assert.ok(/^["'\w]/.test(underlined) && underlined.length <= 120, `${where} underlines a name or a call, not a statement: ${underlined}`);
        assert.ok(diagnostic.message.split('\n')[0]!.length <= 120, `${where} has a headline of at most 120 characters: ${diagnostic.message}`);
      }
    }
    const python = await open(PYTHON_JOB);
    const join = ours(python.document.uri).find((d) => code(d) === 'missing-broadcast')!;
    assert.match(python.document.getText(join.range), /^join\(/);
    const cache = ours(python.document.uri).find((d) => code(d) === 'needless-cache')!;
    assert.match(python.document.getText(cache.range), /^cache\(\)$/);
  });

  it('the language status item follows the active editor', async () => {
    const dirty = await open(PYTHON_JOB);
    const findings = (await waitForDiagnostics(dirty.document.uri, (d) => d.length > 0, 'findings in the PySpark job')).length;
    const clean = await open(CLEAN_JOB);
    await waitForDiagnostics(clean.document.uri, () => true, 'the clean job analysed');
    const says = (text: string) => eventually(() => (api().statusText() === text ? true : undefined), `the status item to say "${text}" (it says "${api().statusText()}")`, 20_000);
    await says('Spark Advisor: 0 findings');
    await vscode.window.showTextDocument(dirty.document);
    await says(`Spark Advisor: ${findings} finding${findings === 1 ? '' : 's'}`);
    await vscode.window.showTextDocument(clean.document);
    await says('Spark Advisor: 0 findings');
  });

  it('adds no hover of its own over a finding: VS Code\'s diagnostic hover says it once', async () => {
    const uri = (await open(PYTHON_JOB)).document.uri;
    const finding = ours(uri).find((d) => code(d) === 'missing-broadcast')!;
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, finding.range.start.translate(0, 1));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.ok(!text.includes(finding.message.slice(0, 40)), `no repeated message in the providers' hovers:\n${text}`);
  });

  it('"Show documentation for <rule>" opens the rule page rendered and read-only', async () => {
    const uri = (await open(PYTHON_JOB)).document.uri;
    const finding = ours(uri).find((d) => code(d) === 'missing-broadcast')!;
    const actions = await codeActions(uri, finding.range, vscode.CodeActionKind.QuickFix.value);
    const documentation = actions.find((a) => a.title === 'Show documentation for missing-broadcast');
    assert.ok(documentation?.command, `no documentation action among: ${actions.map((a) => a.title).join(' | ')}`);
    assert.strictEqual(actions[actions.length - 1], documentation, 'listed last, after the fixes');
    await vscode.commands.executeCommand(documentation.command.command, ...(documentation.command.arguments ?? []));
    // Rendered: the page's text without Markdown syntax, in a preview (a webview), not a text editor.
    const page = await eventually(async () => (await webviewTexts()).find((t) => t.includes('missing-broadcast') && t.includes('Why it is slow')), 'the rendered rule page');
    assert.ok(!/^#{1,3} /m.test(page), 'headings are rendered, not shown as Markdown source');
    const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs);
    assert.ok(tabs.some((tab) => tab.input instanceof vscode.TabInputWebview && tab.label.includes('missing-broadcast')), `a preview tab: ${tabs.map((t) => t.label).join(', ')}`);
    assert.ok(!tabs.some((tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.path.endsWith('/docs/rules/missing-broadcast.md')), 'the installed file is not opened for editing');
    await screenshot('rule-documentation.png');
    await vscode.commands.executeCommand('workbench.action.closeEditorsInOtherGroups');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
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

  it('reports and fixes a Scala job, highlighted by the extension\'s own Scala grammar', async () => {
    const editor = await open(SCALA_JOB);
    const uri = editor.document.uri;
    const expected = expectedFindings(SCALA_JOB);
    const diagnostics = await waitForDiagnostics(uri, (d) => visible(d).length >= expected.length, `${expected.length} findings in ${SCALA_JOB}`);
    assert.deepStrictEqual(describeDiagnostics(visible(diagnostics)), expected);
    // No other Scala extension here: "Inspect Editor Tokens and Scopes" on a `val` shows our grammar's scopes.
    const valAt = editor.document.getText().indexOf('val orders');
    const position = editor.document.positionAt(valAt + 1);
    editor.selection = new vscode.Selection(position, position);
    await vscode.commands.executeCommand('editor.action.inspectTMScopes');
    const inspected = await eventually(async () => (await pageTexts('.token-inspect-widget')).join('\n') || undefined, 'the token inspector');
    await vscode.commands.executeCommand('editor.action.inspectTMScopes');
    assert.match(inspected, /source\.scala/, inspected);
    assert.match(inspected, /(keyword|storage)\.[\w.]*scala/, inspected);
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
    const probe = '\nprint(len(spark.read.parquet("s3://lake/everything").collect()))\n';
    await editor.edit((b) => b.insert(end, probe));
    await waitForDiagnostics(uri, (d) => visible(d).some((x) => code(x) === 'collect-unbounded'), 'the probe anti-pattern to be reported');
    await editor.edit((b) => b.delete(new vscode.Range(end, editor.document.lineAt(editor.document.lineCount - 1).range.end)));
    const diagnostics = await waitForDiagnostics(uri, (d) => visible(d).length === 0, 'the clean job to have no findings');
    assert.deepStrictEqual(describeDiagnostics(visible(diagnostics)), []);
  });

  it('"Analyse Workspace" fills the Problems panel with the findings of files never opened', async () => {
    const marketing = workspaceFile('pyspark/marketing_report.py');
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === marketing.toString()), 'not opened by the suite');
    assert.deepStrictEqual(ours(marketing), []);
    await vscode.commands.executeCommand('sparkAdvisor.analyzeWorkspace');
    const diagnostics = await waitForDiagnostics(marketing, (d) => visible(d).length >= expectedFindings('pyspark/marketing_report.py').length, 'the workspace findings');
    assert.deepStrictEqual(describeDiagnostics(visible(diagnostics)), expectedFindings('pyspark/marketing_report.py'));
    await vscode.commands.executeCommand('workbench.action.closePanel');
  });
});

describe('past runs (event logs) in a real VS Code', () => {
  const logs = () => path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, 'eventlogs');

  it('imports through the command, then places the measured join finding on the join and lenses above statements', async () => {
    const editor = await open(SESSIONS_JOB);
    const uri = editor.document.uri;
    await waitForDiagnostics(uri, (d) => d.some((x) => code(x) === 'skew-prone-join'), 'the static findings first');
    assert.ok(!ours(uri).some((d) => code(d) === 'task-skew'), 'nothing measured before the import');

    const result = await vscode.commands.executeCommand<{ applications: number; summary: string }>('sparkAdvisor.importEventLogs', logs());
    assert.ok(result && result.applications === 12, `import result: ${JSON.stringify(result)}`);

    // Stage 7 ran the SortMergeJoin on account_id for the web_sessions write (line 119, no Python line in
    // the log): its plan node places it on the join of line 113; the write stays as related information.
    const diagnostics = await waitForDiagnostics(uri, (d) => d.some((x) => code(x) === 'task-skew'), 'a measured task-skew finding');
    const skew = diagnostics.find((d) => code(d) === 'task-skew')!;
    assert.strictEqual(skew.range.start.line + 1, 113);
    assert.match(editor.document.lineAt(112).text, /sessions\.join\(accounts/);
    assert.match(skew.message, /^A few tasks ran far longer than the rest in stage 7 of sessionize-clickstream \(2026-11-03\)\.\nMax task 437 s vs median 9 s over 200 tasks/);
    assert.deepStrictEqual(skew.relatedInformation?.map((r) => r.location.range.start.line + 1), [119]);
    const join = diagnostics.find((d) => code(d) === 'skew-prone-join')!;
    assert.strictEqual(join.range.start.line + 1, 113);
    assert.match(join.message, /437 s/, 'the static skew-prone-join finding now carries the measured figures');

    // Lenses sit above whole statements, above the comments that introduce them: the window of line 70 is
    // inside the chain that starts at line 68 (`return (` ), the join on its own line 113.
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    const spark = lenses.filter((lens) => lens.command?.title.startsWith('Spark:'));
    const lines = spark.map((lens) => lens.range.start.line + 1);
    assert.ok(lines.includes(68) && lines.includes(113), `lens lines ${lines.join(', ')}`);
    for (const line of lines) {
      const text = editor.document.lineAt(line - 1).text.trim();
      assert.ok(!text.startsWith('.'), `line ${line} is not inside a method chain: ${text}`);
      assert.ok(line === 1 || !editor.document.lineAt(line - 2).text.trim().startsWith('#'), `line ${line} is not right under a comment`);
    }
    editor.revealRange(skew.range, vscode.TextEditorRevealType.InCenter);
    // Lenses render after a debounce; the picture should show them.
    await sleep(1500);
    await screenshot('history.png');
  });

  it('hovering the measured join shows each sentence once, the runs table, and stays short', async () => {
    const editor = await open(SESSIONS_JOB);
    const uri = editor.document.uri;
    const position = new vscode.Position(112, editor.document.lineAt(112).text.indexOf('join') + 1);
    const ownHover = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position))
      .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)))
      .join('\n');
    assert.match(ownHover, /measured here/);
    assert.ok(ownHover.includes('sessionize\\-clickstream \\(2026\\-11\\-03\\)'), 'the latest run, its name escaped for Markdown');
    assert.ok(ownHover.length <= 1000, `the extension's hover is ${ownHover.length} characters`);
    const messages = ours(uri).filter((d) => d.range.start.line === 112).map((d) => d.message);
    for (const message of messages) assert.ok(!ownHover.includes(message.slice(0, 30)), 'no diagnostic message repeated in our hover');

    // What the user sees: VS Code's hover with the diagnostics and ours, rendered.
    editor.selection = new vscode.Selection(position, position);
    await vscode.commands.executeCommand('editor.action.showHover');
    const shown = await eventually(async () => (await pageTexts('.monaco-hover .monaco-hover-content')).join('\n') || undefined, 'the hover to show');
    await vscode.commands.executeCommand('editor.action.hideHover').then(undefined, () => undefined);
    const all = sentences(shown);
    const repeated = all.filter((sentence, index) => all.indexOf(sentence) !== index);
    assert.deepStrictEqual(repeated, [], `sentences said twice in the hover:\n${shown}`);
    const budget = messages.reduce((sum, message) => sum + message.length, 0) + 1000;
    assert.ok(shown.length <= budget, `the hover (${shown.length} characters) is no longer than the diagnostics (said once) and our table`);
  });

  it('the lens\'s "show runs" lists the runs (newest first), not a hover', async () => {
    const editor = await open(SESSIONS_JOB);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri);
    const lens = lenses.find((candidate) => candidate.command?.title.startsWith('Spark:') && candidate.range.start.line === 112)!;
    assert.ok(lens, 'a lens above the join');
    const shown = vscode.commands.executeCommand(lens.command!.command, ...(lens.command!.arguments ?? []));
    const items = await eventually(async () => {
      const labels = await pageTexts('.quick-input-widget .quick-input-list .monaco-list-row .label-name');
      return labels.length > 0 ? labels : undefined;
    }, 'the quick pick of runs');
    assert.deepStrictEqual(items.map((label) => label.trim()).filter((label) => label.startsWith('sessionize')), ['sessionize-clickstream (2026-11-03)', 'sessionize-clickstream (2026-11-02)']);
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await shown;
  });

  it('Cancel in the import notification stops the import and leaves the store as it was', async () => {
    // A copy under other paths: every log is read again, long enough to press Cancel midway.
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'spark-advisor-e2e-logs-'));
    for (const name of fs.readdirSync(logs())) if (name.startsWith('app-')) fs.copyFileSync(path.join(logs(), name), path.join(copy, name));
    const store = api().storeFile;
    const before = digest(store);
    assert.notStrictEqual(before, 'absent', 'the store holds the runs imported above');
    const started = Date.now();
    const running = vscode.commands.executeCommand<{ cancelled?: boolean; summary: string } | undefined>('sparkAdvisor.importEventLogs', copy);
    const toast = '.notifications-toasts .notification-list-item';
    const shown = await eventually(async () => (await pageTexts(toast)).find((text) => text.includes('importing event logs')), 'the import notification', 10_000, 100);
    const visibleAfter = Date.now() - started;
    assert.ok(visibleAfter < 3000, `the notification shows at once (${visibleAfter} ms)`);
    assert.match(shown, /Cancel/);
    await screenshot('import-progress.png');
    await webviewClick(`${toast} .monaco-button:has-text("Cancel")`);
    const result = await running;
    assert.strictEqual(result?.cancelled, true, `import result: ${JSON.stringify(result)}`);
    assert.strictEqual(digest(store), before, 'the store file is byte for byte as before');
    fs.rmSync(copy, { recursive: true, force: true });
  });
});

describe('performance report in a real VS Code', () => {
  const THEMES: Array<[label: string, kind: string, file: string]> = [
    ['Default Light Modern', 'vscode-light', 'report-theme-light.png'],
    ['Default Dark Modern', 'vscode-dark', 'report-theme-dark.png'],
    ['Default High Contrast', 'vscode-high-contrast', 'report-theme-high-contrast.png'],
    ['Default High Contrast Light', 'vscode-high-contrast-light', 'report-theme-high-contrast-light.png'],
  ];

  it('opens beside the editor for the job in it, and "Go to code" reveals the line in the other group', async () => {
    // The runs were imported above; the report defaults to the latest run of this job.
    const editor = await open(SESSIONS_JOB);
    await waitForDiagnostics(editor.document.uri, (d) => d.some((x) => code(x) === 'task-skew'), 'the history of this job');
    await vscode.commands.executeCommand('workbench.action.closeOtherEditors').then(undefined, () => undefined);
    const editorColumn = vscode.window.activeTextEditor!.viewColumn;
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
      await sleep(300);
    }
    assert.ok(appKey, 'a run was picked');

    const reportTab = vscode.window.tabGroups.all.flatMap((group) => group.tabs.map((tab) => ({ tab, group }))).find(({ tab }) => tab.input instanceof vscode.TabInputWebview && tab.label.startsWith('Spark report'));
    assert.ok(reportTab, 'a report tab');
    assert.notStrictEqual(reportTab.group.viewColumn, editorColumn, 'the report opens beside the editor, not over it');
    assert.ok(vscode.window.visibleTextEditors.some((e) => e.document.uri.fsPath.endsWith('sessionize_clickstream.py')), 'the code stays in view');

    // What the report says, read back through its JSON export (the same shape as `spark-advisor report --format json`).
    const exported = path.join(os.tmpdir(), `spark-advisor-e2e-report-${Date.now()}.json`);
    await vscode.commands.executeCommand('sparkAdvisor.exportReport', appKey, 'json', exported);
    const report = JSON.parse(fs.readFileSync(exported, 'utf8')) as { schema: string; version: number; applications: Array<{ label: string; findings: Array<{ rule: string; location: { file: string; line: number } | null }> }> };
    assert.strictEqual(report.schema, 'spark-advisor-report');
    assert.strictEqual(report.applications.length, 1);
    const exportedRun = report.applications[0]!;
    assert.strictEqual(exportedRun.label, 'sessionize-clickstream (2026-11-03)');
    const skew = exportedRun.findings.find((f) => f.rule === 'task-skew');
    assert.strictEqual(skew?.location?.line, 113, `the report places the skewed stage on the join too: ${JSON.stringify(exportedRun.findings.map((f) => f.rule))}`);

    const page = await eventually(async () => (await webviewTexts()).find((t) => t.includes('sessionize-clickstream (2026-11-03)')), 'the report page');
    assert.match(page, /task-skew/);
    assert.match(page, /437 s/, 'with the measured figures');
    await vscode.commands.executeCommand('notifications.clearAll');
    await screenshot('report.png');

    // Focus the report, then click the finding's button inside the webview.
    await vscode.commands.executeCommand('workbench.action.focusNextGroup');
    await webviewClick(`button[data-line="113"][data-file$="sessionize_clickstream.py"]`);
    const active = await eventually(() => {
      const current = vscode.window.activeTextEditor;
      return current?.document.uri.fsPath.endsWith('sessionize_clickstream.py') && current.selection.active.line === 112 ? current : undefined;
    }, 'the join line revealed');
    assert.notStrictEqual(active.viewColumn, reportTab.group.viewColumn, 'revealed in the other group: the report stays visible');
    assert.ok(vscode.window.tabGroups.all.some((group) => group.activeTab?.input instanceof vscode.TabInputWebview), 'the report is still shown');
  });

  for (const [theme, kind, file] of THEMES) {
    it(`is readable in ${theme}: every text passes WCAG AA contrast`, async () => {
      await vscode.workspace.getConfiguration('workbench').update('colorTheme', theme, vscode.ConfigurationTarget.Global);
      let seen = 'no report page';
      await eventually(async () => {
        const found = await webviewContrast('sessionize-clickstream (2026-11-03)');
        seen = found.map((report) => report.theme).join(', ') || 'no report page';
        return found.length > 0 && found.every((report) => report.theme === kind) ? found : undefined;
      }, `the report restyled for ${theme}`).catch((error: Error) => {
        throw new Error(`${error.message} (the page says: ${seen})`);
      });
      await vscode.commands.executeCommand('notifications.clearAll');
      await sleep(500);
      await screenshot(file);
      const [report] = await webviewContrast('sessionize-clickstream (2026-11-03)');
      assert.ok(report && report.checked > 50, `texts checked: ${report?.checked}`);
      assert.deepStrictEqual(report.failures, [], `${report.failures.length} text/background pairs under AA in ${theme}:\n${report.failures.map((f) => `${f.selector} "${f.text}": ${f.color} on ${f.background} = ${f.ratio} < ${f.minimum}`).join('\n')}`);
    });
  }
});
