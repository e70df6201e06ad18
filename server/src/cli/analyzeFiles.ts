import * as fs from 'fs';
import * as path from 'path';
import { analyzeFileText } from '../engine/fileAnalyzer';
import { mightUseSpark } from '../engine/languages';
import { withLspLineBreaks } from '../engine/lineBreaks';
import { analysableText, isJupyterNotebook } from '../notebook/analysableText';
import type { Language } from '../syntax/ast';
import { ParseBudgetExceeded, SparkParsers } from '../syntax/parser';
import { describeFsError } from './errors';
import type { EvidenceProvider } from '../history/evidence';
import type { WorkspaceImports } from '../engine/analyze';
import { onProjectChange, unitsOfWork } from './unitsOfWork';
import { runRoots, runScalaFiles, workspaceOfRun } from './workspaceOfRun';
import type { IndexCost } from '../engine/workspace/workspaceIndex';
import type { DiscoveredFile } from './discovery';
import type { FileResult, SkippedFile } from './report';

export const MAX_FILE_BYTES = 2 * 1024 * 1024;
/** A notebook file also holds its cells' outputs (images, tables); its code is held to MAX_FILE_BYTES. */
export const MAX_NOTEBOOK_BYTES = 20 * 1024 * 1024;

export type SourceText = { text: string } | { skipped: string };

function tooLarge(bytes: number, limit: number): string {
  return `larger than ${limit / 1024 / 1024} MB (${bytes} bytes)`;
}

/** Reads a source file, refusing what is too large, binary or not UTF-8. */
export function readSourceFile(file: string, maxBytes = MAX_FILE_BYTES): SourceText {
  let bytes: Buffer;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) return { skipped: 'not a regular file' };
    const size = stat.size;
    if (size > maxBytes) return { skipped: tooLarge(size, maxBytes) };
    bytes = fs.readFileSync(file);
  } catch (error) {
    return { skipped: describeFsError(error) };
  }
  if (bytes.length > maxBytes) return { skipped: tooLarge(bytes.length, maxBytes) };
  if (bytes.includes(0)) return { skipped: 'binary file' };
  try {
    // Drops a leading byte order mark, as editors do, so columns match VS Code's.
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { skipped: 'not valid UTF-8' };
  }
}

/** Reads a file as its analysis does: a notebook holds outputs beside its code, and may be larger. */
function readForAnalysis(file: string): SourceText {
  return readSourceFile(file, isJupyterNotebook(file) ? MAX_NOTEBOOK_BYTES : MAX_FILE_BYTES);
}

/**
 * The run reads every Python file for its imports before it analyses any (cli/unitsOfWork.ts): the
 * sources read then are kept for this thread's analysis of the same files, each handed out once,
 * so such a file is read once. A worker thread reads its files itself.
 */
export class ScannedSources {
  private readonly kept = new Map<string, SourceText>();

  /** A file's text as the analysis reads it, for the import scan; undefined when it cannot be read (the analysis then says why). */
  readonly textOf = (file: string): string | undefined => {
    const source = readForAnalysis(file);
    this.kept.set(path.resolve(file), source);
    return 'text' in source ? source.text : undefined;
  };

  take(file: string): SourceText | undefined {
    const absolute = path.resolve(file);
    const source = this.kept.get(absolute);
    this.kept.delete(absolute);
    return source;
  }

  clear(): void {
    this.kept.clear();
  }
}

export interface AnalysisRun {
  results: FileResult[];
  skipped: SkippedFile[];
  /** Files the engine failed on unexpectedly (a bug): the run ends with exit code 2. */
  failures: Array<{ file: string; error: unknown }>;
  /** With analysis threads: how many files each one analysed (this thread first). */
  filesPerThread?: number[];
  /** With a cache: how many outcomes came from it. */
  fromCache?: number;
  /** What following calls into other files cost, all threads together. */
  workspaceIndex?: IndexCost;
}

/** What one file came to. */
export type FileOutcome = { result: FileResult } | { skipped: SkippedFile } | { failure: { file: string; error: unknown } };

/** Told about a rule that failed on a file (the engine keeps going with the other rules). */
export type EngineLog = (message: string, file: string) => void;

/** The parsers with the grammar of `language` loaded. */
export type ParsersFor = (language: Language) => Promise<SparkParsers>;

/** Loads the tree-sitter runtime when the first file needs parsing, and each grammar when first needed. */
export function parsersOnDemand(): ParsersFor {
  let loading: Promise<SparkParsers> | undefined;
  return async (language) => {
    const parsers = await (loading ??= SparkParsers.load([]));
    await parsers.loadLanguage(language);
    return parsers;
  };
}

/**
 * Starts loading the grammars `files` are written in, to overlap other start-up work; a grammar
 * that fails to load fails again, with its reason, when a file needs it.
 */
export function preloadGrammars(files: readonly DiscoveredFile[], parsersFor: ParsersFor): void {
  for (const language of new Set(files.map((file) => file.language))) parsersFor(language).catch(() => undefined);
}

export interface FileAnalysisContext {
  parsersFor: ParsersFor;
  evidence?: EvidenceProvider;
  engineLog?: EngineLog;
  /** The other files of the run, for calls into them (cli/workspaceOfRun.ts). */
  workspace?: WorkspaceImports;
  /** The file's source when already read (ScannedSources). */
  scanned?: ScannedSources;
}

/**
 * Reads one file and analyses it: a notebook through the text of its code cells, a file that does
 * not use Spark without parsing it.
 */
export async function analyzeFile({ file, relativePath, language, settings }: DiscoveredFile, context: FileAnalysisContext): Promise<FileOutcome> {
  const source = context.scanned?.take(file) ?? readForAnalysis(file);
  if ('skipped' in source) return { skipped: { file, reason: source.skipped } };
  // Lone \r line breaks become \n (as the engine counts lines as LSP does); a notebook's JSON keeps them between tokens only.
  const analysable = analysableText(file, isJupyterNotebook(file) ? source.text : withLspLineBreaks(source.text), language);
  if ('skipped' in analysable) return { skipped: { file, reason: analysable.skipped } };
  const { text, notebook } = analysable;
  if (text.length > MAX_FILE_BYTES) return { skipped: { file, reason: `its code cells are ${tooLarge(text.length, MAX_FILE_BYTES)}` } };
  // A Databricks notebook runs with a session predefined: it is Spark code whatever it mentions.
  const sparkImplied = notebook?.kind === 'databricks';
  if (!sparkImplied && !mightUseSpark(text)) return { result: { file, findings: [], notSpark: true } };

  const { engineLog, evidence, workspace } = context;
  const onRuleError = engineLog && ((ruleId: string, error: unknown) => engineLog(`rule ${ruleId} failed: ${error instanceof Error ? error.message : String(error)}`, file));
  // Grammars that cannot be loaded are an installation problem, not one of this file: it ends the run.
  const parsers = await context.parsersFor(analysable.language);
  try {
    const analysis = analyzeFileText(parsers, analysable.language, text, { settings, file, relativePath, onRuleError, evidence, sparkImplied, workspace });
    const result: FileResult = { file, findings: analysis.findings };
    if (analysis.firstSyntaxError) result.syntaxError = analysis.firstSyntaxError;
    const placed = analysis.findings.length > 0 || analysis.firstSyntaxError !== undefined;
    if (placed) result.text = text;
    if (notebook) result.notebook = { kind: notebook.kind, cells: notebook.cells, ...(placed && notebook.kind === 'jupyter' ? { fileText: source.text } : {}) };
    return { result };
  } catch (error) {
    if (error instanceof ParseBudgetExceeded) return { skipped: { file, reason: error.message } };
    return { failure: { file, error } };
  }
}

/** Adds an outcome to the run it belongs to. */
export function record(run: AnalysisRun, outcome: FileOutcome): void {
  if ('result' in outcome) run.results.push(outcome.result);
  else if ('skipped' in outcome) run.skipped.push(outcome.skipped);
  else run.failures.push(outcome.failure);
}

/** Analyses files one by one, in this thread (a file before the files it imports: cli/unitsOfWork.ts). */
export async function analyzeFiles(files: readonly DiscoveredFile[], parsersFor: ParsersFor, evidence?: EvidenceProvider, engineLog?: EngineLog, followImports = true): Promise<AnalysisRun> {
  const run: AnalysisRun = { results: [], skipped: [], failures: [] };
  if (!followImports) {
    for (const file of files) record(run, await analyzeFile(file, { parsersFor, evidence, engineLog }));
    return run;
  }
  const roots = runRoots(files);
  const workspace = workspaceOfRun(roots, parsersFor, runScalaFiles(files));
  const outcomes: FileOutcome[] = new Array(files.length);
  const scanned = new ScannedSources();
  const beforeUnit = onProjectChange(files, () => workspace.workspace.releaseModules(true));
  for (const unit of unitsOfWork(files, roots, 1, scanned.textOf)) {
    beforeUnit(unit);
    for (const index of unit) outcomes[index] = await analyzeFile(files[index]!, { ...workspace, evidence, engineLog, scanned });
    workspace.workspace.releaseModules();
  }
  for (const outcome of outcomes) record(run, outcome);
  run.workspaceIndex = workspace.workspace.cost();
  return run;
}
