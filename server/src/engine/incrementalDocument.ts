import { Edit, type Tree } from 'web-tree-sitter';
import type { Language, LoweredFile } from '../syntax/ast';
import { lowerTree } from '../syntax/lower';
import { LoweringCache } from '../syntax/loweringCache';
import type { SparkParsers } from '../syntax/parser';
import { lspLineStarts, withLspLineBreaks } from './lineBreaks';

export interface TextChange {
  /** The replaced range in the text as it was before this change (0-based line/UTF-16 column). */
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  text: string;
}

/**
 * One open document's syntax: the text, its tree (re-parsed incrementally after edits) and the
 * lowering cache. Call `dispose()` when the document closes: trees live in wasm memory, which the
 * JS garbage collector does not free. Lines are counted as the client counts them (a lone `\r` ends
 * a line); the engine sees the text with each lone `\r` as `\n`, so its lines are the same.
 */
export class IncrementalDocument {
  private tree: Tree | undefined;
  private treeIsStale = true;
  private cache: LoweringCache;
  private lineStarts: number[];
  /** The text as the engine reads it (lone `\r` as `\n`), computed when first needed after a change. */
  private engineText: string | undefined;

  constructor(
    private readonly parsers: SparkParsers,
    readonly language: Language,
    private text: string,
  ) {
    this.cache = new LoweringCache(this.content);
    this.lineStarts = lspLineStarts(text);
  }

  /** The text with the client's line breaks as the engine reads them: offsets and lines are the client's. */
  get content(): string {
    this.engineText ??= withLspLineBreaks(this.text);
    return this.engineText;
  }

  /** Applies LSP content changes in order, editing the old tree so the next parse can reuse it. */
  applyChanges(changes: readonly TextChange[]): void {
    for (const { range: raw, text: inserted } of changes) {
      const range = { start: this.clamp(raw.start), end: this.clamp(raw.end) };
      const change = { range, text: inserted };
      const startIndex = this.offsetAt(range.start);
      const oldEndIndex = this.offsetAt(range.end);
      const text = this.text.slice(0, startIndex) + change.text + this.text.slice(oldEndIndex);
      if (this.tree) {
        this.tree.edit(
          new Edit({
            startIndex,
            oldEndIndex,
            newEndIndex: startIndex + change.text.length,
            startPosition: { row: change.range.start.line, column: change.range.start.character },
            oldEndPosition: { row: change.range.end.line, column: change.range.end.character },
            newEndPosition: endPosition(change.range.start, change.text),
          }),
        );
      }
      // A `\r` inserted, or next to the edit, may join or split a `\r\n` pair: count the lines afresh then.
      const touchesCarriageReturn = inserted.includes('\r') || this.text[startIndex - 1] === '\r' || this.text.slice(startIndex, oldEndIndex).includes('\r');
      this.text = text;
      this.lineStarts = touchesCarriageReturn ? lspLineStarts(text) : updatedLineStarts(this.lineStarts, range, startIndex, oldEndIndex, inserted);
    }
    this.engineText = undefined;
    this.treeIsStale = true;
  }

  /** Replaces the whole text (a full-document sync): the next parse starts from scratch. */
  replaceText(text: string): void {
    this.tree?.delete();
    this.tree = undefined;
    this.text = text;
    this.engineText = undefined;
    this.lineStarts = lspLineStarts(text);
    this.treeIsStale = true;
  }

  /** Parses (incrementally when possible) and lowers the current text. */
  lower(): LoweredFile {
    if (this.treeIsStale || !this.tree) {
      const next = this.parsers.parse(this.language, this.content, this.tree);
      this.tree?.delete();
      this.tree = next;
      this.treeIsStale = false;
    }
    this.cache = this.cache.next(this.content);
    return lowerTree(this.language, this.tree.rootNode, this.content, this.cache);
  }

  /** The current tree, for tests comparing incremental and fresh parses. */
  currentTree(): Tree | undefined {
    return this.tree;
  }

  dispose(): void {
    this.tree?.delete();
    this.tree = undefined;
  }

  /**
   * LSP: a character past the end of a line means the end of that line (before its line break), a
   * line past the end means the end of the document. Unclamped, such a position would run on into
   * the next line and delete the line break.
   */
  private clamp(position: { line: number; character: number }): { line: number; character: number } {
    const last = this.lineStarts.length - 1;
    if (position.line > last) return { line: last, character: this.text.length - this.lineStarts[last]! };
    const lineStart = this.lineStarts[position.line]!;
    let lineEnd = position.line < last ? this.lineStarts[position.line + 1]! : this.text.length;
    if (position.line < last && this.text[lineEnd - 1] === '\n') lineEnd--;
    if (position.line < last && lineEnd > lineStart && this.text[lineEnd - 1] === '\r') lineEnd--;
    return position.character <= lineEnd - lineStart ? position : { line: position.line, character: lineEnd - lineStart };
  }

  private offsetAt(position: { line: number; character: number }): number {
    return this.lineStarts[position.line]! + position.character;
  }
}

/** Line starts after replacing [startIndex, oldEndIndex) on `range` by `inserted`, without rescanning the text. */
function updatedLineStarts(starts: number[], range: TextChange['range'], startIndex: number, oldEndIndex: number, inserted: string): number[] {
  const added: number[] = [];
  for (let i = inserted.indexOf('\n'); i >= 0; i = inserted.indexOf('\n', i + 1)) added.push(startIndex + i + 1);
  const shift = inserted.length - (oldEndIndex - startIndex);
  const tail = starts.slice(range.end.line + 1);
  for (let i = 0; i < tail.length; i++) tail[i]! += shift;
  return [...starts.slice(0, range.start.line + 1), ...added, ...tail];
}

function endPosition(start: { line: number; character: number }, inserted: string): { row: number; column: number } {
  const lines = inserted.split(/\r\n|\r|\n/);
  if (lines.length === 1) return { row: start.line, column: start.character + inserted.length };
  return { row: start.line + lines.length - 1, column: lines.at(-1)!.length };
}
