import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { buildOutputReason, discoverFiles, GlobFilter, resolveInputs, type Input } from '../../../server/src/cli/discovery';
import { CliError } from '../../../server/src/cli/errors';
import { DEFAULT_SETTINGS, normalizeSettings } from '../../../server/src/engine/settings';
import type { SettingsScope } from '../../../server/src/cli/settingsFiles';
import { removeTempDirs, tempDir, writeTree } from './findings';

function discover(cwd: string, paths: string[], raw: unknown = {}): string[] {
  const scope: SettingsScope = { root: cwd, settings: normalizeSettings(raw) };
  const result = discoverFiles(resolveInputs(paths, cwd), () => scope);
  return result.files.map((f) => path.relative(cwd, f.file).split(path.sep).join('/'));
}

describe('cli: file discovery', () => {
  after(removeTempDirs);

  it('walks folders for .py and .scala files in sorted order, skipping tool folders', () => {
    const cwd = tempDir();
    writeTree(cwd, {
      'src/b.py': '',
      'src/a.scala': '',
      'src/sub/c.py': '',
      'src/notes.txt': '',
      'src/script.sc': '',
      'src/node_modules/dep/x.py': '',
      'src/.git/hooks/y.py': '',
      'src/target/scala-2.12/z.scala': '',
      'src/.venv/lib/v.py': '',
      'src/venv/lib/v.py': '',
      'src/__pycache__/c.py': '',
      'src/.hidden/h.py': '',
      'Z.py': '',
    });
    assert.deepStrictEqual(discover(cwd, ['src', 'Z.py']), ['Z.py', 'src/.hidden/h.py', 'src/a.scala', 'src/b.py', 'src/sub/c.py']);
  });

  it('walks a source package named target and skips target/ folders of build output, saying why', () => {
    const cwd = tempDir();
    writeTree(cwd, {
      'etl/src/main/scala/com/acme/etl/backend/target/Target.scala': '',
      'etl/src/main/python/jobs/target/load.py': '',
      'sbt/target/scala-2.12/src_managed/Gen.scala': '',
      'sbt/project/target/streams/compile/Plugin.scala': '',
      'mvn/target/classes/Copied.scala': '',
      'plain/build.sbt': '',
      'plain/src/main/scala/App.scala': '',
      'plain/target/Leftover.scala': '',
      'nosrc/pom.xml': '',
      'nosrc/target/Kept.scala': '',
      'notebooks/target/Explore.ipynb': '{}',
    });
    const result = discoverFiles(resolveInputs(['.'], cwd), () => ({ root: cwd, settings: normalizeSettings({}) }));
    assert.deepStrictEqual(
      result.files.map((f) => path.relative(cwd, f.file).split(path.sep).join('/')),
      ['etl/src/main/python/jobs/target/load.py', 'etl/src/main/scala/com/acme/etl/backend/target/Target.scala', 'nosrc/target/Kept.scala', 'notebooks/target/Explore.ipynb', 'plain/src/main/scala/App.scala'],
    );
    assert.deepStrictEqual(result.skippedFolders.map((s) => [path.relative(cwd, s.folder).split(path.sep).join('/'), s.reason]).sort(), [
      ['mvn/target', 'build output (holds classes/)'],
      ['plain/target', 'build output (beside build.sbt, sources under src/)'],
      ['sbt/project/target', 'build output (holds streams/)'],
      ['sbt/target', 'build output (holds scala-2.12/)'],
    ]);
    assert.strictEqual(buildOutputReason(path.join(cwd, 'missing', 'target')), undefined);
  });

  it('counts the files and folders the globs and tool folders leave out', () => {
    const cwd = tempDir();
    writeTree(cwd, { 'jobs/a.py': '', 'jobs/b_test.py': '', 'gen/c.py': '', 'node_modules/d/e.py': '' });
    const result = discoverFiles(resolveInputs(['.'], cwd), () => ({ root: cwd, settings: normalizeSettings({ exclude: ['**/*_test.py', 'gen/**'] }) }));
    assert.deepStrictEqual(result.files.map((f) => path.basename(f.file)), ['a.py']);
    assert.strictEqual(result.excludedFiles, 1);
    assert.deepStrictEqual(result.skippedFolders.map((s) => [path.basename(s.folder), s.reason]).sort(), [
      ['gen', 'excluded by the exclude globs'],
      ['node_modules', 'node_modules'],
    ]);
  });

  it('applies the exclude and include globs relative to the settings root', () => {
    const cwd = tempDir();
    writeTree(cwd, { 'jobs/a.py': '', 'jobs/generated/b.py': '', 'jobs/tests/test_a.py': '', 'lib/c.py': '' });
    assert.deepStrictEqual(discover(cwd, ['.'], { exclude: ['**/generated/**', 'jobs/tests/*.py'] }), ['jobs/a.py', 'lib/c.py']);
    assert.deepStrictEqual(discover(cwd, ['.'], { include: ['jobs/**'] }), ['jobs/a.py', 'jobs/generated/b.py', 'jobs/tests/test_a.py']);
  });

  it('analyses a file named on the command line even when excluded', () => {
    const cwd = tempDir();
    writeTree(cwd, { 'gen/a.py': '' });
    assert.deepStrictEqual(discover(cwd, ['gen/a.py'], { exclude: ['gen/**'] }), ['gen/a.py']);
    assert.deepStrictEqual(discover(cwd, ['gen'], { exclude: ['gen/**'] }), []);
  });

  it('lists a file reached twice only once', () => {
    const cwd = tempDir();
    writeTree(cwd, { 'src/a.py': '', 'src/sub/b.py': '' });
    assert.deepStrictEqual(discover(cwd, ['src/sub', 'src', 'src/a.py']), ['src/a.py', 'src/sub/b.py']);
  });

  it('follows links to folders without looping forever', function () {
    const cwd = tempDir();
    writeTree(cwd, { 'src/a.py': '', 'src/deep/b.py': '', 'elsewhere/e.scala': '' });
    try {
      fs.symlinkSync('..', path.join(cwd, 'src/deep/up'), 'dir');
      fs.symlinkSync(path.join(cwd, 'src'), path.join(cwd, 'src/deep/self'), 'dir');
      fs.symlinkSync('loop', path.join(cwd, 'src/loop'));
      fs.symlinkSync('missing', path.join(cwd, 'src/dangling.py'));
      fs.symlinkSync(path.join(cwd, 'elsewhere'), path.join(cwd, 'src/linked'), 'dir');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EPERM') this.skip(); // Windows without symlink rights
      throw error;
    }
    assert.deepStrictEqual(discover(cwd, ['src']), ['src/a.py', 'src/deep/b.py', 'src/linked/e.scala']);
  });

  it('refuses a missing path and a non-source file, naming them', () => {
    const cwd = tempDir();
    writeTree(cwd, { 'README.md': '' });
    assert.throws(() => resolveInputs(['nope/x.py'], cwd), (e: unknown) => e instanceof CliError && e.message === 'no such file or directory: nope/x.py');
    assert.throws(() => resolveInputs(['README.md'], cwd), (e: unknown) => e instanceof CliError && e.message === 'not a Python (.py), Jupyter notebook (.ipynb) or Scala (.scala) file: README.md');
  });

  it('prunes whole folders matched by dir/** excludes', () => {
    const root = '/repo';
    const filter = new GlobFilter({ include: [], exclude: DEFAULT_SETTINGS.exclude.concat(['build/**']) }, root, root);
    assert.strictEqual(filter.prunes(path.join(root, 'build')), true);
    assert.strictEqual(filter.prunes(path.join(root, 'a', 'node_modules')), true);
    assert.strictEqual(filter.prunes(path.join(root, 'src')), false);
    assert.strictEqual(filter.accepts(path.join(root, 'src', 'build.py')), true);
  });

  it('matches globs relative to the walked folder when it lies outside the settings root', () => {
    const filter = new GlobFilter({ include: [], exclude: ['gen/**'] }, '/work/project', '/elsewhere/lib');
    assert.strictEqual(filter.accepts(path.join('/elsewhere/lib', 'gen', 'a.py')), false);
    assert.strictEqual(filter.accepts(path.join('/elsewhere/lib', 'src', 'a.py')), true);
  });

  it('keeps the settings of the input a file was found through', () => {
    const cwd = tempDir();
    writeTree(cwd, { 'a/x.py': '', 'b.py': '' });
    const scopes = new Map<string, SettingsScope>();
    const result = discoverFiles(resolveInputs(['a', 'b.py'], cwd), (input: Input) => {
      const scope = { root: cwd, settings: normalizeSettings({ smallTables: [input.given] }) };
      scopes.set(input.given, scope);
      return scope;
    });
    assert.deepStrictEqual(
      result.files.map((f) => [path.basename(f.file), f.language, f.settings.smallTables[0]]),
      [
        ['x.py', 'python', 'a'],
        ['b.py', 'python', 'b.py'],
      ],
    );
  });
});
