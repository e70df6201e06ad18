/**
 * Tying the stages of an imported event log back to lines of the workspace's code:
 *
 *   const index = new WorkspaceFileIndex(await listSourceFiles(roots), roots);
 *   for (const site of stageCallSites(app).filter((s) => s.rank === 0)) index.resolve(site, pins);
 */
export * from './parse';
export * from './resolve';
export * from './workspaceFiles';
