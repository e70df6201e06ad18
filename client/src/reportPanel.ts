/**
 * The performance report webview: pick an imported run (defaulting to the latest run of the job in
 * the active editor), render the report the server assembles, go to code from a finding, restore
 * after a reload, and export it as standalone HTML, Markdown or JSON.
 */
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { parseReportWebviewMessage, REPORT_APPLICATIONS_REQUEST, REPORT_DOCUMENT_REQUEST, type ReportApplicationsResult, type ReportDocumentParams, type ReportDocumentResult } from '../../server/src/protocol';

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

  /** Opens (or reveals) the report of `appKey`, or of the run the user picks. Returns the app shown. */
  async show(appKey?: string): Promise<string | undefined> {
    const chosen = appKey ?? (await this.pick(false));
    if (!chosen) return undefined;
    const existing = this.panels.get(chosen);
    if (existing) {
      existing.reveal();
      return chosen;
    }
    const panel = vscode.window.createWebviewPanel(REPORT_VIEW_TYPE, 'Spark report', vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(this.context.extensionUri, 'dist')],
    });
    this.adopt(panel, chosen);
    await this.render(panel, chosen);
    return chosen;
  }

  private adopt(panel: vscode.WebviewPanel, appKey: string): void {
    this.panels.set(appKey, panel);
    panel.onDidDispose(() => this.panels.delete(appKey));
    panel.webview.onDidReceiveMessage((raw: unknown) => void this.handle(raw));
  }

  /** Messages come from a page that shows log content: only the two well-formed kinds are acted on. */
  private async handle(raw: unknown): Promise<void> {
    const message = parseReportWebviewMessage(raw);
    if (!message) return;
    if (message.type === 'copy') {
      await vscode.env.clipboard.writeText(message.text);
      void vscode.window.showInformationMessage('Spark Advisor: configuration copied.');
    } else {
      const document = await vscode.workspace.openTextDocument(vscode.Uri.file(message.file));
      const line = Math.max(0, Math.min(document.lineCount - 1, message.line - 1));
      const position = new vscode.Position(line, document.lineAt(line).firstNonWhitespaceCharacterIndex);
      await vscode.window.showTextDocument(document, { selection: new vscode.Range(position, position), viewColumn: vscode.ViewColumn.One });
    }
  }

  /** The server renders the report (page or export); the client only shows or saves it. */
  private async document(params: ReportDocumentParams): Promise<ReportDocumentResult> {
    const client = await this.ensureClient();
    return client.sendRequest<ReportDocumentResult>(REPORT_DOCUMENT_REQUEST, params);
  }

  private async render(panel: vscode.WebviewPanel, appKey: string): Promise<void> {
    try {
      const dist = vscode.Uri.joinPath(this.context.extensionUri, 'dist');
      const page = await this.document({
        appKey,
        format: 'webview',
        webview: {
          nonce: nonce(),
          cspSource: panel.webview.cspSource,
          scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
          styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css')).toString(),
        },
      });
      panel.title = `Spark report: ${page.name}`;
      panel.webview.html = page.text;
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
    const { applications, defaultAppKey } = await client.sendRequest<ReportApplicationsResult>(REPORT_APPLICATIONS_REQUEST, { uri: active });
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

  /** Writes the report as standalone HTML (same CSP and escaping, assets inlined), Markdown or JSON. */
  async export(appKey?: string, format?: string, target?: string): Promise<string | undefined> {
    const chosen = appKey ?? (await this.pick(false));
    if (!chosen) return undefined;
    const kind =
      format ??
      (await vscode.window.showQuickPick(['HTML', 'Markdown', 'JSON'], { title: 'Export the report as' }))?.toLowerCase();
    if (!kind) return undefined;
    const extension = kind === 'markdown' || kind === 'md' ? 'md' : kind === 'json' ? 'json' : 'html';
    // One JSON shape for the export and `spark-advisor report --format json`: the server writes both.
    const { name, text } = await this.document({ appKey: chosen, format: extension });
    const file =
      target ??
      (await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.file(`${name.replace(/[^\w.-]+/g, '_')}-report.${extension}`), filters: { [extension.toUpperCase()]: [extension] } }))?.fsPath;
    if (!file) return undefined;
    await fs.promises.writeFile(file, text);
    void vscode.window.showInformationMessage(`Spark Advisor: report written to ${file}`);
    return file;
  }

  dispose(): void {
    for (const panel of this.panels.values()) panel.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }
}
