import * as vscode from 'vscode';
import { SPARK_LANGUAGES } from './sparkDocuments';

/** The language status item ("{} Python" area): analysis state and how long the last analysis took. */
export class AnalysisStatus implements vscode.Disposable {
  private readonly item = vscode.languages.createLanguageStatusItem('sparkAdvisor.status', SPARK_LANGUAGES);

  constructor() {
    this.item.name = 'Spark Advisor';
    this.item.text = 'Spark Advisor';
    this.item.detail = 'waiting for a Spark file';
    this.item.command = { title: 'Show output', command: 'sparkAdvisor.showOutput' };
  }

  starting(): void {
    this.item.busy = true;
    this.item.detail = 'starting';
  }

  ready(): void {
    this.item.busy = false;
    this.item.detail = 'ready';
  }

  failed(reason: string): void {
    this.item.busy = false;
    this.item.severity = vscode.LanguageStatusSeverity.Error;
    this.item.detail = `failed to start: ${reason}`;
  }

  analysed({ durationMs, findings, notice }: { durationMs: number; findings: number; notice?: string }): void {
    this.item.busy = false;
    this.item.severity = notice ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
    this.item.text = `Spark Advisor: ${findings} finding${findings === 1 ? '' : 's'}`;
    this.item.detail = notice ?? `analysed in ${durationMs.toFixed(1)} ms`;
  }

  dispose(): void {
    this.item.dispose();
  }
}
