/**
 * Every Spark file of the workspace, open or not: "Analyse Workspace" fills the Problems panel
 * through `workspace/diagnostic` (held open as a long poll: answered when there is something new,
 * as the LSP specification suggests), and the report places stages with the same analyses the
 * editor shows. Each file's analysis is kept until the file, the settings or the history change.
 */
import * as fs from 'fs';
import type { CancellationToken, Diagnostic, WorkspaceDiagnosticReport, WorkspaceDocumentDiagnosticReport } from 'vscode-languageserver/node';
import { pathToFileURL } from 'url';
import { readSourceFile } from '../cli/analyzeFiles';
import { analyzeFileText } from '../engine/fileAnalyzer';
import { languageForPath } from '../engine/languages';
import type { AnalysisSettings } from '../engine/settings';
import type { EvidenceProvider, FileHistory } from '../history/evidence';
import { listSourceFiles } from '../history/callsites';
import { ParseBudgetExceeded, type SparkParsers } from '../syntax/parser';
import type { AnalyzeWorkspaceResult } from '../../../shared/protocol';
import { toDiagnostic } from './diagnostics';
import type { WorkspaceIndex } from '../engine/workspace/workspaceIndex';
import { uriToPath } from './uris';

export interface WorkspaceAnalysisHost {
  parsers: SparkParsers;
  evidence: EvidenceProvider;
  /** The workspace's modules: calls into them are followed, and a file is analysed again when one it imports changed. */
  imports?: WorkspaceIndex;
  roots(): readonly string[];
  settingsFor(uri: string): Promise<AnalysisSettings>;
  isIncluded(uri: string, settings: AnalysisSettings): boolean;
  log(line: string): void;
}

interface FileResult {
  /** Changes whenever the diagnostics may: the file's size and time, the settings, the history. */
  key: string;
  resultId: string;
  diagnostics: Diagnostic[];
  history: FileHistory;
  skipped?: string;
}

export class WorkspaceAnalysis {
  private readonly results = new Map<string, FileResult>();
  /** Diagnostics go to the Problems panel only once the user asked for the workspace. */
  private published = false;
  private wake: Array<() => void> = [];
  private running: Promise<AnalyzeWorkspaceResult> | undefined;
  private nextResultId = 1;

  constructor(private readonly host: WorkspaceAnalysisHost) {}

  /** "Analyse Workspace": analyses every Spark file and publishes the diagnostics from now on. */
  async analyzeAndPublish(): Promise<AnalyzeWorkspaceResult> {
    this.published = true;
    const result = await this.analyzeAll();
    this.notify();
    return result;
  }

  /** Brings every file's analysis up to date (reusing unchanged ones); one run at a time. */
  analyzeAll(): Promise<AnalyzeWorkspaceResult> {
    this.running ??= this.run().finally(() => (this.running = undefined));
    return this.running;
  }

  private async run(): Promise<AnalyzeWorkspaceResult> {
    const started = performance.now();
    const files = (await listSourceFiles(this.host.roots())).filter((file) => languageForPath(file) !== undefined);
    const seen = new Set<string>();
    let findings = 0;
    let skipped = 0;
    let analysed = 0;
    let fresh = 0;
    for (const file of files) {
      const uri = pathToFileURL(file).toString();
      seen.add(uri);
      const before = this.results.get(uri);
      const result = await this.analyzeFile(file, uri);
      if (!result) continue;
      if (result !== before) fresh++;
      analysed++;
      findings += result.diagnostics.length;
      if (result.skipped) skipped++;
      // Let document pulls, hovers and code actions in between: a workspace can hold thousands of files.
      await new Promise((resolve) => setImmediate(resolve));
    }
    for (const uri of [...this.results.keys()]) if (!seen.has(uri)) this.forget(uri);
    const durationMs = performance.now() - started;
    // Unchanged files reuse their analysis: only a run that analysed something is worth a line.
    if (fresh > 0) this.host.log(`Analysed the workspace: ${analysed} Spark file${analysed === 1 ? '' : 's'} (${fresh} changed), ${findings} finding${findings === 1 ? '' : 's'}${skipped > 0 ? `, ${skipped} skipped` : ''} in ${(durationMs / 1000).toFixed(2)} s`);
    return { files: analysed, findings, skipped, durationMs };
  }

  private async analyzeFile(file: string, uri: string): Promise<FileResult | undefined> {
    const language = languageForPath(file);
    if (!language) return undefined;
    const settings = await this.host.settingsFor(uri);
    if (!this.host.isIncluded(uri, settings)) {
      this.forget(uri);
      return undefined;
    }
    let stat: fs.Stats;
    try {
      stat = await fs.promises.stat(file);
    } catch {
      this.forget(uri);
      return undefined;
    }
    const key = `${stat.size}:${stat.mtimeMs}|${this.host.imports?.generation(file) ?? 0}|${this.host.evidence.version()}|${JSON.stringify(settings)}`;
    const previous = this.results.get(uri);
    if (previous?.key === key) return previous;
    const source = readSourceFile(file);
    const result: FileResult = { key, resultId: String(this.nextResultId++), diagnostics: [], history: { runs: [], stages: [], executions: [] } };
    if ('skipped' in source) {
      result.skipped = source.skipped;
    } else {
      try {
        const analysis = analyzeFileText(this.host.parsers, language, source.text, { settings, file, evidence: this.host.evidence, workspace: this.host.imports?.untracked() });
        if (analysis.skipped === 'not-spark') return undefined;
        result.diagnostics = analysis.findings.map((finding) => toDiagnostic(finding, uri));
        result.history = analysis.history;
      } catch (error) {
        if (!(error instanceof ParseBudgetExceeded)) this.host.log(`Could not analyse ${file}: ${error instanceof Error ? error.message : String(error)}`);
        result.skipped = error instanceof Error ? error.message : String(error);
      }
    }
    this.results.set(uri, result);
    return result;
  }

  /** A file was a file: its result is a report that clears its diagnostics, then nothing. */
  private forget(uri: string): void {
    if (!this.results.has(uri)) return;
    this.results.set(uri, { key: 'gone', resultId: String(this.nextResultId++), diagnostics: [], history: { runs: [], stages: [], executions: [] } });
  }

  /** Settings, history or files changed: analyse again (when published) and answer the held pull. */
  changed(): void {
    if (!this.published) return;
    void this.analyzeAll().then(() => this.notify(), (error: unknown) => this.host.log(`Workspace analysis failed: ${error instanceof Error ? error.message : String(error)}`));
  }

  /**
   * `workspace/diagnostic`: the reports whose result changed since the client's previous ones;
   * with none (or before "Analyse Workspace") the request is held until there are, or cancelled.
   */
  async pull(previous: ReadonlyArray<{ uri: string; value: string }>, token: CancellationToken): Promise<WorkspaceDiagnosticReport> {
    const known = new Map(previous.map((entry) => [entry.uri, entry.value]));
    for (;;) {
      if (token.isCancellationRequested) return { items: [] };
      const items: WorkspaceDocumentDiagnosticReport[] = [];
      if (this.published) {
        for (const [uri, result] of this.results) {
          if (known.get(uri) === result.resultId) continue;
          items.push({ kind: 'full', uri, version: null, resultId: result.resultId, items: result.diagnostics });
        }
      }
      if (items.length > 0) return { items };
      let cancelled: { dispose(): void } | undefined;
      await new Promise<void>((resolve) => {
        this.wake.push(resolve);
        cancelled = token.onCancellationRequested(() => resolve());
      });
      cancelled?.dispose();
    }
  }

  /** Where the workspace's analyses placed a stage attempt (1-based line), for the report's "Go to code". */
  stageLocation(appKey: string, stageId: number, attemptId: number): { file: string; line: number } | undefined {
    for (const [uri, result] of this.results) {
      const stage = result.history.stages.find((s) => s.run.appKey === appKey && s.stageId === stageId && s.attemptId === attemptId);
      const file = stage && uriToPath(uri);
      if (file) return { file, line: stage.line + 1 };
    }
    return undefined;
  }

  private notify(): void {
    const waiting = this.wake;
    this.wake = [];
    for (const resolve of waiting) resolve();
  }
}
