import * as vscode from 'vscode';
import type { AnalysisStatusParams } from '../../shared/protocol';
import { SPARK_LANGUAGES } from '../../shared/sparkFiles';

/**
 * The language status item ("{}" in the status bar) of the active editor's document: its own
 * findings and analysis time, whatever file was analysed last.
 */
export class AnalysisStatus implements vscode.Disposable {
  private readonly item = vscode.languages.createLanguageStatusItem('sparkAdvisor.status', [...SPARK_LANGUAGES]);
  private readonly byUri = new Map<string, AnalysisStatusParams>();
  private state: 'waiting' | 'starting' | 'ready' | 'failed' = 'waiting';
  private failure = '';
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor() {
    this.item.name = 'Spark Advisor';
    this.item.command = { title: 'Show output', command: 'sparkAdvisor.showOutput' };
    this.subscriptions.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.render()),
      vscode.workspace.onDidCloseTextDocument((document) => this.byUri.delete(document.uri.toString())),
    );
    this.render();
  }

  starting(): void {
    this.state = 'starting';
    this.render();
  }

  ready(): void {
    this.state = 'ready';
    this.render();
  }

  failed(reason: string): void {
    this.state = 'failed';
    this.failure = reason;
    this.render();
  }

  analysed(status: AnalysisStatusParams): void {
    this.byUri.set(status.uri, status);
    if (status.uri === vscode.window.activeTextEditor?.document.uri.toString()) this.render();
  }

  /** What the item says about the active editor's document (exposed for tests through the item's text). */
  private render(): void {
    const item = this.item;
    item.busy = this.state === 'starting';
    item.severity = this.state === 'failed' ? vscode.LanguageStatusSeverity.Error : vscode.LanguageStatusSeverity.Information;
    if (this.state === 'failed') {
      item.text = 'Spark Advisor';
      item.detail = `failed to start: ${this.failure}`;
      return;
    }
    const document = vscode.window.activeTextEditor?.document;
    const status = document && this.byUri.get(document.uri.toString());
    if (!status) {
      item.text = 'Spark Advisor';
      item.detail = this.state === 'starting' ? 'starting' : this.state === 'ready' ? 'not analysed (no Spark code seen in this file)' : 'waiting for a Spark file';
      return;
    }
    item.severity = status.notice ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
    item.text = `Spark Advisor: ${status.findings} finding${status.findings === 1 ? '' : 's'}`;
    item.detail = status.notice ?? `analysed in ${status.durationMs.toFixed(1)} ms`;
  }

  /** The item's text for the active document, for the end-to-end tests. */
  get text(): string {
    return this.item.text;
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.item.dispose();
  }
}
