/**
 * The performance report webview: pick an imported run (defaulting to the latest run of the job in
 * the active editor), show the page the server renders beside the editor, go to code in the other
 * editor group, restore after a reload (with a loading state meanwhile), and export it as
 * standalone HTML, Markdown or JSON.
 */
import { randomBytes } from 'crypto';
import * as os from 'os';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ExportReportRequest, ReportApplicationsRequest, ReportPageRequest, type ReportFormat } from '../../shared/protocol';
import { parseReportWebviewMessage } from '../../shared/reportWebviewMessages';

export const REPORT_VIEW_TYPE = 'sparkAdvisor.report';

/** What the webview keeps across reloads (its own UI state sits beside it). */
interface PanelState {
  appKey?: string;
}

function nonce(): string {
  return randomBytes(16).toString('base64');
}

function minutes(ms: number | null): string {
  return ms === null ? 'still running or cut' : ms < 60_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 60_000)} min`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** Shown at once while the server builds the report (a restored report can take seconds while the server starts). */
function loadingPage(what: string, cspNonce: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${cspNonce}'">
<style nonce="${cspNonce}">body{font-family:var(--vscode-font-family);color:var(--vscode-foreground);background:var(--vscode-editor-background);padding:24px}
.spinner{display:inline-block;width:12px;height:12px;margin-right:8px;border:2px solid var(--vscode-progressBar-background);border-right-color:transparent;border-radius:50%;animation:spin 0.8s linear infinite;vertical-align:-1px}
@keyframes spin{to{transform:rotate(360deg)}}@media (prefers-reduced-motion: reduce){.spinner{animation:none}}</style></head>
<body><p role="status" aria-live="polite" data-loading="true"><span class="spinner" aria-hidden="true"></span>Loading ${escapeHtml(what)}…</p></body></html>`;
}

const FORMATS: Record<string, ReportFormat> = { html: 'html', markdown: 'markdown', md: 'markdown', json: 'json' };
const FILTERS: Record<ReportFormat, Record<string, string[]>> = { html: { 'HTML page': ['html'] }, markdown: { Markdown: ['md'] }, json: { JSON: ['json'] } };

export class ReportPanels implements vscode.Disposable {
  private readonly panels = new Map<string, vscode.WebviewPanel>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly ensureClient: () => Promise<LanguageClient>,
    private readonly output: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      vscode.commands.registerCommand('sparkAdvisor.showReport', (appKey?: unknown) => this.show(typeof appKey === 'string' ? appKey : undefined)),
      vscode.commands.registerCommand('sparkAdvisor.exportReport', (appKey?: unknown, format?: unknown, target?: unknown) =>
        this.export(typeof appKey === 'string' ? appKey : undefined, typeof format === 'string' ? format : undefined, typeof target === 'string' ? target : undefined),
      ),
      vscode.window.registerWebviewPanelSerializer(REPORT_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel, state: PanelState | undefined) => {
          panel.webview.options = this.webviewOptions();
          panel.webview.html = loadingPage('the Spark report', nonce());
          const appKey = state?.appKey ?? (await this.pick(true));
          if (!appKey) {
            panel.dispose();
            return;
          }
          this.adopt(panel, appKey);
          await this.render(panel, appKey);
        },
      }),
    );
  }

  private webviewOptions(): vscode.WebviewOptions {
    return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(this.context.extensionUri, 'dist')] };
  }

  /** Opens (or reveals) the report of `appKey`, or of the run the user picks, beside the editor. Returns the app shown. */
  async show(appKey?: string): Promise<string | undefined> {
    const chosen = appKey ?? (await this.pick(false));
    if (!chosen) return undefined;
    const existing = this.panels.get(chosen);
    if (existing) {
      existing.reveal(undefined, false);
      return chosen;
    }
    const panel = vscode.window.createWebviewPanel(REPORT_VIEW_TYPE, 'Spark report', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false }, this.webviewOptions());
    panel.webview.html = loadingPage('the Spark report', nonce());
    this.adopt(panel, chosen);
    await this.render(panel, chosen);
    return chosen;
  }

  private adopt(panel: vscode.WebviewPanel, appKey: string): void {
    this.panels.set(appKey, panel);
    panel.onDidDispose(() => this.panels.delete(appKey));
    panel.webview.onDidReceiveMessage((raw: unknown) => void this.handle(panel, raw));
  }

  /** Messages come from a page that shows log content: only the two well-formed kinds are acted on. */
  private async handle(panel: vscode.WebviewPanel, raw: unknown): Promise<void> {
    const message = parseReportWebviewMessage(raw);
    if (!message) return;
    if (message.type === 'copy') {
      await vscode.env.clipboard.writeText(message.text);
      void vscode.window.showInformationMessage('Spark Advisor: configuration copied.');
      return;
    }
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(message.file));
    const line = Math.max(0, Math.min(document.lineCount - 1, message.line - 1));
    const position = new vscode.Position(line, document.lineAt(line).firstNonWhitespaceCharacterIndex);
    await vscode.window.showTextDocument(document, { selection: new vscode.Range(position, position), viewColumn: this.codeColumn(panel, document.uri) });
  }

  /** Another editor group than the report's, so going to code keeps the report in view: the file's own group if shown, else any other, else beside. */
  private codeColumn(panel: vscode.WebviewPanel, uri: vscode.Uri): vscode.ViewColumn {
    const reportColumn = panel.viewColumn;
    const elsewhere = vscode.window.visibleTextEditors.filter((editor) => editor.viewColumn !== undefined && editor.viewColumn !== reportColumn);
    const sameFile = elsewhere.find((editor) => editor.document.uri.toString() === uri.toString());
    const other = sameFile ?? elsewhere[0];
    if (other?.viewColumn) return other.viewColumn;
    const group = vscode.window.tabGroups.all.find((candidate) => candidate.viewColumn !== reportColumn);
    if (group) return group.viewColumn;
    return reportColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One;
  }

  private async render(panel: vscode.WebviewPanel, appKey: string): Promise<void> {
    try {
      const client = await this.ensureClient();
      const dist = vscode.Uri.joinPath(this.context.extensionUri, 'dist');
      const { title, html } = await client.sendRequest(ReportPageRequest, {
        appKey,
        nonce: nonce(),
        cspSource: panel.webview.cspSource,
        scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
        styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css')).toString(),
      });
      panel.title = title;
      panel.webview.html = html;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.output.error(`Report for ${appKey}: ${message}`);
      void vscode.window.showErrorMessage(`Spark Advisor: cannot show the report: ${message}`);
      panel.dispose();
    }
  }

  /** The run to report on: a quick pick of the imported runs, the default first. */
  private async pick(defaultOnly: boolean): Promise<string | undefined> {
    const client = await this.ensureClient();
    const active = vscode.window.activeTextEditor?.document.uri.toString();
    const { applications, defaultAppKey } = await client.sendRequest(ReportApplicationsRequest, { uri: active });
    if (applications.length === 0) {
      void vscode.window.showInformationMessage('Spark Advisor: no runs imported yet. Import event logs first.', 'Import Event Logs…').then((choice) => {
        if (choice) void vscode.commands.executeCommand('sparkAdvisor.importEventLogs');
      });
      return undefined;
    }
    if (defaultOnly) return defaultAppKey ?? applications[0]!.appKey;
    const ordered = [...applications].sort((a, b) => Number(b.appKey === defaultAppKey) - Number(a.appKey === defaultAppKey));
    const item = await vscode.window.showQuickPick(
      ordered.map((app) => ({ label: app.label, description: minutes(app.durationMs), detail: app.appKey === defaultAppKey ? 'latest run of the job in the active editor' : undefined, appKey: app.appKey })),
      { title: 'Spark Advisor: performance report', placeHolder: 'Which run?' },
    );
    return item?.appKey;
  }

  /** Writes the report as standalone HTML (same CSP and escaping, assets inlined), Markdown or JSON; the dialog starts in the workspace folder. */
  async export(appKey?: string, format?: string, target?: string): Promise<string | undefined> {
    const chosen = appKey ?? (await this.pick(false));
    if (!chosen) return undefined;
    const picked = format ?? (await vscode.window.showQuickPick(['HTML', 'Markdown', 'JSON'], { title: 'Spark Advisor: export the report as' }));
    const kind = picked ? FORMATS[picked.toLowerCase()] : undefined;
    if (!kind) return undefined;
    const client = await this.ensureClient();
    const { text, fileName } = await client.sendRequest(ExportReportRequest, { appKey: chosen, format: kind });
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir());
    const file = target ? vscode.Uri.file(target) : await vscode.window.showSaveDialog({ title: 'Spark Advisor: export the report', saveLabel: 'Export', defaultUri: vscode.Uri.joinPath(folder, fileName), filters: FILTERS[kind] });
    if (!file) return undefined;
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(text));
    void vscode.window.showInformationMessage(`Spark Advisor: report written to ${file.fsPath}`, 'Open').then((choice) => {
      if (choice) void vscode.commands.executeCommand('vscode.open', file);
    });
    return file.fsPath;
  }

  dispose(): void {
    for (const panel of this.panels.values()) panel.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }
}
