/** The source files a call site can point at, found by walking the workspace folders. */
import * as fs from 'fs';
import * as path from 'path';
import { compileGlobs } from '../../common/globs';

export const MAX_SOURCE_FILES = 20_000;
const SOURCE_EXTENSIONS = ['.py', '.scala', '.java'];
/** Build output, dependencies and virtual environments: never the user's code, often huge. */
export const SKIPPED_DIRECTORIES: ReadonlySet<string> = new Set(['node_modules', 'target', 'build', '__pycache__', 'venv']);

export interface ListSourceFilesOptions {
  /** Globs relative to the root being walked ('**\/generated/**'). */
  exclude?: readonly string[];
  /** At most this many files (default 20,000); the walk stops there. */
  maxFiles?: number;
}

/**
 * Absolute paths of the .py/.scala/.java files under the roots, sorted, without dot-folders,
 * node_modules, target, build or virtual environments. Links to folders are not followed (no loops);
 * folders that cannot be read are skipped.
 */
export async function listSourceFiles(roots: readonly string[], options: ListSourceFilesOptions = {}): Promise<string[]> {
  const limit = options.maxFiles ?? MAX_SOURCE_FILES;
  const excluded = options.exclude && options.exclude.length > 0 ? compileGlobs(options.exclude) : undefined;
  const found = new Set<string>();
  for (const root of roots) {
    const pending = [path.resolve(root)];
    while (pending.length > 0 && found.size < limit) {
      const dir = pending.pop()!;
      let entries: fs.Dirent[];
      try {
        entries = await fs.promises.readdir(dir, { withFileTypes: true });
      } catch {
        continue;
      }
      entries.sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0)); // popped in name order
      for (const entry of entries) {
        const full = path.join(dir, entry.name);
        const relative = path.relative(root, full).split(path.sep).join('/');
        if (entry.isDirectory()) {
          if (!entry.name.startsWith('.') && !SKIPPED_DIRECTORIES.has(entry.name) && !excluded?.(relative) && !excluded?.(`${relative}/`)) pending.push(full);
        } else if ((entry.isFile() || entry.isSymbolicLink()) && SOURCE_EXTENSIONS.some((extension) => entry.name.endsWith(extension))) {
          if (excluded?.(relative) || (entry.isSymbolicLink() && !(await isFile(full)))) continue;
          found.add(full);
          if (found.size >= limit) break;
        }
      }
    }
  }
  return [...found].sort();
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await fs.promises.stat(file)).isFile();
  } catch {
    return false;
  }
}
