import { analyzeLowered } from '../engine/analyze';
import { IncrementalDocument, type TextChange } from '../engine/incrementalDocument';
import { languageForId, mightUseSpark } from '../engine/languages';
import type { AnalysisSettings } from '../engine/settings';
import { EMPTY_HISTORY, type EvidenceProvider, type FileHistory } from '../history/evidence';
import type { Finding } from '../rules/types';
import type { Language } from '../syntax/ast';
import { ParseBudgetExceeded, type SparkParsers } from '../syntax/parser';
import { uriToPath } from './uris';

/** Larger files are not analysed: they are generated or data, and would stall the editor. */
export const MAX_ANALYSED_CHARACTERS = 2_000_000;

export interface DocumentAnalysis {
  version: number;
  findings: Finding[];
  durationMs: number;
  /** Runs measured at this file's lines, for code lenses and hovers. */
  history: FileHistory;
  /** Why the file was not analysed, shown as a single information diagnostic. */
  notice?: string;
}

interface OpenDocument {
  syntax: IncrementalDocument;
  version: number;
  analysis?: DocumentAnalysis;
  /** The settings `analysis` was computed with: a pull may still carry settings fetched before a change. */
  analysisSettings?: AnalysisSettings;
  /** The evidence version `analysis` saw: imported runs change findings without any edit. */
  evidenceVersion?: string;
}

export class OpenDocuments {
  private readonly documents = new Map<string, OpenDocument>();

  constructor(
    private readonly parsers: SparkParsers,
    private readonly evidence: EvidenceProvider,
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

  /** Forget all analyses (settings changed); the next pull recomputes them. */
  invalidate(): void {
    for (const document of this.documents.values()) document.analysis = undefined;
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

  analyze(uri: string, settings: AnalysisSettings, relativePath?: string): DocumentAnalysis | undefined {
    const document = this.documents.get(uri);
    if (!document) return undefined;
    if (document.analysis?.version === document.version && document.analysisSettings === settings && document.evidenceVersion === this.evidence.version()) return document.analysis;
    const started = performance.now();
    const text = document.syntax.content;
    let findings: Finding[] = [];
    let history = EMPTY_HISTORY;
    let notice: string | undefined;
    if (text.length > MAX_ANALYSED_CHARACTERS) {
      notice = `Spark Advisor skipped this file: ${(text.length / 1e6).toFixed(1)} million characters is over the ${MAX_ANALYSED_CHARACTERS / 1e6} million analysis limit.`;
    } else if (mightUseSpark(text)) {
      try {
        ({ findings, history } = analyzeLowered(document.syntax.lower(), text, { settings, evidence: this.evidence, file: uriToPath(uri) ?? uri, relativePath }));
      } catch (error) {
        if (!(error instanceof ParseBudgetExceeded)) throw error;
        notice = `Spark Advisor skipped this file: ${error.message}.`;
      }
    }
    document.analysis = { version: document.version, findings, history, durationMs: performance.now() - started, notice };
    document.analysisSettings = settings;
    document.evidenceVersion = this.evidence.version();
    return document.analysis;
  }
}
