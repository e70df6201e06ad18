import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { WorkspaceIndex } from '../../../../server/src/engine/workspace/workspaceIndex';
import { lowerSource, parsers } from '../../helpers/parsers';
import { workspaceWith } from '../../helpers/tempWorkspace';

const HELPER = 'def save(frame, path):\n    frame.cache()\n    frame.write.parquet(path)\n';
const CALLER = (after: string) => `from sinks import save\n\ndef run(spark):\n    orders = spark.table("orders")\n    save(orders, "/out")\n${after}`;

describe('workspace callers of a function caching its parameter in place', () => {
  const roots: string[] = [];
  after(() => roots.forEach((root) => fs.rmSync(root, { recursive: true, force: true })));

  async function callersOfSave(root: string) {
    const loaded = await parsers();
    const workspace = new WorkspaceIndex({ roots: () => [root], parsers: () => loaded, trackDependents: true });
    const file = path.join(root, 'sinks.py');
    const lowered = await lowerSource('python', fs.readFileSync(file, 'utf8'));
    const imports = workspace.importsFor(file, lowered);
    const save = lowered.statements[0]!;
    return { workspace, calls: () => imports.callersOf?.(save.span) };
  }

  it('tells each call in another file, with the reads after it, and leaves out tests', async () => {
    const root = workspaceWith({ 'sinks.py': HELPER, 'job.py': CALLER(''), 'again.py': CALLER('    orders.count()\n'), 'tests/test_sinks.py': CALLER('') });
    roots.push(root);
    const { workspace, calls } = await callersOfSave(root);
    const found = (calls() ?? []).map((call) => `${path.basename(call.file)}:${call.line + 1} reads ${call.reads}`).sort();
    assert.deepStrictEqual(found, ['again.py:5 reads 2', 'job.py:5 reads 1']);
    // The CLI's cache of the helper's findings is kept only while its callers' files stay the same.
    assert.deepStrictEqual(workspace.dependenciesOf(path.join(root, 'sinks.py')).map((file) => path.basename(file)), ['again.py', 'job.py']);
  });

  it('follows a caller\'s own function that hands its parameter on, and stays undefined when nobody calls that one', async () => {
    const relay = 'from sinks import save\n\ndef publish(frame):\n    save(frame, "/out")\n';
    const root = workspaceWith({ 'sinks.py': HELPER, 'job.py': `${relay}\ndef run(spark):\n    publish(spark.table("orders"))\n`, 'lonely.py': relay });
    roots.push(root);
    const { calls } = await callersOfSave(root);
    assert.strictEqual(calls(), undefined, 'lonely.publish is called from nowhere: its callers cannot be judged');
    fs.rmSync(path.join(root, 'lonely.py'));
    const again = await callersOfSave(root);
    assert.deepStrictEqual(again.calls()?.map((call) => call.reads), [1]);
  });

  it('after a caller\'s edit, the helper\'s file is stale only when what the calls read changed', async () => {
    const root = workspaceWith({ 'sinks.py': HELPER, 'job.py': CALLER('') });
    roots.push(root);
    const { workspace, calls } = await callersOfSave(root);
    assert.deepStrictEqual(calls()?.map((call) => call.reads), [1]);
    const job = path.join(root, 'job.py');
    fs.writeFileSync(job, `${CALLER('')}# nightly at two\n`);
    workspace.fileChanged(job);
    assert.deepStrictEqual(workspace.staleAfterChange(job), [], 'a comment after the call changes neither its reads nor its line');
    fs.writeFileSync(job, CALLER('    orders.count()\n'));
    workspace.fileChanged(job);
    assert.deepStrictEqual(workspace.staleAfterChange(job), [path.join(root, 'sinks.py')]);
  });
});
