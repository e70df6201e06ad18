/**
 * Strings lowered from a document must not keep the document alive. V8 makes a slice of a long
 * string a view that holds the whole string, so an identifier or literal sliced from the text of
 * one keystroke held all of that text for as long as its statement was cached: a 5,000-line file
 * edited in every function grew the heap by 50 MB. Lowering slices from a copy of the chunk it
 * lowers instead.
 */

/** The document's text as parsing and lowering read it: a string, or an open document's pieces (engine/documentText.ts). */
export interface SourceText {
  readonly length: number;
  slice(start: number, end: number): string;
  toString(): string;
}

/** The characters of `text` in a string of their own. */
export function ownCopy(text: string): string {
  // A concatenation, once flattened, owns its characters; the leading space is sliced off again.
  return ` ${text}`.slice(1);
}

/** A copy of `source[start, end)`, read by offsets of `source`. */
export class CopiedRange {
  readonly text: string;

  constructor(
    source: SourceText,
    readonly start: number,
    readonly end: number,
  ) {
    this.text = ownCopy(source.slice(start, end));
  }

  /** `source.slice(start, end)` when the range holds it, else undefined. */
  slice(start: number, end: number): string | undefined {
    return start >= this.start && end <= this.end ? this.text.slice(start - this.start, end - this.start) : undefined;
  }
}
