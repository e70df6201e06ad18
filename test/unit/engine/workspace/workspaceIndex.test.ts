import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { FolderListings } from '../../../../server/src/engine/workspace/folderListings';
import { PythonModuleResolver, resolvePythonModule } from '../../../../server/src/engine/workspace/pythonModules';
import { WorkspaceIndex } from '../../../../server/src/engine/workspace/workspaceIndex';
import { lowerSource, parsers } from '../../helpers/parsers';
import { workspaceWith } from '../../helpers/tempWorkspace';

const exists = (file: string) => fs.existsSync(file);

const SMALL = (name: string) => `def ${name}(spark):\n    return spark.createDataFrame([("a", 1), ("b", 2)], ["k", "v"])\n`;
const LARGE = (name: string) => `def ${name}(spark):\n    return spark.read.parquet("s3://lake/${name}")\n`;

describe('workspace index', () => {
  describe('Python module resolution', () => {
    const root = workspaceWith({
      'jobs/__init__.py': '',
      'jobs/lookups.py': SMALL('load'),
      'jobs/daily/run.py': '',
      'jobs/daily/steps.py': '',
      'src/shared/dims.py': SMALL('dims'),
      'src/acme_etl/acme_etl/util.py': '',
      'src/acme_etl/setup.py': '',
      'scripts/tool.py': '',
      'scripts/local_helpers.py': '',
    });
    after(() => fs.rmSync(root, { recursive: true, force: true }));
    const from = (relative: string, module: string) => {
      const found = resolvePythonModule(module, path.join(root, relative), [root], exists);
      return found && path.relative(root, found).split(path.sep).join('/');
    };

    it('absolute imports from the workspace folder, its src/ folder and the importing file\'s own folder', () => {
      assert.strictEqual(from('jobs/daily/run.py', 'jobs.lookups'), 'jobs/lookups.py');
      assert.strictEqual(from('jobs/daily/run.py', 'shared.dims'), 'src/shared/dims.py');
      assert.strictEqual(from('scripts/tool.py', 'local_helpers'), 'scripts/local_helpers.py');
    });

    it('a package in a src layout (src/<distribution>/<package>/), as installed from a wheel', () => {
      assert.strictEqual(from('jobs/daily/run.py', 'acme_etl.util'), 'src/acme_etl/acme_etl/util.py');
      assert.strictEqual(from('jobs/daily/run.py', 'acme_etl.missing'), undefined);
      assert.strictEqual(from('jobs/daily/run.py', 'util'), undefined);
    });

    it('a package is its __init__.py', () => {
      assert.strictEqual(from('scripts/tool.py', 'jobs'), 'jobs/__init__.py');
    });

    it('relative imports climb one package per extra dot', () => {
      assert.strictEqual(from('jobs/daily/run.py', '.steps'), 'jobs/daily/steps.py');
      assert.strictEqual(from('jobs/daily/run.py', '..lookups'), 'jobs/lookups.py');
      assert.strictEqual(from('jobs/daily/run.py', '..'), 'jobs/__init__.py');
    });

    it('one resolver for many files answers as each file alone, and again once a module appears and it is cleared', () => {
      const listings = new FolderListings();
      const resolver = new PythonModuleResolver(() => [root], listings.exists);
      const via = (relative: string, module: string) => {
        const found = resolver.resolve(module, path.dirname(path.join(root, relative)));
        return found && path.relative(root, found).split(path.sep).join('/');
      };
      for (const [relative, module] of [['jobs/daily/run.py', 'jobs.lookups'], ['jobs/daily/steps.py', 'shared.dims'], ['scripts/tool.py', 'jobs'], ['scripts/tool.py', 'local_helpers'], ['jobs/daily/run.py', '..lookups'], ['jobs/daily/run.py', 'later']]) {
        assert.strictEqual(via(relative, module), from(relative, module), `${module} from ${relative}`);
      }
      fs.writeFileSync(path.join(root, 'jobs', 'later.py'), '');
      assert.strictEqual(via('jobs/daily/run.py', 'jobs.later'), undefined, 'what was listed is remembered');
      listings.clear();
      resolver.clear();
      assert.strictEqual(via('jobs/daily/run.py', 'jobs.later'), 'jobs/later.py');
    });

    it('modules that are not workspace files are not resolved', () => {
      assert.strictEqual(from('jobs/daily/run.py', 'pyspark.sql.functions'), undefined);
      assert.strictEqual(from('jobs/daily/run.py', 'jobs.missing'), undefined);
      assert.strictEqual(from('jobs/daily/run.py', '.missing'), undefined);
    });
  });

  describe('summaries of imported functions', () => {
    const index = async (root: string) => {
      const loaded = await parsers();
      return new WorkspaceIndex({ roots: () => [root], parsers: () => loaded, trackDependents: true });
    };
    const importsOf = async (workspace: WorkspaceIndex, root: string, relative: string) =>
      workspace.importsFor(path.join(root, relative), await lowerSource('python', fs.readFileSync(path.join(root, relative), 'utf8')));

    it('resolves `from m import f`, `import m`, `from pkg import m`, aliases and re-exports of a package', async () => {
      const root = workspaceWith({
        'pkg/__init__.py': 'from .impl import reexported\n',
        'pkg/impl.py': SMALL('reexported'),
        'pkg/lookups.py': SMALL('load') + LARGE('big'),
        'job.py': 'import pkg.lookups\nimport pkg.lookups as lk\nfrom pkg import lookups, reexported\nfrom pkg.lookups import load as small\n',
      });
      const imports = await importsOf(await index(root), root, 'job.py');
      for (const callee of ['small', 'lookups.load', 'lk.load', 'pkg.lookups.load', 'reexported']) {
        const summary = imports.resolve(callee)?.summary([]);
        assert.strictEqual(summary?.returns?.sizeHint?.kind, 'literal-rows', callee);
      }
      assert.strictEqual(imports.resolve('lk.big')?.summary([])?.returns?.sizeHint, undefined);
      assert.strictEqual(imports.resolve('lk.missing'), undefined);
      assert.strictEqual(imports.resolve('load'), undefined, 'not imported under that name');
    });

    it('keeps a parameter read any number of times as many (not as none)', async () => {
      const root = workspaceWith({
        'sinks.py': 'def per_region(frame, regions):\n    for region in regions:\n        frame.filter(frame.region == region).write.parquet(region)\n',
        'job.py': 'from sinks import per_region\n',
      });
      const summary = (await importsOf(await index(root), root, 'job.py')).resolve('per_region')?.summary(['frame']);
      assert.strictEqual(summary?.parameters.get('frame')?.jobs, Number.POSITIVE_INFINITY);
    });

    it('modules that import each other are summarised without looping', async () => {
      const root = workspaceWith({
        'a.py': 'from b import pong\n\ndef ping(spark, n):\n    return pong(spark, n - 1)\n',
        'b.py': 'from a import ping\n\ndef pong(spark, n):\n    if n == 0:\n        return spark.range(10)\n    return ping(spark, n)\n',
        'job.py': 'from a import ping\n',
      });
      const imports = await importsOf(await index(root), root, 'job.py');
      // The cycle is cut where it closes: the summary exists, and says nothing it cannot know.
      const summary = imports.resolve('ping')?.summary([]);
      assert.ok(summary, 'a summary, not a hang or a crash');
      assert.strictEqual(summary.returns?.sizeHint, undefined);
    });

    it('after an edit, only callers whose summaries read differently are stale', async () => {
      const root = workspaceWith({ 'lookups.py': SMALL('load'), 'job.py': 'from lookups import load\n' });
      const workspace = await index(root);
      const imports = await importsOf(workspace, root, 'job.py');
      assert.ok(imports.resolve('load')?.summary([]));

      fs.writeFileSync(path.join(root, 'lookups.py'), `# lookups of the job\n\n${SMALL('load')}`);
      workspace.fileChanged(path.join(root, 'lookups.py'));
      assert.deepStrictEqual(workspace.staleAfterChange(path.join(root, 'lookups.py')), [], 'a comment and moved lines change no summary');

      fs.writeFileSync(path.join(root, 'lookups.py'), LARGE('load'));
      workspace.fileChanged(path.join(root, 'lookups.py'));
      assert.deepStrictEqual(workspace.staleAfterChange(path.join(root, 'lookups.py')), [path.join(root, 'job.py')]);
    });
  });
});
