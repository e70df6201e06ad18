import * as fs from 'fs';
import { analyzeFileText } from '../engine/fileAnalyzer';
import { mightUseSpark } from '../engine/languages';
import { ParseBudgetExceeded, type SparkParsers } from '../syntax/parser';
import { describeFsError } from './errors';
import type { EvidenceProvider } from '../history/evidence';
import type { DiscoveredFile } from './discovery';
import type { FileResult, SkippedFile } from './report';

export const MAX_FILE_BYTES = 2 * 1024 * 1024;

export type SourceText = { text: string } | { skipped: string };

/** Reads a source file, refusing what is too large, binary or not UTF-8. */
export function readSourceFile(file: string): SourceText {
  let bytes: Buffer;
  try {
    const size = fs.statSync(file).size;
    if (size > MAX_FILE_BYTES) return { skipped: `larger than 2 MB (${size} bytes)` };
    bytes = fs.readFileSync(file);
  } catch (error) {
    return { skipped: describeFsError(error) };
  }
  if (bytes.length > MAX_FILE_BYTES) return { skipped: `larger than 2 MB (${bytes.length} bytes)` };
  if (bytes.includes(0)) return { skipped: 'binary file' };
  try {
    // Drops a leading byte order mark, as editors do, so columns match VS Code's.
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { skipped: 'not valid UTF-8' };
  }
}

export interface AnalysisRun {
  results: FileResult[];
  skipped: SkippedFile[];
  /** Files the engine failed on unexpectedly (a bug): the run ends with exit code 2. */
  failures: Array<{ file: string; error: unknown }>;
}

/** Told about a rule that failed on a file (the engine keeps going with the other rules). */
export type EngineLog = (message: string, file: string) => void;

/** Analyses files one by one; the parsers are only loaded once a file looks like Spark code. */
export async function analyzeFiles(files: readonly DiscoveredFile[], loadParsers: () => Promise<SparkParsers>, evidence?: EvidenceProvider, engineLog?: EngineLog): Promise<AnalysisRun> {
  const run: AnalysisRun = { results: [], skipped: [], failures: [] };
  let parsers: SparkParsers | undefined;
  for (const { file, relativePath, language, settings } of files) {
    const source = readSourceFile(file);
    if ('skipped' in source) {
      run.skipped.push({ file, reason: source.skipped });
      continue;
    }
    if (!mightUseSpark(source.text)) {
      run.results.push({ file, findings: [] });
      continue;
    }
    parsers ??= await loadParsers();
    const onRuleError = engineLog && ((ruleId: string, error: unknown) => engineLog(`rule ${ruleId} failed: ${error instanceof Error ? error.message : String(error)}`, file));
    try {
      const { findings } = analyzeFileText(parsers, language, source.text, { settings, file, relativePath, onRuleError, evidence });
      run.results.push(findings.length > 0 ? { file, findings, text: source.text } : { file, findings });
    } catch (error) {
      if (error instanceof ParseBudgetExceeded) run.skipped.push({ file, reason: error.message });
      else run.failures.push({ file, error });
    }
  }
  return run;
}
