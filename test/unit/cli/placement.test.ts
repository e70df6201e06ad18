import * as assert from 'assert';
import { placerFor } from '../../../server/src/cli/placement';

const span = (line: number, character: number, endLine = line, endCharacter = character + 4) => ({ start: { line, character }, end: { line: endLine, character: endCharacter } });

describe('cli: placing findings', () => {
  it('leaves spans and messages of plain files as they are', () => {
    const placer = placerFor({ file: '/repo/a.py', findings: [] });
    assert.deepStrictEqual(placer.place(span(3, 2)), { file: span(3, 2) });
    assert.strictEqual(placer.message('cached after its last use (line 4)'), 'cached after its last use (line 4)');
  });

  it('places a Databricks finding in its cell and says line numbers as the notebook shows them', () => {
    const placer = placerFor({ file: '/repo/nb.py', findings: [], notebook: { kind: 'databricks', cells: [{ index: 1, startLine: 1 }, { index: 2, startLine: 6 }] } });
    assert.deepStrictEqual(placer.place(span(8, 4, 9, 1)), { file: span(8, 4, 9, 1), cell: { index: 2, span: span(2, 4, 3, 1) } });
    assert.strictEqual(
      placer.message('`df` is re-bound to its own union(...) on every iteration of the loop (line 7), and at line 2 too'),
      '`df` is re-bound to its own union(...) on every iteration of the loop (cell 2, line 1), and at cell 1, line 1 too',
    );
  });
});
