import * as assert from 'assert';
import { JsoncError, parseJsonc, stripJsonComments } from '../../../server/src/cli/jsonc';

describe('cli: JSON with comments', () => {
  it('removes line and block comments but not // inside strings', () => {
    const text = '{\n  // a comment\n  "url": "https://example.com//x", /* block\n comment */ "b": "/* not a comment */"\n}';
    assert.deepStrictEqual(parseJsonc(text), { url: 'https://example.com//x', b: '/* not a comment */' });
  });

  it('keeps offsets: comments become spaces, newlines stay', () => {
    const text = '{ /* x\ny */ "a": 1 // z\n}';
    const stripped = stripJsonComments(text);
    assert.strictEqual(stripped.length, text.length);
    assert.strictEqual(stripped, '{     \n     "a": 1     \n}');
  });

  it('drops trailing commas in objects and arrays, even before comments', () => {
    assert.deepStrictEqual(parseJsonc('{ "a": [1, 2, ], "b": { "c": true, // note\n }, }'), { a: [1, 2], b: { c: true } });
  });

  it('handles escaped quotes and backslashes in strings', () => {
    assert.deepStrictEqual(parseJsonc('{ "a": "say \\"//hi\\"", "b": "C:\\\\dir\\\\", // c\n "c": 1 }'), { a: 'say "//hi"', b: 'C:\\dir\\', c: 1 });
  });

  it('reads an empty file, a comment-only file and a byte order mark as {}', () => {
    assert.deepStrictEqual(parseJsonc(''), {});
    assert.deepStrictEqual(parseJsonc('// nothing yet\n'), {});
    assert.deepStrictEqual(parseJsonc('\uFEFF{ "a": 1 }'), { a: 1 });
  });

  it('reports the line and column of a syntax error in the original text', () => {
    assert.throws(
      () => parseJsonc('{\n  // comment\n  "a": 1\n  "b": 2\n}'),
      (error: unknown) => error instanceof JsoncError && error.line === 4 && error.column === 3 && /line 4, column 3/.test(error.message),
    );
    assert.throws(() => parseJsonc('{ "a": 1 /* open'), /unterminated \/\* comment \(line 1, column 10\)/);
    assert.throws(() => parseJsonc('{ "a": x }'), (error: unknown) => error instanceof JsoncError && !error.message.includes('\n'));
  });
});
