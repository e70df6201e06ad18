import * as assert from 'assert';
import { fileContextOf, type FileContextParts } from '../../../server/src/model/functionReuse';
import type { Stmt } from '../../../server/src/syntax/ast';

function parts(parameters: string[][], framesReturning = ['load'], imports: Stmt[] = []): FileContextParts {
  return { imports, framesReturning: new Set(framesReturning), freeFrames: new Map([['df', 'dataframe']]), parameters };
}

describe('the file context reused functions are compared by', () => {
  it('is the same string for the same facts, lists made afresh included, and another when a fact changes', () => {
    const first = fileContextOf(parts([['load.spark:session'], []]));
    assert.strictEqual(fileContextOf(parts([['load.spark:session'], []])), first);
    assert.notStrictEqual(fileContextOf(parts([['load.spark:session'], ['save.df:dataframe']])), first);
    assert.notStrictEqual(fileContextOf(parts([['load.spark:session'], []], ['load', 'save'])), first);
    const imported = fileContextOf(parts([['load.spark:session'], []], ['load'], [{ kind: 'import' } as Stmt]));
    assert.notStrictEqual(imported, first);
    assert.strictEqual(fileContextOf(parts([['load.spark:session'], []])), first);
  });
});
