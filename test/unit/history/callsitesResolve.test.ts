/**
 * Call site → workspace file, on the fixture workspace test/fixtures/callsite-workspace (two
 * generate_events.py, two DailyJob.scala in different packages, two Sessions.scala whose folders do
 * not say their package) and on made-up Windows paths, which need no files.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { declaredPackage, pathSegments, WorkspaceFileIndex } from '../../../server/src/history/callsites/resolve';
import type { Resolution } from '../../../server/src/history/callsites/resolve';
import { listSourceFiles } from '../../../server/src/history/callsites/workspaceFiles';
import type { CallSite } from '../../../server/src/history/callsites/parse';
import { REPO_ROOT } from '../helpers/fixtures';

const WORKSPACE = path.join(REPO_ROOT, 'test/fixtures/callsite-workspace');
const file = (relative: string) => path.join(WORKSPACE, relative);
const APP = file('app/generate_events.py');
const TOOLS = file('tools/generate_events.py');
const ETL_JOB = file('src/main/scala/com/acme/etl/DailyJob.scala');
const REPORTS_JOB = file('src/main/scala/com/acme/reports/DailyJob.scala');
const SHARED_SESSIONS = file('src/main/scala/shared/Sessions.scala');
const LEGACY_SESSIONS = file('legacy/Sessions.scala');

/** The fixture's source files, by a plain recursive walk. */
function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return walk(full);
    return /\.(py|scala|java)$/.test(entry.name) ? [full] : [];
  });
}

function lineCount(filePath: string): number {
  return fs.readFileSync(filePath, 'utf8').replace(/\n$/, '').split('\n').length;
}

const python = (sitePath: string, line = 40): CallSite => ({ path: sitePath, line, operation: 'collect', language: 'python' });
const scala = (sitePath: string, packageHint?: string): CallSite => ({ path: sitePath, line: 10, operation: 'count', language: 'scala', ...(packageHint ? { packageHint } : {}) });
const resolved = (target: string, how: string): Resolution => ({ kind: 'resolved', file: target, how } as Resolution);
const ambiguous = (...candidates: string[]): Resolution => ({ kind: 'ambiguous', candidates: [...candidates].sort() });

describe('call sites: workspace files', () => {
  it('lists the fixture workspace\'s .py/.scala/.java files, sorted', async () => {
    const expected = walk(WORKSPACE).sort();
    assert.ok(expected.includes(APP) && expected.includes(LEGACY_SESSIONS) && expected.some((f) => f.endsWith('.java')));
    assert.deepStrictEqual(await listSourceFiles([WORKSPACE]), expected);
  });

  describe('in a made-up tree', () => {
    let root: string;
    before(() => {
      root = fs.mkdtempSync(path.join(os.tmpdir(), 'callsite-files-'));
      const write = (relative: string) => {
        fs.mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
        fs.writeFileSync(path.join(root, relative), '# x\n');
      };
      for (const relative of ['jobs/etl.py', 'jobs/Etl.scala', 'jobs/Etl.java', 'jobs/notes.txt', 'jobs/generated/gen.py', 'node_modules/pkg/x.py', '.venv/lib/site.py', 'target/scala/A.scala', 'build/lib/b.py', '.git/hooks/c.py', 'venv/d.py', 'src/__pycache__/e.py', 'src/deep/a/b/c/f.py'])
        write(relative);
      fs.symlinkSync(root, path.join(root, 'src', 'loop')); // a link back up must not loop
    });
    after(() => fs.rmSync(root, { recursive: true, force: true }));

    it('skips dot-folders, node_modules, target, build, virtual environments and linked folders', async () => {
      const got = (await listSourceFiles([root])).map((f) => path.relative(root, f).split(path.sep).join('/'));
      assert.deepStrictEqual(got, ['jobs/Etl.java', 'jobs/Etl.scala', 'jobs/etl.py', 'jobs/generated/gen.py', 'src/deep/a/b/c/f.py']);
    });

    it('honours exclude globs and the file limit', async () => {
      const excluded = (await listSourceFiles([root], { exclude: ['**/generated/**', '**/*.java'] })).map((f) => path.relative(root, f).split(path.sep).join('/'));
      assert.deepStrictEqual(excluded, ['jobs/Etl.scala', 'jobs/etl.py', 'src/deep/a/b/c/f.py']);
      assert.strictEqual((await listSourceFiles([root], { maxFiles: 2 })).length, 2);
    });

    it('walks several roots and a missing one without failing', async () => {
      const got = await listSourceFiles([path.join(root, 'jobs'), path.join(root, 'src'), path.join(root, 'missing')]);
      assert.strictEqual(got.length, 5);
    });
  });
});

describe('call sites: resolution', () => {
  let index: WorkspaceFileIndex;
  before(async () => {
    index = new WorkspaceFileIndex(await listSourceFiles([WORKSPACE]), [WORKSPACE]);
  });

  it('prefers the file sharing the most trailing folders with the logged path', () => {
    assert.deepStrictEqual(index.resolve(python('/app/generate_events.py')), resolved(APP, 'suffix'));
    assert.deepStrictEqual(index.resolve(python('/opt/repo/tools/generate_events.py')), resolved(TOOLS, 'suffix'));
    assert.deepStrictEqual(index.resolve(python('C:\\checkout\\tools\\generate_events.py')), resolved(TOOLS, 'suffix'));
    assert.deepStrictEqual(index.resolve(scala('/build/src/main/scala/com/acme/reports/DailyJob.scala')), resolved(REPORTS_JOB, 'suffix'));
  });

  it('is ambiguous between files of the same name when nothing else tells them apart', () => {
    assert.deepStrictEqual(index.resolve(python('generate_events.py')), ambiguous(APP, TOOLS));
    assert.deepStrictEqual(index.resolve(python('/somewhere/else/generate_events.py')), ambiguous(APP, TOOLS));
    assert.deepStrictEqual(index.resolve(scala('DailyJob.scala')), ambiguous(ETL_JOB, REPORTS_JOB));
    assert.deepStrictEqual(index.resolve(scala('DailyJob.scala', 'com/acme/other')), ambiguous(ETL_JOB, REPORTS_JOB));
  });

  it('settles a Scala name by the frame\'s package: folder, or the package the file declares', () => {
    assert.deepStrictEqual(index.resolve(scala('DailyJob.scala', 'com/acme/etl')), resolved(ETL_JOB, 'package'));
    assert.deepStrictEqual(index.resolve(scala('DailyJob.scala', 'com/acme/reports')), resolved(REPORTS_JOB, 'package'));
    // Neither Sessions.scala lives in a folder named after its package.
    assert.deepStrictEqual(index.resolve(scala('Sessions.scala', 'com/acme/shared')), resolved(SHARED_SESSIONS, 'package'));
    assert.deepStrictEqual(index.resolve(scala('Sessions.scala', 'com/acme/legacy')), resolved(LEGACY_SESSIONS, 'package'));
  });

  it('takes the only file of a name, whatever its folders', () => {
    const backfill = walk(WORKSPACE).find((f) => f.endsWith('Backfill.java'))!;
    assert.deepStrictEqual(index.resolve({ path: 'Backfill.java', line: 14, language: 'java' }), resolved(backfill, 'basename'));
    assert.deepStrictEqual(index.resolve({ path: '/elsewhere/Backfill.java', line: 14, language: 'java' }), resolved(backfill, 'basename'));
  });

  it('says why when no file matches', () => {
    const missing = index.resolve(python('/app/missing_job.py'));
    assert.strictEqual(missing.kind, 'unresolved');
    assert.match((missing as { reason: string }).reason, /missing_job\.py/);
  });

  it('offers, never picks, the files long enough for a <stdin> line', () => {
    const short = Math.min(lineCount(APP), lineCount(TOOLS));
    const long = Math.max(lineCount(APP), lineCount(TOOLS));
    assert.deepStrictEqual(index.resolve(python('<stdin>', short)), ambiguous(APP, TOOLS));
    assert.deepStrictEqual(index.resolve(python('<stdin>', short + 1)), ambiguous(lineCount(APP) > short ? APP : TOOLS));
    const tooFar = index.resolve(python('<stdin>', long + 1));
    assert.strictEqual(tooFar.kind, 'unresolved');
    assert.match((tooFar as { reason: string }).reason, /sparkAdvisor\.callSitePins/);
  });

  it('follows pins first: by the logged path, or by its base name', () => {
    assert.deepStrictEqual(index.resolve(python('generate_events.py'), { 'generate_events.py': 'tools/generate_events.py' }), resolved(TOOLS, 'pinned'));
    assert.deepStrictEqual(index.resolve(python('<stdin>', 95), { '<stdin>': 'app/generate_events.py' }), resolved(APP, 'pinned'));
    // A pin beats a suffix match, and an absolute target is taken as it is.
    assert.deepStrictEqual(index.resolve(python('/app/generate_events.py'), { '/app/generate_events.py': TOOLS }), resolved(TOOLS, 'pinned'));
    assert.deepStrictEqual(index.resolve(python('/app/generate_events.py'), { 'generate_events.py': 'tools/generate_events.py' }), resolved(TOOLS, 'pinned'));
    // Pins for other files change nothing.
    assert.deepStrictEqual(index.resolve(python('/app/generate_events.py'), { 'etl.py': 'tools/generate_events.py' }), resolved(APP, 'suffix'));
    const broken = index.resolve(python('generate_events.py'), { 'generate_events.py': 'gone/generate_events.py' });
    assert.strictEqual(broken.kind, 'unresolved');
    assert.match((broken as { reason: string }).reason, /sparkAdvisor\.callSitePins.*gone\/generate_events\.py/);
  });

  it('follows files added and removed', () => {
    const local = new WorkspaceFileIndex([APP, TOOLS], [WORKSPACE]);
    local.remove(TOOLS);
    assert.deepStrictEqual(local.resolve(python('generate_events.py')), resolved(APP, 'basename'));
    local.add(TOOLS);
    assert.deepStrictEqual(local.resolve(python('generate_events.py')), ambiguous(APP, TOOLS));
  });

  it('matches Windows paths from logs: backslashes, drive letters in any case, other segments case-sensitive', () => {
    const etl = 'C:\\Work\\jobs\\etl.py';
    const other = 'C:\\Work\\other\\etl.py';
    const windows = new WorkspaceFileIndex([etl, other, 'C:\\Work\\Jobs\\report.py', 'C:\\Work\\misc\\report.py'], ['C:\\Work']);
    assert.deepStrictEqual(windows.resolve(python('c:\\work\\JOBS\\etl.py')), ambiguous(etl, other));
    assert.deepStrictEqual(windows.resolve(python('D:/build/jobs/etl.py')), resolved(etl, 'suffix'));
    assert.deepStrictEqual(windows.resolve(python('c:\\Work\\jobs\\etl.py')), resolved(etl, 'suffix'));
    assert.deepStrictEqual(windows.resolve(python('/app/jobs/report.py')), ambiguous('C:\\Work\\Jobs\\report.py', 'C:\\Work\\misc\\report.py'));
    assert.deepStrictEqual(pathSegments('C:\\Work\\.\\jobs//etl.py'), ['c:', 'Work', 'jobs', 'etl.py']);
  });

  it('reads Java and Scala package declarations, chained clauses included', () => {
    assert.strictEqual(declaredPackage('package com.acme.etl;\n\nimport x.y;\n'), 'com/acme/etl');
    assert.strictEqual(declaredPackage('// header\n/* block\n comment */\npackage com.acme\npackage reports\n\nimport a.b\n'), 'com/acme/reports');
    assert.strictEqual(declaredPackage('package com.acme {\n  package inner { }\n}\n'), 'com/acme');
    assert.strictEqual(declaredPackage('import a.b\nobject X\n'), undefined);
    assert.strictEqual(declaredPackage('package object utils {\n}\n'), undefined);
  });
});
