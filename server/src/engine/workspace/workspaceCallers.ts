/**
 * Who calls a file's function from other files of the workspace, and what each call does with the
 * DataFrame the function caches in place (model/parameterCaches.ts): the cache is judged on the
 * helper's line, by every call in the workspace. Files that name neither the function nor its
 * owner are not read further; tests and examples do not count as callers (a test calling a helper
 * once says nothing of how the job uses it). The editor asks again after any other file changes,
 * and a file whose answer reads differently is analysed again.
 */
import * as path from 'path';
import { callsReaching, type RemoteParameterCacheCall } from '../../model/parameterCaches';
import type { SparkModel } from '../../model/types';
import type { FunctionStmt, Language, LoweredFile, Span } from '../../syntax/ast';
import { fileRole } from '../fileRole';
import { CalledNames, type CalledNamesRead } from './calledNames';
import { isScalaFile, sourceFilesBelow } from './scalaPackageIndex';

/** Past this many files naming the function, its callers are not worked out (a name that common is no one helper's). */
const MAX_CALLER_FILES = 40;

export interface WorkspaceCallersOptions {
  roots: () => readonly string[];
  readText: (file: string) => string | undefined;
  /** The CLI's Scala files, when it listed them. */
  scalaFiles?: readonly string[];
  /** The workspace's Python files and the names every workspace file calls, when another thread read them (the CLI's workers: workspaceFacts.ts). */
  pythonFiles?: readonly string[];
  calledNames?: CalledNamesRead;
  /** The model of a caller's file, its imports resolved. */
  modelOf: (file: string) => SparkModel | undefined;
  /** The functions a file defines as other files reach them (`load`, `Lookups.load`, `Reporter#report`). */
  functionsOf: (lowered: LoweredFile) => ReadonlyMap<string, FunctionStmt>;
  /** `file`'s findings now depend on `caller`'s text (the CLI's cache and the editor's generations follow it). */
  dependsOn: (file: string, caller: string) => void;
}

/** `line:character` of a span's start: a function's place in its file. */
export function placeKey(span: Span): string {
  return `${span.start.line}:${span.start.character}`;
}

export class WorkspaceCallers {
  private listed = new Map<Language, string[]>();
  private readonly calledNames: CalledNames;

  constructor(private readonly options: WorkspaceCallersOptions) {
    this.calledNames = new CalledNames(options.readText, options.calledNames);
    if (options.pythonFiles) this.listed.set('python', [...options.pythonFiles]);
  }

  /** The calls in other files of `file`'s function at `functionSpan`; undefined when one of them cannot be followed (or too many files name it). */
  callersOf(file: string, lowered: LoweredFile, functionSpan: Span): RemoteParameterCacheCall[] | undefined {
    const name = this.nameAt(lowered, functionSpan);
    if (name === undefined) return [];
    const names = this.namesCaller(file, lowered.language, name);
    const candidates: string[] = [];
    for (const other of this.calledNames.callersAmong(this.files(lowered.language), calledName(name))) {
      if (other === file) continue;
      const text = this.options.readText(other);
      if (text === undefined || !names(text)) continue;
      if (fileRole(this.relative(other), text, lowered.language) !== 'production') continue;
      this.options.dependsOn(file, other);
      candidates.push(other);
      if (candidates.length > MAX_CALLER_FILES) return undefined;
    }
    const calls: RemoteParameterCacheCall[] = [];
    for (const other of candidates) {
      const model = this.options.modelOf(other);
      if (!model) continue;
      const reached = callsReaching(model, { file, name });
      if (!reached) return undefined;
      for (const call of reached) {
        calls.push({ file: other, line: call.arrival.call.start.line, function: call.arrival.function, reads: call.reads, released: call.released });
      }
    }
    return calls;
  }

  /** The name other files reach the function at `functionSpan` by (`save`, `Lag#newest`). */
  private nameAt(lowered: LoweredFile, functionSpan: Span): string | undefined {
    return [...this.options.functionsOf(lowered)].find(([, fn]) => placeKey(fn.span) === placeKey(functionSpan))?.[0];
  }

  /** Whether a text may call `name` of `file`: it names the method and, for a method, its class or object; for a Python function, its module. */
  private namesCaller(file: string, language: Language, name: string): (text: string) => boolean {
    const parts = name.split(/[.#]/);
    const called = new RegExp(`\\b${escaped(calledName(name))}\\s*\\(`);
    const alsoNamed = parts.length > 1 ? parts[0]! : language === 'python' ? path.basename(file, '.py') : undefined;
    return (text) => called.test(text) && (alsoNamed === undefined || text.includes(alsoNamed));
  }

  /** A file changed: its called names are read again; when one appeared or went, so are the listings. */
  fileChanged(file: string, existence: boolean): void {
    if (existence) this.listed.clear();
    this.calledNames.fileChanged(file);
  }

  /** The analysed files told of callers whose answer now reads differently, after `changed` changed. */
  staleAfterChange(changed: string, served: Iterable<{ file: string; lowered: LoweredFile; callers?: Map<string, { span: Span; fingerprint: string }> }>): string[] {
    const stale: string[] = [];
    const text = this.options.readText(changed);
    for (const analysed of served) {
      if (analysed.file === changed || !analysed.callers || isScalaFile(changed) !== (analysed.lowered.language === 'scala')) continue;
      for (const { span, fingerprint } of analysed.callers.values()) {
        // Only a file that calls it now, or did (or kept its calls from being judged), can change what its calls read.
        const name = this.nameAt(analysed.lowered, span);
        const concerned = fingerprint === 'null' || fingerprint.includes(JSON.stringify(changed)) || (name !== undefined && text !== undefined && this.namesCaller(analysed.file, analysed.lowered.language, name)(text));
        if (concerned && JSON.stringify(this.callersOf(analysed.file, analysed.lowered, span) ?? null) !== fingerprint) {
          stale.push(analysed.file);
          break;
        }
      }
    }
    return stale;
  }

  private files(language: Language): string[] {
    let files = this.listed.get(language);
    if (!files) {
      files = callerFiles(this.options.roots(), language, this.options.scalaFiles);
      this.listed.set(language, files);
    }
    return files;
  }

  private relative(file: string): string | undefined {
    for (const root of this.options.roots()) {
      const relative = path.relative(path.resolve(root), file);
      if (!relative.startsWith('..') && !path.isAbsolute(relative)) return relative.split(path.sep).join('/');
    }
    return undefined;
  }
}

/** The files of `language` where callers are looked for: those below `roots` (for Scala, `scalaFiles` when listed). */
export function callerFiles(roots: readonly string[], language: Language, scalaFiles?: readonly string[]): string[] {
  const resolved = roots.map((root) => path.resolve(root));
  return language === 'scala' ? [...(scalaFiles ?? sourceFilesBelow(resolved, isScalaFile))] : sourceFilesBelow(resolved, (name) => name.endsWith('.py'));
}

/** The name a call to the function spells: `newest` of `Lag#newest`, `load` of `Lookups.load`. */
function calledName(name: string): string {
  return name.split(/[.#]/).at(-1)!;
}

function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
