import * as assert from 'assert';
import { SpanMap } from '../../../server/src/model/spanMap';
import type { Span } from '../../../server/src/syntax/ast';

const span = (startLine: number, startCharacter: number, endLine: number, endCharacter: number): Span => ({
  start: { line: startLine, character: startCharacter },
  end: { line: endLine, character: endCharacter },
});

describe('SpanMap: values looked up by a span', () => {
  it('finds a value by an equal span made apart, and tells spans with the same start apart', () => {
    const map = new SpanMap<string>();
    map.set(span(3, 4, 3, 20), 'whole call').set(span(3, 4, 3, 9), 'receiver');
    assert.strictEqual(map.get(span(3, 4, 3, 20)), 'whole call');
    assert.strictEqual(map.get(span(3, 4, 3, 9)), 'receiver');
    assert.strictEqual(map.get(span(3, 4, 3, 10)), undefined);
    assert.strictEqual(map.get(span(3, 5, 3, 20)), undefined);
  });

  it('replaces the value of a span set twice', () => {
    const map = new SpanMap<number>();
    map.set(span(0, 0, 1, 0), 1).set(span(0, 0, 1, 0), 2);
    assert.strictEqual(map.get(span(0, 0, 1, 0)), 2);
  });

  it('keeps positions apart past 16,384 lines and 65,536 columns (a minified line, a huge file)', () => {
    const map = new SpanMap<string>();
    map.set(span(0, 65_536, 0, 65_540), 'far right on line 0');
    map.set(span(1, 0, 1, 4), 'start of line 1');
    map.set(span(20_000, 3, 20_000, 7), 'line 20,000');
    map.set(span(20_000, 3, 20_001, 0), 'line 20,000 to the next');
    assert.strictEqual(map.get(span(0, 65_536, 0, 65_540)), 'far right on line 0');
    assert.strictEqual(map.get(span(1, 0, 1, 4)), 'start of line 1');
    assert.strictEqual(map.get(span(20_000, 3, 20_000, 7)), 'line 20,000');
    assert.strictEqual(map.get(span(20_000, 3, 20_001, 0)), 'line 20,000 to the next');
    assert.strictEqual(map.get(span(0, 65_536, 0, 65_541)), undefined);
  });
});
