/**
 * Which workspace files call a name (`name(`, `name (`): a helper's callers are looked for in these
 * files only. Each file is read once and its called names kept, instead of every file being read
 * again for every helper asked about (a second of reading over realcode's 1,697 files).
 */
import { ownCopy } from '../../syntax/sourceText';

const CALLED_NAME = /\b(\w+)\s*\(/g;

export class CalledNames {
  private readonly filesByName = new Map<string, Set<string>>();
  /** Per file, the sets of `filesByName` it is in (not the names: a name matched in a text would keep that text alive). */
  private readonly namesByFile = new Map<string, Array<Set<string>>>();
  /** Files whose text changed since they were read. */
  private readonly changed = new Set<string>();

  constructor(private readonly readText: (file: string) => string | undefined) {}

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
