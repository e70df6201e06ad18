/**
 * Which file of the workspace a Python import names, as the interpreter would find it when the job
 * runs from the project: a relative import from the importing file's package; an absolute one from
 * the importing file's folder or one of its ancestors up to the workspace folder (the script's own
 * folder, the project root) or their `src/` folders, and from a distribution's own folder in a
 * src layout (`src/<dist>/<package>/`, the package a Databricks job installs as a wheel: the
 * distribution folder is usually named after its package). A module is `name.py` or a package's
 * `name/__init__.py`. Installed packages (pyspark, pandas) are never workspace files.
 */
import * as path from 'path';
import type { ImportStmt, Stmt } from '../../syntax/ast';

/** Whether a file or folder exists (cached by the caller: resolution asks for the same paths again and again). */
export type FileExists = (file: string) => boolean;

/** The file a module's dotted name names below `base`, if one exists. */
function moduleFile(base: string, parts: readonly string[], exists: FileExists): string | undefined {
  const stem = path.join(base, ...parts);
  if (parts.length > 0 && exists(`${stem}.py`)) return `${stem}.py`;
  const init = path.join(stem, '__init__.py');
  return exists(init) ? init : undefined;
}

/** The file `module` (`jobs.lookups`, `.lookups`, `..`) names when imported from `file`. */
export function resolvePythonModule(module: string, file: string, roots: readonly string[], exists: FileExists): string | undefined {
  return new PythonModuleResolver(() => roots, exists).resolve(module, path.dirname(path.resolve(file)));
}

/**
 * resolvePythonModule for the many imports of many files, remembering what was found per folder:
 * an absolute import is looked up in the importing file's folder (and its `src/`), then in its
 * parent and so on up to the workspace folder, so the files of sibling folders share most of the
 * work (a run asks where `pyspark.sql.functions.col` is from every folder it has).
 */
export class PythonModuleResolver {
  /** By folder and module: a relative import from the folder, or an absolute one looked up from it upwards. */
  private readonly found = new ByFolder<string | undefined>();
  /** By folder and name: see `holders`. */
  private readonly holding = new ByFolder<readonly string[]>();
  /** Folder → the workspace folder its lookups stop at (null: none holds it, only the folder itself is searched). */
  private readonly stops = new Map<string, string | null>();

  /** `trustListings`: what `exists` said of a folder holds while the resolver lives (a CLI run); in the editor folders appear unannounced, so no lookup folder is passed over. */
  constructor(
    private readonly roots: () => readonly string[],
    private readonly exists: FileExists,
    private readonly trustListings = true,
  ) {}

  /** The file `module` names when imported from a file of `folder` (an absolute path). */
  resolve(module: string, folder: string): string | undefined {
    const dots = /^\.*/.exec(module)![0].length;
    if (dots === 0) return this.fromFolderUp(folder, module);
    const known = this.found.get(folder, module);
    if (known !== NOT_KNOWN) return known;
    let base = folder;
    for (let up = 1; up < dots; up++) base = path.dirname(base);
    const found = moduleFile(base, module.slice(dots).split('.').filter((p) => p.length > 0), this.exists);
    this.found.set(folder, module, found);
    return found;
  }

  /** Files were created or deleted: what was found may have changed. */
  clear(): void {
    this.found.clear();
    this.holding.clear();
    this.stops.clear();
  }

  private fromFolderUp(folder: string, module: string): string | undefined {
    const known = this.found.get(folder, module);
    if (known !== NOT_KNOWN) return known;
    const parts = module.split('.').filter((p) => p.length > 0);
    const bases = parts.length === 0 ? [] : this.holders(folder, parts[0]!);
    let found: string | undefined;
    for (const base of bases) if ((found = moduleFile(base, parts, this.exists))) break;
    // Only after every plain root: a module the job finds directly wins over a distribution's copy (`src/<dist>/<package>/`).
    if (!found) for (const base of bases) if (path.basename(base) === 'src' && (found = moduleFile(path.join(base, parts[0]!), parts, this.exists))) break;
    this.found.set(folder, module, found);
    return found;
  }

  /**
   * The folders an absolute import from `folder` is looked up in, nearest first, that hold a module
   * or package named `first` at all (or a distribution folder of that name): most imports (`pyspark…`, `os`) have none and end here.
   */
  private holders(folder: string, first: string): readonly string[] {
    const known = this.holding.get(folder, first);
    if (known !== NOT_KNOWN) return known;
    let found: readonly string[] = [folder, path.join(folder, 'src')].filter((base) => !this.trustListings || this.exists(path.join(base, first)) || this.exists(path.join(base, `${first}.py`)));
    const stop = this.stopOf(folder);
    const parent = path.dirname(folder);
    if (stop !== null && folder !== stop && parent !== folder) found = [...found, ...this.holders(parent, first)];
    this.holding.set(folder, first, found);
    return found;
  }

  /** The innermost workspace folder that holds `folder` (a folder between the two has the same). */
  private stopOf(folder: string): string | null {
    let stop = this.stops.get(folder);
    if (stop === undefined) {
      const holding = this.roots().map((r) => path.resolve(r)).filter((r) => folder === r || folder.startsWith(r + path.sep));
      stop = holding.sort((a, b) => b.length - a.length)[0] ?? null;
      this.stops.set(folder, stop);
    }
    return stop;
  }
}

/**
 * Answers remembered by folder, then by name: a run asks about the same long folder paths again and
 * again, and a key joining path and name would be built, and hashed in full, per question.
 */
const NOT_KNOWN = Symbol('not known');

class ByFolder<T> {
  private readonly folders = new Map<string, Map<string, T>>();

  /** The answer remembered (which may be undefined itself), or NOT_KNOWN. */
  get(folder: string, name: string): T | typeof NOT_KNOWN {
    const names = this.folders.get(folder);
    const value = names?.get(name);
    return value !== undefined || names?.has(name) ? value! : NOT_KNOWN;
  }

  set(folder: string, name: string, value: T): void {
    let names = this.folders.get(folder);
    if (!names) this.folders.set(folder, (names = new Map()));
    names.set(name, value);
  }

  clear(): void {
    this.folders.clear();
  }
}

/** Where a name a file uses leads: a module of the workspace, or a name defined in one. */
export interface PythonImportTable {
  /** Local name (possibly dotted: `import jobs.lookups`) → the module file it names. */
  modules: Map<string, string>;
  /** Local name → the module file and the name it has there (`from jobs.lookups import load as l`). */
  names: Map<string, { file: string; name: string }>;
  /** Modules imported with `*`. */
  wildcards: string[];
}

/** Every import statement of the file, wherever it is (functions import too). */
export function importStatements(statements: readonly Stmt[], into: ImportStmt[] = []): ImportStmt[] {
  for (const statement of statements) {
    if (statement.kind === 'import') into.push(statement);
    else if (statement.kind === 'function' || statement.kind === 'class') importStatements(statement.body, into);
    else if (statement.kind === 'if') {
      importStatements(statement.then, into);
      importStatements(statement.otherwise, into);
    }
  }
  return into;
}

/** Resolves a Python file's imports to workspace files through `resolve` (resolvePythonModule for the file); imports of anything else are left out. */
export function pythonImportTable(imports: readonly ImportStmt[], resolve: (module: string) => string | undefined): PythonImportTable {
  const table: PythonImportTable = { modules: new Map(), names: new Map(), wildcards: [] };
  for (const statement of imports) {
    if (statement.names.length === 0) {
      const target = resolve(statement.module);
      if (target) table.modules.set(statement.alias ?? statement.module, target);
      continue;
    }
    const from = statement.module;
    const fromFile = resolve(from);
    for (const imported of statement.names) {
      if (imported.name === '*') {
        if (fromFile) table.wildcards.push(fromFile);
        continue;
      }
      const local = imported.alias ?? imported.name;
      // `from jobs import lookups`: a submodule, when there is one, or else a name the package defines.
      const submodule = resolve(from.endsWith('.') ? `${from}${imported.name}` : `${from}.${imported.name}`);
      if (submodule) table.modules.set(local, submodule);
      else if (fromFile) table.names.set(local, { file: fromFile, name: imported.name });
    }
  }
  return table;
}
