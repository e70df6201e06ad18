/**
 * Where in the workspace an application's stages ran, for the CLI's report: call sites first, then
 * what an analysis of the workspace's Spark files ties to code beyond them (PySpark writes carry no
 * Python line; the plan's write target matches a write call). The editor gets the same from its
 * open documents.
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

export type Locate = (appKey: string, stageId: number, attemptId: number) => CodeLocation | undefined;

export async function workspaceLocator(service: HistoryService, roots: string[]): Promise<Locate> {
  const byStage = new Map<string, CodeLocation>();
  let parsers: SparkParsers | undefined;
  for (const file of await listSourceFiles(roots)) {
    const language = languageForPath(file);
    if (!language) continue;
    let text: string;
    try {
      if (fs.statSync(file).size > MAX_FILE_BYTES) continue;
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue; // unreadable files have no stages to place
    }
    if (!mightUseSpark(text)) continue;
    parsers ??= await SparkParsers.load();
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
