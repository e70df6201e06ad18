import * as assert from 'assert';
import * as path from 'path';
import { MessageChannel } from 'worker_threads';
import { toldOn, type ToWorker } from '../../../server/src/cli/parallelAnalysis';
import { workspaceFacts } from '../../../server/src/engine/workspace/workspaceFacts';
import { readModule } from '../../../server/src/engine/workspace/workspaceIndex';
import { removeTempDirs, tempDir, writeTree } from './findings';

describe('cli: what a worker is told after its start', () => {
  after(removeTempDirs);

  it('gets the workspace read by the main thread, then the units of the imports, over a real port, and stops listening', async () => {
    const root = tempDir();
    writeTree(root, {
      'jobs/run.py': 'from sinks import save\nsave(df)\n',
      'sinks.py': 'def save(frame):\n    frame.cache()\n',
      'scala/Lookups.scala': 'package com.acme\n\nobject Lookups {\n  def load(spark: SparkSession) = spark.table("x")\n}\n',
    });
    const scala = path.join(root, 'scala/Lookups.scala');
    const facts = workspaceFacts([root], [scala], readModule);
    assert.deepStrictEqual(facts.pythonFiles.map((file) => path.relative(root, file)).sort(), ['jobs/run.py', 'sinks.py']);
    assert.deepStrictEqual([...facts.scalaHeaders.get(scala)!.definitions[0]!.methods], ['load']);
    const callersOf = (name: string) => (facts.calledNames.callers.get(name) ?? []).map((at) => path.relative(root, facts.calledNames.files[at]!)).sort();
    assert.deepStrictEqual(callersOf('cache'), ['sinks.py']);
    assert.deepStrictEqual(callersOf('table'), ['scala/Lookups.scala']);

    const channel = new MessageChannel();
    try {
      const told = toldOn(channel.port2);
      channel.port1.postMessage({ facts } satisfies ToWorker);
      channel.port1.postMessage({ units: [[2, 0], [1]] } satisfies ToWorker);
      const received = await told.facts;
      assert.notStrictEqual(received, facts, 'a copy');
      assert.deepStrictEqual(received, facts, 'the Scala methods arrive as a Set, the called names as a Map');
      assert.deepStrictEqual(await told.units, [[2, 0], [1]]);
      assert.strictEqual(channel.port2.listenerCount('message'), 0, 'a port still listened on would keep the worker alive');
    } finally {
      channel.port1.close();
    }
  });
});
