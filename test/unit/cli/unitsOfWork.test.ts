import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { DiscoveredFile } from '../../../server/src/cli/discovery';
import { onProjectChange, scalaUnits, unitsOfWork } from '../../../server/src/cli/unitsOfWork';
import { DEFAULT_SETTINGS } from '../../../server/src/engine/settings';
import { removeTempDirs, tempDir, writeTree } from './findings';

describe('cli: units of work (files that import one another, on one thread)', () => {
  after(removeTempDirs);

  const filesOf = (root: string, relatives: readonly string[]): DiscoveredFile[] =>
    relatives.map((relativePath) => ({ file: path.join(root, relativePath), relativePath, language: relativePath.endsWith('.scala') ? 'scala' : 'python', settings: DEFAULT_SETTINGS }));
  const read = (file: string) => fs.readFileSync(file, 'utf8');

  it('puts files linked by imports in one unit, each file before the files it imports, largest unit first', () => {
    const root = tempDir();
    const tree = {
      'a_helpers.py': 'def load(spark):\n    return spark.table("t")\n',
      'b_daily.py': 'from jobs.steps import run\nfrom a_helpers import load\n',
      'c_alone.py': 'import os\nfrom pyspark.sql import functions as F\n',
      'd_App.scala': 'object App\n',
      'jobs/__init__.py': '',
      'jobs/steps.py': 'from . import dims\nimport a_helpers\n',
      'jobs/dims.py': 'def dims(spark):\n    return spark.table("d")\n',
    };
    writeTree(root, tree);
    const relatives = Object.keys(tree);
    const units = unitsOfWork(filesOf(root, relatives), [root], 2, read).map((unit) => unit.map((index) => relatives[index]));
    // jobs/steps.py's `from . import dims` reads the package too.
    assert.deepStrictEqual(units, [['d_App.scala'], ['b_daily.py', 'jobs/steps.py', 'a_helpers.py', 'jobs/__init__.py', 'jobs/dims.py'], ['c_alone.py']]);
  });

  it('keeps a project\'s Scala files together in path order (the objects they call are read by one thread), one unit per top folder, without reading them', () => {
    const root = tempDir();
    const relatives = ['etl/src/Jobs.scala', 'etl/src/util/Io.scala', 'etl/src/util/Keys.scala', 'ml/Train.scala', 'ml/features/Encode.scala', 'Main.scala', 'job.py'];
    const units = scalaUnits(filesOf(root, relatives), 2).map((unit) => unit.map((index) => relatives[index]));
    assert.deepStrictEqual(units, [['etl/src/Jobs.scala', 'etl/src/util/Io.scala', 'etl/src/util/Keys.scala'], ['ml/Train.scala', 'ml/features/Encode.scala'], ['Main.scala']]);
    // Nothing was written: the paths alone decide.
    assert.strictEqual(fs.readdirSync(root).length, 0);
  });

  it('cuts a large Scala project like a large Python unit', () => {
    const root = tempDir();
    const relatives = Array.from({ length: 41 }, (_, i) => `core/src/Part${String(i).padStart(2, '0')}.scala`);
    const files = filesOf(root, relatives);
    assert.deepStrictEqual(scalaUnits(files, 2).map((unit) => unit.length), [8, 8, 8, 8, 8, 1]);
    assert.deepStrictEqual(scalaUnits(files, 2)[0], [0, 1, 2, 3, 4, 5, 6, 7]);
    assert.deepStrictEqual(scalaUnits(files, 1).map((unit) => unit.length), [41]);
  });

  it('cuts a unit larger than a quarter of a thread\'s share (but not below 8 files), so one project still spreads over every thread', () => {
    const root = tempDir();
    const tree: Record<string, string> = { 'common.py': 'def f():\n    pass\n' };
    for (let i = 0; i < 40; i++) tree[`job_${i}.py`] = 'from common import f\n';
    writeTree(root, tree);
    const relatives = Object.keys(tree);
    const files = filesOf(root, relatives);
    assert.deepStrictEqual(unitsOfWork(files, [root], 2, read).map((unit) => unit.length), [8, 8, 8, 8, 8, 1]);
    assert.deepStrictEqual(unitsOfWork(files, [root], 1, read).map((unit) => unit.length), [41]);
    assert.strictEqual(unitsOfWork(files, [root], 1, read)[0]!.at(-1), relatives.indexOf('common.py'));
  });

  it('lets a thread\'s Scala objects go when it moves to another project or to the Python files, not between the parts of one project', () => {
    const root = tempDir();
    const relatives = [...Array.from({ length: 10 }, (_, i) => `core/Part${i}.scala`), 'ml/Train.scala', 'job.py'];
    const files = filesOf(root, relatives);
    const units = scalaUnits(files, 2);
    assert.deepStrictEqual(units.map((unit) => unit.length), [8, 2, 1], 'core is cut in two parts');
    const released: number[] = [];
    let taken = 0;
    const beforeUnit = onProjectChange(files, () => released.push(taken));
    for (const unit of [...units, [relatives.indexOf('job.py')]]) {
      taken++;
      beforeUnit(unit);
    }
    // Before core's first part (nothing held yet), before ml, before the Python unit; not before core's second part.
    assert.deepStrictEqual(released, [1, 3, 4]);
  });
});
