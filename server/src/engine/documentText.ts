import { lastAtOrBefore, withLspLineBreaks } from './lineBreaks';

/**
 * What the analysis reads of a document's text. A string is one; an open document's text is kept
 * in pieces (`TextPieces`) so that a keystroke does not build the whole text again: V8 puts a
 * string over 128 KB in its large-object space, and making one per keystroke (a 5,000-line file)
 * cost more than re-parsing the edited statement.
 *
 * `includes` and `indexOf` are only asked for text without line breaks, or for a line break alone.
 */
export interface DocumentText {
  readonly length: number;
  slice(start: number, end: number): string;
  includes(search: string): boolean;
  indexOf(search: string, position?: number): number;
  /** The whole text (for pieces, joined once per version). */
  toString(): string;
}

/** The first line of the text, without its line break. */
export function firstLine(text: DocumentText): string {
  const end = text.indexOf('\n');
  return end < 0 ? text.toString() : text.slice(0, end);
}

/** A piece is cut after the first line break at or past this length: small enough to copy per keystroke. */
export const PIECE_LENGTH = 8192;

/** Searched words whose places `TextPieces` remembers (a fixed few in practice). */
const MAX_REMEMBERED_SEARCHES = 16;

/**
 * A document's text as pieces of whole lines, as the client wrote it (`raw`) and as the engine
 * reads it (each lone `\r` as `\n`, see lineBreaks.ts). An edit rewrites only the pieces it
 * touches. Every piece but the last ends with `\n`, so a `\r\n` pair never straddles two pieces
 * and each piece's engine text is its own raw text's.
 */
export class TextPieces implements DocumentText {
  private raw: string[] = [];
  private engine: string[] = [];
  private starts: number[] = [];
  length = 0;
  private whole: string | undefined;
  /**
   * Per searched word, whether each piece holds it (undefined: not yet looked at). The analysis of
   * every keystroke asks the same few words (test imports, suppression markers) of the whole text;
   * an edit forgets only the pieces it rewrites.
   */
  private readonly found = new Map<string, Array<boolean | undefined>>();

  constructor(
    text: string,
    private readonly pieceLength = PIECE_LENGTH,
  ) {
    this.splice(0, 0, text);
  }

  /** Replaces [start, end) of the text by `inserted`. */
  replace(start: number, end: number, inserted: string): void {
    const first = this.pieceAt(start);
    let last = end > start ? this.pieceAt(end - 1) : first;
    const from = this.starts[first] ?? 0;
    // The pieces between the first and the last are wholly replaced.
    let text = (this.raw[first] ?? '').slice(0, start - from) + inserted + (this.raw[last] ?? '').slice(end - (this.starts[last] ?? 0));
    // A rewritten piece must still end with a line break, or take the next piece in.
    while (!text.endsWith('\n') && last + 1 < this.raw.length) text += this.raw[++last]!;
    this.raw.splice(first, last - first + 1);
    this.engine.splice(first, last - first + 1);
    for (const known of this.found.values()) known.splice(first, last - first + 1);
    this.starts.splice(first, last - first + 1);
    this.splice(first, from, text);
  }

  /** The text as the engine reads it, between two offsets. */
  slice(start: number, end: number): string {
    const clampedEnd = Math.min(end, this.length);
    if (clampedEnd <= start) return '';
    const first = this.pieceAt(start);
    const from = this.starts[first]!;
    const piece = this.engine[first]!;
    if (clampedEnd <= from + piece.length) return piece.slice(start - from, clampedEnd - from);
    let text = piece.slice(start - from);
    for (let i = first + 1; i < this.engine.length && this.starts[i]! < clampedEnd; i++) text += this.engine[i]!.slice(0, clampedEnd - this.starts[i]!);
    return text;
  }

  /** The client's character at `offset` ('' outside the text). */
  rawCharAt(offset: number): string {
    if (offset < 0 || offset >= this.length) return '';
    const index = this.pieceAt(offset);
    return this.raw[index]!.charAt(offset - this.starts[index]!);
  }

  /** Whether the client's text between two offsets has a `\r`. */
  rawHasCarriageReturn(start: number, end: number): boolean {
    for (let i = this.pieceAt(start); i < this.raw.length && this.starts[i]! < end; i++) {
      const from = this.starts[i]!;
      if (this.raw[i]!.slice(Math.max(0, start - from), end - from).includes('\r')) return true;
    }
    return false;
  }

  /** The client's whole text. */
  rawText(): string {
    return this.raw.join('');
  }

  includes(search: string): boolean {
    let known = this.found.get(search);
    if (!known) {
      if (this.found.size >= MAX_REMEMBERED_SEARCHES) this.found.clear();
      this.found.set(search, (known = new Array<boolean | undefined>(this.engine.length)));
    }
    for (let i = 0; i < this.engine.length; i++) if ((known[i] ??= this.engine[i]!.includes(search))) return true;
    return false;
  }

  indexOf(search: string, position = 0): number {
    for (let i = position >= this.length ? this.engine.length : this.pieceAt(Math.max(0, position)); i < this.engine.length; i++) {
      const from = this.starts[i]!;
      const found = this.engine[i]!.indexOf(search, Math.max(0, position - from));
      if (found >= 0) return from + found;
    }
    return -1;
  }

  /** Each piece as the engine reads it: a search that cannot span a line break can go piece by piece. */
  pieces(): readonly string[] {
    return this.engine;
  }

  toString(): string {
    this.whole ??= this.engine.join('');
    return this.whole;
  }

  /** Cuts `text` into pieces inserted at piece `index`, which starts at `offset`. */
  private splice(index: number, offset: number, text: string): void {
    const raw: string[] = [];
    for (let from = 0; from < text.length; ) {
      const cut = text.indexOf('\n', from + this.pieceLength - 1);
      const to = cut < 0 ? text.length : cut + 1;
      raw.push(text.slice(from, to));
      from = to;
    }
    const starts: number[] = [];
    let at = offset;
    for (const piece of raw) {
      starts.push(at);
      at += piece.length;
    }
    this.raw.splice(index, 0, ...raw);
    this.engine.splice(index, 0, ...raw.map(withLspLineBreaks));
    for (const known of this.found.values()) known.splice(index, 0, ...raw.map(() => undefined));
    this.starts.splice(index, 0, ...starts);
    const shift = at - (this.starts[index + raw.length] ?? at);
    if (shift !== 0) for (let i = index + raw.length; i < this.starts.length; i++) this.starts[i]! += shift;
    const last = this.starts.length - 1;
    this.length = last < 0 ? 0 : this.starts[last]! + this.raw[last]!.length;
    this.whole = undefined;
  }

  /** The piece holding `offset` (the last one for the end of the text). */
  private pieceAt(offset: number): number {
    return lastAtOrBefore(this.starts, offset);
  }
}
