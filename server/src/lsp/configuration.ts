import * as path from 'path';
import { uriToPath } from './uris';
import { DEFAULT_SETTINGS, readSettings, type AnalysisSettings } from '../engine/settings';
import { compileGlobs } from '../common/globs';

export interface SettingsSource {
  /** Fetches `sparkAdvisor.*` for a document (resource-scoped settings can differ per folder). */
  fetch(uri: string): Promise<unknown>;
}

/** Caches settings per document until the client says they changed. */
export class SettingsCache {
  private readonly byUri = new Map<string, Promise<AnalysisSettings>>();

  constructor(
    private readonly source: SettingsSource | undefined,
    /** Told what the settings had to leave out (globs over the caps). */
    private readonly onProblems: (problems: string[]) => void = () => undefined,
  ) {}

  get(uri: string): Promise<AnalysisSettings> {
    let settings = this.byUri.get(uri);
    if (!settings) {
      settings = this.source
        ? this.source.fetch(uri).then((raw) => {
            const { settings: read, problems } = readSettings(raw);
            if (problems.length > 0) this.onProblems(problems);
            return read;
          }, () => DEFAULT_SETTINGS)
        : Promise.resolve(DEFAULT_SETTINGS);
      this.byUri.set(uri, settings);
    }
    return settings;
  }

  forget(uri?: string): void {
    if (uri === undefined) this.byUri.clear();
    else this.byUri.delete(uri);
  }
}

/** The path below the innermost workspace folder holding the file (its name when none does), `/`-separated. */
export function workspaceRelativePath(file: string, workspaceFolders: readonly string[]): string {
  const folder = workspaceFolders.filter((f) => file.startsWith(f + path.sep)).sort((a, b) => b.length - a.length)[0];
  return (folder ? path.relative(folder, file) : path.basename(file)).split(path.sep).join('/');
}

/** include/exclude globs are relative to the workspace folder that holds the file. */
export function isIncluded(uri: string, settings: AnalysisSettings, workspaceFolders: readonly string[]): boolean {
  const file = uriToPath(uri);
  if (file === undefined) return true;
  const relative = workspaceRelativePath(file, workspaceFolders);
  const matches = (globs: string[]) => globs.length > 0 && compileGlobs(globs)(relative);
  if (settings.include.length > 0 && !matches(settings.include)) return false;
  return !matches(settings.exclude);
}
