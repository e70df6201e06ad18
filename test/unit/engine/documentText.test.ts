import * as assert from 'assert';
import { firstLine, TextPieces } from '../../../server/src/engine/documentText';
import { withLspLineBreaks } from '../../../server/src/engine/lineBreaks';

/** A small deterministic generator: the same edits on every run. */
function generator(seed: number): (below: number) => number {
  let state = seed;
  return (below) => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state % below;
  };
}

/** Line breaks of every kind, a `\r` alone, and text: edits join and split `\r\n` pairs at piece ends. */
const BITS = ['a', 'bc', '\n', '\r', '\r\n', 'df = spark.table(x)\n', '  # spark-advisor: disable=all\n'];

describe('document text in pieces', () => {
  it('reads as the whole text after random edits, with lone \\r as \\n, at any piece length', () => {
    for (const pieceLength of [1, 16, 64, 8192]) {
      const random = generator(pieceLength);
      const some = (count: number) => Array.from({ length: count }, () => BITS[random(BITS.length)]!).join('');
      let text = some(300);
      const pieces = new TextPieces(text, pieceLength);
      for (let edit = 0; edit < 400; edit++) {
        const start = random(text.length + 1);
        const end = start + random(Math.min(40, text.length - start) + 1);
        const inserted = some(random(4));
        text = text.slice(0, start) + inserted + text.slice(end);
        pieces.replace(start, end, inserted);
        const engine = withLspLineBreaks(text);
        const where = `piece length ${pieceLength}, edit ${edit}`;
        assert.strictEqual(pieces.length, text.length, where);
        assert.strictEqual(pieces.rawText(), text, where);
        assert.strictEqual(pieces.toString(), engine, where);
        const from = random(text.length + 1);
        const to = from + random(text.length - from + 1);
        assert.strictEqual(pieces.slice(from, to), engine.slice(from, to), where);
        assert.strictEqual(pieces.rawCharAt(from), text.charAt(from), where);
        assert.strictEqual(pieces.rawHasCarriageReturn(from, to), text.slice(from, to).includes('\r'), where);
        assert.strictEqual(pieces.indexOf('\n', from), engine.indexOf('\n', from), where);
        assert.strictEqual(pieces.indexOf('spark.table', from), engine.indexOf('spark.table', from), where);
        // Asked after every edit, as the analysis of each keystroke asks: what each piece held is remembered, and must follow the edits.
        assert.strictEqual(pieces.includes('spark-advisor:'), engine.includes('spark-advisor:'), where);
        assert.strictEqual(pieces.includes('abc'), engine.includes('abc'), where);
        assert.strictEqual(firstLine(pieces), engine.split('\n')[0], where);
      }
    }
  });

  it('keeps a piece of whole lines per about the piece length, and an edit leaves the other pieces as they were', () => {
    const text = Array.from({ length: 100 }, (_, i) => `line ${i}`).join('\n');
    const pieces = new TextPieces(text, 64);
    const before = [...pieces.pieces()];
    assert.ok(before.length > 5 && before.slice(0, -1).every((piece) => piece.endsWith('\n') && piece.length >= 64 && piece.length < 80));
    pieces.replace(text.indexOf('line 50'), text.indexOf('line 50'), 'x');
    const after = pieces.pieces();
    assert.strictEqual(after.filter((piece) => !before.includes(piece)).length, 1);
  });
});
