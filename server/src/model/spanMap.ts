/**
 * A map keyed by a span's four numbers, without a string made per look-up: the model and the rules
 * look steps and actions up by span thousands of times per file (`spanKey` text cost more than the
 * look-ups themselves).
 */
import type { Position, Span } from '../syntax/ast';

/**
 * A position as one number: a small integer for ordinary positions (no boxed number made), a
 * negative one past line 16,383 or column 65,535 (exact while lines stay below 2^21).
 */
function positionKey(position: Position): number {
  const { line, character } = position;
  return line < 0x4000 && character < 0x1_0000 ? line * 0x1_0000 + character : -(line * 0x1_0000_0000 + character) - 1;
}

/** The values of the spans starting at one position: almost always one, so no map per start. */
interface Entry<T> {
  end: number;
  value: T;
  next: Entry<T> | undefined;
}

export class SpanMap<T> {
  private readonly byStart = new Map<number, Entry<T>>();

  get(span: Span): T | undefined {
    const end = positionKey(span.end);
    for (let entry = this.byStart.get(positionKey(span.start)); entry; entry = entry.next) if (entry.end === end) return entry.value;
    return undefined;
  }

  set(span: Span, value: T): this {
    const start = positionKey(span.start);
    const end = positionKey(span.end);
    const first = this.byStart.get(start);
    for (let entry = first; entry; entry = entry.next) {
      if (entry.end === end) {
        entry.value = value;
        return this;
      }
    }
    this.byStart.set(start, { end, value, next: first });
    return this;
  }
}
