/**
 * A map keyed by a span's four numbers, without a string made per look-up: the model and the rules
 * look steps and actions up by span thousands of times per file (`spanKey` text cost more than the
 * look-ups themselves).
 */
import type { Position, Span } from '../syntax/ast';

/** A position as one number: exact while lines stay below 2^21 and characters below 2^32. */
function positionKey(position: Position): number {
  return position.line * 0x1_0000_0000 + position.character;
}

export class SpanMap<T> {
  private readonly byStart = new Map<number, Map<number, T>>();

  get(span: Span): T | undefined {
    return this.byStart.get(positionKey(span.start))?.get(positionKey(span.end));
  }

  set(span: Span, value: T): this {
    const start = positionKey(span.start);
    let byEnd = this.byStart.get(start);
    if (!byEnd) this.byStart.set(start, (byEnd = new Map()));
    byEnd.set(positionKey(span.end), value);
    return this;
  }
}
