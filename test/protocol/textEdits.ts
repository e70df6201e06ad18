// Text utilities for the protocol tests: LSP positions ↔ offsets (UTF-16, as the protocol's
// default position encoding), a WorkspaceEdit applier, and turning edits into the incremental
// `contentChanges` an editor would send.
import type { Position, Range, TextDocumentContentChangeEvent, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';

/** Offsets where each line starts: after each '\r\n', '\n' or lone '\r', as the protocol counts lines. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (const match of text.matchAll(/\r\n|\r|\n/g)) starts.push(match.index + match[0].length);
  return starts;
}

/** The length of a line without its line break. */
export function lineLength(text: string, line: number): number {
  const starts = lineStarts(text);
  const start = starts[line]!;
  if (line + 1 >= starts.length) return text.length - start;
  const next = starts[line + 1]!;
  return next - start - (text.slice(next - 2, next) === '\r\n' && next - 2 >= start ? 2 : 1);
}

/** The offset of an LSP position; positions past the end of a line or the document are clamped, as the spec asks. */
export function offsetAt(text: string, position: Position): number {
  const starts = lineStarts(text);
  if (position.line >= starts.length) return text.length;
  const start = starts[position.line]!;
  return Math.min(start + position.character, start + lineLength(text, position.line));
}

export function positionAt(text: string, offset: number): Position {
  const starts = lineStarts(text);
  let line = 0;
  while (line + 1 < starts.length && starts[line + 1]! <= offset) line++;
  return { line, character: offset - starts[line]! };
}

export function rangeOf(text: string, startOffset: number, endOffset: number): Range {
  return { start: positionAt(text, startOffset), end: positionAt(text, endOffset) };
}

/** Where `needle` occurs (the `nth` time, 0-based) as a range; throws when absent so tests fail loudly. */
export function findRange(text: string, needle: string, nth = 0): Range {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`${JSON.stringify(needle)} (occurrence ${nth}) not found`);
  }
  return rangeOf(text, at, at + needle.length);
}

/**
 * Applies TextEdits the way an editor applies one WorkspaceEdit: every range refers to the
 * original text. Overlapping edits are a server bug (the spec forbids them), so they throw.
 */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const located = edits
    .map((edit, index) => ({ start: offsetAt(text, edit.range.start), end: offsetAt(text, edit.range.end), newText: edit.newText, index }))
    // Stable for inserts at the same offset: they keep the order in which they were given.
    .sort((a, b) => a.start - b.start || a.end - b.end || a.index - b.index);
  let result = '';
  let cursor = 0;
  for (const edit of located) {
    if (edit.end < edit.start) throw new Error(`edit with an inverted range: ${JSON.stringify(edits[edit.index])}`);
    if (edit.start < cursor) throw new Error(`overlapping edits in one WorkspaceEdit: ${JSON.stringify(edits)}`);
    result += text.slice(cursor, edit.start) + edit.newText;
    cursor = edit.end;
  }
  return result + text.slice(cursor);
}

/** The edits a WorkspaceEdit makes to one document (`changes` or `documentChanges` form). */
export function editsFor(workspaceEdit: WorkspaceEdit | undefined, uri: string): TextEdit[] {
  if (!workspaceEdit) throw new Error('code action has no edit');
  const edits: TextEdit[] = [];
  const otherUris = new Set<string>();
  for (const [target, targetEdits] of Object.entries(workspaceEdit.changes ?? {})) {
    if (target === uri) edits.push(...targetEdits);
    else otherUris.add(target);
  }
  for (const change of workspaceEdit.documentChanges ?? []) {
    if (!('textDocument' in change)) throw new Error(`unexpected resource operation ${JSON.stringify(change)}`);
    if (change.textDocument.uri === uri) edits.push(...change.edits.map((e) => ('newText' in e ? e : (() => { throw new Error('snippet edits are not expected'); })())));
    else otherUris.add(change.textDocument.uri);
  }
  if (otherUris.size > 0) throw new Error(`edit touches other documents: ${[...otherUris].join(', ')}`);
  return edits;
}

export function applyWorkspaceEdit(text: string, workspaceEdit: WorkspaceEdit | undefined, uri: string): string {
  return applyTextEdits(text, editsFor(workspaceEdit, uri));
}

/**
 * The incremental change events for applying `edits` (ranges in the original text): from the
 * last edit to the first, so each event's range is still valid when the server applies them in order.
 */
export function toContentChanges(text: string, edits: readonly TextEdit[]): TextDocumentContentChangeEvent[] {
  const located = edits
    .map((edit, index) => ({ edit, start: offsetAt(text, edit.range.start), end: offsetAt(text, edit.range.end), index }))
    .sort((a, b) => b.start - a.start || b.end - a.end || b.index - a.index);
  return located.map(({ start, end, edit }) => ({ range: rangeOf(text, start, end), text: edit.newText }));
}

/** Applies incremental change events in order, as the protocol defines them. */
export function applyContentChanges(text: string, changes: readonly TextDocumentContentChangeEvent[]): string {
  for (const change of changes) {
    if ('range' in change) text = text.slice(0, offsetAt(text, change.range.start)) + change.text + text.slice(offsetAt(text, change.range.end));
    else text = change.text;
  }
  return text;
}
