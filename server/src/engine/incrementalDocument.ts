import { Edit, type Node, type Range, type Tree } from 'web-tree-sitter';
import type { Language, LoweredFile } from '../syntax/ast';
import { lowerTree } from '../syntax/lower';
import { LoweringCache, type LoweredChunk } from '../syntax/loweringCache';
import type { SparkParsers } from '../syntax/parser';
import { joinChunks, lowerPythonChunks } from '../syntax/python/lowerPython';
import { TextPieces, type DocumentText } from './documentText';
import { mightUseSpark } from './languages';
import { lastAtOrBefore, lspLineStarts } from './lineBreaks';

export interface TextChange {
  /** The replaced range in the text as it was before this change (0-based line/UTF-16 column). */
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  text: string;
}

/** Top-level statements re-parsed on their own before the whole tree is parsed again. */
const MAX_PATCHES = 128;

/**
 * One open document's syntax: the text, its tree (re-parsed incrementally after edits) and the
 * lowering cache. Call `dispose()` when the document closes: trees live in wasm memory, which the
 * JS garbage collector does not free. Lines are counted as the client counts them (a lone `\r` ends
 * a line); the engine sees the text with each lone `\r` as `\n`, so its lines are the same.
 *
 * Python: an edit inside one top-level statement of a document that parsed without errors
 * re-parses only that statement's text (from its start to the next top-level statement, as a
 * tree of its own with the document's positions), not the whole document: tree-sitter's
 * incremental re-parse of the whole tree took most of the time per keystroke in large files.
 * Top-level Python statements start at column 0 with no open bracket or indentation, so such a
 * statement parses alone as it does in the file. When the statement no longer parses cleanly, or
 * an edit crosses statements, the whole tree is re-parsed (incrementally, as before).
 */
export class IncrementalDocument {
  /** The document's tree: up to date but for the top-level statements in `patches`. */
  private tree: Tree | undefined;
  private treeIsStale = true;
  /** The last whole parse had no syntax error: top-level statements can be re-parsed alone. */
  private treeIsClean = false;
  /** Index of a top-level child of `tree` → its text re-parsed alone (undefined: not yet). */
  private readonly patches = new Map<number, Tree | undefined>();
  /** Patched statements edited since they were last parsed. */
  private readonly editedPatches = new Set<number>();
  /** An edit since the last whole parse that re-parsing single statements cannot take. */
  private needsWholeParse = true;
  private cache: LoweringCache;
  /**
   * Python, a clean tree: the chunks lowered from each top-level child of `tree` (from its patch
   * when it has one) at the last `lower`. While edits stay inside top-level statements and add or
   * remove no line, every other statement lowers as it did (same text, same lines), so a keystroke
   * lowers only the statements re-parsed since, without visiting the others' nodes in wasm.
   */
  private chunksByStatement: Array<Array<LoweredChunk | undefined>> | undefined;
  /** Top-level children re-parsed since the last `lower`. */
  private readonly reparsedSinceLowering = new Set<number>();
  /** An edit since the last `lower` added or removed a line (later statements moved). */
  private linesMovedSinceLowering = false;
  private lineStarts: number[];
  /** The text, in pieces: a keystroke rewrites one piece, not the whole text. */
  private pieces: TextPieces;
  /** How often the whole document was parsed, and how often single statements were: for tests and the bench. */
  readonly parses = { whole: 0, statements: 0 };
  /** How often `lower` lowered only the statements re-parsed since the previous lowering: for tests. */
  continuedLowerings = 0;

  constructor(
    private readonly parsers: SparkParsers,
    readonly language: Language,
    text: string,
  ) {
    this.pieces = new TextPieces(text);
    this.cache = new LoweringCache(this.pieces);
    this.lineStarts = lspLineStarts(text);
  }

  /** The text with the client's line breaks as the engine reads them: offsets and lines are the client's. */
  get content(): string {
    return this.pieces.toString();
  }

  /** The same text, without joining it into one string: what the analysis of a keystroke reads. */
  get text(): DocumentText {
    return this.pieces;
  }

  /**
   * Whether the text might use Spark (shared/sparkFiles.ts). Piece by piece first: a match in a
   * piece of whole lines is one in the text, and a Spark file shows it early, without the whole
   * text being joined.
   */
  mightUseSpark(): boolean {
    return this.pieces.pieces().some(mightUseSpark) || mightUseSpark(this.content);
  }

  /** Applies LSP content changes in order, editing the old tree so the next parse can reuse it. */
  applyChanges(changes: readonly TextChange[]): void {
    for (const { range: raw, text: inserted } of changes) {
      const range = { start: this.clamp(raw.start), end: this.clamp(raw.end) };
      const change = { range, text: inserted };
      const startIndex = this.offsetAt(range.start);
      const oldEndIndex = this.offsetAt(range.end);
      if (this.tree) {
        const statement = this.needsWholeParse ? -1 : this.statementAround(startIndex, oldEndIndex);
        if (statement < 0 || (!this.patches.has(statement) && this.patches.size >= MAX_PATCHES)) this.needsWholeParse = true;
        else {
          this.patches.set(statement, this.patches.get(statement));
          this.editedPatches.add(statement);
        }
        const edit = new Edit({
          startIndex,
          oldEndIndex,
          newEndIndex: startIndex + change.text.length,
          startPosition: { row: change.range.start.line, column: change.range.start.character },
          oldEndPosition: { row: change.range.end.line, column: change.range.end.character },
          newEndPosition: endPosition(change.range.start, change.text),
        });
        this.tree.edit(edit);
        // Statements before the edited one keep their positions.
        for (const [index, patch] of this.patches) if (statement < 0 || index >= statement) patch?.edit(edit);
      }
      // A `\r` inserted, or next to the edit, may join or split a `\r\n` pair: count the lines afresh then.
      const touchesCarriageReturn = inserted.includes('\r') || this.pieces.rawCharAt(startIndex - 1) === '\r' || this.pieces.rawHasCarriageReturn(startIndex, oldEndIndex);
      this.pieces.replace(startIndex, oldEndIndex, inserted);
      if (touchesCarriageReturn || range.start.line !== range.end.line || /[\r\n]/.test(inserted)) this.linesMovedSinceLowering = true;
      this.lineStarts = touchesCarriageReturn ? lspLineStarts(this.pieces.rawText()) : updatedLineStarts(this.lineStarts, range, startIndex, oldEndIndex, inserted);
    }
    this.treeIsStale = true;
  }

  /** Replaces the whole text (a full-document sync): the next parse starts from scratch. */
  replaceText(text: string): void {
    this.dropPatches();
    this.chunksByStatement = undefined;
    this.tree?.delete();
    this.tree = undefined;
    this.pieces = new TextPieces(text);
    this.lineStarts = lspLineStarts(text);
    this.treeIsStale = true;
  }

  /** Parses the current text (incrementally when possible) unless its tree is up to date. Throws ParseBudgetExceeded. */
  parse(budgetMs?: number): void {
    if (!this.treeIsStale && this.tree) return;
    if (!this.needsWholeParse && this.tree && this.parseStatements(budgetMs)) {
      this.treeIsStale = false;
      return;
    }
    const next = this.parsers.parse(this.language, this.pieces, this.tree, budgetMs);
    this.parses.whole++;
    this.dropPatches();
    this.chunksByStatement = undefined;
    this.tree?.delete();
    this.tree = next;
    this.treeIsStale = false;
    this.treeIsClean = this.language === 'python' && !next.rootNode.hasError;
    this.needsWholeParse = !this.treeIsClean;
  }

  /**
   * Re-parses each edited top-level statement alone; false (the whole tree must be parsed) when
   * one of them no longer parses cleanly.
   */
  private parseStatements(budgetMs?: number): boolean {
    const root = this.tree!.rootNode;
    for (const index of this.editedPatches) {
      const old = this.patches.get(index);
      const patch = this.parsers.parse(this.language, this.pieces, old, budgetMs, this.statementRange(root, index));
      this.parses.statements++;
      old?.delete();
      this.patches.set(index, patch);
      this.reparsedSinceLowering.add(index);
      if (patch.rootNode.hasError || patch.rootNode.type === 'ERROR') {
        this.needsWholeParse = true;
        return false;
      }
    }
    this.editedPatches.clear();
    return true;
  }

  /** From the start of top-level child `index` to the start of the next one (or the end of the text). */
  private statementRange(root: Node, index: number): Range {
    const start = root.namedChild(index)!;
    const next = root.namedChild(index + 1);
    const endIndex = next ? next.startIndex : this.pieces.length;
    const endPosition = next ? next.startPosition : this.positionAt(this.pieces.length);
    return { startIndex: start.startIndex, endIndex, startPosition: start.startPosition, endPosition };
  }

  /**
   * The top-level child of the tree strictly containing [start, end) (an edit at a statement's very
   * start could make a new statement of its text), with its following whitespace; -1 if none.
   */
  private statementAround(start: number, end: number): number {
    if (!this.treeIsClean) return -1;
    const root = this.tree!.rootNode;
    const count = root.namedChildCount;
    let lo = 0;
    let hi = count - 1;
    // The last child starting before `start`.
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (root.namedChild(mid)!.startIndex < start) lo = mid;
      else hi = mid - 1;
    }
    if (count === 0 || root.namedChild(lo)!.startIndex >= start) return -1;
    const next = root.namedChild(lo + 1);
    return !next || end < next.startIndex ? lo : -1;
  }

  /** Top-level child `index` of the tree (`children`: all of them, when at hand): itself, or what its patch parsed to. */
  private nodesOfStatement(index: number, children?: Node[]): Node[] {
    const patch = this.patches.get(index);
    return patch ? patch.rootNode.namedChildren : [children ? children[index]! : this.tree!.rootNode.namedChild(index)!];
  }

  private dropPatches(): void {
    for (const patch of this.patches.values()) patch?.delete();
    this.patches.clear();
    this.editedPatches.clear();
  }

  private positionAt(offset: number): { row: number; column: number } {
    const row = lastAtOrBefore(this.lineStarts, offset);
    return { row, column: offset - this.lineStarts[row]! };
  }

  /**
   * Parses (see `parse`) and lowers the current text. `checkpoint` is called before each top-level
   * chunk and may throw to abandon the lowering (a time budget).
   */
  lower(checkpoint?: () => void): LoweredFile {
    this.parse();
    const perStatement = this.language === 'python' && this.treeIsClean;
    const continued = perStatement && this.chunksByStatement !== undefined && !this.linesMovedSinceLowering;
    this.cache = continued ? this.cache.continued(this.pieces, checkpoint) : this.cache.next(this.pieces, checkpoint);
    this.linesMovedSinceLowering = false;
    const reparsed = [...this.reparsedSinceLowering];
    this.reparsedSinceLowering.clear();
    if (!perStatement) {
      this.chunksByStatement = undefined;
      return lowerTree(this.language, this.tree!.rootNode, this.content, this.cache);
    }
    // The lowering may throw (a budget): chunks of an older pass must never pass for this one's.
    const earlier = this.chunksByStatement;
    this.chunksByStatement = undefined;
    if (continued) {
      this.chunksByStatement = this.lowerStatementsAgain(earlier!, reparsed);
      this.continuedLowerings++;
    } else {
      const children = this.tree!.rootNode.namedChildren;
      const nodes = children.map((_, index) => this.nodesOfStatement(index, children));
      const chunks = lowerPythonChunks(nodes.flat(), this.pieces, this.cache);
      let at = 0;
      this.chunksByStatement = nodes.map((ofStatement) => chunks.slice(at, (at += ofStatement.length)));
    }
    return joinChunks(this.chunksByStatement.flat());
  }

  /** `chunks` with the statements at `indices` lowered again from their patches (their older chunks forgotten by the cache). */
  private lowerStatementsAgain(chunks: Array<Array<LoweredChunk | undefined>>, indices: readonly number[]): Array<Array<LoweredChunk | undefined>> {
    if (indices.length === 0) return chunks;
    const updated = [...chunks];
    for (const index of indices) {
      for (const chunk of chunks[index]!) if (chunk) this.cache.forget(chunk);
      updated[index] = lowerPythonChunks(this.nodesOfStatement(index), this.pieces, this.cache);
    }
    return updated;
  }

  /** The current tree of the whole document (parsed as a whole first), for tests comparing incremental and fresh parses. */
  currentTree(): Tree | undefined {
    if (this.patches.size > 0) {
      this.needsWholeParse = true;
      this.treeIsStale = true;
      this.parse();
    }
    return this.tree;
  }

  dispose(): void {
    this.dropPatches();
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
    const length = this.pieces.length;
    if (position.line > last) return { line: last, character: length - this.lineStarts[last]! };
    const lineStart = this.lineStarts[position.line]!;
    let lineEnd = position.line < last ? this.lineStarts[position.line + 1]! : length;
    if (position.line < last && this.pieces.rawCharAt(lineEnd - 1) === '\n') lineEnd--;
    if (position.line < last && lineEnd > lineStart && this.pieces.rawCharAt(lineEnd - 1) === '\r') lineEnd--;
    return position.character <= lineEnd - lineStart ? position : { line: position.line, character: lineEnd - lineStart };
  }

  private offsetAt(position: { line: number; character: number }): number {
    return this.lineStarts[position.line]! + position.character;
  }
}

/** Line starts after replacing [startIndex, oldEndIndex) on `range` by `inserted`, without rescanning the text. */
function updatedLineStarts(starts: number[], range: TextChange['range'], startIndex: number, oldEndIndex: number, inserted: string): number[] {
  const shift = inserted.length - (oldEndIndex - startIndex);
  if (range.start.line === range.end.line && !inserted.includes('\n')) {
    // Typing within a line: the same lines, those below moved by the shift (in place, no copy of a 5,000-line array per keystroke).
    if (shift !== 0) for (let i = range.start.line + 1; i < starts.length; i++) starts[i]! += shift;
    return starts;
  }
  const added: number[] = [];
  for (let i = inserted.indexOf('\n'); i >= 0; i = inserted.indexOf('\n', i + 1)) added.push(startIndex + i + 1);
  const kept = range.start.line + 1;
  const updated = starts.slice(0, kept);
  for (const start of added) updated.push(start);
  for (let i = range.end.line + 1; i < starts.length; i++) updated.push(starts[i]! + shift);
  return updated;
}

function endPosition(start: { line: number; character: number }, inserted: string): { row: number; column: number } {
  const lines = inserted.split(/\r\n|\r|\n/);
  if (lines.length === 1) return { row: start.line, column: start.character + inserted.length };
  return { row: start.line + lines.length - 1, column: lines.at(-1)!.length };
}
