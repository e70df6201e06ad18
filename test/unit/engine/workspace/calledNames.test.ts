import * as assert from 'assert';
import { CalledNames } from '../../../../server/src/engine/workspace/calledNames';

describe('workspace: files calling a name', () => {
  it('answers from one reading of each file, in the order asked, and reads a changed file again', () => {
    const texts = new Map([
      ['a.py', 'from jobs import report\nreport (df)\n'],
      ['b.py', 'x = reporter(df)\n'],
      ['c.py', 'lag.report(df, 3)\nsave(df)\n'],
    ]);
    const reads: string[] = [];
    const names = new CalledNames((file) => (reads.push(file), texts.get(file)));
    const files = ['c.py', 'b.py', 'a.py', 'missing.py'];
    assert.deepStrictEqual(names.callersAmong(files, 'report'), ['c.py', 'a.py']);
    assert.deepStrictEqual(names.callersAmong(files, 'save'), ['c.py']);
    assert.deepStrictEqual(reads, files, 'each file read once for both questions');
    texts.set('b.py', 'report(df)\n');
    names.fileChanged('b.py');
    assert.deepStrictEqual(names.callersAmong(files, 'report'), ['c.py', 'b.py', 'a.py']);
    assert.deepStrictEqual(names.callersAmong(files, 'reporter'), [], 'the old text’s names are gone');
    assert.deepStrictEqual(reads, [...files, 'b.py']);
  });
});
