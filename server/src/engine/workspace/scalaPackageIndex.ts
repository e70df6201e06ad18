/**
 * The packages the workspace's Scala files declare: which file defines `com.acme.Lookups`. Built the
 * first time a Scala call needs it, by reading each `.scala` file below the workspace folders once
 * and taking its header (scalaHeaders.ts, no parse); after an edit or a disk event that one file is
 * read again, when the next call needs the index (a keystroke costs a set insert).
 */
import * as fs from 'fs';
import * as path from 'path';
import { MAX_SOURCE_FILES, SKIPPED_DIRECTORIES } from '../../history/callsites/workspaceFiles';
import { qualifiedName, sameDeclarations, scalaHeader, type ScalaHeader } from './scalaHeaders';
import type { DeclaredIn } from './scalaModules';


export function isScalaFile(file: string): boolean {
  return file.endsWith('.scala');
}

export class ScalaPackageIndex {
  /** File → its header (null: unreadable or too large). */
  private readonly headers = new Map<string, ScalaHeader | null>();
  /** Qualified name → where it is declared; undefined until first asked, and again after the roots change. */
  private declared: Map<string, DeclaredIn[]> | undefined;
  private indexedRoots = '';
  /** Files changed since their header was read: read again when next needed, not on every keystroke. */
  private readonly changed = new Set<string>();

  /**
   * `readText` reads a file as the index sees it (the editor's text over the disk's);
   * `declarationsChanged` is told when a changed file turns out to declare other things;
   * `listed`, when given, are the workspace's Scala files (no walk of the roots);
   * `known`, their headers when another thread read them (cli/parallelAnalysis.ts; null: unreadable).
   */
  constructor(
    private readonly roots: () => readonly string[],
    private readonly readText: (file: string) => string | undefined,
    private readonly declarationsChanged: () => void,
    private readonly listed?: readonly string[],
    known?: ReadonlyMap<string, ScalaHeader | null>,
  ) {
    if (known) for (const [file, header] of known) this.headers.set(file, header);
  }

  /** The header of any Scala file, in the workspace folders or not. */
  headerOf(file: string): ScalaHeader | undefined {
    this.settle();
    return this.read(file);
  }

  /** Where `qualified` (`com.acme.Lookups`, or a package object's package) is declared. */
  readonly declaredNamed = (qualified: string): readonly DeclaredIn[] => {
    this.settle();
    return this.byName().get(qualified) ?? [];
  };

  /** `file` changed (its text, or whether it exists). */
  fileChanged(file: string): void {
    if (isScalaFile(file)) this.changed.add(file);
  }

  /** Reads the changed files' headers again; when one declares other things, calls elsewhere may reach other objects now. */
  settle(): void {
    if (this.changed.size === 0) return;
    let different = false;
    for (const file of this.changed) {
      const known = this.headers.has(file);
      const before = this.headers.get(file) ?? undefined;
      this.headers.delete(file);
      const after = this.read(file);
      if (known && sameDeclarations(before, after)) continue;
      if (this.declared) {
        this.forget(file);
        if (after && this.withinRoots(file)) this.add(file, after);
        different = true;
      }
    }
    this.changed.clear();
    if (different) this.declarationsChanged();
  }

  private read(file: string): ScalaHeader | undefined {
    if (!this.headers.has(file)) {
      const text = this.readText(file);
      this.headers.set(file, text === undefined ? null : scalaHeader(text));
    }
    return this.headers.get(file) ?? undefined;
  }

  private byName(): Map<string, DeclaredIn[]> {
    const roots = this.roots().map((root) => path.resolve(root));
    const key = roots.join('\0');
    if (this.declared && key === this.indexedRoots) return this.declared;
    this.declared = new Map();
    this.indexedRoots = key;
    for (const file of this.listed ?? sourceFilesBelow(roots, isScalaFile)) {
      const header = this.read(file);
      if (header) this.add(file, header);
    }
    return this.declared;
  }

  private add(file: string, header: ScalaHeader): void {
    for (const definition of header.definitions) {
      const name = qualifiedName(definition);
      const places = this.declared!.get(name);
      if (places) places.push({ file, definition });
      else this.declared!.set(name, [{ file, definition }]);
    }
  }

  private forget(file: string): void {
    for (const [name, places] of this.declared!) {
      const others = places.filter((place) => place.file !== file);
      if (others.length === 0) this.declared!.delete(name);
      else if (others.length < places.length) this.declared!.set(name, others);
    }
  }

  private withinRoots(file: string): boolean {
    return this.roots().some((root) => {
      const relative = path.relative(path.resolve(root), file);
      return relative.length > 0 && !relative.startsWith('..') && !path.isAbsolute(relative);
    });
  }
}

/** The files below `roots` whose names are `wanted` (hidden, build and dependency folders left out, as for call sites), up to MAX_SOURCE_FILES. */
export function sourceFilesBelow(roots: readonly string[], wanted: (name: string) => boolean): string[] {
  const found: string[] = [];
  const seen = new Set<string>();
  const queue = [...roots];
  for (let folder = queue.shift(); folder !== undefined && found.length < MAX_SOURCE_FILES; folder = queue.shift()) {
    if (seen.has(folder)) continue;
    seen.add(folder);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(folder, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) queue.push(full);
      } else if (entry.isFile() && wanted(entry.name)) {
        found.push(full);
      }
    }
  }
  return found;
}
