/**
 * Which workspace files call a name (`name(`, `name (`): a helper's callers are looked for in these
 * files only. Each file is read once and its called names kept, instead of every file being read
 * again for every helper asked about (a second of reading over realcode's 1,697 files).
 */
import { ownCopy } from '../../syntax/sourceText';

const CALLED_NAME = /\b(\w+)\s*\(/g;

/** What was read of some files, as plain data another thread can be handed (a structured clone: cli/parallelAnalysis.ts). */
export interface CalledNamesRead {
  files: string[];
  /** Each name called in them → the files calling it (indices into `files`). */
  callers: Map<string, number[]>;
}

export class CalledNames {
  private readonly filesByName = new Map<string, Set<string>>();
  /** Per file, the sets of `filesByName` it is in (not the names: a name matched in a text would keep that text alive). */
  private readonly namesByFile = new Map<string, Array<Set<string>>>();
  /** Files whose text changed since they were read. */
  private readonly changed = new Set<string>();

  /** `known`: what another CalledNames read (`readOf`); those files are not read again until they change. */
  constructor(
    private readonly readText: (file: string) => string | undefined,
    known?: CalledNamesRead,
  ) {
    if (known) this.learn(known);
  }

  /** Reads `files` (those not read yet) and returns what was read of them. */
  readOf(files: readonly string[]): CalledNamesRead {
    for (const file of files) if (!this.namesByFile.has(file)) this.read(file);
    const index = new Map(files.map((file, at) => [file, at]));
    const callers = new Map<string, number[]>();
    for (const [name, calling] of this.filesByName) {
      const indices: number[] = [];
      for (const file of calling) {
        const at = index.get(file);
        if (at !== undefined) indices.push(at);
      }
      if (indices.length > 0) callers.set(name, indices);
    }
    return { files: [...files], callers };
  }

  /** Of `files`, in their order, those whose text calls `name`. */
  callersAmong(files: readonly string[], name: string): string[] {
    for (const file of files) if (!this.namesByFile.has(file) || this.changed.has(file)) this.read(file);
    this.changed.clear();
    const calling = this.filesByName.get(name);
    return calling ? files.filter((file) => calling.has(file)) : [];
  }

  /** `file`'s text changed: it is read again when next asked about. */
  fileChanged(file: string): void {
    if (this.namesByFile.has(file)) this.changed.add(file);
  }

  private learn(known: CalledNamesRead): void {
    for (const file of known.files) this.namesByFile.set(file, []);
    for (const [name, indices] of known.callers) {
      const files = new Set(indices.map((at) => known.files[at]!));
      this.filesByName.set(name, files);
      for (const file of files) this.namesByFile.get(file)!.push(files);
    }
  }

  private read(file: string): void {
    for (const files of this.namesByFile.get(file) ?? []) files.delete(file);
    const names = new Set<string>();
    for (const match of (this.readText(file) ?? '').matchAll(CALLED_NAME)) names.add(match[1]!);
    const namedIn: Array<Set<string>> = [];
    for (const name of names) {
      let files = this.filesByName.get(name);
      // A name matched in a text is a view of the whole text (syntax/sourceText.ts): a name first met is kept as a copy of its own, or every file's text stays alive (20 MB over realcode).
      if (!files) this.filesByName.set(ownCopy(name), (files = new Set()));
      files.add(file);
      namedIn.push(files);
    }
    this.namesByFile.set(file, namedIn);
  }
}
