import { analyzeModel, importedFunctionsFor, type WorkspaceImports } from '../engine/analyze';
import { AnalysisBudget, AnalysisBudgetExceeded, type AnalysisPhase } from '../engine/analysisBudget';
import { firstSpan } from '../engine/fileAnalyzer';
import { IncrementalDocument, type TextChange } from '../engine/incrementalDocument';
import { languageForId } from '../engine/languages';
import type { AnalysisSettings } from '../engine/settings';
import { EMPTY_HISTORY, type EvidenceProvider, type FileHistory } from '../history/evidence';
import type { Finding } from '../rules/types';
import type { Language, Span, Stmt } from '../syntax/ast';
import { buildModelIncrementally } from '../model/builder';
import { ParseBudgetExceeded, type SparkParsers } from '../syntax/parser';
import { uriToPath } from './uris';

/**
 * Larger files are not analysed: they are generated or data. (A 1.9 MB, 51,000-line file took
 * 7–10 s; a megabyte of ordinary code takes well under the budget below.)
 */
export const MAX_ANALYSED_CHARACTERS = 1_000_000;
/** Working time one analysis may take, all phases together; other requests are answered between phases. */
export const ANALYSIS_BUDGET_MS = 3000;
/** A file that ran out of budget is tried again only once it is this much smaller. */
const RETRY_BELOW = 0.8;

export interface DocumentAnalysis {
  version: number;
  findings: Finding[];
  durationMs: number;
  /** Runs measured at this file's lines, for code lenses and hovers. */
  history: FileHistory;
  /** The lowered top-level statements, for placing lenses above whole statements. */
  statements: Stmt[];
  /** Why the file was not analysed, shown as a single information diagnostic. */
  notice?: string;
  /** The first syntax error: the analysis is partial (shown as an information diagnostic). */
  syntaxError?: Span;
}

interface OpenDocument {
  syntax: IncrementalDocument;
  version: number;
  analysis?: DocumentAnalysis;
  /** The settings `analysis` was computed with: a pull may still carry settings fetched before a change. */
  analysisSettings?: AnalysisSettings;
  /** The evidence version `analysis` saw: imported runs change findings without any edit. */
  evidenceVersion?: string;
  /** Length of the text whose analysis ran out of budget, and why: not retried on every keystroke. */
  overBudget?: { length: number; notice: string };
  /** The analysis being computed, shared by requests that arrive meanwhile. */
  running?: Promise<DocumentAnalysis>;
}

/** Lets the event loop answer other requests (and take document changes) between phases. */
const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

export class OpenDocuments {
  private readonly documents = new Map<string, OpenDocument>();
  /** The workspace's other files, for calls into them (set once the server has an index). */
  workspace: WorkspaceImports | undefined;

  constructor(
    private readonly parsers: SparkParsers,
    private readonly evidence: EvidenceProvider,
    private readonly budgetMs = ANALYSIS_BUDGET_MS,
  ) {}

  open(uri: string, languageId: string, version: number, text: string): void {
    const language = languageForId(languageId);
    if (!language) return;
    this.documents.get(uri)?.syntax.dispose();
    this.documents.set(uri, { syntax: new IncrementalDocument(this.parsers, language, text), version });
  }

  change(uri: string, version: number, changes: ReadonlyArray<TextChange | { text: string }>): void {
    const document = this.documents.get(uri);
    if (!document) return;
    for (const change of changes) {
      if ('range' in change) {
        document.syntax.applyChanges([change]);
      } else {
        document.syntax.replaceText(change.text);
      }
    }
    document.version = version;
    document.analysis = undefined;
  }

  close(uri: string): void {
    this.documents.get(uri)?.syntax.dispose();
    this.documents.delete(uri);
  }

  has(uri: string): boolean {
    return this.documents.has(uri);
  }

  text(uri: string): string | undefined {
    return this.documents.get(uri)?.syntax.content;
  }

  language(uri: string): Language | undefined {
    return this.documents.get(uri)?.syntax.language;
  }

  /** Forget the analyses of these files (what they import changed); the next pull recomputes them. */
  invalidateFiles(files: readonly string[]): void {
    const stale = new Set(files);
    for (const [uri, document] of this.documents) {
      const file = uriToPath(uri);
      if (file && stale.has(file)) document.analysis = undefined;
    }
  }

  /** Forget all analyses (settings changed); the next pull recomputes them. */
  invalidate(): void {
    for (const document of this.documents.values()) {
      document.analysis = undefined;
      document.overBudget = undefined;
    }
  }

  /**
   * Where an open document's analysis placed a stage attempt. Stages tied to code through a write
   * target (PySpark writes) are only known to the analysis of the file that writes.
   */
  stageLocation(appKey: string, stageId: number, attemptId: number): { file: string; line: number } | undefined {
    for (const [uri, document] of this.documents) {
      const stage = document.analysis?.history.stages.find((s) => s.run.appKey === appKey && s.stageId === stageId && s.attemptId === attemptId);
      const file = stage && uriToPath(uri);
      if (stage && file) return { file, line: stage.line + 1 };
    }
    return undefined;
  }

  latest(uri: string): DocumentAnalysis | undefined {
    return this.documents.get(uri)?.analysis;
  }

  /**
   * The analysis of the document's current version, computed within the time budget: the phases
   * (parse, lowering, model, rules) yield to the event loop between them, and a version that
   * changes meanwhile is analysed afresh.
   */
  async analyze(uri: string, settings: AnalysisSettings, relativePath?: string): Promise<DocumentAnalysis | undefined> {
    const document = this.documents.get(uri);
    if (!document) return undefined;
    for (;;) {
      if (document.analysis?.version === document.version && document.analysisSettings === settings && document.evidenceVersion === this.evidence.version()) return document.analysis;
      const running = (document.running ??= this.compute(uri, document, settings, relativePath).finally(() => (document.running = undefined)));
      const analysis = await running;
      if (this.documents.get(uri) !== document) return analysis; // closed meanwhile
      if (analysis.version === document.version && document.analysisSettings === settings) return analysis;
    }
  }

  private async compute(uri: string, document: OpenDocument, settings: AnalysisSettings, relativePath: string | undefined): Promise<DocumentAnalysis> {
    await Promise.resolve(); // `running` is set before the work starts
    const started = performance.now();
    const version = document.version;
    const evidenceVersion = this.evidence.version();
    const text = document.syntax.text;
    const done = (findings: Finding[], history: FileHistory, notice?: string, statements: Stmt[] = [], syntaxError?: Span): DocumentAnalysis => {
      const analysis = { version, findings, history, statements, durationMs: performance.now() - started, notice, syntaxError };
      if (document.version === version) {
        document.analysis = analysis;
        document.analysisSettings = settings;
        document.evidenceVersion = evidenceVersion;
      }
      return analysis;
    };
    if (text.length > MAX_ANALYSED_CHARACTERS) {
      return done([], EMPTY_HISTORY, `Spark Advisor skipped this file: ${(text.length / 1e6).toFixed(1)} million characters is over the ${MAX_ANALYSED_CHARACTERS / 1e6} million analysis limit.`);
    }
    if (document.overBudget && text.length > document.overBudget.length * RETRY_BELOW) return done([], EMPTY_HISTORY, document.overBudget.notice);
    if (!document.syntax.mightUseSpark()) return done([], EMPTY_HISTORY);
    const budget = new AnalysisBudget(this.budgetMs, () => this.workspace?.millisecondsSpent?.() ?? 0);
    const checkpoint = () => budget.check();
    /** Runs one phase after letting others go first; undefined when the document changed meanwhile. */
    const phase = async <T>(name: AnalysisPhase, work: () => T): Promise<{ value: T } | undefined> => {
      await yieldToOthers();
      if (document.version !== version || this.documents.get(uri) !== document) return undefined;
      budget.begin(name);
      try {
        return { value: work() };
      } finally {
        budget.end();
      }
    };
    const stale = (): DocumentAnalysis => ({ version: -1, findings: [], history: EMPTY_HISTORY, statements: [], durationMs: performance.now() - started });
    try {
      if (!(await phase('parse', () => document.syntax.parse(Math.max(1, budget.remainingMs()))))) return stale();
      const lowered = await phase('lowering', () => document.syntax.lower(checkpoint));
      if (!lowered) return stale();
      const file = uriToPath(uri);
      const build = await phase('model', () => buildModelIncrementally(lowered.value, checkpoint, importedFunctionsFor(lowered.value, { workspace: this.workspace, file })));
      if (!build) return stale();
      const result = await phase('rules', () => analyzeModel(build.value, text, { settings, evidence: this.evidence, file: file ?? uri, relativePath, checkpoint }));
      if (!result) return stale();
      return done(result.value.findings, result.value.history, undefined, result.value.model.statements, firstSpan(lowered.value.syntaxErrors));
    } catch (error) {
      const over = error instanceof ParseBudgetExceeded ? budget.exceeded() : error;
      if (!(over instanceof AnalysisBudgetExceeded)) throw error;
      const notice = `Spark Advisor skipped this file: ${over.message}. Split it, or leave it out with sparkAdvisor.exclude.`;
      document.overBudget = { length: text.length, notice };
      return done([], EMPTY_HISTORY, notice);
    }
  }
}
