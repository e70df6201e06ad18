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

/** Whether a file exists (cached by the caller: resolution asks for the same paths again and again). */
export type FileExists = (file: string) => boolean;

/** The file a module's dotted name names below `base`, if one exists. */
function moduleFile(base: string, parts: readonly string[], exists: FileExists): string | undefined {
  const stem = path.join(base, ...parts);
  if (parts.length > 0 && exists(`${stem}.py`)) return `${stem}.py`;
  const init = path.join(stem, '__init__.py');
  return exists(init) ? init : undefined;
}

/** The folders an absolute import is looked up from, nearest first: the file's folder and its ancestors up to its root, each with its `src/`. */
export function importRoots(file: string, roots: readonly string[]): string[] {
  const folder = path.dirname(path.resolve(file));
  const root = roots.map((r) => path.resolve(r)).filter((r) => folder === r || folder.startsWith(r + path.sep)).sort((a, b) => b.length - a.length)[0];
  const found: string[] = [];
  for (let current = folder; ; current = path.dirname(current)) {
    found.push(current, path.join(current, 'src'));
    if (!root || current === root || path.dirname(current) === current) break;
  }
  return found;
}

/** The file `module` (`jobs.lookups`, `.lookups`, `..`) names when imported from `file`. */
export function resolvePythonModule(module: string, file: string, roots: readonly string[], exists: FileExists): string | undefined {
  const dots = /^\.*/.exec(module)![0].length;
  const parts = module.slice(dots).split('.').filter((p) => p.length > 0);
  if (dots > 0) {
    let base = path.dirname(path.resolve(file));
    for (let up = 1; up < dots; up++) base = path.dirname(base);
    return moduleFile(base, parts, exists);
  }
  if (parts.length === 0) return undefined;
  const bases = importRoots(file, roots);
  for (const base of bases) {
    const found = moduleFile(base, parts, exists);
    if (found) return found;
  }
  // Only after every plain root: a module the job finds directly wins over a distribution's copy.
  for (const base of bases) {
    if (path.basename(base) !== 'src') continue;
    const found = moduleFile(path.join(base, parts[0]!), parts, exists);
    if (found) return found;
  }
  return undefined;
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
