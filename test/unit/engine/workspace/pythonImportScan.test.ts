import * as assert from 'assert';
import { importedModuleNames } from '../../../../server/src/engine/workspace/pythonImportScan';

describe('import lines read without parsing', () => {
  it('names the modules of import and from-import lines, with each imported name as a possible submodule', () => {
    const text = ['import os, jobs.lookups as lk', 'from jobs import (', '    steps,', '    dims as d,', ')', 'def f():', '    from .helpers import load  # inside a function', 'from .. import shared', 'from pkg import *'].join('\n');
    assert.deepStrictEqual(importedModuleNames(text).sort(), ['..', '..shared', '.helpers', '.helpers.load', 'jobs', 'jobs.dims', 'jobs.lookups', 'jobs.steps', 'os', 'pkg'].sort());
  });

  it('reads the quoted lines of a notebook', () => {
    const notebook = JSON.stringify({ cells: [{ cell_type: 'code', source: ['from jobs.lookups import load\n', 'import helpers\n'] }] }, null, 1);
    assert.deepStrictEqual(importedModuleNames(notebook).sort(), ['helpers', 'jobs.lookups', 'jobs.lookups.load']);
  });

  it('takes time in proportion to the text on lines made to backtrack', () => {
    const started = performance.now();
    importedModuleNames(' '.repeat(2_000_000));
    importedModuleNames(`from ${'.'.repeat(500_000)}`);
    importedModuleNames(`import ${' '.repeat(500_000)}x`);
    assert.ok(performance.now() - started < 2000, `took ${performance.now() - started} ms`);
  });
});
