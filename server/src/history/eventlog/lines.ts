/**
 * Splits a byte stream into '\n'-terminated lines with a cap on line length: a longer line is
 * dropped as it streams past (only its length is counted), so memory never exceeds the cap plus
 * one chunk.
 */

export interface LineSink {
  /** A whole line (without the '\n'); `terminated` is false only for a last line without newline. */
  line(bytes: Buffer, lineNumber: number, terminated: boolean): void;
  /** A line over the cap, skipped; `byteLength` is its full length. */
  oversized(lineNumber: number, byteLength: number, terminated: boolean): void;
}

const NEWLINE = 0x0a;

export class LineSplitter {
  /** Lines seen so far, including the current one once it has bytes. */
  lineNumber = 0;
  private parts: Buffer[] = [];
  private partLength = 0;
  private skipping = false;
  private skippedLength = 0;

  constructor(
    private readonly maxLineBytes: number,
    private readonly sink: LineSink,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    while (start < chunk.length) {
      const newline = chunk.indexOf(NEWLINE, start);
      const end = newline < 0 ? chunk.length : newline;
      if (newline < 0) {
        // The line goes on in the next chunk: keep a copy, as the decoder may reuse its buffer.
        this.append(chunk.subarray(start, end), true);
        return;
      }
      if (this.partLength === 0 && !this.skipping && end - start <= this.maxLineBytes) {
        // Fast path: the whole line is inside this chunk.
        this.sink.line(chunk.subarray(start, end), ++this.lineNumber, true);
      } else {
        this.append(chunk.subarray(start, end), false);
        this.finish(true);
      }
      start = newline + 1;
    }
  }

  /** Flushes a last line that has no newline. */
  end(): void {
    if (this.partLength > 0 || this.skipping) this.finish(false);
  }

  private append(piece: Buffer, copy: boolean): void {
    if (this.skipping) {
      this.skippedLength += piece.length;
      return;
    }
    if (this.partLength + piece.length > this.maxLineBytes) {
      this.skipping = true;
      this.skippedLength = this.partLength + piece.length;
      this.parts = [];
      this.partLength = 0;
      return;
    }
    if (piece.length === 0) return;
    this.parts.push(copy ? Buffer.from(piece) : piece);
    this.partLength += piece.length;
  }

  private finish(terminated: boolean): void {
    const lineNumber = ++this.lineNumber;
    if (this.skipping) {
      const length = this.skippedLength;
      this.skipping = false;
      this.skippedLength = 0;
      this.sink.oversized(lineNumber, length, terminated);
      return;
    }
    const bytes = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.partLength);
    this.parts = [];
    this.partLength = 0;
    this.sink.line(bytes, lineNumber, terminated);
  }
}
