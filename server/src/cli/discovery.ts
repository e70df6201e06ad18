import * as fs from 'fs';
import * as path from 'path';
import type { Language } from '../syntax/ast';
import type { AnalysisSettings } from '../engine/settings';
import { compileGlobs } from '../common/globs';
import { CliError, describeFsError } from './errors';
import type { SettingsScope } from './settingsFiles';

/** Never worth walking into, whatever the settings say. */
export const SKIPPED_DIRECTORIES: ReadonlySet<string> = new Set(['node_modules', '.git', '.venv', 'venv', '__pycache__']);

/** Python sources, Jupyter notebooks (read as Python) and Scala sources. */
export function sourceLanguage(file: string): Language | undefined {
  if (file.endsWith('.py') || file.endsWith('.ipynb')) return 'python';
  if (file.endsWith('.scala')) return 'scala';
  return undefined;
}

/** What sbt and Maven write into target/; one of them there marks the folder as build output. */
const BUILD_OUTPUT_ENTRY = /^(classes|test-classes|streams|scala-\d[\w.-]*|maven-status|maven-archiver|surefire-reports|global-logs|task-temp-directory)$/;
const BUILD_FILES = ['build.sbt', 'pom.xml'];

/**
 * Why a folder named `target` is build output, or undefined when it is not: it holds what sbt or
 * Maven write there, or it sits beside a build.sbt / pom.xml whose sources are under src/. Any
 * other `target` is a source package (`…/backend/target/Target.scala`) and is walked.
 */
export function buildOutputReason(folder: string): string | undefined {
  let entries: string[];
  try {
    entries = fs.readdirSync(folder);
  } catch {
    return undefined;
  }
  const marker = entries.find((entry) => BUILD_OUTPUT_ENTRY.test(entry));
  if (marker) return `build output (holds ${marker}/)`;
  const project = path.dirname(folder);
  const buildFile = BUILD_FILES.find((name) => fs.existsSync(path.join(project, name)));
  if (buildFile && isDirectory(path.join(project, 'src'))) return `build output (beside ${buildFile}, sources under src/)`;
  return undefined;
}

function isDirectory(folder: string): boolean {
  try {
    return fs.statSync(folder).isDirectory();
  } catch {
    return false;
  }
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

/** A folder the walk did not enter, and why. */
export interface SkippedFolder {
  folder: string;
  reason: string;
}

export interface Discovery {
  files: DiscoveredFile[];
  /** Folders that could not be read (the walk goes on without them). */
  warnings: string[];
  /** Folders not walked: tool folders, build output, folders the exclude globs cover. */
  skippedFolders: SkippedFolder[];
  /** Source files left out by the include/exclude globs. */
  excludedFiles: number;
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
    if (!stat.isFile() || !sourceLanguage(absolute)) throw new CliError(`not a Python (.py), Jupyter notebook (.ipynb) or Scala (.scala) file: ${given}`);
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
  const walked: Walk = { warnings: [], skippedFolders: [], excludedFiles: 0 };
  for (const input of inputs) {
    const { root, settings } = scopeFor(input);
    if (!input.isDirectory) {
      candidates.push({ file: input.absolute, relativePath: path.basename(input.absolute), language: sourceLanguage(input.absolute)!, settings });
      continue;
    }
    const filter = new GlobFilter(settings, root, input.absolute);
    for (const file of walk(input.absolute, filter, walked)) {
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
  return { files, ...walked };
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

type Walk = Omit<Discovery, 'files'>;

/** Why the walk does not enter a folder, or undefined to enter it. */
function folderSkipReason(folder: string, name: string, filter: GlobFilter): string | undefined {
  if (SKIPPED_DIRECTORIES.has(name)) return name;
  if (name === 'target') {
    const buildOutput = buildOutputReason(folder);
    if (buildOutput) return buildOutput;
  }
  return filter.prunes(folder) ? 'excluded by the exclude globs' : undefined;
}

/** Follows links to folders, but enters each real folder once, so link loops end. */
function walk(folder: string, filter: GlobFilter, walked: Walk): string[] {
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
      walked.warnings.push(`skipped ${dir}: ${describeFsError(error)}`);
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
        const reason = folderSkipReason(full, entry.name, filter);
        if (reason === undefined) pending.push(full);
        else walked.skippedFolders.push({ folder: full, reason });
      } else if (isFile && sourceLanguage(entry.name)) {
        if (filter.accepts(full)) files.push(full);
        else walked.excludedFiles++;
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
