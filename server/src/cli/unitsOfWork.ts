/**
 * How a run shares its files between threads, and in what order each is analysed. A thread follows
 * calls into other files with its own workspace index (cli/workspaceOfRun.ts), which reads, parses
 * and summarises each module it is asked about: files that import one another (read from their
 * import lines, before any is analysed) therefore go to the same thread, as one unit, so a module
 * is read once per run rather than once per thread; and a file comes before the files it imports,
 * so that the module a caller had read is the very lowering its own analysis reuses. Scala calls
 * reach objects by package, not by import lines: a project's Scala files (below one top folder of
 * the run) go together, in path order, so the objects they call are read by one thread; those units
 * are known from the paths alone, and the threads start on them while the Python files' imports are
 * read. What a file is found to hold never depends on this: only how often a module is read does.
 */
import * as path from 'path';
import { FolderListings } from '../engine/workspace/folderListings';
import { importedModuleNames } from '../engine/workspace/pythonImportScan';
import { PythonModuleResolver } from '../engine/workspace/pythonModules';
import type { DiscoveredFile } from './discovery';

/** With several threads, a unit holds at most this share of the files, so one large project still spreads over every thread… */
const UNITS_PER_THREAD_AT_LEAST = 4;
/** …but is never cut smaller than this: a cut unit reads the modules its parts share once per part. */
const SMALLEST_CUT = 8;

/** The run's files (as indices into `files`) in units, each on one thread, in its order: the Scala units first, then the Python ones. */
export function unitsOfWork(files: readonly DiscoveredFile[], roots: readonly string[], threads: number, textOf: (file: string) => string | undefined): number[][] {
  return [...scalaUnits(files, threads), ...pythonUnits(files, roots, threads, textOf)];
}

/** The largest unit: with several threads, at most this share of the files, so one large project still spreads over every thread. */
function maxUnitSize(files: readonly DiscoveredFile[], threads: number): number {
  return threads > 1 ? Math.max(SMALLEST_CUT, Math.ceil(files.length / (threads * UNITS_PER_THREAD_AT_LEAST))) : Infinity;
}

/** The largest units first, so the last ones taken are small and the threads finish together. */
function largestFirst(units: number[][]): number[][] {
  return units.sort((a, b) => b.length - a.length || a[0]! - b[0]!);
}

/** The Scala files, a unit per top folder of the run (a project, in a run over several), in path order; known without reading any file. */
export function scalaUnits(files: readonly DiscoveredFile[], threads: number): number[][] {
  const maxUnit = maxUnitSize(files, threads);
  const units: number[][] = [];
  let project: string | undefined;
  files.forEach((file, index) => {
    if (file.language !== 'scala') return;
    const last = units[units.length - 1];
    if (last && topFolder(file) === project && last.length < maxUnit) last.push(index);
    else units.push([index]);
    project = topFolder(file);
  });
  return largestFirst(units);
}

/**
 * The project (top folder) of a unit of Scala files; undefined for Python. A thread keeps the Scala
 * objects it read while it stays on one project, and lets them go when the project changes: one
 * project does not call another's objects (if it does, the object is read again, with the same result).
 */
function scalaProjectOf(files: readonly DiscoveredFile[], unit: readonly number[]): string | undefined {
  const first = files[unit[0]!];
  return first?.language === 'scala' ? topFolder(first) : undefined;
}

/** Called before each unit a thread takes: calls `releaseScala` when the unit is of another project than the one before (scalaProjectOf). */
export function onProjectChange(files: readonly DiscoveredFile[], releaseScala: () => void): (unit: readonly number[]) => void {
  let project: string | undefined;
  return (unit) => {
    const next = scalaProjectOf(files, unit);
    if (next !== project) releaseScala();
    project = next;
  };
}

/** The folder of the run the file lies in, directly below the folder given (the file's own for a file given by name). */
function topFolder({ file, relativePath }: DiscoveredFile): string {
  const absolute = path.resolve(file);
  const slash = relativePath.indexOf('/');
  return slash < 0 ? path.dirname(absolute) : absolute.slice(0, absolute.length - relativePath.length + slash);
}

/** The Python files (and notebooks) in units of files linked by imports, each file before the files it imports. */
export function pythonUnits(files: readonly DiscoveredFile[], roots: readonly string[], threads: number, textOf: (file: string) => string | undefined): number[][] {
  const importers = importersWithinRun(files, roots, textOf);
  const maxUnit = maxUnitSize(files, threads);
  const units: number[][] = [];
  for (const group of groupsOfImporting(files.length, importers)) {
    if (files[group[0]!]!.language !== 'python') continue;
    const ordered = importersFirst(group, importers);
    for (let start = 0; start < ordered.length; start += maxUnit) units.push(ordered.slice(start, start + maxUnit));
  }
  return largestFirst(units);
}

/** Per file (index), the files of the run whose import lines name it. */
function importersWithinRun(files: readonly DiscoveredFile[], roots: readonly string[], textOf: (file: string) => string | undefined): Array<number[]> {
  const indexOf = new Map(files.map((file, index) => [path.resolve(file.file), index]));
  // An import reaches a file of the run only through names its path holds: `pyspark…`, `os` end here.
  const pathNames = new Set<string>();
  for (const file of indexOf.keys()) for (const part of file.split(path.sep)) pathNames.add(part.replace(/\.py$/, ''));
  const resolver = new PythonModuleResolver(() => roots, new FolderListings().exists);
  const importers: number[][] = files.map(() => []);
  files.forEach((file, index) => {
    if (file.language !== 'python') return;
    const absolute = path.resolve(file.file);
    const folder = path.dirname(absolute);
    const targets = new Set<number>();
    for (const name of importedModuleNames(textOf(absolute) ?? '')) {
      if (!name.startsWith('.') && !pathNames.has(name.split('.', 1)[0]!)) continue;
      const target = indexOf.get(resolver.resolve(name, folder) ?? '');
      if (target !== undefined && target !== index) targets.add(target);
    }
    for (const target of targets) importers[target]!.push(index);
  });
  return importers;
}

/** Files linked by imports, either way (each group in the files' order). */
function groupsOfImporting(count: number, importers: ReadonlyArray<readonly number[]>): number[][] {
  const parent = Array.from({ length: count }, (_, index) => index);
  const root = (index: number): number => {
    while (parent[index] !== index) index = parent[index] = parent[parent[index]!]!;
    return index;
  };
  importers.forEach((from, target) => from.forEach((importer) => (parent[root(importer)] = root(target))));
  const groups = new Map<number, number[]>();
  for (let index = 0; index < count; index++) {
    const group = groups.get(root(index));
    if (group) group.push(index);
    else groups.set(root(index), [index]);
  }
  return [...groups.values()];
}

/** The group's files with every file after the files that import it (a cycle is cut where it is entered). */
function importersFirst(group: readonly number[], importers: ReadonlyArray<readonly number[]>): number[] {
  const ordered: number[] = [];
  const seen = new Set<number>();
  for (const start of group) {
    if (seen.has(start)) continue;
    seen.add(start);
    // Depth first along "imported by": a file is placed once everything importing it is.
    const stack: Array<{ file: number; next: number }> = [{ file: start, next: 0 }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const importer = importers[top.file]![top.next++];
      if (importer === undefined) {
        ordered.push(top.file);
        stack.pop();
      } else if (!seen.has(importer)) {
        seen.add(importer);
        stack.push({ file: importer, next: 0 });
      }
    }
  }
  return ordered;
}
