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

describe('workspace: files calling a name, read on another thread', () => {
  it('answers from what another CalledNames read (a structured clone of it) without reading, and reads a changed file again', () => {
    const texts = new Map([
      ['a.py', 'report(df)\nsave(df)\n'],
      ['b.scala', 'Sinks.report(df)\n'],
      ['c.py', 'print("none")\n'],
    ]);
    const files = ['a.py', 'b.scala', 'c.py'];
    const known = structuredClone(new CalledNames((file) => texts.get(file)).readOf(files));
    const reads: string[] = [];
    const names = new CalledNames((file) => (reads.push(file), texts.get(file)), known);
    assert.deepStrictEqual(names.callersAmong(files, 'report'), ['a.py', 'b.scala']);
    assert.deepStrictEqual(names.callersAmong(files, 'save'), ['a.py']);
    assert.deepStrictEqual(names.callersAmong(['d.py', ...files], 'print'), ['c.py'], 'a file not in what was read is read here');
    assert.deepStrictEqual(reads, ['d.py']);
    texts.set('a.py', 'load(df)\n');
    names.fileChanged('a.py');
    assert.deepStrictEqual(names.callersAmong(files, 'report'), ['b.scala'], 'the old text’s names are gone');
    assert.deepStrictEqual(names.callersAmong(files, 'load'), ['a.py']);
    assert.deepStrictEqual(reads, ['d.py', 'a.py']);
  });
});
