import * as fs from 'fs';
import * as path from 'path';
import type { Language } from '../syntax/ast';
import type { AnalysisSettings } from '../engine/settings';
import { compileGlobs } from '../common/globs';
import { CliError, describeFsError } from './errors';
import type { SettingsScope } from './settingsFiles';

/** Never worth walking into, whatever the settings say. */
export const SKIPPED_DIRECTORIES: ReadonlySet<string> = new Set(['node_modules', '.git', 'target', '.venv', 'venv', '__pycache__']);

export function sourceLanguage(file: string): Language | undefined {
  if (file.endsWith('.py')) return 'python';
  if (file.endsWith('.scala')) return 'scala';
  return undefined;
}

/** A path from the command line, checked to exist. */
export interface Input {
  /** As typed, for messages. */
  given: string;
  absolute: string;
  isDirectory: boolean;
}

export interface DiscoveredFile {
  file: string;
  /** Below the folder given on the command line (a named file: its name), `/`-separated: tells tests and examples apart. */
  relativePath: string;
  language: Language;
  settings: AnalysisSettings;
}

export interface Discovery {
  files: DiscoveredFile[];
  /** Folders that could not be read (the walk goes on without them). */
  warnings: string[];
}

/** Throws CliError for a missing path or a file that is neither Python nor Scala. */
export function resolveInputs(paths: readonly string[], cwd: string): Input[] {
  return paths.map((given) => {
    const absolute = path.resolve(cwd, given);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(absolute);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') throw new CliError(`no such file or directory: ${given}`);
      throw new CliError(`cannot read ${given}: ${describeFsError(error)}`);
    }
    if (stat.isDirectory()) return { given, absolute, isDirectory: true };
    if (!stat.isFile() || !sourceLanguage(absolute)) throw new CliError(`not a Python (.py) or Scala (.scala) file: ${given}`);
    try {
      // A file named on the command line that cannot be read is a usage error, not a file to skip quietly.
      fs.accessSync(absolute, fs.constants.R_OK);
    } catch (error) {
      throw new CliError(`cannot read ${given}: ${describeFsError(error)}`);
    }
    return { given, absolute, isDirectory: false };
  });
}

/**
 * Files named on the command line are analysed as they are; folders are walked for .py/.scala
 * files, minus the skipped directories and the settings' include/exclude globs. The result is
 * sorted by path, without duplicates (one file reached twice through links counts once).
 */
export function discoverFiles(inputs: readonly Input[], scopeFor: (input: Input) => SettingsScope): Discovery {
  const candidates: DiscoveredFile[] = [];
  const warnings: string[] = [];
  for (const input of inputs) {
    const { root, settings } = scopeFor(input);
    if (!input.isDirectory) {
      candidates.push({ file: input.absolute, relativePath: path.basename(input.absolute), language: sourceLanguage(input.absolute)!, settings });
      continue;
    }
    const filter = new GlobFilter(settings, root, input.absolute);
    for (const file of walk(input.absolute, filter, warnings)) {
      candidates.push({ file, relativePath: path.relative(input.absolute, file).split(path.sep).join('/'), language: sourceLanguage(file)!, settings });
    }
  }
  // A stable sort keeps the first given input's settings for a path reached from two inputs.
  candidates.sort((a, b) => comparePaths(a.file, b.file));
  const seen = new Set<string>();
  const files = candidates.filter((candidate) => {
    const key = realPath(candidate.file) ?? candidate.file;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { files, warnings };
}

export function comparePaths(a: string, b: string): number {
  const left = a.split(path.sep).join('/');
  const right = b.split(path.sep).join('/');
  return left < right ? -1 : left > right ? 1 : 0;
}

function realPath(file: string): string | undefined {
  try {
    return fs.realpathSync.native(file);
  } catch {
    return undefined;
  }
}

/** Follows links to folders, but enters each real folder once, so link loops end. */
function walk(folder: string, filter: GlobFilter, warnings: string[]): string[] {
  const files: string[] = [];
  const visited = new Set<string>();
  const pending = [folder];
  while (pending.length > 0) {
    const dir = pending.pop()!;
    const real = realPath(dir);
    if (real === undefined || visited.has(real)) continue;
    visited.add(real);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      warnings.push(`skipped ${dir}: ${describeFsError(error)}`);
      continue;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const target = fs.statSync(full);
          isDirectory = target.isDirectory();
          isFile = target.isFile();
        } catch {
          continue; // a dangling link, or a link to itself
        }
      }
      if (isDirectory) {
        if (!SKIPPED_DIRECTORIES.has(entry.name) && !filter.prunes(full)) pending.push(full);
      } else if (isFile && sourceLanguage(entry.name) && filter.accepts(full)) {
        files.push(full);
      }
    }
  }
  return files;
}

type Matcher = (relativePath: string) => boolean;

/** include/exclude globs, relative to the settings' root folder (or to the walked folder when outside it). */
export class GlobFilter {
  private readonly include?: Matcher;
  private readonly exclude?: Matcher;
  /** `dir/**` excludes: a folder they match as a whole need not be walked at all. */
  private readonly excludeFolder?: Matcher;

  constructor(
    settings: Pick<AnalysisSettings, 'include' | 'exclude'>,
    private readonly root: string,
    private readonly walked: string,
  ) {
    if (settings.include.length > 0) this.include = compileGlobs(settings.include);
    if (settings.exclude.length > 0) this.exclude = compileGlobs(settings.exclude);
    const folderGlobs = settings.exclude.filter((glob) => glob.endsWith('/**')).map((glob) => glob.slice(0, -3)).filter((glob) => glob !== '');
    if (folderGlobs.length > 0) this.excludeFolder = compileGlobs(folderGlobs);
  }

  accepts(file: string): boolean {
    const relative = this.relative(file);
    if (this.include && !this.include(relative)) return false;
    return !this.exclude?.(relative);
  }

  prunes(folder: string): boolean {
    return !!this.excludeFolder?.(this.relative(folder));
  }

  private relative(file: string): string {
    let relative = path.relative(this.root, file);
    if (relative === '..' || relative.startsWith('..' + path.sep) || path.isAbsolute(relative)) relative = path.relative(this.walked, file);
    return relative.split(path.sep).join('/');
  }
}
