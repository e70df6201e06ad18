/**
 * Where in the workspace an application's stages ran, for the CLI's report: call sites first, then
 * what an analysis of the workspace's Spark files ties to code beyond them (PySpark writes carry no
 * Python line; the plan's write target matches a write call). The editor gets the same from its
 * open documents.
 *
 * Only files that can place a stored run's stages are analysed: those the store's call sites
 * resolve to, and those naming their session like a stored application. Everything else in the
 * working folder (thousands of unrelated files, say) is never parsed; an overall time budget bounds
 * the rest, after which the call sites alone place stages.
 */
import * as fs from 'fs';
import { analyzeLowered } from '../engine/analyze';
import { DEFAULT_SETTINGS } from '../engine/settings';
import { languageForPath, mightUseSpark } from '../engine/languages';
import { listSourceFiles } from '../history/callsites';
import type { HistoryService } from '../history/service';
import type { CodeLocation } from '../report/types';
import { lowerTree } from '../syntax/lower';
import { SparkParsers } from '../syntax/parser';
import { MAX_FILE_BYTES } from './analyzeFiles';
import { mightNameApplication } from './sessionNames';

export type Locate = (appKey: string, stageId: number, attemptId: number) => CodeLocation | undefined;

export const PLACEMENT_BUDGET_MS = 10_000;

export interface WorkspaceLocatorOptions {
  /** Overall time for analysing files (default 10 s); past it the call sites alone place stages. */
  budgetMs?: number;
  /** Told of each file about to be analysed. */
  onAnalyse?: (file: string) => void;
  /** One line when the budget ran out. */
  warn?: (line: string) => void;
}

export async function workspaceLocator(service: HistoryService, roots: string[], options: WorkspaceLocatorOptions = {}): Promise<Locate> {
  const byStage = new Map<string, CodeLocation>();
  const started = Date.now();
  const budgetMs = options.budgetMs ?? PLACEMENT_BUDGET_MS;
  const candidates = await placingFiles(service, roots);
  let parsers: SparkParsers | undefined;
  let analysed = 0;
  for (const { file, text } of candidates) {
    if (Date.now() - started >= budgetMs) {
      options.warn?.(`placing stages on code: stopped after ${budgetMs / 1000} s with ${analysed} of ${candidates.length} files analysed; the rest of the report places stages by call site alone`);
      break;
    }
    const language = languageForPath(file)!;
    parsers ??= await SparkParsers.load();
    options.onAnalyse?.(file);
    analysed++;
    let tree: ReturnType<SparkParsers['parse']> | undefined;
    try {
      tree = parsers.parse(language, text);
      const { history } = analyzeLowered(lowerTree(language, tree.rootNode, text), text, { settings: DEFAULT_SETTINGS, evidence: service.provider, file });
      for (const stage of history.stages) {
        const key = `${stage.run.appKey}#${stage.stageId}.${stage.attemptId}`;
        if (!byStage.has(key)) byStage.set(key, { file, line: stage.line + 1 });
      }
    } catch {
      // A file the parser gives up on (over its time budget) places no stage; the report still has the call sites.
    } finally {
      tree?.delete();
    }
  }
  // The analysis places stages on their cause (the join, not the write that ran it); call sites are the fallback.
  return (appKey, stageId, attemptId) => byStage.get(`${appKey}#${stageId}.${attemptId}`) ?? service.provider.stageLocation(appKey, stageId, attemptId);
}

/**
 * The Spark files whose analysis can place a stored stage, call-site files first: the provider
 * gives a file a run's stages only when call sites resolve to it or its session is named like the run.
 */
async function placingFiles(service: HistoryService, roots: string[]): Promise<{ file: string; text: string }[]> {
  const appNames = service.store.applications().flatMap((app) => (app.name === undefined ? [] : [app.name]));
  const bySite: { file: string; text: string }[] = [];
  const byName: { file: string; text: string }[] = [];
  for (const file of await listSourceFiles(roots)) {
    if (!languageForPath(file)) continue;
    const hasCallSites = service.provider.applicationsOf(file).length > 0;
    if (!hasCallSites && appNames.length === 0) continue;
    let text: string;
    try {
      if (fs.statSync(file).size > MAX_FILE_BYTES) continue;
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue; // unreadable files have no stages to place
    }
    if (!mightUseSpark(text)) continue;
    if (hasCallSites) bySite.push({ file, text });
    else if (mightNameApplication(text, appNames)) byName.push({ file, text });
  }
  return [...bySite, ...byName];
}
