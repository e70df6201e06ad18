/**
 * The workspace's Python modules as the files that import them see them: which file an import
 * names, and what each function of it does with the DataFrames it is handed (its summary). A file
 * is read, parsed and lowered only when another file calls into it, and then once per text; a
 * summary is worked out once per text and argument pattern. The model of an analysed file gets the
 * functions it imports through `importsFor` (model/importedFunctions.ts) and never sees the files.
 */
import * as fs from 'fs';
import * as path from 'path';
import { functionReturnsFrame } from '../../model/frameTypes';
import { buildSparkModel, summariseFunction } from '../../model/builder';
import type { SparkModel } from '../../model/types';
import type { RemoteParameterCacheCall } from '../../model/parameterCaches';
import { placeKey, WorkspaceCallers } from './workspaceCallers';
import type { ImportedFunction, ImportedFunctions } from '../../model/importedFunctions';
import type { FunctionSummary } from '../../model/summaries';
import type { FunctionStmt, Language, LoweredFile, Span, Stmt } from '../../syntax/ast';
import { lowerTree } from '../../syntax/lower';
import type { SparkParsers } from '../../syntax/parser';
import { mightUseSpark } from '../languages';
import { withLspLineBreaks } from '../lineBreaks';
import { FolderListings } from './folderListings';
import { importStatements, pythonImportTable, PythonModuleResolver, type PythonImportTable } from './pythonModules';
import { CLASS_METHOD, scalaCalleeTarget, scalaClassMethodTarget, type ScalaScope } from './scalaModules';
import { isScalaFile, ScalaPackageIndex } from './scalaPackageIndex';
import type { WorkspaceFacts } from './workspaceFacts';

/** Larger modules are generated code or data, not helpers worth following. */
const MAX_MODULE_BYTES = 1024 * 1024;
/** `from .impl import load` in a package's `__init__.py` re-exports; a chain of them is followed this far. */
const MAX_REEXPORTS = 3;
/**
 * A summary of another file's function may need one of a third file's, and so on: summaries are
 * worked out this many files deep at most (deeper calls are where data escapes, as for an unknown function).
 */
const MAX_FILES_DEEP = 3;

export interface WorkspaceIndexOptions {
  /** The workspace folders (the folders the CLI was given): absolute imports are looked up below them. */
  roots: () => readonly string[];
  /** Parsers with the Python grammar loaded, once there are. */
  parsers: () => SparkParsers | undefined;
  /** The text of a file open in the editor (newer than the disk's); undefined for others. */
  openText?: (file: string) => string | undefined;
  /** Keep what each analysis was served, for `staleAfterChange` (the editor; the CLI's files do not change). */
  trackDependents?: boolean;
  /** The workspace's Scala files when the caller has them listed (the CLI's run): their packages are indexed without walking the roots. */
  scalaFiles?: readonly string[];
  /** What another thread read of the whole workspace (the CLI's workers: workspaceFacts.ts): not read again here. */
  facts?: WorkspaceFacts;
}

interface Module {
  text: string;
  lowered?: LoweredFile;
  functions: Map<string, FunctionStmt>;
  table?: PythonImportTable;
  scalaScope?: ScalaScope;
  /** By `function|frame parameters`. */
  summaries: Map<string, FunctionSummary | undefined>;
}

/** What one analysis of a file asked of the index: how its summaries read then, to tell later whether they changed. */
interface Served {
  file: string;
  lowered: LoweredFile;
  summaries: Map<string, string>;
  /** The calls from other files it was told of, by the function's place (`line:character`). */
  callers?: Map<string, { span: Span; fingerprint: string }>;
}

/** Time and size the index took, for the bench and the CLI's `--verbose`. */
export interface IndexCost {
  /** Modules read, parsed and lowered. */
  modules: number;
  /** Of those, files whose own analysis then used that lowering (not parsed a second time). */
  reused: number;
  summaries: number;
  /** Resolving imports, reading, parsing and lowering modules, and working out summaries. */
  milliseconds: number;
}

export const NO_COST: IndexCost = { modules: 0, reused: 0, summaries: 0, milliseconds: 0 };

export function addCosts(costs: readonly IndexCost[]): IndexCost {
  const sum = { ...NO_COST };
  for (const cost of costs) for (const key of Object.keys(sum) as Array<keyof IndexCost>) sum[key] += cost[key];
  return sum;
}

export class WorkspaceIndex {
  private readonly modules = new Map<string, Module | null>();
  /** Per analysed file, what its latest analysis was served. */
  private readonly served = new Map<string, Served>();
  /** Module file → files whose imports reach it directly. */
  private readonly importers = new Map<string, Set<string>>();
  /** The other way: file → the module files its imports reach directly. */
  private readonly imported = new Map<string, Set<string>>();
  private readonly generations = new Map<string, number>();
  /** The summaries being worked out, innermost last, and whether one of them met a cycle or the depth limit. */
  private readonly summarising: Array<{ key: string; cut: boolean }> = [];
  private readonly costSoFar = { ...NO_COST };
  /** Which Scala file declares which object: Scala files are found by their `package`, not their path. */
  private readonly scalaPackages: ScalaPackageIndex;
  /** Bumped when a Scala file's declarations change: any Scala call may reach another object now. */
  private scalaDeclarations = 0;

  private readonly listings: FolderListings;
  private readonly resolver: PythonModuleResolver;
  /** Who calls a file's functions from other files (workspaceCallers.ts). */
  private readonly callers: WorkspaceCallers;

  constructor(private readonly options: WorkspaceIndexOptions) {
    const readText = (file: string) => options.openText?.(file) ?? readModule(file);
    this.scalaPackages = new ScalaPackageIndex(options.roots, readText, () => this.scalaDeclarationsChanged(), options.scalaFiles, options.facts?.scalaHeaders);
    // The editor's files change under it (trackDependents): there a folder's own listing decides.
    this.listings = new FolderListings(!options.trackDependents);
    this.resolver = new PythonModuleResolver(options.roots, this.listings.exists, !options.trackDependents);
    this.callers = new WorkspaceCallers({
      roots: options.roots,
      readText,
      scalaFiles: options.scalaFiles,
      pythonFiles: options.facts?.pythonFiles,
      calledNames: options.facts?.calledNames,
      modelOf: (file) => this.callerModel(file),
      functionsOf: (lowered) => definedFunctions(lowered.statements, lowered.language),
      dependsOn: (file, caller) => this.linkImport(file, caller),
    });
  }

  /** The model of a file calling into another, its own imports resolved, as its analysis would build it. */
  private callerModel(file: string): SparkModel | undefined {
    const module = this.module(file);
    if (!module?.lowered) return undefined;
    const lowered = module.lowered;
    return this.timed(() => buildSparkModel(lowered, this.importedFunctions(file, lowered.statements, undefined, module, lowered.language)));
  }

  /** The functions of other workspace files that `file` (lowered) imports, or calls by their package. */
  importsFor(file: string, lowered: LoweredFile): ImportedFunctions {
    const absolute = path.resolve(file);
    const served: Served | undefined = this.options.trackDependents ? { file: absolute, lowered, summaries: new Map() } : undefined;
    if (served) this.served.set(absolute, served);
    const imported = this.importedFunctions(absolute, lowered.statements, served, undefined, lowered.language);
    // Both cache rules ask about the same helpers: the callers' models are built once per analysis.
    const asked = new Map<string, RemoteParameterCacheCall[] | undefined>();
    return {
      ...imported,
      callersOf: (functionSpan) => {
        const key = placeKey(functionSpan);
        if (asked.has(key)) return asked.get(key);
        const calls = this.callers.callersOf(absolute, lowered, functionSpan);
        asked.set(key, calls);
        (served ? (served.callers ??= new Map()) : undefined)?.set(key, { span: functionSpan, fingerprint: JSON.stringify(calls ?? null) });
        return calls;
      },
    };
  }

  loweredAlready(file: string, text: string): LoweredFile | undefined {
    const module = this.modules.get(path.resolve(file));
    if (module?.text !== text || !module.lowered) return undefined;
    this.costSoFar.reused++;
    return module.lowered;
  }

  /**
   * Lets go of the Python modules read so far (what was found of imports stays): the run moves on to
   * files that import none of them (cli/unitsOfWork.ts), so a thread holds one unit's modules at a time.
   * Scala objects are kept while the run is on one project's Scala files, any of which may call any
   * object; `scalaToo` when it moves on to another project, or to the Python files.
   */
  releaseModules(scalaToo = false): void {
    for (const file of [...this.modules.keys()]) if (scalaToo || !isScalaFile(file)) this.modules.delete(file);
  }

  /** A file's text changed (an edit, a save, a disk event): what was read from it, and everything summarised through it, is stale. */
  fileChanged(file: string, existence = false): void {
    const absolute = path.resolve(file);
    this.callers.fileChanged(absolute, existence);
    if (existence) {
      this.listings.clear();
      this.resolver.clear();
      for (const module of this.modules.values()) if (module) module.table = undefined;
    }
    this.modules.delete(absolute);
    this.scalaPackages.fileChanged(absolute);
    for (const importer of this.importersOf(absolute)) {
      const module = this.modules.get(importer);
      if (module) module.summaries.clear();
      this.generations.set(importer, (this.generations.get(importer) ?? 0) + 1);
    }
  }

  /** Indexes the Scala packages of the workspace now: the editor does it at start, so no analysis's time budget pays for it. */
  prepare(): void {
    this.timed(() => this.scalaPackages.declaredNamed(''));
  }

  /** Changes each time a module `file` imports (directly or not) changes: part of what its analysis depends on. */
  generation(file: string): number {
    if (!isScalaFile(file)) return this.generations.get(path.resolve(file)) ?? 0;
    this.scalaPackages.settle();
    return (this.generations.get(path.resolve(file)) ?? 0) + this.scalaDeclarations;
  }

  /** What any Scala module's calls reached may differ now: their summaries are worked out again when asked. */
  private scalaDeclarationsChanged(): void {
    this.scalaDeclarations++;
    for (const [file, module] of this.modules) if (module && isScalaFile(file)) module.summaries.clear();
  }

  /** The same index for analyses whose dependencies are not tracked (the editor's whole-workspace analysis). */
  untracked(): { importsFor(file: string, lowered: LoweredFile): ImportedFunctions; loweredAlready(file: string, text: string): LoweredFile | undefined } {
    return {
      importsFor: (file, lowered) => this.importedFunctions(path.resolve(file), lowered.statements, undefined, undefined, lowered.language),
      loweredAlready: (file, text) => this.loweredAlready(file, text),
    };
  }

  /** A file left the editor or the disk: nothing depends on its analysis any more. */
  forget(file: string): void {
    this.served.delete(path.resolve(file));
  }

  /**
   * The analysed files (other than `file`) whose imported summaries read differently now that
   * `file` changed: their findings may differ, the others' cannot.
   */
  staleAfterChange(file: string): string[] {
    const absolute = path.resolve(file);
    const affected = this.importersOf(absolute);
    const stale: string[] = this.callers.staleAfterChange(absolute, this.served.values());
    if (![...this.served.keys()].some((analysed) => affected.has(analysed))) return stale;
    for (const [analysed, served] of this.served) {
      if (analysed === absolute || !affected.has(analysed) || served.summaries.size === 0 || stale.includes(analysed)) continue;
      const again = this.importedFunctions(analysed, served.lowered.statements, undefined, undefined, served.lowered.language);
      for (const [key, fingerprint] of served.summaries) {
        const [callee, parameters] = key.split('|') as [string, string];
        const now = again.resolve(callee)?.summary(parameters ? parameters.split(',') : []);
        if ((now?.fingerprint ?? '-') !== fingerprint) {
          stale.push(analysed);
          break;
        }
      }
    }
    return stale;
  }

  millisecondsSpent(): number {
    return this.costSoFar.milliseconds;
  }

  cost(): IndexCost {
    return { ...this.costSoFar };
  }

  /** The modules `file`'s imports reach, directly or through other modules (what its analysis may have read). */
  dependenciesOf(file: string): string[] {
    const start = path.resolve(file);
    const found = new Set<string>();
    const queue = [start];
    for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
      for (const module of this.imported.get(next) ?? []) {
        if (module === start || found.has(module)) continue;
        found.add(module);
        queue.push(module);
      }
    }
    return [...found].sort();
  }

  /** Every file whose imports reach `file`, directly or through other modules. */
  private importersOf(file: string): Set<string> {
    const found = new Set<string>();
    const queue = [file];
    for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
      for (const importer of this.importers.get(next) ?? []) {
        if (found.has(importer)) continue;
        found.add(importer);
        queue.push(importer);
      }
    }
    return found;
  }

  private importedFunctions(file: string, statements: readonly Stmt[], served: Served | undefined, module?: Module, language: Language = 'python'): ImportedFunctions {
    let table: PythonImportTable | undefined;
    let scalaScope: ScalaScope | undefined;
    const resolved = new Map<string, ImportedFunction | undefined>();
    const tableOf = () => (module ? (module.table ??= this.tableFor(file, statements)) : (table ??= this.tableFor(file, statements)));
    const scalaScopeOf = () => (module ? (module.scalaScope ??= this.scalaScopeOf(file, statements)) : (scalaScope ??= this.scalaScopeOf(file, statements)));
    return {
      resolve: (callee) => {
        if (resolved.has(callee)) return resolved.get(callee);
        // `Reader(...)`, `models.Job(...)`: constructing an object of a class, no function to summarise (nor a module to read for it).
        if (/^[A-Z]/.test(callee.slice(callee.lastIndexOf('.') + 1))) return undefined;
        const target = language === 'scala' ? this.scalaTarget(file, scalaScopeOf(), callee) : this.calleeTarget(tableOf(), callee);
        const found = target && this.functionIn(target.file, target.name, 0, served, callee);
        resolved.set(callee, found);
        return found;
      },
      resolveInstanceMethod: (className, method) => {
        const key = `new ${className}.${method}`;
        if (resolved.has(key)) return resolved.get(key);
        const target = language === 'scala' ? this.scalaClassTarget(file, scalaScopeOf(), className, method) : this.calleeTarget(tableOf(), `${className}.${method}`);
        const found = target && this.functionIn(target.file, target.name, 0, served, key);
        resolved.set(key, found);
        return found;
      },
    };
  }

  /** The class method of another Scala file that `new ClassName(…).method(…)` reaches. */
  private scalaClassTarget(file: string, scope: ScalaScope, className: string, method: string): { file: string; name: string } | undefined {
    const target = this.timed(() => scalaClassMethodTarget(className, method, scope, this.scalaPackages.declaredNamed));
    if (!target || target.file === file) return undefined;
    this.linkImport(file, target.file);
    return target;
  }

  private tableFor(file: string, statements: readonly Stmt[]): PythonImportTable {
    const folder = path.dirname(file);
    const table = this.timed(() => pythonImportTable(importStatements(statements), (name) => this.resolver.resolve(name, folder)));
    for (const target of [...table.modules.values(), ...[...table.names.values()].map((n) => n.file), ...table.wildcards]) this.linkImport(file, target);
    return table;
  }

  /** `file`'s code reaches `target`'s: a change of `target` may change `file`'s findings. */
  private linkImport(file: string, target: string): void {
    let importers = this.importers.get(target);
    if (!importers) this.importers.set(target, (importers = new Set()));
    importers.add(file);
    let modules = this.imported.get(file);
    if (!modules) this.imported.set(file, (modules = new Set()));
    modules.add(target);
  }

  /** A Scala file's packages (from its header) and imports: what decides where its calls lead. */
  private scalaScopeOf(file: string, statements: readonly Stmt[]): ScalaScope {
    return { packages: this.scalaPackages.headerOf(file)?.packages ?? [], imports: importStatements(statements) };
  }

  /** The object method of another Scala file a callee reaches; the first call needing it indexes the workspace's packages. */
  private scalaTarget(file: string, scope: ScalaScope, callee: string): { file: string; name: string } | undefined {
    const target = this.timed(() => scalaCalleeTarget(callee, file, scope, this.scalaPackages.declaredNamed));
    if (!target || target.file === file) return undefined;
    this.linkImport(file, target.file);
    return target;
  }

  /** The module file and the name in it a dotted callee reaches (`load`, `lookups.load`, `jobs.lookups.load`, `Helpers.load`). */
  private calleeTarget(table: PythonImportTable, callee: string): { file: string; name: string } | undefined {
    const direct = table.names.get(callee);
    if (direct) return direct;
    for (let dot = callee.lastIndexOf('.'); dot > 0; dot = callee.lastIndexOf('.', dot - 1)) {
      const prefix = callee.slice(0, dot);
      const rest = callee.slice(dot + 1);
      const module = table.modules.get(prefix);
      if (module) return { file: module, name: rest };
      const owner = table.names.get(prefix);
      if (owner && !rest.includes('.')) return { file: owner.file, name: `${owner.name}.${rest}` };
    }
    if (!callee.includes('.')) {
      for (const file of table.wildcards) if (this.module(file)?.functions.has(callee)) return { file, name: callee };
    }
    return undefined;
  }

  /** `name` (a function, or `Class.method`) of module `file`, following re-exports (`from .impl import load` in `__init__.py`). */
  private functionIn(file: string, name: string, hops: number, served: Served | undefined, callee: string): ImportedFunction | undefined {
    const module = this.module(file);
    if (!module?.lowered) return undefined;
    const fn = module.functions.get(name);
    if (!fn) {
      if (hops >= MAX_REEXPORTS || name.includes('.') || name.includes(CLASS_METHOD)) return undefined;
      const onward = (module.table ??= this.tableFor(file, module.lowered.statements)).names.get(name);
      return onward && this.functionIn(onward.file, onward.name, hops + 1, served, callee);
    }
    const method = name.includes('.');
    const parameters = fn.params.filter((p, i) => !(method && i === 0 && (p.name === 'self' || p.name === 'cls'))).map((p) => p.name);
    return {
      parameters,
      returnsFrame: functionReturnsFrame(fn),
      origin: { file, name },
      summary: (frameParameters) => {
        const summary = this.summaryOf(file, module, name, frameParameters);
        served?.summaries.set(`${callee}|${frameParameters.join(',')}`, summary?.fingerprint ?? '-');
        return summary;
      },
    };
  }

  /**
   * Worked out once per function and argument pattern; one that met a cycle of calls across files
   * or the depth limit is not kept, so what a file is told never depends on what was asked before.
   */
  private summaryOf(file: string, module: Module, name: string, frameParameters: readonly string[]): FunctionSummary | undefined {
    const key = `${name}|${frameParameters.join(',')}`;
    if (module.summaries.has(key)) return module.summaries.get(key);
    const stackKey = `${file}|${key}`;
    if (this.summarising.length >= MAX_FILES_DEEP || this.summarising.some((entry) => entry.key === stackKey)) {
      for (const entry of this.summarising) entry.cut = true;
      return undefined;
    }
    const entry = { key: stackKey, cut: false };
    this.summarising.push(entry);
    let summary: FunctionSummary | undefined;
    try {
      const lowered = module.lowered!;
      const imported = this.importedFunctions(file, lowered.statements, undefined, module, lowered.language);
      summary = this.timed(() => summariseFunction(lowered, name, frameParameters, imported, module.functions.get(name)));
    } finally {
      this.summarising.pop();
    }
    summary = summary && withoutPlaces(summary);
    this.costSoFar.summaries++;
    if (!entry.cut) module.summaries.set(key, summary);
    return summary;
  }

  private module(file: string): Module | undefined {
    if (this.modules.has(file)) return this.modules.get(file) ?? undefined;
    const module = this.timed(() => this.load(file));
    this.modules.set(file, module ?? null);
    return module;
  }

  private load(file: string): Module | undefined {
    const parsers = this.options.parsers();
    const language: Language = isScalaFile(file) ? 'scala' : 'python';
    if (!parsers?.has(language)) return undefined;
    const raw = this.options.openText?.(file) ?? readModule(file);
    // Scala objects are reached by name whatever they do: one that never touches Spark has nothing to summarise, and is not parsed.
    if (raw === undefined || (language === 'scala' && !mightUseSpark(raw))) return undefined;
    const text = withLspLineBreaks(raw);
    let tree;
    try {
      tree = parsers.parse(language, text);
    } catch {
      return undefined; // over the parse budget: a module this large is no helper
    }
    try {
      const lowered = lowerTree(language, tree.rootNode, text);
      this.costSoFar.modules++;
      return { text, lowered, functions: definedFunctions(lowered.statements, language), summaries: new Map() };
    } finally {
      tree.delete();
    }
  }

  private timing = false;

  /** Counts the time of the outermost piece of work only: summaries and loads nest. */
  private timed<T>(work: () => T): T {
    if (this.timing) return work();
    const started = performance.now();
    this.timing = true;
    try {
      return work();
    } finally {
      this.timing = false;
      this.costSoFar.milliseconds += performance.now() - started;
    }
  }
}

export function readModule(file: string): string | undefined {
  try {
    // A FIFO would block the analysis and a device (a link to /dev/zero) never end.
    const stat = fs.statSync(file);
    if (!stat.isFile() || stat.size > MAX_MODULE_BYTES) return undefined;
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * Top-level functions, and methods of top-level classes as `Class.method`; in Scala a class's
 * (reached through an object the caller constructs) as `Class#method`, apart from its companion object's.
 */
function definedFunctions(statements: readonly Stmt[], language: Language): Map<string, FunctionStmt> {
  const functions = new Map<string, FunctionStmt>();
  for (const statement of statements) {
    if (statement.kind === 'function') functions.set(statement.name, statement);
    if (statement.kind !== 'class') continue;
    const separator = language === 'scala' && !statement.singleton ? CLASS_METHOD : '.';
    for (const member of statement.body) if (member.kind === 'function') functions.set(`${statement.name}${separator}${member.name}`, member);
  }
  return functions;
}

/**
 * Places in another file mean nothing to its callers: a summary leaves them out, so summaries that
 * only moved in their file stay equal and their callers' findings stand.
 */
function withoutPlaces(summary: FunctionSummary): FunctionSummary {
  const returns = summary.returns && placeless(summary.returns);
  const fields = new Map([...summary.fields].map(([name, field]) => [name, placeless(field)]));
  // Counts stay numbers (MANY is Infinity, which JSON would turn into null): the fingerprint spells them out.
  const { runsJobs, runsHeavyJobs, leavesCacheHeld } = summary;
  // A parameter cached in place: the caller's file judges nothing by it, but tells the helper's file what its calls read (workspaceCallers.ts).
  const cachedParameters = summary.cachedParameters && new Map([...summary.cachedParameters].map(([name, cached]) => [name, placeless(cached)]));
  const cachedInPlace = cachedParameters && [...cachedParameters].map(([name, cached]) => [name, cached.method, String(cached.readsAfter), cached.released]);
  const fingerprint = JSON.stringify({ effects: [...summary.parameters].map(([name, effect]) => [name, String(effect.jobs)]), returns, runsJobs, runsHeavyJobs, leavesCacheHeld, fields: [...fields], cachedInPlace });
  return { parameters: summary.parameters, fields, returns, runsJobs, runsHeavyJobs, leavesCacheHeld, cachedParameters, fingerprint };
}

/** A copy of plain data with every `span` put nowhere. */
function placeless<T>(value: T): T {
  if (Array.isArray(value)) return value.map(placeless) as T;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, key === 'span' ? NOWHERE : placeless(inner)])) as T;
}

const NOWHERE = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
