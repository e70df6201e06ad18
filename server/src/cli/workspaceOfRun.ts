import * as path from 'path';
import { isScalaFile } from '../engine/workspace/scalaPackageIndex';
import type { WorkspaceFacts } from '../engine/workspace/workspaceFacts';
import { WorkspaceIndex } from '../engine/workspace/workspaceIndex';
import type { SparkParsers } from '../syntax/parser';
import type { ParsersFor } from './analyzeFiles';
import type { DiscoveredFile } from './discovery';

/** The folders given on the command line (a named file's own folder): where absolute imports are looked up. */
export function runRoots(files: readonly DiscoveredFile[]): string[] {
  const roots = new Set<string>();
  for (const { file, relativePath } of files) {
    const below = relativePath.split('/').length;
    let root = path.resolve(file);
    for (let up = 0; up < below; up++) root = path.dirname(root);
    roots.add(root);
  }
  return [...roots];
}

/** The run's Scala files (all of them, not only those a thread analyses): where Scala calls find the objects they name. */
export function runScalaFiles(files: readonly DiscoveredFile[]): string[] {
  return files.map(({ file }) => path.resolve(file)).filter(isScalaFile);
}

/**
 * One thread's index of the modules the run's files import: each thread reads and summarises a
 * helper module the first time a file it analyses calls into it (summaries are not shared between
 * threads; a helper is summarised at most once per thread). `facts`: what the main thread read of the
 * whole workspace, when the run has workers.
 */
export function workspaceOfRun(roots: readonly string[], parsersFor: ParsersFor, scalaFiles?: readonly string[], facts?: WorkspaceFacts): { workspace: WorkspaceIndex; parsersFor: ParsersFor } {
  let loaded: SparkParsers | undefined;
  const workspace = new WorkspaceIndex({ roots: () => roots, parsers: () => loaded, scalaFiles, facts });
  return { workspace, parsersFor: async (language) => (loaded = await parsersFor(language)) };
}
